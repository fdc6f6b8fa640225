import CaucusModel
import Testing

/// The standard schema's fields and the checks a value must pass.
@Suite struct PartySchemaTests {
    let schema = PartySchema.standard

    @Test func schemaFile_declaresEveryFieldOfTheWorkload() {
        for name in ["name", "name_other", "abbreviation", "name_english", "country", "founded", "dissolved", "registered",
                     "colour", "position", "ideology", "newspaper", "headquarters", "leader", "membership", "vote_share",
                     "vote_share_year", "wikipedia", "website", "description", "split_from", "member_of"] {
            #expect(schema.field(name) != nil, "missing field \(name)")
        }
        #expect(schema.field("ideology")!.isSet && schema.field("member_of")!.isSet)
        #expect(!schema.field("membership")!.isSet)
    }

    @Test func badMembership_saysWhatWasExpected() {
        let error = #expect(throws: ValueError.self) { try schema.field("membership")!.check(.text("seven thousand")) }
        #expect(error?.description == #"membership must be a whole number ≥ 0, got "seven thousand""#)
    }

    @Test(arguments: [
        ("membership", FactValue.text("7000"), FactValue.integer(7000)),
        ("membership", .real(7000), .integer(7000)),
        ("vote_share", .integer(8), .real(8)),
        ("vote_share", .real(8.3), .real(8.3)),
        ("founded", .integer(1993), .integer(1993)),
        ("colour", .text("#CC0000"), .text("#CC0000")),
        ("colour", .text("Red"), .text("Red")),
        ("position", .text("far-left"), .text("far-left")),
        ("country", .text("AZE"), .text("AZE")),
        ("website", .text("https://example.org/x"), .text("https://example.org/x")),
        ("split_from", .text("pf-6641"), .text("pf-6641")),
    ])
    func goodValues_areAcceptedInCanonicalForm(field: String, given: FactValue, stored: FactValue) throws {
        #expect(try schema.field(field)!.check(given) == stored)
    }

    @Test(arguments: [
        ("membership", FactValue.integer(-1)), ("vote_share", .real(100.5)), ("founded", .integer(99)),
        ("colour", .text("#12345")), ("position", .text("leftish")), ("country", .text("Aze")),
        ("website", .text("example.org")), ("split_from", .text("Not An Id")), ("name", .text("")),
        ("name", .integer(3)), ("leader", .text("a\u{0}b")),
    ])
    func badValues_areRefused(field: String, value: FactValue) {
        #expect(throws: ValueError.self) { try schema.field(field)!.check(value) }
    }

    @Test func unknownField_getsSuggestions() {
        #expect(schema.suggestions(for: "membershp").first == "membership")
        #expect(schema.suggestions(for: "ideologies").contains("ideology"))
    }

    @Test(arguments: ["ucpa", "pf-6641", "a.b_c-1", "new-alice-12"])
    func validPartyIDs_areAccepted(id: String) { #expect(PartySchema.isValidPartyID(id)) }

    @Test(arguments: ["", "UCPA", "-x", "a b", String(repeating: "a", count: 65), "ü"])
    func invalidPartyIDs_areRefused(id: String) { #expect(!PartySchema.isValidPartyID(id)) }
}

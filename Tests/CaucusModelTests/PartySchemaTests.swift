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

/// The `election-result` type: a structured value the schema checks member by member.
@Suite struct ElectionResultTests {
    let field = PartySchema.standard.field("election_result")!

    func object(_ json: String) throws -> FactValue { .object(try FactObject(json: Array(json.utf8))) }

    @Test func theIssuesExample_isAccepted_asExactlyWhatItSays() throws {
        let given = try object(#"{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}"#)
        #expect(field.type == .electionResult && field.isSet)
        #expect(try field.check(given) == given)
        #expect(try field.check(given).json == #"{"constituency":"District 12","election":"2005 parliamentary","place":2,"share":8.3,"year":2005}"#)
        #expect(field.text(of: given) == "2005 parliamentary, District 12: 8.3%, place 2")
    }

    @Test func aDateInsteadOfAYear_seats_andAWholeShare_areAccepted_theShareStoredAsADecimal() throws {
        let given = try object(#"{"election":"parliamentary","date":"2005-11-06","constituency":"national","share":8,"seats":3}"#)
        #expect(try field.check(given) == object(#"{"election":"parliamentary","date":"2005-11-06","constituency":"national","share":8.0,"seats":3}"#))
        #expect(field.text(of: try field.check(given)) == "parliamentary (2005-11-06), national: 8.0%, 3 seats")
        let local = try object(#"{"election":"local","date":"2009-12","constituency":"Baku","share":0,"place":1,"seats":0}"#)
        #expect(throws: Never.self) { try field.check(local) }
    }

    static let base = #""election":"2005 parliamentary","constituency":"District 12","share":8.3"#

    @Test(arguments: [
        (#"{"year":2005,"constituency":"District 12","share":8.3}"#, ValueError.Member.missing(key: "election")),
        (#"{"election":"","year":2005,"constituency":"District 12","share":8.3}"#, .wrong(key: "election", value: .text(""))),
        (#"{"election":"2005 parliamentary","year":2005,"share":8.3}"#, .missing(key: "constituency")),
        (#"{"election":"2005 parliamentary","year":2005,"constituency":12,"share":8.3}"#, .wrong(key: "constituency", value: .integer(12))),
        (#"{"election":"2005 parliamentary","year":2005,"constituency":"District 12"}"#, .missing(key: "share")),
        ("{\(base)}", .missing(key: "year")),
        ("{\(base),\"year\":2005,\"date\":\"2005-11\"}", .both(key: "year", other: "date")),
        ("{\(base),\"year\":999}", .wrong(key: "year", value: .integer(999))),
        ("{\(base),\"year\":\"2005\"}", .wrong(key: "year", value: .text("2005"))),
        ("{\(base),\"year\":2005.0}", .wrong(key: "year", value: .real(2005))),
        ("{\(base),\"date\":\"2005\"}", .wrong(key: "date", value: .text("2005"))),
        ("{\(base),\"date\":\"2005-13\"}", .wrong(key: "date", value: .text("2005-13"))),
        ("{\(base),\"date\":\"0999-01\"}", .wrong(key: "date", value: .text("0999-01"))),
        (#"{"election":"e","year":2005,"constituency":"c","share":100.5}"#, .wrong(key: "share", value: .real(100.5))),
        (#"{"election":"e","year":2005,"constituency":"c","share":-1}"#, .wrong(key: "share", value: .integer(-1))),
        (#"{"election":"e","year":2005,"constituency":"c","share":"8.3%"}"#, .wrong(key: "share", value: .text("8.3%"))),
        ("{\(base),\"year\":2005,\"seats\":-1}", .wrong(key: "seats", value: .integer(-1))),
        ("{\(base),\"year\":2005,\"place\":0}", .wrong(key: "place", value: .integer(0))),
        ("{\(base),\"year\":2005,\"place\":1.5}", .wrong(key: "place", value: .real(1.5))),
        ("{\(base),\"year\":2005,\"turnout\":61.2}", .unknown(key: "turnout")),
    ])
    func aMalformedResult_isRefused_namingTheMember(json: String, member: ValueError.Member) throws {
        let value = try object(json)
        let error = #expect(throws: ValueError.self) { try field.check(value) }
        #expect(error?.member == member)
        #expect(error?.field == "election_result")
        let key: String
        switch member {
        case .wrong(let k, _), .missing(let k), .unknown(let k), .both(let k, _): key = k
        }
        #expect(error?.description.hasPrefix("election_result: ") == true && error?.description.contains("\"\(key)\"") == true,
                "\(error.map(String.init(describing:)) ?? "")")
    }

    @Test func messages_sayWhatTheMemberTakes() throws {
        func message(_ json: String) throws -> String? {
            let value = try object(json)
            return #expect(throws: ValueError.self) { try field.check(value) }?.description
        }
        #expect(try message("{\(Self.base),\"year\":2005,\"place\":0}") == #"election_result: "place" must be a whole number ≥ 1, got 0"#)
        #expect(try message(#"{"election":"e","year":2005,"constituency":"c"}"#) == #"election_result: "share" is missing; it must be a number from 0 to 100"#)
        #expect(try message("{\(Self.base),\"year\":2005,\"turnout\":61.2}")
                == #"election_result: unknown member "turnout"; expected only election, year, date, constituency, share, seats, place"#)
        #expect(try message("{\(Self.base),\"year\":2005,\"date\":\"2005-11\"}") == #"election_result: give "year" or "date", not both"#)
    }

    @Test func aValueThatIsNotAnObject_isRefused_sayingAnObjectIsExpected() {
        let error = #expect(throws: ValueError.self) { try field.check(.text("8.3% in District 12, 2005, second")) }
        #expect(error?.member == nil)
        #expect(error?.description.hasPrefix("election_result must be an election result: an object with \"election\"") == true)
    }

    @Test(arguments: ["membership", "vote_share", "founded", "name", "ideology", "country", "website"])
    func everyOtherFieldType_refusesAnObject(name: String) throws {
        let value = try object(#"{"share":8.3}"#)
        let error = #expect(throws: ValueError.self) { try PartySchema.standard.field(name)!.check(value) }
        #expect(error?.description.hasSuffix(#"got {"share":8.3}"#) == true)
    }

    @Test func aValueInAnotherField_readsAsItsDescription() throws {
        let schema = PartySchema.standard
        #expect(schema.text(of: .real(8.3), in: "vote_share") == "8.3")
        #expect(schema.text(of: try object(#"{"a":1}"#), in: "no_such_field") == "a: 1")
    }
}

import Foundation
import Testing

/// `field add`, `field list` and `field deprecate`, through the contract scripts use: a field the
/// team defines is used in every command as a built-in one is, and travels to other replicas.
@Suite struct FieldCommandTests {
    /// Alice, with ucpa, defines ParlGov's family column as a choice field and ParlGov's ids.
    static func withParlGovFields() throws -> CLI {
        let cli = try CLI.withParty()
        try cli.ok("field", "add", "family", "--type", "choice", "--choices", "communist/socialist,social democracy,green",
                   "--help-text", "the party family, as ParlGov has it")
        try cli.ok("field", "add", "parlgov", "--type", "external-id")
        try cli.ok("field", "add", "cabinet_n", "--type", "integer")
        try cli.ok("field", "add", "tags", "--type", "text", "--set")
        return cli
    }

    @Test func aDefinedField_isUsedBySetAddApplyAndImportCSV_asABuiltInOne_andDumpShowsIt() throws {
        let cli = try Self.withParlGovFields()
        try cli.ok("set", "ucpa", "family=communist/socialist", "parlgov=1760", "--source", "ParlGov 2024")
        try cli.ok("add", "ucpa", "tags", "anti-revisionist")
        try cli.write("edits.ndjson", #"{"op":"set","party":"ucpa","field":"cabinet_n","value":0}"# + "\n")
        try cli.ok("apply", "edits.ndjson")
        try cli.write("parlgov.csv", "party_id,party_name,family_name,cabinet_n\n1761,Azerbaijan Popular Front,social democracy,4\n")
        try cli.ok("import-csv", "parlgov.csv", "--id-template", "pg-{party_id}", "--map", "party_id=parlgov",
                   "--map", "party_name=name", "--map", "family_name=family")
        let dump = try cli.ok("dump").stdout
        #expect(dump.contains(#""cabinet_n":0,"country":"AZE","family":"communist/socialist""#), "\(dump)")
        #expect(dump.contains(#""parlgov":"1760""#) && dump.contains(#""tags":["anti-revisionist"]"#), "\(dump)")
        #expect(dump.contains(#"{"id":"pg-1761","deleted":false,"fields":{"cabinet_n":4,"family":"social democracy","name":"Azerbaijan Popular Front","parlgov":"1761"}"#), "\(dump)")
        #expect(try cli.ok("show", "ucpa").stdout.contains("communist/socialist"))
    }

    @Test func aValueThatDoesNotFit_isRefusedAsAnyBadValueIs() throws {
        let cli = try Self.withParlGovFields()
        expectOneLineError(try cli.run("set", "ucpa", "family=liberal"), status: 3, contains: "family must be one of communist/socialist, social democracy, green")
        expectOneLineError(try cli.run("set", "ucpa", "parlgov=Q123"), status: 3, contains: "parlgov must be an id matching [1-9][0-9]*")
        expectOneLineError(try cli.run("claim", "ucpa", "cabinet_n", "3"), status: 3, contains: "field cabinet_n takes one value, not claims")
        expectOneLineError(try cli.run("set", "ucpa", "familly=green"), status: 4, contains: "did you mean \"family\"?")
    }

    @Test func fieldList_showsTheSchemaInForce_andWhereEachFieldCameFrom_inJSON() throws {
        let cli = try Self.withParlGovFields()
        let list = try cli.ok("field", "list", "--json").jsonLines
        let name = try #require(list.first { $0["name"] as? String == "name" })
        #expect(name["origin"] as? String == "built-in" && name["editor"] is NSNull)
        let family = try #require(list.first { $0["name"] as? String == "family" })
        #expect(family["origin"] as? String == "team" && family["editor"] as? String == "alice" && family["time"] is String)
        #expect(family["type"] as? String == "choice" && family["set"] as? Bool == false && family["claims"] as? Bool == false)
        #expect(family["choices"] as? [String] == ["communist/socialist", "social democracy", "green"])
        #expect(family["help"] as? String == "the party family, as ParlGov has it" && family["in_conflict"] as? Bool == false)
        let parlgov = try #require(list.first { $0["name"] as? String == "parlgov" })
        #expect(parlgov["type"] as? String == "external-id" && parlgov["pattern"] as? String == "[1-9][0-9]*")
        #expect(list.last?["name"] as? String == "tags" && list.last?["set"] as? Bool == true)
        #expect(try cli.ok("field", "list").stdout.contains("alice"))
    }

    @Test func aDefinitionOnlyWidens_aNarrowingIsRefused_sayingWhyAndWhatToDoInstead() throws {
        let cli = try Self.withParlGovFields()
        let widened = try cli.ok("field", "add", "family", "--type", "choice", "--choices", "communist/socialist,social democracy,green,liberal")
        #expect(widened.stderr.contains("Widened field family"))
        let narrowed = try cli.run("field", "add", "family", "--type", "choice", "--choices", "communist/socialist")
        expectOneLineError(narrowed, status: 3, contains: #"drops the choice "social democracy"; a definition can only grow"#)
        #expect(narrowed.stderr.contains("caucus field add family_2"))
        expectOneLineError(try cli.run("field", "add", "tags", "--type", "text"), status: 3, contains: "makes a set field single-valued")
        expectOneLineError(try cli.run("field", "add", "name", "--type", "text"), status: 3, contains: "name is a built-in field")
        expectOneLineError(try cli.run("field", "add", "Family", "--type", "text"), status: 3, contains: "is not a field name")
        #expect(try cli.run("field", "add", "x", "--type", "colour-wheel").status == 64)
        #expect(try cli.run("field", "add", "cses", "--type", "external-id").status == 64)
        #expect(try cli.ok("field", "add", "cabinet_n", "--type", "integer").stderr.contains("nothing changed"))
    }

    @Test func aDeprecatedField_keepsItsValues_andTakesNoNewOnes() throws {
        let cli = try Self.withParlGovFields()
        try cli.ok("set", "ucpa", "cabinet_n=2")
        try cli.ok("field", "deprecate", "cabinet_n")
        expectOneLineError(try cli.run("set", "ucpa", "cabinet_n=3"), status: 3, contains: "field cabinet_n is deprecated")
        #expect(try cli.ok("dump").stdout.contains(#""cabinet_n":2"#))
        try cli.ok("clear", "ucpa", "cabinet_n")
        expectOneLineError(try cli.run("field", "deprecate", "name"), status: 3, contains: "name is a built-in field")
        let list = try cli.ok("field", "list", "--json").jsonLines
        #expect(list.first { $0["name"] as? String == "cabinet_n" }?["deprecated"] as? Bool == true)
    }

    @Test func aDefinitionTravels_soTheOtherReplicaChecksValuesAgainstIt_andInspectSaysWhichReaderItNeeds() throws {
        let alice = try Self.withParlGovFields()
        try alice.ok("export", "-o", "a.changes")
        let inspected = try alice.ok("inspect", "a.changes", "--json").json
        #expect(inspected["format_version"] as? Int == 5)
        #expect(inspected["field_definitions"] as? [String] == ["cabinet_n", "family", "parlgov", "tags"])
        let bob = try CLI.importing("a.changes", from: alice)
        expectOneLineError(try bob.run("set", "ucpa", "family=liberal"), status: 3, contains: "family must be one of")
        try bob.ok("set", "ucpa", "family=green")
        #expect(try bob.ok("field", "list", "--json").jsonLines.first { $0["name"] as? String == "family" }?["editor"] as? String == "alice")
    }

    @Test func twoEditorsDefiningOneFieldDifferently_makeASchemaConflict_shownAndSettledLikeAnyOther() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("export", "-o", "base.changes")
        let bob = try CLI.importing("base.changes", from: alice)
        try alice.ok("field", "add", "family", "--type", "choice", "--choices", "communist")
        try bob.ok("field", "add", "family", "--type", "choice", "--choices", "green")
        try bob.ok("set", "ucpa", "family=green")
        try alice.ok("export", "-o", "a.changes")
        try bob.ok("export", "-o", "b.changes")
        try alice.ok("import", bob.path("b.changes"))
        let conflicts = try alice.run("conflicts", "--json")
        #expect(conflicts.status == 2)
        let schema = try #require(conflicts.jsonLines.first { $0["kind"] as? String == "schema" })
        #expect(schema["party"] as? String == ":dataset" && schema["field"] as? String == "field/family")
        #expect(try alice.run("conflicts").stdout.contains("(schema)"))
        let listed = try alice.ok("field", "list", "--json").jsonLines.filter { $0["name"] as? String == "family" }
        #expect(listed.count == 2 && listed.allSatisfy { $0["in_conflict"] as? Bool == true })
        // Values of either definition fit while the conflict stands; Bob's stays.
        try alice.ok("set", "ucpa", "family=communist")
        try alice.ok("field", "add", "family", "--type", "choice", "--choices", "communist,green")
        #expect(try alice.run("conflicts").status == 0)
        try bob.ok("import", alice.path("a.changes"))
    }
}

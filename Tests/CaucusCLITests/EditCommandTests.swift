import Foundation
import Testing

/// `init`, `set`, `clear`, `add`, `remove`, `delete`, `restore` and their mistakes.
@Suite struct EditCommandTests {
    @Test func init_withNoFlags_createsCaucusDbHereAndSaysWhere() throws {
        let cli = try CLI()
        let r = try cli.run(["init"], env: ["CAUCUS_EDITOR": "aylin"])
        #expect(r.status == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: cli.path("caucus.db")))
        #expect(r.stderr.contains(cli.folder.standardizedFileURL.appendingPathComponent("caucus.db").path) || r.stderr.contains("caucus.db"))
        #expect(r.stderr.contains("for editor aylin"))
        let status = try cli.ok("status", "--json")
        #expect(status.json["editor"] as? String == "aylin")
    }

    @Test func init_twice_refusesWithOneLine() throws {
        let cli = try CLI()
        try cli.ok("init", "--editor", "a")
        expectOneLineError(try cli.run("init"), status: 1, contains: "already exists")
    }

    @Test func init_honoursCaucusDbEnvironmentAndCreatesFolders() throws {
        let cli = try CLI()
        let r = try cli.run(["init", "--editor", "a"], env: ["CAUCUS_DB": cli.path("sub/dir/mine.db")])
        #expect(r.status == 0, "\(r)")
        #expect(FileManager.default.fileExists(atPath: cli.path("sub/dir/mine.db")))
    }

    @Test func set_newPartyWithSeveralFields_storesEachWithSourceAndAsOf() throws {
        let cli = try CLI()
        try cli.ok("init", "--editor", "alice")
        try cli.ok("set", "ucpa", "--new", "name=United Communist Party of Azerbaijan", "country=AZE", "founded=1993",
                   "ideology=Communism", "--source", "registration file", "--as-of", "1995")
        let show = try cli.ok("show", "ucpa", "--json").json
        let fields = show["fields"] as! [[String: Any]]
        #expect(fields.map { $0["field"] as! String } == ["name", "country", "founded", "ideology"])
        let founded = (fields[2]["values"] as! [[String: Any]])[0]
        #expect(founded["value"] as? Int == 1993)
        #expect(founded["source"] as? String == "registration file")
        #expect(founded["as_of"] as? String == "1995")
        #expect(founded["editor"] as? String == "alice")
        #expect((founded["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func set_oneField_withSourceAndAsOf() throws {
        let cli = try CLI.withParty()
        let r = try cli.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure", "--as-of", "2005")
        #expect(r.stderr.contains("Set membership of ucpa to 7000."))
        let again = try cli.ok("set", "ucpa", "membership", "7,000", "--source", "party's own figure", "--as-of", "2005")
        #expect(again.stderr.contains("Nothing changed"))
        #expect(try cli.ok("history", "ucpa", "membership", "--json").jsonLines.count == 1)
        let show = try cli.ok("show", "ucpa")
        #expect(show.stdout.contains("membership"))
        #expect(show.stdout.contains("party's own figure"))
        #expect(show.stdout.contains("2005"))
    }

    @Test func set_badValue_saysWhatWasExpected() throws {
        let cli = try CLI.withParty()
        let r = try cli.run("set", "ucpa", "membership", "seven thousand")
        expectOneLineError(r, status: 3, contains: "membership must be a whole number ≥ 0, got \"seven thousand\"")
        expectOneLineError(try cli.run("set", "ucpa", "founded", "93"), status: 3, contains: "founded must be a year")
        expectOneLineError(try cli.run("set", "ucpa", "membership", "7000", "--as-of", "May 2005"), status: 3, contains: "as-of date must be YYYY")
    }

    @Test func set_unknownParty_suggestsAndNeverCreatesByAccident() throws {
        let cli = try CLI.withParty()
        let r = try cli.run("set", "ucap", "membership", "7000")
        expectOneLineError(r, status: 4, contains: "did you mean \"ucpa\"?")
        #expect(r.stderr.contains("--new"))
        let list = try cli.ok("list", "--json")
        #expect(list.jsonLines.count == 1)
        expectOneLineError(try cli.run("set", "ucpa", "--new", "name=X"), status: 3, contains: "already exists")
    }

    @Test func set_unknownField_suggestsTheClosest() throws {
        let cli = try CLI.withParty()
        expectOneLineError(try cli.run("set", "ucpa", "membrship", "7000"), status: 4, contains: "did you mean \"membership\"?")
        expectOneLineError(try cli.run("show", "ucpx"), status: 4, contains: "did you mean \"ucpa\"?")
        // A name where the id belongs finds the party by name.
        expectOneLineError(try cli.run("show", "United Communist"), status: 4, contains: "parties matching it: ucpa (United Communist Party of Azerbaijan)")
    }

    @Test func clear_removesTheValue_andHistoryKeepsIt() throws {
        let cli = try CLI.withParty()
        try cli.ok("clear", "ucpa", "newspaper")
        let show = try cli.ok("show", "ucpa", "--json").json
        #expect(!(show["fields"] as! [[String: Any]]).contains { $0["field"] as? String == "newspaper" })
        let history = try cli.ok("history", "ucpa", "newspaper", "--json").jsonLines
        #expect(history.map { $0["op"] as! String } == ["set", "clear"])
        #expect(history[1]["before"] as? [String] == ["Kommunist"])
        #expect(history[1]["after"] is NSNull)
    }

    @Test func addAndRemove_changeSetMembers() throws {
        let cli = try CLI.withParty()
        try cli.ok("add", "ucpa", "ideology", "Communism", "Marxism-Leninism", "--source", "programme")
        try cli.ok("remove", "ucpa", "ideology", "Communism")
        let list = try cli.ok("list", "--json").json
        let fields = list["fields"] as! [String: Any]
        #expect(fields["ideology"] as? [String] == ["Marxism-Leninism"])
        expectOneLineError(try cli.run("remove", "ucpa", "ideology", "Maoism"), status: 4, contains: "ucpa has no ideology \"Maoism\"")
        expectOneLineError(try cli.run("add", "ucpa", "membership", "5"), status: 3, contains: "holds a single value")
    }

    @Test func deleteAndRestore_roundTrip() throws {
        let cli = try CLI.withParty()
        try cli.ok("delete", "ucpa", "--source", "duplicate")
        #expect(try cli.ok("list", "--json").jsonLines.isEmpty)
        #expect(try cli.ok("list", "--deleted", "--json").jsonLines.count == 1)
        expectOneLineError(try cli.run("set", "ucpa", "membership", "1"), status: 1, contains: "restore it first")
        try cli.ok("restore", "ucpa")
        #expect(try cli.ok("show", "ucpa", "--json").json["deleted"] as? Bool == false)
        expectOneLineError(try cli.run("restore", "ucpa"), status: 1, contains: "not deleted")
    }

    @Test func aDeletesReason_isKept_andShownWhereTheDeleteIs() throws {
        let cli = try CLI.withParty()
        try cli.ok("delete", "ucpa", "--reason", "duplicate of pf-1993")
        let shown = try cli.ok("show", "ucpa")
        #expect(shown.stdout.contains("Deleted by ") && shown.stdout.contains("(reason: duplicate of pf-1993)"), "\(shown.stdout)")
        let deletes = try cli.ok("show", "ucpa", "--json").json["deletes"] as? [[String: Any]]
        #expect(deletes?.first?["source"] as? String == "duplicate of pf-1993")
        #expect(try cli.ok("history", "ucpa").stdout.contains("duplicate of pf-1993"))
    }

    @Test func anApplyDelete_takesAReason_andOnlyADeleteDoes() throws {
        let cli = try CLI.withParty()
        let edits = cli.path("edits.ndjson")
        try Data(#"{"op":"delete","party":"ucpa","reason":"duplicate of pf-1993"}"#.utf8).write(to: URL(fileURLWithPath: edits))
        try cli.ok("apply", edits)
        #expect((try cli.ok("show", "ucpa", "--json").json["deletes"] as? [[String: Any]])?.first?["source"] as? String == "duplicate of pf-1993")
        try Data(#"{"op":"set","party":"ucpa","field":"leader","value":"x","reason":"y"}"#.utf8).write(to: URL(fileURLWithPath: edits))
        expectOneLineError(try cli.run("apply", edits), status: 3, contains: "only a delete takes a \"reason\"")
    }

    @Test func missingDatabase_isOneLineThatSaysToInit() throws {
        let cli = try CLI()
        for args in [["show", "ucpa"], ["list"], ["set", "ucpa", "name", "x"], ["status"], ["conflicts"], ["history", "ucpa"], ["search", "x"]] {
            expectOneLineError(try cli.run(args), status: 4, contains: "caucus init")
        }
    }
}

import CaucusCore
import Foundation
import Testing

/// `show`, `list`, `search`, `history`, `status` and the output contract.
@Suite struct ReadCommandTests {
    @Test func show_marksFieldsFromANewerSchemaAsUnknown() throws {
        let cli = try CLI.withParty()
        // Given an operation on a field this build does not know, as a newer peer would send it.
        let store = try PartyStore.open(at: cli.path("caucus.db"))
        let other = ReplicaID.random()
        try store.integrate(replicas: [ReplicaInfo(id: other, editor: "future")], sender: nil, time: 1_800_000_000) { i in
            try i.integrate(FactOperation(dot: Dot(replica: other, counter: 1), party: "ucpa", field: "seats",
                                          kind: .set, value: .integer(3), time: 1_800_000_000))
        }
        let human = try cli.ok("show", "ucpa")
        #expect(human.stdout.contains("seats (unknown field, from a newer schema)"))
        let json = try cli.ok("show", "ucpa", "--json").json
        let seats = (json["fields"] as! [[String: Any]]).first { $0["field"] as? String == "seats" }!
        #expect(seats["known"] as? Bool == false)
        #expect(try cli.ok("history", "ucpa", "seats", "--json").jsonLines.count == 1)
    }

    @Test func show_printsLongAndMultiLineValuesInFullBelowTheTable() throws {
        let cli = try CLI.withParty()
        let long = String(repeating: "Founded by a merger of several communist groups. ", count: 3)
        try cli.ok("set", "ucpa", "description", "First line.\n" + long)
        let r = try cli.ok("show", "ucpa")
        #expect(r.stdout.contains("First line. ↵ Founded"))
        #expect(r.stdout.contains("\ndescription:\n  First line.\n  " + long + "\n"), "\(r.stdout)")
    }

    @Test func list_filtersAndSorts() throws {
        let cli = try CLI.withParty()
        try cli.ok("set", "kpd", "--new", "name=Kommunistische Partei", "country=DEU", "founded=1918")
        try cli.ok("set", "spd", "--new", "name=Sozialdemokratische Partei", "country=DEU", "founded=1863", "wikipedia=https://en.wikipedia.org/wiki/SPD")
        try cli.ok("set", "x1", "--new", "name=No Year", "country=DEU")
        func ids(_ args: String...) throws -> [String] {
            try cli.ok(args + ["--json"]).jsonLines.map { $0["id"] as! String }
        }
        #expect(try ids("list", "--country", "DEU") == ["kpd", "spd", "x1"])
        #expect(try ids("list", "--country", "deu", "--sort", "founded") == ["spd", "kpd", "x1"])
        #expect(try ids("list", "--sort", "founded", "--reverse") == ["ucpa", "kpd", "spd", "x1"])
        #expect(try ids("list", "--has", "wikipedia") == ["spd"])
        #expect(try ids("list", "--missing", "founded") == ["x1"])
        #expect(try ids("list", "--limit", "2") == ["kpd", "spd"])
        try cli.ok("delete", "x1")
        #expect(try ids("list", "--deleted") == ["x1"])
        #expect(try ids("list", "--all").count == 4)
        #expect(try ids("list", "--conflicts").isEmpty)
        expectOneLineError(try cli.run("list", "--sort", "foundd"), status: 4, contains: "did you mean \"founded\"?")
        let table = try cli.ok("list")
        #expect(table.stdout.hasPrefix("ID"))
        #expect(table.stderr.contains("3 parties."))
    }

    @Test func search_findsAnyScript_ranksNames_andRefreshesLazily() throws {
        let cli = try CLI.withParty()
        try cli.ok("set", "kpss", "--new", "name=Коммунистическая партия Советского Союза", "country=SUN")
        try cli.ok("set", "wafd", "--new", "name=حزب الوفد", "name_english=Wafd Party", "country=EGY")
        try cli.ok("set", "other", "--new", "name=Some Party", "description=Not a communist party at all.")
        #expect(try cli.ok("search", "коммунистическая", "--json").jsonLines.map { $0["id"] as! String } == ["kpss"])
        #expect(try cli.ok("search", "الوفد", "--json").jsonLines.map { $0["id"] as! String } == ["wafd"])
        // A name match ranks above a description match.
        #expect(try cli.ok("search", "communist", "--json").jsonLines.map { $0["id"] as! String } == ["ucpa", "other"])
        // Prefixes and accents.
        #expect(try cli.ok("search", "azerb", "--json").jsonLines.first?["id"] as? String == "ucpa")
        // Edits since the last search are found; deleted records are not.
        try cli.ok("set", "ucpa", "name_other", "Birləşmiş Kommunist Partiyası")
        #expect(try cli.ok("search", "birləşmiş", "--json").jsonLines.map { $0["id"] as! String } == ["ucpa"])
        try cli.ok("delete", "kpss")
        #expect(try cli.ok("search", "коммунистическая", "--json").jsonLines.isEmpty)
        // FTS5 syntax in the text is only text.
        #expect(try cli.run("search", "\"AND(", "NEAR").status == 0)
    }

    @Test func history_showsEditorTimeSourceBeforeAndAfter_includingImportedChanges() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure")
        try alice.ok("export", "-o", "a.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.run("import", alice.path("a.changes"))
        try bob.ok("set", "ucpa", "membership", "6500", "--source", "press", "--as-of", "2006")
        let lines = try bob.ok("history", "ucpa", "membership", "--json").jsonLines
        #expect(lines.count == 2)
        #expect(lines[0]["editor"] as? String == "alice")
        #expect(lines[0]["before"] as? [Int] == [])
        #expect(lines[0]["after"] as? Int == 7000)
        #expect(lines[0]["current"] as? Bool == false)
        #expect(lines[1]["editor"] as? String == "bob")
        #expect(lines[1]["before"] as? [Int] == [7000])
        #expect(lines[1]["after"] as? Int == 6500)
        #expect(lines[1]["source"] as? String == "press")
        #expect(lines[1]["as_of"] as? String == "2006")
        let whole = try bob.ok("history", "ucpa")
        #expect(whole.stdout.contains("7000") && whole.stdout.contains("6500 *") && whole.stdout.contains("newspaper"))
        expectOneLineError(try bob.run("history", "ucpa", "membrship"), status: 4, contains: "did you mean \"membership\"?")
    }

    @Test func status_showsEditorReplicaPathConflictsAndPeers() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("export", "-o", "a.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.run("import", alice.path("a.changes"))
        try bob.ok("set", "ucpa", "membership", "5000")
        let json = try bob.ok("status", "--json").json
        #expect(json["editor"] as? String == "bob")
        #expect((json["replica"] as? String)?.count == 32)
        #expect((json["database"] as? String)?.hasSuffix("caucus.db") == true)
        #expect(json["conflicts"] as? Int == 0)
        #expect(json["records"] as? Int == 1)
        #expect((json["version_vector"] as? [String: Any])?.count == 2)
        let peers = json["peers"] as! [[String: Any]]
        #expect(peers.count == 1)
        #expect(peers[0]["editor"] as? String == "alice")
        #expect(peers[0]["lacks"] as? Int == 1)
        let human = try bob.ok("status")
        #expect(human.stdout.contains("editor      bob"))
        #expect(human.stdout.contains("caucus export --for alice"))
    }

    @Test func everyReadCommand_printsValidJSON_andNoColourWhenPiped() throws {
        let cli = try CLI.withParty()
        try cli.ok("export", "-o", "x.changes")
        let commands: [[String]] = [["show", "ucpa"], ["list"], ["search", "communist"], ["history", "ucpa"], ["status"],
                                    ["conflicts"], ["inspect", "x.changes"], ["import", "--dry-run", "x.changes"]]
        for c in commands {
            let r = try cli.run(c + ["--json"])
            #expect(r.status == 0, "\(c): \(r)")
            let lines = r.stdout.split(separator: "\n")
            #expect(c == ["conflicts"] || !lines.isEmpty, "\(c)")
            for line in lines {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(c): \(line)")
            }
            let human = try cli.run(c)
            #expect(!human.stdout.contains("\u{1B}["), "\(c) printed colour to a pipe")
        }
    }
}

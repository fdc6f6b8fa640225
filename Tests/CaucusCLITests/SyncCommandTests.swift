import Foundation
import Testing

/// `conflicts`, `resolve`, `export`, `import`, `inspect` between two editors.
@Suite struct SyncCommandTests {
    /// Alice and Bob share the party, then each sets a different membership and they swap.
    static func twoEditorsInConflict() throws -> (CLI, CLI) {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("export", "-o", "a1.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.ok("import", alice.path("a1.changes"))
        try alice.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure", "--as-of", "2005")
        try bob.ok("set", "ucpa", "membership", "5000", "--source", "another source", "--as-of", "2005")
        try alice.ok("export", "-o", "a2.changes")
        try bob.ok("export", "--for", "alice", "-o", "b1.changes")
        // A successful import exits 0 (scripts and the benchmark rely on it); --exit-code reports pending conflicts.
        #expect(try alice.run("import", bob.path("b1.changes")).status == 0)
        #expect(try bob.run("import", "--exit-code", alice.path("a2.changes")).status == 2)
        #expect(try bob.run("import", alice.path("a2.changes")).status == 0)
        return (alice, bob)
    }

    @Test func concurrentEdits_showAsConflictWithBothCandidates_andExitCode2() throws {
        let (alice, _) = try Self.twoEditorsInConflict()
        let r = try alice.run("conflicts", "--json")
        #expect(r.status == 2)
        let c = r.jsonLines
        #expect(c.count == 1)
        #expect(c[0]["party"] as? String == "ucpa" && c[0]["field"] as? String == "membership" && c[0]["kind"] as? String == "field")
        let candidates = c[0]["candidates"] as! [[String: Any]]
        #expect(candidates.map { $0["value"] as! Int } == [5000, 7000])
        #expect(candidates.map { $0["editor"] as! String } == ["bob", "alice"])
        #expect(candidates.map { $0["source"] as! String } == ["another source", "party's own figure"])
        let show = try alice.ok("show", "ucpa")
        #expect(show.stdout.contains("CONFLICT: 2 candidates"))
        #expect(show.stdout.contains("[1]") && show.stdout.contains("another source") && show.stdout.contains("bob"))
        let json = try alice.ok("show", "ucpa", "--json").json
        let membership = (json["fields"] as! [[String: Any]]).first { $0["field"] as? String == "membership" }!
        #expect(membership["conflict"] as? Bool == true)
        #expect(try alice.ok("list", "--conflicts", "--json").jsonLines.count == 1)
        // Filtered to one party.
        #expect(try alice.run("conflicts", "ucpa", "--json").jsonLines.count == 1)
        try alice.ok("set", "kpd", "--new", "name=KPD")
        let none = try alice.run("conflicts", "kpd")
        #expect(none.status == 0 && none.stderr.contains("No conflicts."))
        expectOneLineError(try alice.run("resolve", "ucpa", "--restore"), status: 3, contains: "ucpa is not deleted")
    }

    @Test func resolve_byPick_syncsAndBothAgree() throws {
        let (alice, bob) = try Self.twoEditorsInConflict()
        let r = try alice.ok("resolve", "ucpa", "membership", "--pick", "2")
        #expect(r.stderr.contains("7000 (party's own figure)"))
        #expect(try alice.run("conflicts").status == 0)
        try alice.ok("export", "--for", "bob", "-o", "a3.changes")
        let imported = try bob.ok("import", alice.path("a3.changes"))
        #expect(imported.stderr.contains("1 settled"))
        #expect(try bob.run("conflicts").status == 0)
        let a = try alice.ok("dump").stdout, b = try bob.ok("dump").stdout
        #expect(a == b)
        #expect(a.contains("\"membership\":7000"))
        let settled = try bob.ok("show", "ucpa", "--json").json
        let m = (settled["fields"] as! [[String: Any]]).first { $0["field"] as? String == "membership" }!
        #expect((m["values"] as! [[String: Any]])[0]["source"] as? String == "party's own figure")
    }

    @Test func resolve_withNewValue_andMistakes() throws {
        let (alice, _) = try Self.twoEditorsInConflict()
        expectOneLineError(try alice.run("resolve", "ucpa", "membership"), status: 3, contains: "give --pick N or a new value")
        expectOneLineError(try alice.run("resolve", "ucpa", "membership", "--pick", "3"), status: 3, contains: "numbered 1 to 2")
        expectOneLineError(try alice.run("resolve", "ucpa", "founded", "--pick", "1"), status: 3, contains: "not in conflict")
        expectOneLineError(try alice.run("resolve", "ucpa", "membership", "lots"), status: 3, contains: "membership must be a whole number")
        try alice.ok("resolve", "ucpa", "membership", "6000", "--source", "2006 congress")
        #expect(try alice.ok("list", "--json").json["fields"].map { ($0 as! [String: Any])["membership"] as? Int } == 6000)
    }

    @Test func set_onAFieldInConflict_settlesIt_andSaysSo() throws {
        let (_, bob) = try Self.twoEditorsInConflict()
        let r = try bob.ok("set", "ucpa", "membership", "6000", "--source", "2006 congress")
        #expect(r.stderr.contains("This settles a conflict; export to share it."), "\(r)")
        #expect(try bob.run("conflicts").status == 0)
    }

    @Test func deleteVersusEdit_isFlagged_andSettledByRestoreOrDeleteAgain() throws {
        for keep in [true, false] {
            let alice = try CLI.withParty(editor: "alice")
            try alice.ok("export", "-o", "a1.changes")
            let bob = try CLI()
            try bob.ok("init", "--editor", "bob")
            try bob.ok("import", alice.path("a1.changes"))
            try alice.ok("delete", "ucpa")
            try bob.ok("set", "ucpa", "membership", "5000")
            try bob.ok("export", "--for", "alice", "-o", "b1.changes")
            let imported = try alice.run("import", "--exit-code", bob.path("b1.changes"))
            #expect(imported.status == 2)
            #expect(imported.stderr.contains("1 new conflict."), "\(imported)")
            let c = try alice.run("conflicts", "--json").jsonLines
            #expect(c.count == 1 && c[0]["kind"] as? String == "delete" && c[0]["field"] is NSNull)
            let both = try alice.run("resolve", "ucpa", "--restore", "--delete")
            #expect(both.status == 64 && both.stderr.contains("not both"), "\(both)")
            try alice.ok("resolve", "ucpa", keep ? "--restore" : "--delete")
            #expect(try alice.run("conflicts").status == 0)
            let show = try alice.ok("show", "ucpa", "--json").json
            #expect(show["deleted"] as? Bool == !keep)
            #expect(show["delete_conflict"] as? Bool == false)
        }
    }

    @Test func inspect_countsTheOperationsSignedByTheirAuthors_andThoseTheSenderVouchesFor() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("export", "-o", "a1.changes")
        let signed = try alice.ok("inspect", "a1.changes", "--json").json
        let n = try #require(signed["operations"] as? Int)
        #expect(n > 0 && signed["signed_by_author"] as? Int == n && signed["vouched_by_sender"] as? Int == 0)
        #expect(try alice.ok("inspect", "a1.changes").stdout.contains("signed      \(n) by their authors, 0 vouched for by the sender"))
        // A file of format 2, written before authors signed: all of it vouched for.
        let v2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CaucusSyncTests/Fixtures/v2/alice.caucus-changes").path
        let old = try alice.ok("inspect", v2, "--json").json
        #expect(old["signed_by_author"] as? Int == 0 && (old["operations"] as? Int ?? 0) > 0)
        #expect(old["vouched_by_sender"] as? Int == old["operations"] as? Int)
    }

    @Test func status_saysWhoAnswersForEachOperation_signedVouchedOrToSignAtTheNextExport() throws {
        // Carol: the format-2 fixture below is Alice's.
        let carol = try CLI.withParty(editor: "carol")
        let before = try carol.ok("status", "--json").json
        let n = try #require(before["operations"] as? Int)
        #expect(before["to_sign_at_export"] as? Int == n && before["signed_by_author"] as? Int == 0)
        #expect(try carol.ok("status").stdout.contains("\(n) of yours to sign at your next export"))
        try carol.ok("export", "-o", "a1.changes")
        let after = try carol.ok("status", "--json").json
        #expect(after["signed_by_author"] as? Int == n && after["to_sign_at_export"] as? Int == 0)
        // Operations of a format-2 file arrive unsigned: its sender vouches for them.
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        let v2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CaucusSyncTests/Fixtures/v2/alice.caucus-changes").path
        try bob.ok("import", v2)
        try bob.ok("import", carol.path("a1.changes"))
        let mixed = try bob.ok("status", "--json").json
        let old = try #require(try bob.ok("inspect", v2, "--json").json["operations"] as? Int)
        #expect(mixed["vouched_by_sender"] as? Int == old && mixed["signed_by_author"] as? Int == n)
        #expect(mixed["operations"] as? Int == old + n)
    }

    @Test func export_forAPeer_sendsOnlyWhatTheyLack_andSinceAVersionVectorFile() throws {
        let (alice, bob) = try Self.twoEditorsInConflict()
        try alice.ok("set", "ucpa", "registered", "1995")
        try alice.ok("export", "--for", "bob", "-o", "a3.changes")
        let inspected = try alice.ok("inspect", "a3.changes", "--json").json
        // Bob last sent what he held before he imported a2: alice's membership and registered.
        #expect(inspected["operations"] as? Int == 2)
        #expect(inspected["incremental"] as? Bool == true)
        try bob.ok("vv")
        try bob.write("bob.vv", try bob.ok("vv").stdout)
        try alice.ok("export", "--since", bob.path("bob.vv"), "-o", "a4.changes")
        #expect(try alice.ok("inspect", "a4.changes", "--json").json["operations"] as? Int == 1)
        expectOneLineError(try alice.run("export", "--for", "carol", "-o", "x.changes"), status: 4, contains: "peers seen: bob")
        let full = try alice.ok("export")
        #expect(full.stdout.hasPrefix("alice-") && full.stdout.contains(".caucus-changes"))
    }

    @Test func import_dryRun_reportsButChangesNothing() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("export", "-o", "a1.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        let dry = try bob.ok("import", "--dry-run", alice.path("a1.changes"), "--json").json
        #expect(dry["dry_run"] as? Bool == true)
        #expect(dry["new"] as? Int == 4)
        #expect(dry["records_touched"] as? Int == 1)
        #expect(try bob.ok("list", "--json").jsonLines.isEmpty)
        #expect(try bob.ok("status", "--json").json["peers"].map { ($0 as! [Any]).count } == 0)
        let real = try bob.ok("import", alice.path("a1.changes"))
        #expect(real.stderr.contains("added 4 new operations, 0 already present, 1 record touched, 0 new conflicts"))
        let again = try bob.ok("import", alice.path("a1.changes"))
        #expect(again.stderr.contains("added 0 new operations, 4 already present"))
        // Several files in one go, with a total.
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("export", "-o", "a2.changes")
        let two = try bob.ok("import", alice.path("a1.changes"), alice.path("a2.changes"))
        #expect(two.stderr.contains("Total: 1 new operation, 8 already present, 1 record touched, 0 new conflicts."), "\(two)")
    }

    @Test func inspect_describesAValidFile_andRefusesABadOneWithoutADatabase() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("export", "-o", "a.changes")
        let elsewhere = try CLI()
        let r = try elsewhere.ok("inspect", alice.path("a.changes"))
        #expect(r.stdout.contains("valid"))
        #expect(r.stdout.contains("editor      alice"))
        #expect(r.stdout.contains("operations  5 (5 set)"))
        #expect(r.stdout.contains("records     1"))
        #expect(r.stdout.contains("time range"))
        let json = try elsewhere.ok("inspect", alice.path("a.changes"), "--json").json
        #expect(json["valid"] as? Bool == true && json["editor"] as? String == "alice" && json["records"] as? Int == 1)
        #expect((json["first_time"] as? String) != nil)
        // A damaged copy is reported, not imported.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: alice.path("a.changes")))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: elsewhere.path("bad.changes")))
        let bad = try elsewhere.run("inspect", "bad.changes")
        #expect(bad.status == 3)
        #expect(bad.stdout.contains("NOT VALID"))
        let missing = try elsewhere.run("inspect", "nope.changes")
        #expect(missing.status == 3 && missing.stdout.contains("no such file"), "\(missing)")
    }

    @Test func import_missingOrBadFile_isOneLine() throws {
        let cli = try CLI.withParty()
        expectOneLineError(try cli.run("import", "nope.changes"), status: 3, contains: "nope.changes")
        try cli.write("text.changes", "hello")
        expectOneLineError(try cli.run("import", "text.changes"), status: 3, contains: "text.changes")
    }
}

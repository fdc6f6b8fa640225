import Foundation
import Testing

/// `release`, `dump --at` and `diff`, through the contract scripts use.
@Suite struct ReleaseCommandTests {
    /// Alice releases 2025.1, then edits on; Bob clones her replica, and both set the membership
    /// without seeing each other's.
    static func releasedAndEditedOn() throws -> (CLI, CLI) {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure", "--as-of", "2005")
        try alice.ok("release", "create", "2025.1", "--note", "the January release")
        try alice.ok("set", "ucpa", "membership", "6500")
        try alice.ok("set", "azp", "--new", "name=Azerbaijan Communist Party")
        try alice.ok("export", "-o", "a1.changes")
        let bob = try CLI.importing("a1.changes", from: alice)
        try bob.ok("set", "ucpa", "membership", "5000")
        try alice.ok("set", "ucpa", "membership", "6000")
        return (alice, bob)
    }

    @Test func theStateAtARelease_isTheSameBytesOnEveryReplica_whateverEachHeldSince() throws {
        let (alice, bob) = try Self.releasedAndEditedOn()
        let atAlice = try alice.ok("dump", "--at", "2025.1").stdout, atBob = try bob.ok("dump", "--at", "2025.1").stdout
        #expect(atAlice == atBob)
        #expect(atAlice.contains("\"membership\":7000") && !atAlice.contains("azp"))
        #expect(try alice.ok("dump").stdout != atAlice)
    }

    @Test func showAtARelease_showsTheRecordAsItStoodThere_andAtADate_theClaimsThatHeldThen() throws {
        let (alice, _) = try Self.releasedAndEditedOn()
        let at = try alice.ok("show", "ucpa", "--at", "2025.1", "--json").json
        let membership = (at["fields"] as! [[String: Any]]).first { $0["field"] as? String == "membership" }!
        #expect((membership["values"] as! [[String: Any]]).map { $0["value"] as! Int } == [7000])
        #expect(at["at_version"] as? String == "release 2025.1")
        #expect(try alice.ok("show", "ucpa", "--at", "2025.1").stdout.contains("As it stood at release 2025.1."))
        #expect(try alice.ok("show", "ucpa", "--at", "2005").stdout.contains("As it held at 2005"))
        let absent = try alice.run("show", "azp", "--at", "2025.1")
        #expect(absent.status == 4 && absent.stderr.contains("party azp did not exist at release 2025.1"))
        #expect(try alice.run("show", "ucpa", "--at", "soon").status == 3)
    }

    @Test func aChangesetCarryingARelease_saysSo_andItsRecordIsNoParty() throws {
        let (alice, bob) = try Self.releasedAndEditedOn()
        let inspected = try bob.ok("inspect", alice.path("a1.changes"), "--json").json
        #expect(inspected["releases"] as? [String] == ["2025.1"] && inspected["records"] as? Int == 2)
        #expect((inspected["fields"] as? [String])?.contains { $0.hasPrefix("release/") } == false)
        let carol = try CLI()
        try carol.ok("init", "--editor", "carol")
        #expect(try carol.ok("import", alice.path("a1.changes")).stderr.contains("2 records touched"))
    }

    @Test func releaseList_givesEditorTimeNoteAndCounts_inJSON() throws {
        let (_, bob) = try Self.releasedAndEditedOn()
        let list = try bob.ok("release", "list", "--json").jsonLines
        #expect(list.count == 1)
        #expect(list[0]["name"] as? String == "2025.1" && list[0]["editor"] as? String == "alice")
        #expect(list[0]["note"] as? String == "the January release" && list[0]["records"] as? Int == 1 && list[0]["conflicts"] as? Int == 0)
        #expect(list[0]["operations"] as? Int == 5 && list[0]["in_conflict"] as? Bool == false && list[0]["time"] is String)
        #expect(try bob.ok("release", "list").stdout.contains("the January release"))
    }

    @Test func aVersionVectorFile_readsLikeARelease_andOneWithOperationsNotHeld_isRefusedNamingThem() throws {
        let (alice, bob) = try Self.releasedAndEditedOn()
        try bob.write("bob.vv", try bob.ok("vv").stdout)
        #expect(try bob.ok("dump", "--at", bob.path("bob.vv")).stdout == (try bob.ok("dump").stdout))
        let refused = try alice.run("dump", "--at", bob.path("bob.vv"))
        #expect(refused.status == 4 && refused.stdout.isEmpty)
        #expect(refused.stderr.contains("this replica lacks 1 operation of the version vector in") && refused.stderr.contains("(unknown here)"))
        let unknown = try alice.run("dump", "--at", "2024.9")
        #expect(unknown.status == 4 && unknown.stderr.contains("no release \"2024.9\"; the releases are 2025.1"))
    }

    @Test func diff_listsEachChangedRecordWithBeforeAfterAndWho_asJSON_andCounts() throws {
        let (alice, bob) = try Self.releasedAndEditedOn()
        try bob.ok("export", "-o", "b1.changes")
        try alice.ok("import", bob.path("b1.changes"))
        let lines = try alice.ok("diff", "2025.1", "--json").jsonLines
        #expect(lines.map { $0["id"] as! String } == ["azp", "ucpa"])
        #expect(lines[0]["change"] as? String == "created")
        let membership = (lines[1]["fields"] as! [String: Any])["membership"] as! [String: Any]
        #expect(membership["before"] as? Int == 7000)
        #expect((membership["after"] as? [String: Any])?["conflict"] as? [Int] == [5000, 6000])
        #expect(membership["editors"] as? [String] == ["alice", "bob"])
        #expect(lines[1]["conflicts_appeared"] as? [String] == ["membership"])
        let stat = try alice.ok("diff", "2025.1", "--stat", "--json").json
        #expect(stat["records"] as? Int == 2 && stat["created"] as? Int == 1 && stat["changed"] as? Int == 1 && stat["conflicts_appeared"] as? Int == 1)
        #expect(try alice.ok("diff", "2025.1", "--stat").stdout.contains("2 records changed: 1 created, 0 deleted, 0 restored, 1 changed"))
        try alice.ok("release", "create", "2025.2")
        #expect(try alice.ok("diff", "2025.1", "2025.2", "--json").stdout == (try alice.ok("diff", "2025.1", "--json").stdout))
        #expect(try alice.ok("diff", "2025.2", "--json").stdout.isEmpty)
    }

    @Test func twoReleasesOfOneName_areAConflict_shownAndSettledWithForce() throws {
        let (alice, bob) = try Self.releasedAndEditedOn()
        try alice.ok("release", "create", "2025.2")
        try bob.ok("release", "create", "2025.2", "--note", "bob's")
        try bob.ok("export", "-o", "b1.changes")
        try alice.ok("import", bob.path("b1.changes"))
        let list = try alice.ok("release", "list", "--json").jsonLines.filter { $0["name"] as? String == "2025.2" }
        #expect(list.count == 2 && list.allSatisfy { $0["in_conflict"] as? Bool == true })
        let conflicts = try alice.run("conflicts", "--json")
        #expect(conflicts.status == 2 && conflicts.jsonLines.contains { $0["kind"] as? String == "release" })
        let refused = try alice.run("dump", "--at", "2025.2")
        #expect(refused.status == 1 && refused.stderr.contains("release 2025.2 is in conflict"))
        let taken = try alice.run("release", "create", "2025.1")
        #expect(taken.status == 3 && taken.stderr.contains("add --force"))
        try alice.ok("release", "create", "2025.2", "--force")
        #expect(try alice.ok("release", "list", "--json").jsonLines.count == 2)
        #expect(try alice.run("dump", "--at", "2025.2").status == 0)
    }

    @Test func aBadReleaseName_isRefused_withTheRule() throws {
        let alice = try CLI.withParty()
        let r = try alice.run("release", "create", "a..b")
        #expect(r.status == 3 && r.stderr.contains("is not a release name"))
    }
}

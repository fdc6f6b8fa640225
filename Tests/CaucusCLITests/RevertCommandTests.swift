import Foundation
import Testing

/// `caucus revert FILE` and `--release A..B`, through the binary.
@Suite struct RevertCommandTests {
    /// Alice holds the party; Bob's changeset changes its membership, adds an ideology and makes a
    /// party of junk; Alice imports it.
    static func aliceImportedABadChangeset() throws -> (alice: CLI, bob: CLI, before: String) {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("export", "-o", "a.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.ok("import", alice.path("a.changes"))
        try bob.ok("set", "ucpa", "membership", "5000")
        try bob.ok("add", "ucpa", "ideology", "Maoism")
        try bob.ok("set", "junk", "--new", "name=Junk")
        try alice.write("alice.vv", try alice.ok("vv").stdout)
        try bob.ok("export", "--since", alice.path("alice.vv"), "-o", "bad.changes")
        let before = try alice.ok("dump").stdout
        try alice.ok("import", bob.path("bad.changes"))
        return (alice, bob, before)
    }

    @Test func aDryRun_showsTheChanges_andWritesNothing() throws {
        let (alice, bob, _) = try Self.aliceImportedABadChangeset()
        let vv = try alice.ok("vv").stdout
        let dry = try alice.ok("revert", bob.path("bad.changes"), "--dry-run", "--json").jsonLines
        #expect(dry.map { $0["id"] as! String } == ["junk", "ucpa"])
        #expect(dry[0]["change"] as? String == "deleted")
        let membership = (dry[1]["fields"] as! [String: Any])["membership"] as! [String: Any]
        #expect(membership["before"] as? Int == 5000 && membership["after"] as? Int == 7000)
        #expect(try alice.ok("vv").stdout == vv)
    }

    @Test func aRevert_bringsBackWhatTheFileChanged_andDeletesWhatItMade() throws {
        let (alice, bob, before) = try Self.aliceImportedABadChangeset()
        let r = try alice.ok("revert", bob.path("bad.changes"))
        #expect(r.stderr.contains("Reverted the changeset") && r.stderr.contains("3 operations on 2 records"))
        let dump = try alice.ok("dump").stdout
        #expect(dump == #"{"id":"junk","deleted":true,"fields":{"name":"Junk"},"conflicts":{},"delete_conflict":false}"# + "\n" + before)
    }

    @Test func theRevertTravels_andAValueChangedSinceBecomesAConflict() throws {
        let (alice, bob, _) = try Self.aliceImportedABadChangeset()
        try alice.ok("revert", bob.path("bad.changes"))
        try bob.ok("set", "ucpa", "membership", "4000")
        try alice.ok("export", "-o", "revert.changes")
        try bob.ok("import", alice.path("revert.changes"))
        let conflicts = try bob.run("conflicts", "--json")
        #expect(conflicts.status == 2)
        let candidates = (conflicts.jsonLines[0]["candidates"] as! [[String: Any]]).map { $0["value"] as! Int }
        #expect(candidates == [4000, 7000])
        #expect(try bob.ok("dump").stdout.contains(#""junk","deleted":true"#))
    }

    @Test func theOperationsBetweenTwoReleases_revert() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("release", "create", "2025.1")
        let at = try alice.ok("dump", "--at", "2025.1").stdout
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("release", "create", "mid")
        try alice.ok("set", "ucpa", "founded", "1994")
        try alice.ok("release", "create", "2025.2")
        try alice.ok("revert", "--release", "2025.1..2025.2")
        #expect(try alice.ok("dump").stdout == at)
        // The releases made meanwhile stay.
        #expect(try alice.ok("release", "list", "--json").jsonLines.map { $0["name"] as! String } == ["2025.1", "mid", "2025.2"])
    }

    @Test func aFileThisReplicaNeverImported_isRefused_andNothingIsWritten() throws {
        let (_, bob, _) = try Self.aliceImportedABadChangeset()
        let carol = try CLI.withParty(editor: "carol")
        let vv = try carol.ok("vv").stdout
        let r = try carol.run("revert", bob.path("bad.changes"))
        #expect(r.status == 4 && r.stderr.contains("this replica lacks 3 operations of the changeset"))
        #expect(try carol.ok("vv").stdout == vv)
        let usage = try carol.run("revert")
        #expect(usage.status == 64)
    }
}

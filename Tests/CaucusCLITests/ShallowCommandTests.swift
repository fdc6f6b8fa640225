import Foundation
import Testing

/// `caucus export --shallow [--at RELEASE]`, and a new editor who starts from it.
@Suite struct ShallowCommandTests {
    @Test func aNewEditor_startsFromASnapshotAtARelease_andThenSyncsLikeAnyReplica() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("set", "ucpa", "membership", "6500")
        try alice.ok("release", "create", "2025.1")
        try alice.ok("set", "ucpa", "membership", "6000")
        try alice.ok("export", "--shallow", "--at", "2025.1", "--output", "snapshot.changes")
        #expect(try alice.ok("inspect", "snapshot.changes", "--json").json["shallow"] as? Bool == true)

        let nina = try CLI()
        try nina.ok("init", "--editor", "nina")
        try nina.ok("import", alice.path("snapshot.changes"))
        #expect(try nina.ok("dump").stdout == (try alice.ok("dump", "--at", "2025.1").stdout))
        #expect(try nina.ok("release", "list", "--json").jsonLines.map { $0["name"] as! String } == ["2025.1"])
        #expect(try nina.ok("status").stdout.contains("started from a snapshot at release 2025.1"))
        let history = try nina.ok("history", "ucpa", "membership").stdout
        #expect(history.contains("6500") && !history.contains("7000"))

        // Alice's whole history, signed batches reaching below the snapshot included, merges in.
        try alice.ok("export", "--output", "all.changes")
        try nina.ok("import", alice.path("all.changes"))
        #expect(try nina.ok("dump").stdout == (try alice.ok("dump").stdout))
        try nina.ok("set", "ucpa", "membership", "5000")
        try nina.ok("export", "--for", "alice", "--output", "n1.changes")
        try alice.ok("import", nina.path("n1.changes"))
        #expect(try alice.ok("dump").stdout == (try nina.ok("dump").stdout))

        // Nothing below the snapshot can be read or sent from Nina's replica.
        let older = try nina.run("dump", "--at", nina.path("none.vv"))
        #expect(older.status == 4)
        let full = try nina.run("export", "--output", "everything.changes")
        #expect(full.status == 3 && full.stderr.contains("only a peer that holds the release"))
        let again = try alice.run("import", alice.path("snapshot.changes"))
        #expect(again.status == 3 && again.stderr.contains("a shallow snapshot starts a new replica"))
        #expect(try alice.run("export", "--shallow", "--since", "x.vv").status == 64)
    }
}

import Foundation
import Testing

/// `caucus compact --before RELEASE`, through the binary.
@Suite struct CompactCommandTests {
    @Test func compact_needsEveryPeerToHoldTheRelease_thenDropsValues_andRefusesWhatWouldNeedThem() throws {
        let alice = try CLI.withParty(editor: "alice")
        try alice.ok("set", "ucpa", "membership", "7000")
        try alice.ok("release", "create", "2025.0")
        try alice.ok("set", "ucpa", "membership", "6500")
        try alice.ok("export", "-o", "a1.changes")
        let bob = try CLI()
        try bob.ok("init", "--editor", "bob")
        try bob.ok("import", alice.path("a1.changes"))
        try bob.ok("set", "ucpa", "founded", "1994")
        try bob.ok("export", "-o", "b1.changes")
        try alice.ok("import", bob.path("b1.changes"))
        try alice.ok("set", "ucpa", "membership", "6000")
        try alice.ok("release", "create", "2025.1")

        // Bob's last changeset lacks what Alice released, so she may not compact yet.
        let early = try alice.run("compact", "--before", "2025.1")
        #expect(early.status == 1 && early.stderr.contains("not every peer holds release 2025.1: bob"), "\(early)")
        try alice.ok("export", "-o", "a2.changes")
        try bob.ok("import", alice.path("a2.changes"))
        try bob.ok("export", "-o", "b2.changes")
        try alice.ok("import", bob.path("b2.changes"))

        let dump = try alice.ok("dump").stdout
        let done = try alice.ok("compact", "--before", "2025.1")
        #expect(done.stderr.contains("Compacted before release 2025.1: dropped the values of 3 superseded operations"), "\(done.stderr)")
        #expect(try alice.ok("dump").stdout == dump)
        #expect(try alice.ok("history", "ucpa", "membership").stdout.contains("(compacted)"))
        let older = try alice.run("dump", "--at", "2025.0")
        #expect(older.status == 3 && older.stderr.contains("reaches before release 2025.1"))
        #expect(try alice.run("dump", "--at", "2025.1").status == 0)
        let full = try alice.run("export", "-o", "all.changes")
        #expect(full.status == 3 && full.stderr.contains("only a peer that holds the release"))
        try alice.ok("set", "ucpa", "membership", "5500")
        try alice.ok("export", "--for", "bob", "-o", "a3.changes")
        try bob.ok("import", alice.path("a3.changes"))
        #expect(try bob.ok("dump").stdout == (try alice.ok("dump").stdout))
    }
}

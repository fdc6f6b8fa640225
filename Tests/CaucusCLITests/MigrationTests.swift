import Foundation
import Testing

/// A replica written by an earlier release, and what that release printed for it.
struct MigrationFixture {
    /// Before m003: ucpa, azp and tmp (Fixtures/m002/README.md).
    static let m002 = MigrationFixture(folder: "m002", parties: ["ucpa", "azp", "tmp"])
    /// Before m004: every stored op code of m003 (Fixtures/m003/README.md).
    static let m003 = MigrationFixture(folder: "m003", parties: ["ucpa", "azp", "tmp", "dup", "old"])
    /// Before m007: names in Chinese, Thai and Azerbaijani, indexed by word (Fixtures/m006/README.md).
    static let m006 = MigrationFixture(folder: "m006", parties: ["cn-ccp", "th-pt", "ucpa"])

    /// The folder under Fixtures/.
    let folder: String
    /// The parties whose `history` and `show` the expected files hold, in their order.
    let parties: [String]

    var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(folder)")
    }

    func expected(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    /// A copy of the fixture's replica, as ./replica.caucus in a fresh folder.
    func migratedReplica() throws -> CLI {
        let cli = try CLI()
        try FileManager.default.copyItem(at: url.appendingPathComponent("replica.caucus"),
                                         to: cli.folder.appendingPathComponent("replica.caucus"))
        return cli
    }
}

/// A replica written by an earlier release is migrated when opened, and shows
/// exactly what that release showed.
@Suite struct MigrationTests {
    /// dump, vv, history and show of every party, and conflicts (exit 2) print what the release printed.
    func expectPrintsWhatItPrintedBefore(_ fixture: MigrationFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cli = try fixture.migratedReplica()
        #expect(try cli.run("--db", "replica.caucus", "dump").stdout == fixture.expected("expected-dump.ndjson"),
                sourceLocation: sourceLocation)
        #expect(try cli.run("--db", "replica.caucus", "vv").stdout == fixture.expected("expected-vv.json"),
                sourceLocation: sourceLocation)
        #expect(try fixture.parties.map { try cli.run("--db", "replica.caucus", "history", $0, "--json").stdout }.joined()
                == fixture.expected("expected-history.ndjson"), sourceLocation: sourceLocation)
        #expect(try fixture.parties.map { try cli.run("--db", "replica.caucus", "show", $0, "--json").stdout }.joined()
                == fixture.expected("expected-show.ndjson"), sourceLocation: sourceLocation)
        let conflicts = try cli.run("--db", "replica.caucus", "conflicts", "--json")
        #expect(try conflicts.status == 2 && conflicts.stdout == fixture.expected("expected-conflicts.ndjson"),
                sourceLocation: sourceLocation)
    }

    @Test func replicaFromBeforeM003_showsWhatItShowedBefore() throws {
        try expectPrintsWhatItPrintedBefore(.m002)
    }

    @Test func migratedReplica_exportsEverything_andAFreshReplicaConverges() throws {
        let fixture = MigrationFixture.m002
        let cli = try fixture.migratedReplica()
        #expect(try cli.run("--db", "replica.caucus", "export", "--output", "all.caucus-changes").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "init", "--editor", "carol").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "import", "all.caucus-changes").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "dump").stdout == fixture.expected("expected-dump.ndjson"))
        let original = try cli.run("--db", "replica.caucus", "history", "ucpa", "--json").stdout
        #expect(try cli.run("--db", "fresh.caucus", "history", "ucpa", "--json").stdout == original)
    }

    @Test func migratedReplica_searchesItsRecords() throws {
        let cli = try MigrationFixture.m002.migratedReplica()
        let hits = try cli.run("--db", "replica.caucus", "search", "Kommunist", "--json").jsonLines
        #expect(hits.map { $0["id"] as? String } == ["azp"])
    }

    @Test func replicaFromBeforeM004_showsWhatItShowedBefore() throws {
        try expectPrintsWhatItPrintedBefore(.m003)
    }

    @Test func replicaFromBeforeM004_exportsEverything_andAFreshReplicaConverges() throws {
        // Given the migrated m003 replica, exported whole into a fresh replica
        let fixture = MigrationFixture.m003
        let cli = try fixture.migratedReplica()
        try cli.ok("--db", "replica.caucus", "export", "--output", "all.caucus-changes")
        try cli.ok("--db", "fresh.caucus", "init", "--editor", "carol")
        try cli.ok("--db", "fresh.caucus", "import", "all.caucus-changes")
        // Then the fresh replica holds the same records, history and conflicts as the release printed
        #expect(try cli.run("--db", "fresh.caucus", "dump").stdout == fixture.expected("expected-dump.ndjson"))
        #expect(try cli.run("--db", "fresh.caucus", "vv").stdout == fixture.expected("expected-vv.json"))
        #expect(try fixture.parties.map { try cli.run("--db", "fresh.caucus", "history", $0, "--json").stdout }.joined()
                == fixture.expected("expected-history.ndjson"))
        let conflicts = try cli.run("--db", "fresh.caucus", "conflicts", "--json")
        #expect(try conflicts.status == 2 && conflicts.stdout == fixture.expected("expected-conflicts.ndjson"))
    }

    @Test func replicaFromBeforeM004_findsTheRecordsEditedSinceItsLastSearch() throws {
        // old was deleted when the replica last searched and restored after, so only a
        // search that brings the index up to date finds it; dup is deleted.
        let fixture = MigrationFixture.m003
        let cli = try fixture.migratedReplica()
        let hits = try cli.run("--db", "replica.caucus", "search", "communist", "--json")
        #expect(hits.jsonLines.map { $0["id"] as? String } == ["old", "ucpa"])
        #expect(try hits.stdout == fixture.expected("expected-search-communist.ndjson"))
    }

    @Test func replicaFromBeforeM004_settlesItsConflicts_asTheReleaseDid() throws {
        // Given the migrated m003 replica, with a field conflict and a delete-vs-edit conflict
        let fixture = MigrationFixture.m003
        let cli = try fixture.migratedReplica()
        // When both are settled
        try cli.ok("--db", "replica.caucus", "resolve", "ucpa", "membership", "--pick", "1")
        try cli.ok("--db", "replica.caucus", "resolve", "tmp", "--restore")
        // Then no conflict remains and the records are what the release made of them
        #expect(try cli.run("--db", "replica.caucus", "conflicts", "--json").status == 0)
        #expect(try cli.run("--db", "replica.caucus", "dump").stdout == fixture.expected("expected-dump-settled.ndjson"))
    }

    @Test func replicaFromBeforeM007_findsNamesWithoutSpacesByAPart_fromTheIndexTheMigrationFilled() throws {
        let cli = try MigrationFixture.m006.migratedReplica()
        #expect(try cli.ok("--db", "replica.caucus", "search", "共产党", "--json").jsonLines.map { $0["id"] as? String } == ["cn-ccp"])
        #expect(try cli.ok("--db", "replica.caucus", "search", "เพื่อไทย", "--json").jsonLines.map { $0["id"] as? String } == ["th-pt"])
        #expect(try cli.ok("--db", "replica.caucus", "search", "kommunist", "--json").jsonLines.map { $0["id"] as? String } == ["ucpa"])
    }
}

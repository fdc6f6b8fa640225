import Foundation
import Testing

/// A replica written by an earlier release is migrated when opened, and shows
/// exactly what that release showed.
@Suite struct MigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/m002")

    func expected(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// A copy of the m002 replica in a fresh folder.
    func migratedReplica() throws -> CLI {
        let cli = try CLI()
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("replica.caucus"),
                                         to: cli.folder.appendingPathComponent("replica.caucus"))
        return cli
    }

    @Test func replicaFromBeforeM003_showsWhatItShowedBefore() throws {
        let cli = try migratedReplica()
        #expect(try cli.run("--db", "replica.caucus", "dump").stdout == expected("expected-dump.ndjson"))
        #expect(try cli.run("--db", "replica.caucus", "vv").stdout == expected("expected-vv.json"))
        let parties = ["ucpa", "azp", "tmp"]
        #expect(try parties.map { try cli.run("--db", "replica.caucus", "history", $0, "--json").stdout }.joined()
                == expected("expected-history.ndjson"))
        #expect(try parties.map { try cli.run("--db", "replica.caucus", "show", $0, "--json").stdout }.joined()
                == expected("expected-show.ndjson"))
        let conflicts = try cli.run("--db", "replica.caucus", "conflicts", "--json")
        #expect(try conflicts.status == 2 && conflicts.stdout == expected("expected-conflicts.ndjson"))
    }

    @Test func migratedReplica_exportsEverything_andAFreshReplicaConverges() throws {
        let cli = try migratedReplica()
        #expect(try cli.run("--db", "replica.caucus", "export", "--output", "all.caucus-changes").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "init", "--editor", "carol").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "import", "all.caucus-changes").status == 0)
        #expect(try cli.run("--db", "fresh.caucus", "dump").stdout == expected("expected-dump.ndjson"))
        let original = try cli.run("--db", "replica.caucus", "history", "ucpa", "--json").stdout
        #expect(try cli.run("--db", "fresh.caucus", "history", "ucpa", "--json").stdout == original)
    }

    @Test func migratedReplica_searchesItsRecords() throws {
        let cli = try migratedReplica()
        let hits = try cli.run("--db", "replica.caucus", "search", "Kommunist", "--json").jsonLines
        #expect(hits.map { $0["id"] as? String } == ["azp"])
    }
}

import CaucusTestSupport
import Foundation
import Testing

let testPostgres = ProcessInfo.processInfo.environment["CAUCUS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

/// The shared workload through real hub processes: three editors push and pull in random orders
/// and must all reach `expected.json` exactly.
@Suite(.serialized) struct HubWorkloadTests {
    static let editors = ["alice", "bob", "carol"]

    @Test func threeEditors_syncThroughOneHubOnSQLite_andReachTheExpectedState() throws {
        let cli = try CLI()
        try run(cli, hubs: [HubProcess(storage: ["--data", cli.path("hub-data")], folder: cli.folder)],
                roster: ["--data", cli.path("hub-data")], seed: 1)
    }

    @Test(.enabled(if: testPostgres != nil, "CAUCUS_TEST_POSTGRES names no PostgreSQL server"))
    func threeEditors_syncThroughTwoHubProcessesOnPostgreSQL_andReachTheExpectedState() throws {
        let cli = try CLI()
        let database = try PostgresDatabase.create(testPostgres!)
        defer { PostgresDatabase.drop(testPostgres!, database) }
        let url = PostgresDatabase.url(testPostgres!, database)
        try run(cli, hubs: (1...2).map { HubProcess(storage: ["--postgres", url], folder: cli.folder, name: "hub\($0)") },
                roster: ["--postgres", url], seed: 2)
    }

    func run(_ cli: CLI, hubs: [HubProcess], roster: [String], seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        for hub in hubs { try hub.start() }
        let wl = cli.folder.appendingPathComponent("workload")
        try FileManager.default.createDirectory(at: wl, withIntermediateDirectories: true)
        try WorkloadEndToEndTests().generateWorkload(in: wl)
        func db(_ e: String) -> String { cli.path("\(e).caucus") }
        for (i, e) in Self.editors.enumerated() {
            try cli.ok("--db", db(e), "init", "--editor", e)
            let key = try cli.ok("--db", db(e), "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try cli.hub(["roster", "add", key, "--role", "writer", "--editor", e] + roster).status == 0)
            try cli.ok("--db", db(e), "remote", "add", "origin", hubs[i % hubs.count].url)
        }
        try cli.ok("--db", db("alice"), "apply", wl.appendingPathComponent("base.ndjson").path)
        try cli.ok("--db", db("alice"), "push")
        for e in Self.editors.dropFirst() { try cli.ok("--db", db(e), "pull") }
        for e in Self.editors { try cli.ok("--db", db(e), "apply", wl.appendingPathComponent("edits-\(e).ndjson").path) }
        for _ in 0..<2 {
            for e in Self.editors.shuffled(using: &random) {
                try cli.ok("--db", db(e), Bool.random(using: &random) ? "sync" : "push")
                if Bool.random(using: &random) { try cli.ok("--db", db(e), "pull") }
            }
        }
        for e in Self.editors { try cli.ok("--db", db(e), "sync") }
        let dumps = try Self.editors.map { try cli.ok("--db", db($0), "dump").stdout }
        #expect(dumps[0] == dumps[1] && dumps[1] == dumps[2], "replicas did not converge through the hub")
        try WorkloadEndToEndTests().checkAgainstExpected(dump: dumps[0], expected: wl.appendingPathComponent("expected.json"))
        for hub in hubs { hub.stop() }
    }
}

/// A database of its own on the test server, made and dropped with `psql`.
enum PostgresDatabase {
    static func create(_ base: String) throws -> String {
        let name = "caucus_w_" + UUID().uuidString.prefix(8).lowercased()
        try psql(base, "CREATE DATABASE \(name)")
        return name
    }

    static func drop(_ base: String, _ name: String) { try? psql(base, "DROP DATABASE \(name) WITH (FORCE)") }

    static func url(_ base: String, _ name: String) -> String {
        var parts = URLComponents(string: base)!
        parts.path = "/" + name
        return parts.string!
    }

    private static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", url, "-qAtc", sql]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "psql \(sql) failed")
    }
}

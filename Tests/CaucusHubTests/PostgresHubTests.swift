@testable import CaucusHub
@testable import CaucusSync
import CaucusCore
import Foundation
import Logging
import PostgresNIO
import Testing

/// The URL of a PostgreSQL database the tests may create databases beside
/// (`CAUCUS_TEST_POSTGRES`; `.ci/run` starts a server and sets it).
let postgresURL = ProcessInfo.processInfo.environment["CAUCUS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

let silentLogger = Logger(label: "caucus-hub-test") { _ in SwiftLogNoOpLogHandler() }

/// Runs `body` with the URL of a new, empty database on the test server, dropped after.
func withPostgresDatabase<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
    let base = try #require(postgresURL, "CAUCUS_TEST_POSTGRES is not set")
    let name = "caucus_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
    try await admin(base, "CREATE DATABASE \(name)")
    var parts = try #require(URLComponents(string: base))
    parts.path = "/" + name
    do {
        let result = try await body(parts.string!)
        try await admin(base, "DROP DATABASE \(name) WITH (FORCE)")
        return result
    } catch {
        try? await admin(base, "DROP DATABASE \(name) WITH (FORCE)")
        throw error
    }
}

private func admin(_ url: String, _ sql: String) async throws {
    let client = PostgresClient(configuration: try PostgresHubStorage.configuration(url), backgroundLogger: silentLogger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: silentLogger)
        group.cancelAll()
    }
}

@Suite(.enabled(if: postgresURL != nil, "CAUCUS_TEST_POSTGRES names no PostgreSQL server")) struct PostgresHubTests {
    @Test func aPushToOneProcess_isPulledFromAnother_andWakesItsFeed() async throws {
        try await withPostgresDatabase { url in
            try await PostgresHubStorage.with(url: url, logger: silentLogger) { first in
                try await PostgresHubStorage.with(url: url, logger: silentLogger) { second in
                    #expect(first.identity.replica == second.identity.replica)
                    let directory = HubHarness.newDirectory()
                    try await HubHarness.with(storage: first, directory: directory) { one in
                        try await HubHarness.with(storage: second, directory: directory) { two in
                            let alice = try await one.editor("alice", role: .writer), bob = try await two.editor("bob", role: .reader)
                            let waiting = Task { try await blocking { try bob.client(two.url).feed(after: 0, timeout: 30) } }
                            try await Task.sleep(for: .milliseconds(300))
                            try alice.set("ucpa", "membership", .integer(7000))
                            try alice.set("ucpa", "founded", .integer(1993))
                            let pushed = try await blocking { try alice.sync(one.url).push(time: 1) }
                            #expect(pushed.added == 2 && pushed.sequence == 1)
                            let start = Date()
                            #expect(try await waiting.value == 1)
                            #expect(Date().timeIntervalSince(start) < 5)
                            let pulled = try await blocking { try bob.sync(two.url).pull(time: 2) }
                            #expect(pulled.added == 2)
                            #expect(try bob.dump() == alice.dump())
                            let again = try await blocking { try alice.sync(two.url).push(time: 3) }
                            #expect(again.operations == 0)
                        }
                    }
                }
            }
        }
    }

    @Test func refusedAndBrokenPushes_storeNothing() async throws {
        try await withPostgresDatabase { url in
            try await PostgresHubStorage.with(url: url, logger: silentLogger) { storage in
                try await HubHarness.with(storage: storage, directory: HubHarness.newDirectory()) { hub in
                    let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .reader)
                    let mallory = try await hub.editor("mallory", role: nil)
                    try bob.set("ucpa", "leader", .text("Ramiz Ahmadov"))
                    try mallory.set("ucpa", "leader", .text("Mallory"))
                    try await expectRefusal(403, "reader_cannot_push") { _ = try bob.sync(hub.url).push(time: 1) }
                    try await expectRefusal(403, "not_on_roster") { _ = try mallory.sync(hub.url).push(time: 1) }
                    try alice.set("ucpa", "founded", .integer(1993))
                    let file = hub.directory + "/alice.caucus-changes"
                    _ = try ChangesetWriter.export(from: alice.store, since: nil, to: file, time: 1)
                    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
                    bytes.removeLast(40)
                    try Data(bytes).write(to: URL(fileURLWithPath: file))
                    try await expectRefusal(400, "bad_changeset") { _ = try alice.client(hub.url).push(file: file) }
                    let state = try await storage.state()
                    #expect(state.sequence == 0 && state.versionVector.operationCount == 0 && state.replicas.isEmpty)
                }
            }
        }
    }

    @Test func theRosterNoncesAndAcknowledgements_liveInTheDatabase() async throws {
        try await withPostgresDatabase { url in
            try await PostgresHubStorage.with(url: url, logger: silentLogger) { storage in
                let key = [UInt8](repeating: 7, count: 32)
                _ = try await storage.addToRoster(RosterEntry(key: key, editor: "alice", role: .reader, added: 10))
                let promoted = try await storage.addToRoster(RosterEntry(key: key, editor: "alice", role: .writer, added: 20))
                #expect(promoted.role == .writer && promoted.added == 10)
                #expect(try await storage.revoke(key, time: 30)?.revoked == 30)
                #expect(try await storage.revoke(key, time: 40)?.revoked == 30)
                await #expect(throws: HubStorageError.keyRevoked(Hex.string(key))) {
                    _ = try await storage.addToRoster(RosterEntry(key: key, editor: "alice", role: .writer, added: 50))
                }
                #expect(try await storage.useNonce([1, 2], key: key, time: 100))
                #expect(try await !storage.useNonce([1, 2], key: key, time: 101))
                #expect(try await storage.useNonce([1, 2], key: key, time: 100 + HubLimits.nonceMemory + 1))
                let replica = ReplicaID.random()
                try await storage.acknowledge(VersionVector([replica: CounterSet(upTo: 4)]), replica: replica, key: key, time: 5)
                try await storage.acknowledge(VersionVector([replica: CounterSet(upTo: 9)]), replica: replica, key: key, time: 6)
                let acks = try await storage.acknowledgements()
                #expect(acks.count == 1 && acks[0].versionVector == VersionVector([replica: CounterSet(upTo: 9)]) && acks[0].editor == "alice")
            }
        }
    }

    @Test func migrationStatements_areSplitAtLineEndingSemicolons() {
        let statements = PostgresHubStorage.statements("-- a comment; not a statement\nCREATE TABLE a (\n  x INT\n);\n\nCREATE INDEX i ON a (x);\n")
        #expect(statements == ["CREATE TABLE a (\n  x INT\n);\n", "CREATE INDEX i ON a (x);\n"])
    }
}

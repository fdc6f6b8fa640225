@testable import CaucusHub
@testable import CaucusSync
import CaucusCore
import Crypto
import Foundation
import Testing

/// Authorship through the hub (h002): the authors' signed batches travel through it to every
/// client, and it refuses, as a replica would, an operation its author did not sign.
@Suite struct HubAuthorshipTests {
    @Test func aHubOnSQLite_passesOnTheAuthorsSignatures_andRefusesAnUnsignedOperationOfAnAuthorWhoSigns() async throws {
        try await HubHarness.with { hub in try await Self.relay(through: hub) }
    }

    @Test(.enabled(if: postgresURL != nil, "CAUCUS_TEST_POSTGRES is not set"))
    func aHubOnPostgres_passesOnTheAuthorsSignatures_andRefusesAnUnsignedOperationOfAnAuthorWhoSigns() async throws {
        try await withPostgresDatabase { url in
            try await PostgresHubStorage.with(url: url, logger: silentLogger) { storage in
                try await HubHarness.with(storage: storage, directory: HubHarness.newDirectory()) { hub in try await Self.relay(through: hub) }
            }
        }
    }

    static func relay(through hub: HubHarness) async throws {
        // Given: Alice pushes two edits, in two exports; Carol pulls them from the hub.
        let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .writer)
        let carol = try await hub.editor("carol", role: .reader)
        try alice.set("ucpa", "founded", .integer(1993))
        _ = try await blocking { try alice.sync(hub.url).push(time: 1) }
        try alice.set("ucpa", "registered", .integer(1995))
        _ = try await blocking { try alice.sync(hub.url).push(time: 2) }
        _ = try await blocking { try carol.sync(hub.url).pull(time: 3) }

        // Then: Carol holds Alice's own signed batches, checked against Alice's key.
        let signed = try alice.store.authorBatches().filter(\.batch.isSigned).map(\.batch)
        #expect(signed.map(\.counters) == [1...1, 2...2])
        #expect(try carol.store.authorBatches().map(\.batch) == signed)
        #expect(try carol.store.replicas().first { $0.info.id == alice.store.localReplica.id }?.info.publicKey == alice.publicKey)

        // When: Bob pushes a file of his own with a third operation in Alice's name, unsigned.
        var ops: [FactOperation] = []
        var plan: ExportPlan?
        try alice.store.exportOperations(since: nil, begin: { plan = $0 }) { ops.append($0) }
        var forged = ops[1]
        forged.dot = Dot(replica: alice.store.localReplica.id, counter: 3)
        forged.pred = [ops[1].dot]
        forged.value = .integer(1990)
        let me = ReplicaInfo(id: bob.store.localReplica.id, editor: "bob")
        var held = plan!.versionVector
        held[alice.store.localReplica.id] = CounterSet(upTo: 3)
        var bytes: [UInt8] = []
        var writer = try ChangesetStreamWriter(
            key: bob.signingKey, sender: me, schemaVersion: PartySchema.standard.version,
            replicas: [me, ReplicaInfo(id: alice.store.localReplica.id, editor: "alice")], fields: plan!.fields,
            versionVector: held, since: nil, operationCount: 1,
            batches: [AuthorBatch(replica: alice.store.localReplica.id, counters: 3...3, signature: nil)], time: 4) { bytes += $0 }
        try writer.append(forged)
        try writer.finish()
        let file = hub.directory + "/forged.caucus-changes"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let before = try await hub.storage.state()

        // Then: the hub refuses it with a JSON error, and stores nothing.
        try await expectRefusal(400, "bad_changeset") { _ = try bob.client(hub.url).push(file: file) }
        let after = try await hub.storage.state()
        #expect(after.sequence == before.sequence && after.versionVector == before.versionVector)
    }
}

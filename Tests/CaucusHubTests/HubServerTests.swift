@testable import CaucusSync
import CaucusCore
import CaucusHub
import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct HubServerTests {
    @Test func health_answers200_andInfoNamesTheHubAndItsKey() async throws {
        try await HubHarness.with { hub in
            let health = try await blocking { try hub.exchange.send(method: "GET", target: "/health", headers: []) }
            #expect(health.status == 200)
            #expect(String(decoding: health.body, as: UTF8.self) == #"{"status":"ok"}"#)
            let alice = try await hub.editor("alice", role: .writer)
            let info = try await blocking { try alice.client(hub.url).info() }
            #expect(info.replica == hub.storage.identity.replica)
            #expect(info.versions == [1])
            #expect(info.storage == "sqlite")
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: hub.storage.identity.signingKey)
            #expect(info.publicKey == Hex.string(key.publicKey.rawRepresentation))
        }
    }

    @Test func aPushIsStoredOnce_andAPullBringsItToAnotherReplica() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .reader)
            try alice.set("ucpa", "name_english", .text("United Communist Party of Azerbaijan"))
            try alice.set("ucpa", "membership", .integer(7000))
            let pushed = try await blocking { try alice.sync(hub.url).push(time: 1) }
            #expect(pushed.operations == 2 && pushed.added == 2 && pushed.sequence == 1)
            let again = try await blocking { try alice.sync(hub.url).push(time: 2) }
            #expect(again.operations == 0 && again.sequence == 1)
            let pulled = try await blocking { try bob.sync(hub.url).pull(time: 3) }
            #expect(pulled.operations == 2 && pulled.added == 2 && pulled.changesets == 1)
            #expect(try bob.dump() == alice.dump())
            #expect(try await hub.storage.acknowledgements().map(\.replica) == [bob.store.localReplica.id])
        }
    }

    @Test func theSameFilePushedTwice_isStoredOnce_andTheSequenceMovesOnlyForNews() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer)
            try alice.set("ucpa", "founded", .integer(1993))
            let file = hub.directory + "/alice.caucus-changes"
            _ = try ChangesetWriter.export(from: alice.store, since: nil, to: file, time: 1)
            let first = try await blocking { try alice.client(hub.url).push(file: file) }
            let second = try await blocking { try alice.client(hub.url).push(file: file) }
            #expect(first.added == 1 && first.sequence == 1)
            #expect(second.added == 0 && second.operations == 1 && second.sequence == 1)
        }
    }

    @Test func aPullWithALimit_comesInFinishedFiles_andConverges() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .reader)
            // Pushed in four exports, so in four signed batches: a limit cuts between them.
            for i in 0..<25 {
                try alice.set("p\(i)", "founded", .integer(Int64(1990 + i)))
                if i % 7 == 6 || i == 24 { _ = try await blocking { try alice.sync(hub.url).push(time: 1) } }
            }
            let seen = Mutex<[Int]>([])
            let report = try await blocking {
                var sync = try bob.sync(hub.url)
                sync.batch = 7
                return try sync.pull(time: 2) { r in seen.withLock { $0.append(r.operations) } }
            }
            #expect(report.changesets == 4 && report.operations == 25)
            #expect(seen.withLock { $0 } == [7, 14, 21])
            #expect(try bob.dump() == alice.dump())
        }
    }

    @Test func aWaitingFeed_wakesWhenAPushLands_andTimesOutWithTheSequence() async throws {
        try await HubHarness.with { hub in
            let alice = try await hub.editor("alice", role: .writer), bob = try await hub.editor("bob", role: .reader)
            let idle = try await blocking { try bob.client(hub.url).feed(after: 0, timeout: 1) }
            #expect(idle == 0)
            let woken = Task { try await blocking { (try bob.client(hub.url).feed(after: 0, timeout: 30), Date()) } }
            try await Task.sleep(for: .milliseconds(300))
            try alice.set("ucpa", "founded", .integer(1993))
            _ = try await blocking { try alice.sync(hub.url).push(time: 1) }
            let pushed = Date()
            let (sequence, returned) = try await woken.value
            #expect(sequence == 1)
            #expect(returned.timeIntervalSince(pushed) < 5, "the feed answered \(returned.timeIntervalSince(pushed)) s after the push")
            let already = try await blocking { try bob.client(hub.url).feed(after: 0, timeout: 30) }
            #expect(already == 1)
        }
    }

    @Test func acknowledgements_areListedWithTheirEditor() async throws {
        try await HubHarness.with { hub in
            let bob = try await hub.editor("bob", role: .reader)
            let vv = VersionVector([bob.store.localReplica.id: CounterSet(upTo: 3)])
            try await blocking { try bob.client(hub.url).acknowledge(vv, replica: bob.store.localReplica.id) }
            let acks = try await hub.storage.acknowledgements()
            #expect(acks.count == 1)
            #expect(acks.first?.editor == "bob" && acks.first?.versionVector == vv)
        }
    }

    @Test func anUnknownPath_is404WithAJSONError() async throws {
        try await HubHarness.with { hub in
            let response = try await blocking { try hub.exchange.send(method: "GET", target: "/v2/anything", headers: []) }
            #expect(response.status == 404)
            #expect(String(decoding: response.body, as: UTF8.self).contains(#""code":"not_found""#))
        }
    }
}

import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import Testing

/// The trust model (``TrustStore``, the README's trust section): pinning, forgeries, strict mode, revocation, relays.
@Suite struct TrustTests {
    let folder = ScratchFolder("caucus-trust")

    /// Alice's replica with one edit, and its full export.
    func aliceWithChangeset() throws -> (PartyStore, String) {
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"membership","value":7000}"#])
        let file = folder.file("alice.caucus-changes")
        try Replica.export(alice, to: file)
        return (alice, file)
    }

    @Test func firstChangeset_fromUnknownKey_isPinned_withNotice() throws {
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")

        let first = try Replica.import(file, into: bob)
        #expect(first.pinnedNewKey)
        #expect(first.added == 1)
        let pinned = try TrustStore(bob).entries().first { $0.editor == "alice" }
        #expect(pinned?.status == .pinned)
        #expect(pinned?.replicas == [alice.localReplica.id])
        #expect(pinned?.publicKeyHex == (try SigningIdentity.publicKeyHex(of: alice)))

        let again = try Replica.import(file, into: bob)
        #expect(!again.pinnedNewKey)
        #expect(again.added == 0)
    }

    @Test func changeset_claimingKnownReplica_withAnotherKey_isRefusedAsForgery() throws {
        // Given: Bob has pinned Alice's key.
        let (_, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let before = try Replica.snapshot(bob)

        // When: Mallory re-signs a changeset that claims Alice's replica, with new content.
        let (header, decoded) = try ChangesetForge.decode(file)
        var ops = decoded
        ops[0].value = .integer(1)
        let mallory = Curve25519.Signing.PrivateKey()
        let forged = ChangesetForge.write(try ChangesetForge.forge(header, ops, signedBy: mallory), to: folder.file("forged"))

        // Then: refused as a forgery, nothing changed.
        #expect(throws: ChangesetError.forgery(file: forged, editor: "alice", replica: header.sender.id.rawValue)) {
            try Replica.import(forged, into: bob)
        }
        #expect(try Replica.snapshot(bob) == before)
    }

    @Test func changeset_claimingKnownEditor_fromAnotherReplica_isRefusedAsForgery() throws {
        let (_, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let before = try Replica.snapshot(bob)

        // Mallory makes her own replica and calls herself alice.
        let fake = try Replica.make("alice")
        try Replica.edit(fake, [#"{"op":"set","party":"ucpa","field":"membership","value":1}"#])
        let forged = folder.file("fake-alice.caucus-changes")
        try Replica.export(fake, to: forged)

        #expect(throws: ChangesetError.forgery(file: forged, editor: "alice", replica: fake.localReplica.id.rawValue)) {
            try Replica.import(forged, into: bob)
        }
        #expect(try Replica.snapshot(bob) == before)
    }

    @Test func pinnedKey_claimingAnotherEditor_isRefusedAsForgery() throws {
        // Alice's key is pinned; a changeset signed with it that says it is from "carol" is refused.
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let (header, ops) = try ChangesetForge.decode(file)
        var renamed = header
        let carol = ReplicaID.random()
        renamed.sender = ReplicaInfo(id: carol, editor: "carol")
        renamed.replicas = (header.replicas.filter { $0.id != alice.localReplica.id }
                            + [ReplicaInfo(id: carol, editor: "carol", publicKey: header.sender.publicKey)])
            .sorted { $0.id < $1.id }
        renamed.batches = header.batches.map { AuthorBatch(replica: carol, counters: $0.counters, signature: $0.signature) }
        renamed.versionVector[carol] = header.versionVector[alice.localReplica.id]
        let moved = ops.map { op -> FactOperation in var op = op; op.dot.replica = carol; return op }
        let forged = ChangesetForge.write(try ChangesetForge.forge(renamed, moved, signedBy: try SigningIdentity.privateKey(of: alice)),
                                          to: folder.file("carol"))
        #expect(throws: ChangesetError.forgery(file: forged, editor: "carol", replica: carol.rawValue)) {
            try Replica.import(forged, into: bob)
        }
    }

    @Test func strictMode_refusesUnknownKey_andAcceptsAddedKey() throws {
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        let trust = TrustStore(bob)
        try trust.setMode(.strict)
        #expect(try trust.mode() == .strict)
        let before = try Replica.snapshot(bob)

        #expect(throws: ChangesetError.untrustedKey(file: file, editor: "alice", replica: alice.localReplica.id.rawValue)) {
            try Replica.import(file, into: bob)
        }
        #expect(try Replica.snapshot(bob) == before)

        try trust.add(publicKeyHex: try SigningIdentity.publicKeyHex(of: alice), editor: "alice", time: 1)
        let report = try Replica.import(file, into: bob)
        #expect(report.added == 1)
        #expect(!report.pinnedNewKey)
        let entry = try trust.entries().first { $0.editor == "alice" }
        #expect(entry?.status == .trusted)
        #expect(entry?.replicas == [alice.localReplica.id])
    }

    @Test func revokedKey_isRefused_andStaysRevoked() throws {
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let trust = TrustStore(bob)
        let revoked = try trust.revoke("alice", time: 2)
        #expect(revoked.map(\.status) == [.revoked])
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"membership","value":7100}"#])
        try Replica.export(alice, to: file)
        let before = try Replica.snapshot(bob)

        #expect(throws: ChangesetError.revokedKey(file: file, editor: "alice", replica: alice.localReplica.id.rawValue)) {
            try Replica.import(file, into: bob)
        }
        #expect(try Replica.snapshot(bob) == before)
        #expect(throws: TrustError.keyRevoked(key: try SigningIdentity.publicKeyHex(of: alice), editor: "alice")) {
            try trust.add(publicKeyHex: try SigningIdentity.publicKeyHex(of: alice), editor: "alice", time: 3)
        }
    }

    @Test func revokedKey_isRefused_evenBeforeItsFirstChangeset() throws {
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        let trust = TrustStore(bob)
        let hex = try SigningIdentity.publicKeyHex(of: alice)
        try trust.add(publicKeyHex: hex, editor: "alice", time: 1)
        try trust.revoke(String(hex.prefix(10)), time: 2)
        #expect(throws: ChangesetError.revokedKey(file: file, editor: "alice", replica: alice.localReplica.id.rawValue)) {
            try Replica.import(file, into: bob)
        }
    }

    @Test func secondReplicaOfAnEditor_isAccepted_onceItsKeyIsAdded() throws {
        let (_, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let laptop = try Replica.make("alice")
        try Replica.edit(laptop, [#"{"op":"set","party":"greens","field":"name","value":"Greens"}"#])
        let second = folder.file("alice-laptop.caucus-changes")
        try Replica.export(laptop, to: second)

        #expect(throws: ChangesetError.self) { try Replica.import(second, into: bob) }
        try TrustStore(bob).add(publicKeyHex: try SigningIdentity.publicKeyHex(of: laptop), editor: "alice", time: 1)
        #expect(try Replica.import(second, into: bob).added == 1)
    }

    @Test func trustAdd_refusesMalformedOwnAndOtherEditorsKeys() throws {
        let (alice, file) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(file, into: bob)
        let trust = TrustStore(bob)
        #expect(throws: TrustError.invalidKey("abc")) { try trust.add(publicKeyHex: "abc", editor: "x", time: 1) }
        #expect(throws: TrustError.ownKey) { try trust.add(publicKeyHex: try SigningIdentity.publicKeyHex(of: bob), editor: "bob", time: 1) }
        #expect(throws: TrustError.ownKey) { try trust.revoke("bob", time: 1) }
        let aliceKey = try SigningIdentity.publicKeyHex(of: alice)
        #expect(throws: TrustError.keyOfAnotherEditor(key: aliceKey, editor: "alice")) {
            try trust.add(publicKeyHex: aliceKey, editor: "mallory", time: 1)
        }
        #expect(throws: TrustError.noSuchKey("nobody", editors: ["alice", "bob"])) { try trust.revoke("nobody", time: 1) }
        // A key copied from a mail with spaces or colons still parses.
        let spaced = stride(from: 0, to: 64, by: 4).map { i in
            String(aliceKey[aliceKey.index(aliceKey.startIndex, offsetBy: i)..<aliceKey.index(aliceKey.startIndex, offsetBy: i + 4)])
        }.joined(separator: " ")
        #expect(TrustStore.parseKey(spaced.uppercased()) == TrustStore.parseKey(aliceKey))
    }

    @Test func relayedOperations_keepTheirOriginalAuthor() throws {
        // Given: A edits, B imports A's changeset and edits too, C imports only B's export.
        let (alice, fromAlice) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(fromAlice, into: bob)
        try Replica.edit(bob, [#"{"op":"set","party":"greens","field":"name","value":"Greens"}"#])
        let fromBob = folder.file("bob.caucus-changes")
        try Replica.export(bob, to: fromBob)
        let carol = try Replica.make("carol")

        // When
        let report = try Replica.import(fromBob, into: carol)

        // Then: the file's sender is Bob, but Alice's operation is still Alice's.
        #expect(report.sender.editor == "bob")
        #expect(report.added == 2)
        let replicas = try carol.replicas()
        let aliceAtCarol = replicas.first { $0.info.id == alice.localReplica.id }
        #expect(aliceAtCarol?.info.editor == "alice")
        #expect(aliceAtCarol?.operationCount == 1)
        #expect(aliceAtCarol?.info.publicKey == [UInt8](try SigningIdentity.privateKey(of: alice).publicKey.rawRepresentation),
                "Alice's key travels with her signed batch, and is pinned from it")
        #expect(replicas.first { $0.info.id == bob.localReplica.id }?.operationCount == 1)
        let fromCarol = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: fromCarol)
        let (_, ops) = try ChangesetForge.decode(fromCarol)
        let membership = ops.first { $0.field == "membership" }
        #expect(membership?.dot.replica == alice.localReplica.id)
        #expect(ops.first { $0.field == "name" }?.dot.replica == bob.localReplica.id)

        // And Alice's own changeset, arriving later, is from a key Carol holds already.
        let direct = try Replica.import(fromAlice, into: carol)
        #expect(!direct.pinnedNewKey)
        #expect(direct.added == 0)
    }

    @Test func relayLyingAboutAnAuthorsName_isCorrected_byTheAuthorsOwnChangeset() throws {
        // Given: Bob relays Alice's operation but names her replica "mallory".
        let (alice, fromAlice) = try aliceWithChangeset()
        let bob = try Replica.make("bob")
        try Replica.import(fromAlice, into: bob)
        let fromBob = folder.file("bob.caucus-changes")
        try Replica.export(bob, to: fromBob)
        let (decoded, ops) = try ChangesetForge.decode(fromBob)
        var header = decoded
        header.replicas = header.replicas.map { $0.id == alice.localReplica.id ? ReplicaInfo(id: $0.id, editor: "mallory", publicKey: $0.publicKey) : $0 }
        let lying = ChangesetForge.write(try ChangesetForge.forge(header, ops, signedBy: try SigningIdentity.privateKey(of: bob)),
                                         to: folder.file("lying"))
        let carol = try Replica.make("carol")
        try Replica.import(lying, into: carol)
        #expect(try carol.replicas().first { $0.info.id == alice.localReplica.id }?.info.editor == "mallory")

        // When: Alice's own signed changeset arrives.
        try Replica.import(fromAlice, into: carol)

        // Then: her signed word on her name wins.
        #expect(try carol.replicas().first { $0.info.id == alice.localReplica.id }?.info.editor == "alice")
    }
}

import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import Testing

/// Authorship that survives relaying (format 3, m006): each replica signs the batches of its own
/// operations, the signatures travel with them, and an import refuses what its author did not sign.
@Suite struct AuthorshipTests {
    let folder = ScratchFolder("caucus-authorship")

    static let membership = #"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"the party itself"}"#

    /// Alice with one edit and its export; Bob, who imported it and edited, and his full export.
    func aliceAndBob() throws -> (alice: PartyStore, bob: PartyStore, fromAlice: String, fromBob: String) {
        let alice = try Replica.make("alice"), bob = try Replica.make("bob")
        try Replica.edit(alice, [Self.membership])
        let fromAlice = folder.file("alice.caucus-changes")
        try Replica.export(alice, to: fromAlice)
        try Replica.import(fromAlice, into: bob)
        try Replica.edit(bob, [#"{"op":"set","party":"greens","field":"name","value":"Greens"}"#])
        let fromBob = folder.file("bob.caucus-changes")
        try Replica.export(bob, to: fromBob)
        return (alice, bob, fromAlice, fromBob)
    }

    @Test func anExport_signsTheExportersNewOperations_inOneBatch_andTheNextExportSignsOnlyLaterOnes() throws {
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [Self.membership, #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}"#])
        try Replica.export(alice, to: folder.file("one"))
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"founded","value":1993}"#])
        try Replica.export(alice, to: folder.file("two"))
        try Replica.export(alice, to: folder.file("three"))
        let batches = try alice.authorBatches().map(\.batch)
        #expect(batches.map(\.counters) == [1...2, 3...3])
        #expect(batches.allSatisfy { $0.isSigned })
        let header = try ChangesetReader(path: folder.file("three")).header
        #expect(header.batches == batches)
        #expect(header.replicas.first { $0.id == alice.localReplica.id }?.publicKey == header.sender.publicKey)
    }

    @Test func relayedOperations_keepTheirAuthorsSignature_throughAThirdReplica() throws {
        let (alice, bob, _, fromBob) = try aliceAndBob()
        let carol = try Replica.make("carol")
        try Replica.import(fromBob, into: carol)
        let atCarol = try carol.authorBatches()
        #expect(atCarol.map(\.batch) == (try bob.authorBatches().map(\.batch)).filter(\.isSigned))
        #expect(atCarol.contains { $0.batch.replica == alice.localReplica.id && $0.batch.isSigned })

        // And Carol passes them on, still Alice's, to Dave.
        let fromCarol = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: fromCarol)
        let dave = try Replica.make("dave")
        try Replica.import(fromCarol, into: dave)
        #expect(try dave.authorBatches().filter { $0.batch.replica == alice.localReplica.id } == atCarol.filter { $0.batch.replica == alice.localReplica.id })
        #expect(try Replica.dump(dave) == Replica.dump(bob))
    }

    @Test func aRelayThatAltersAnAuthorsOperation_andSignsTheFileItself_isRefused_andNothingChanges() throws {
        let (alice, bob, _, fromBob) = try aliceAndBob()
        let (header, decoded) = try ChangesetForge.decode(fromBob)
        var ops = decoded
        let i = ops.firstIndex { $0.dot.replica == alice.localReplica.id }!
        ops[i].value = .integer(70_000)
        let forged = ChangesetForge.write(try ChangesetForge.forge(header, ops, signedBy: try SigningIdentity.privateKey(of: bob)),
                                          to: folder.file("altered"))
        let carol = try Replica.make("carol")
        let before = try Replica.snapshot(carol)
        #expect { try Replica.import(forged, into: carol) } throws: { error in
            guard case .malformed(_, _, let detail) = error as? ChangesetError else { return false }
            return detail.contains("not signed by its author's key")
        }
        #expect(try Replica.snapshot(carol) == before)
    }

    @Test func anOperationInTheImportersOwnName_thatItDoesNotHold_isRefused() throws {
        // Given: Carol has sent Bob her edit; Bob writes a file with a new operation in Carol's name.
        let (_, bob, _, _) = try aliceAndBob()
        let carol = try Replica.make("carol")
        try Replica.edit(carol, [#"{"op":"set","party":"pyrates","field":"name","value":"Pirates"}"#])
        let fromCarol = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: fromCarol)
        try Replica.import(fromCarol, into: bob)
        let inCarolsName = try forgedOperation(by: bob, in: carol.localReplica.id, counter: 2, from: fromCarol)
        let before = try Replica.snapshot(carol)

        // Then
        #expect { try Replica.import(inCarolsName, into: carol) } throws: { error in
            guard case .authorship(_, let detail) = error as? ChangesetError else { return false }
            return detail.contains("this replica's own name")
        }
        #expect(try Replica.snapshot(carol) == before)
    }

    @Test func anUnsignedOperationOfAnAuthorWhoSigns_isRefused_butHerOlderUnsignedOnesAreVouchedFor() throws {
        // Given: Carol holds Alice's signed batch; Bob writes a new operation in Alice's name, unsigned.
        let (alice, bob, fromAlice, _) = try aliceAndBob()
        let carol = try Replica.make("carol")
        try Replica.import(fromAlice, into: carol)
        let unsigned = try forgedOperation(by: bob, in: alice.localReplica.id, counter: 2, from: fromAlice)
        let before = try Replica.snapshot(carol)

        // Then: refused at Carol, who knows Alice signs from counter 1 on.
        #expect { try Replica.import(unsigned, into: carol) } throws: { error in
            guard case .authorship(_, let detail) = error as? ChangesetError else { return false }
            return detail.contains("not signed by its author")
        }
        #expect(try Replica.snapshot(carol) == before)

        // And Dave, who has never heard of Alice, takes it as vouched for by Bob.
        let dave = try Replica.make("dave")
        try Replica.import(unsigned, into: dave)
        #expect(try dave.authorBatches() == [AuthorBatchRecord(batch: AuthorBatch(replica: alice.localReplica.id, counters: 2...2, signature: nil),
                                                               vouchedBy: bob.localReplica.id)])
    }

    @Test func twoDifferentBatchesSignedForTheSameCounters_areRefused_asTwoVersions() throws {
        // Given: Alice's replica restored from a copy, so that two of its states reuse counter 2.
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [Self.membership])
        let twin = try alice.temporaryCopy()
        defer { twin.remove() }
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"founded","value":1993}"#])
        try Replica.edit(twin.store, [#"{"op":"set","party":"ucpa","field":"founded","value":1995}"#])
        let one = folder.file("one"), two = folder.file("two")
        try Replica.export(alice, to: one)
        try Replica.export(twin.store, to: two)
        let bob = try Replica.make("bob")
        try Replica.import(one, into: bob)
        let before = try Replica.snapshot(bob)

        // Then
        #expect { try Replica.import(two, into: bob) } throws: { error in
            guard case .authorship(_, let detail) = error as? ChangesetError else { return false }
            return detail.contains("signed two versions")
        }
        #expect(try Replica.snapshot(bob) == before)
    }

    @Test func aDeltaExport_sendsASignedBatchWhole_whenThePeerHoldsPartOfIt() throws {
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [Self.membership, #"{"op":"set","party":"ucpa","field":"founded","value":1993}"#,
                                 #"{"op":"set","party":"ucpa","field":"registered","value":1995}"#])
        var peer = VersionVector()
        peer[alice.localReplica.id] = CounterSet(upTo: 1)
        let file = folder.file("delta")
        try Replica.export(alice, to: file, since: peer)
        let reader = try ChangesetReader(path: file)
        #expect(reader.header.operationCount == 3)
        #expect(reader.header.since?[alice.localReplica.id].isEmpty == true)
        #expect(reader.header.batches.map(\.counters) == [1...3])
    }

    @Test func aSignatureNamesItsReplicaAndRange_andCannotBeMovedToOtherOperations() throws {
        let key = Curve25519.Signing.PrivateKey(), publicKey = [UInt8](key.publicKey.rawRepresentation)
        let ops = try RelayCodecTests.operations()
        let replica = ops[0].dot.replica
        let mine = ops.filter { $0.dot.replica == replica }
        func digest(_ r: ReplicaID, _ counters: ClosedRange<Int64>, _ ops: [FactOperation]) -> BatchDigest {
            var d = BatchDigest(replica: r, counters: counters)
            for op in ops { d.add(op) }
            return d
        }
        let range = mine.first!.dot.counter...mine.last!.dot.counter
        let signature = [UInt8](try key.signature(for: digest(replica, range, mine).finalize()))
        #expect(digest(replica, range, mine).isSigned(signature, by: publicKey))
        #expect(!digest(.random(), range, mine).isSigned(signature, by: publicKey))
        #expect(!digest(replica, range.lowerBound...(range.upperBound + 1), mine).isSigned(signature, by: publicKey))
        #expect(!digest(replica, range, Array(mine.dropLast())).isSigned(signature, by: publicKey))
        #expect(!digest(replica, range, mine).isSigned(signature, by: [UInt8](Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
    }

    @Test func aSignedBatch_joinsAStore_onlyBesideWhatItHoldsSignedOrBelow() throws {
        let r = ReplicaID.random()
        let batch = AuthorBatch(replica: r, counters: 5...6, signature: Array(repeating: 1, count: 64))
        let other = AuthorBatch(replica: r, counters: 4...6, signature: Array(repeating: 2, count: 64))
        #expect(try batch.isNew(met: [], held: CounterSet(upTo: 4), signedAbove: 0))
        #expect(try !batch.isNew(met: [batch], held: CounterSet(upTo: 6), signedAbove: 0))
        #expect(throws: AuthorBatch.Conflict.heldSigned) { try batch.isNew(met: [other], held: CounterSet(upTo: 6), signedAbove: 0) }
        #expect(throws: AuthorBatch.Conflict.heldUnsigned) { try batch.isNew(met: [], held: CounterSet(upTo: 5), signedAbove: 0) }
        #expect(throws: AuthorBatch.Conflict.heldUnsigned) { try batch.isNew(met: [], held: CounterSet(ranges: [1...4, 9...9]), signedAbove: 0) }
        #expect(try batch.isNew(met: [], held: CounterSet(ranges: [1...4, 9...9]), signedAbove: 1))
    }

    /// A changeset from `relay` holding one operation in `author`'s name with `counter`, made from
    /// the first operation of `template`, vouched for by the relay (no author signature).
    func forgedOperation(by relay: PartyStore, in author: ReplicaID, counter: Int64, from template: String) throws -> String {
        let (decoded, ops) = try ChangesetForge.decode(template)
        var header = decoded
        var op = ops[0]
        op.dot = Dot(replica: author, counter: counter)
        op.pred = []
        op.context = nil
        let me = try SigningIdentity.privateKey(of: relay)
        header.sender = ReplicaInfo(id: relay.localReplica.id, editor: relay.localReplica.editor)
        header.replicas = [header.sender, ReplicaInfo(id: author, editor: "someone")].sorted { $0.id < $1.id }
        header.versionVector = VersionVector()
        header.versionVector[author] = CounterSet(upTo: counter)
        header.since = nil
        header.operationCount = 1
        header.batches = [AuthorBatch(replica: author, counters: counter...counter, signature: nil)]
        return ChangesetForge.write(try ChangesetForge.forge(header, [op], signedBy: me), to: folder.file("forged-\(UUID().uuidString.prefix(6))"))
    }
}

import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import GRDB
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

    @Test func theChainKeptAsEditsAreWritten_isTheDigestOfTheOperationsAsStored_andAnExportSignsItForAnyReaderToCheck() throws {
        // Given: a replica that keeps its author chain, holding Bob's operations, edited in
        // several transactions with every kind of operation, preds and a delete context naming Bob.
        let alice = try Replica.make("alice", chained: true), bob = try Replica.make("bob"), carol = try Replica.make("carol")
        let folder = ScratchFolder("caucus-chain")
        try Replica.edit(bob, [#"{"op":"set","party":"ucpa","field":"leader","value":"Ramiz Ahmadov"}"#])
        try Replica.export(bob, to: folder.file("bob"))
        try Replica.import(folder.file("bob"), into: alice)
        try Replica.edit(alice, [
            #"{"op":"set","party":"ucpa","field":"name","value":"United Communist Party of Azerbaijan","source":"Party Facts"}"#,
            #"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"party's own figure","as_of":"2005"}"#,
            #"{"op":"set","party":"ucpa","field":"vote_share","value":8.3}"#,
            #"{"op":"set","party":"ucpa","field":"leader","value":"Mayis Tukanov"}"#,
        ])
        try Replica.edit(alice, [
            #"{"op":"claim","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"1997","note":"according to the Justice Ministry"}"#,
            #"{"op":"rank","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"1997","rank":"deprecated"}"#,
            #"{"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}}"#,
            #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}"#,
            #"{"op":"remove","party":"ucpa","field":"ideology","value":"Communism"}"#,
            #"{"op":"clear","party":"ucpa","field":"vote_share"}"#,
        ])
        try Replica.edit(alice, [#"{"op":"delete","party":"ucpa","reason":"test"}"#])
        try Replica.edit(alice, [#"{"op":"restore","party":"ucpa"}"#])
        // Groups of the chain end inside this transaction, which continues the pending group stored by the last.
        try Replica.edit(alice, (1...150).map { #"{"op":"set","party":"p\#($0)","field":"name","value":"Party \#($0)"}"# })
        let me = alice.localReplica.id

        // Then: the stored head is the chain over Alice's operations as the store reads them back.
        func chain() throws -> (first: Int64, last: Int64, head: [UInt8], pending: [UInt8])? {
            try alice.writer.read { db in
                try Row.fetchOne(db, sql: "SELECT first, last, head, pending FROM op_chain")
                    .map { ($0[0], $0[1], [UInt8]($0[2] as Data), [UInt8]($0[3] as Data)) }
            }
        }
        var digest = BatchDigest(replica: me, first: 1)
        var mine: [FactOperation] = []
        try alice.exportOperations(since: nil, begin: { _ in }) { if $0.dot.replica == me { mine.append($0) } }
        for op in mine { digest.add(op) }
        #expect(Set(mine.map(\.kind)) == Set(OperationKind.allCases))
        let stored = try #require(try chain())
        #expect(stored.first == 1 && stored.last == Int64(mine.count))
        #expect(stored.head == digest.head && stored.pending == digest.pending)

        // And: an export signs that head, and a reader checks the signature against the operations.
        try Replica.export(alice, to: folder.file("alice"))
        #expect(try chain() == nil)
        #expect(try alice.authorBatches().filter { $0.batch.replica == me }.map(\.batch.counters) == [1...Int64(mine.count)])
        try Replica.import(folder.file("alice"), into: carol)
        #expect(try Replica.dump(carol) == Replica.dump(alice))

        // And: the next edits start a chain after that batch, which the next export signs.
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"founded","value":1993}"#])
        #expect(try chain()?.first == Int64(mine.count) + 1)
        try Replica.export(alice, to: folder.file("alice-2"), since: try carol.versionVector())
        try Replica.import(folder.file("alice-2"), into: carol)
        #expect(try Replica.dump(carol) == Replica.dump(alice))
    }

    @Test func aChainLeftBehindByAStoreThatDoesNotKeepIt_isCaughtUpFromTheStoredOperations_andItsBatchImportsVerified() throws {
        // Given: edits written with the chain kept, then more through a store opened without it.
        let folder = ScratchFolder("caucus-chain-behind")
        let queue = try DatabaseQueue(path: folder.file("alice.caucus"))
        let chained = try PartyStore(writer: queue, editor: "alice", authorChain: AuthorChain(), checkingInvariants: true)
        _ = try SigningIdentity.privateKey(of: chained)
        try Replica.edit(chained, [#"{"op":"set","party":"ucpa","field":"founded","value":1993}"#])
        let plain = try PartyStore(writer: queue, authorChain: nil, checkingInvariants: true)
        try Replica.edit(plain, [#"{"op":"set","party":"ucpa","field":"membership","value":7000}"#])
        // When: the chained store edits again, catching its chain up over both, and exports.
        try Replica.edit(chained, [#"{"op":"set","party":"ucpa","field":"registered","value":1995}"#])
        let caughtUp = try queue.read { db in try Row.fetchOne(db, sql: "SELECT first, last FROM op_chain") }
        #expect(caughtUp?[0] == 1 && caughtUp?[1] == 3)
        try Replica.export(chained, to: folder.file("out"))
        // Then: the batch holds all three operations and imports verified.
        #expect(try chained.authorBatches().map(\.batch.counters) == [1...3])
        let bob = try Replica.make("bob")
        try Replica.import(folder.file("out"), into: bob)
        #expect(try Replica.dump(bob) == Replica.dump(chained))
    }

    @Test func aSignatureNamesItsReplicaAndRange_andCannotBeMovedToOtherOperations() throws {
        let key = Curve25519.Signing.PrivateKey(), publicKey = [UInt8](key.publicKey.rawRepresentation)
        let ops = try RelayCodecTests.operations()
        let replica = ops[0].dot.replica
        let mine = ops.filter { $0.dot.replica == replica }
        func digest(_ r: ReplicaID, _ counters: ClosedRange<Int64>, _ ops: [FactOperation]) -> (digest: BatchDigest, last: Int64) {
            var d = BatchDigest(replica: r, first: counters.lowerBound)
            for op in ops { d.add(op) }
            return (d, counters.upperBound)
        }
        func isSigned(_ d: (digest: BatchDigest, last: Int64), _ signature: [UInt8], by key: [UInt8]) -> Bool {
            d.digest.isSigned(signature, by: key, last: d.last)
        }
        let range = mine.first!.dot.counter...mine.last!.dot.counter
        let signature = [UInt8](try key.signature(for: digest(replica, range, mine).digest.finalize(last: range.upperBound)))
        #expect(isSigned(digest(replica, range, mine), signature, by: publicKey))
        #expect(!isSigned(digest(.random(), range, mine), signature, by: publicKey))
        #expect(!isSigned(digest(replica, range.lowerBound...(range.upperBound + 1), mine), signature, by: publicKey))
        #expect(!isSigned(digest(replica, (range.lowerBound - 1)...range.upperBound, mine), signature, by: publicKey))
        #expect(!isSigned(digest(replica, range, Array(mine.dropLast())), signature, by: publicKey))
        #expect(!isSigned(digest(replica, range, mine.reversed()), signature, by: publicKey))
        #expect(!isSigned(digest(replica, range, mine), signature, by: [UInt8](Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
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

import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import Testing

/// What a relay needs from CaucusSync: one canonical form of an operation, a changeset written
/// from operations held as values, and signed requests.
@Suite struct RelayCodecTests {
    let folder = ScratchFolder("caucus-relay")

    /// Every kind of operation, with claims, qualifiers, an election result, preds and a delete context.
    static func operations() throws -> [FactOperation] {
        let alice = try Replica.make("alice"), bob = try Replica.make("bob")
        try Replica.edit(alice, [
            #"{"op":"set","party":"ucpa","field":"name","value":"United Communist Party of Azerbaijan","source":"Party Facts"}"#,
            #"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"party's own figure","as_of":"2005"}"#,
            #"{"op":"set","party":"ucpa","field":"vote_share","value":8.3}"#,
            #"{"op":"claim","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"1997","note":"according to the Justice Ministry"}"#,
            #"{"op":"rank","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"1997","rank":"deprecated"}"#,
            #"{"op":"claim","party":"ucpa","field":"election_result","value":{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}}"#,
            #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}"#,
            #"{"op":"remove","party":"ucpa","field":"ideology","value":"Communism"}"#,
            #"{"op":"set","party":"dup","field":"name","value":"A duplicate"}"#,
        ])
        let scratch = ScratchFolder("caucus-relay-base")
        let base = scratch.file("base.caucus-changes")
        try Replica.export(alice, to: base)
        try Replica.import(base, into: bob)
        try Replica.edit(bob, [
            #"{"op":"delete","party":"dup","reason":"duplicate of ucpa"}"#,
            #"{"op":"clear","party":"ucpa","field":"vote_share"}"#,
            #"{"op":"restore","party":"dup"}"#,
        ])
        var ops: [FactOperation] = []
        try bob.exportOperations(since: nil, begin: { _ in }) { ops.append($0) }
        return ops
    }

    @Test func canonicalBytes_ofEveryKindOfOperation_decodeToTheSameOperation_andEncodeAgainToTheSameBytes() throws {
        let ops = try Self.operations()
        #expect(Set(ops.map(\.kind)) == Set(OperationKind.allCases))
        for op in ops {
            let bytes = CanonicalOperation.encode(op)
            let back = try CanonicalOperation.decode(bytes)
            #expect(back == op)
            #expect(CanonicalOperation.encode(back) == bytes)
        }
    }

    @Test func canonicalBytes_areTheOperationsOwnTables_thenItsRecord_asTheFormatSpecifiesThem() throws {
        // Given: a set by replica b…b that supersedes an operation of replica a…a.
        let a = ReplicaID(String(repeating: "a", count: 32))!, b = ReplicaID(String(repeating: "b", count: 32))!
        let op = FactOperation(dot: Dot(replica: b, counter: 3), party: "ucpa", field: "name", kind: .set,
                               value: .text("UCPA"), pred: [Dot(replica: a, counter: 2)], time: 5)
        // Then: two sorted replica ids, the field, then the record (set | new replica | value | pred),
        // b at position 1, counter 3, party by id, field 0 + 1, time 5 zig-zagged, text, one pred.
        var expected: [UInt8] = [2, 32] + Array(a.rawValue.utf8) + [32] + Array(b.rawValue.utf8) + [4] + Array("name".utf8)
        expected += [1 | 8 | 16 | 32, 1, 3, 0, 4] + Array("ucpa".utf8) + [1, 10, 1, 4] + Array("UCPA".utf8) + [1, 0, 2]
        #expect(CanonicalOperation.encode(op) == expected)
    }

    @Test func canonicalBytes_ofAnOperationNamingManyReplicas_listEachOnceInOrder_andDecodeToIt() throws {
        // Given: a delete whose preds and context name twelve replicas, some of them twice.
        let replicas = (0..<12).map { _ in ReplicaID.random() }
        let context = VersionVector(Dictionary(uniqueKeysWithValues: replicas.map { ($0, CounterSet(upTo: 3)) }))
        let op = FactOperation(dot: Dot(replica: replicas[5], counter: 4), party: "dup", field: "", kind: .delete,
                               pred: replicas.prefix(6).map { Dot(replica: $0, counter: 2) }, context: context, time: 9,
                               source: "duplicate of ucpa")
        let bytes = CanonicalOperation.encode(op)
        // Then: the table holds the twelve ids once each, sorted, and the bytes decode to the operation.
        var expectedTable: [UInt8] = [12]
        for id in replicas.sorted() { expectedTable += [32] + Array(id.rawValue.utf8) }
        #expect(Array(bytes.prefix(expectedTable.count)) == expectedTable)
        #expect(try CanonicalOperation.decode(bytes) == op)
    }

    @Test func oneCanonicalEncoder_reusedOverManyOperationsInAnyOrder_givesEachTheBytesOfAFreshOne() throws {
        let ops = try Self.operations()
        var encoder = CanonicalEncoder()
        for op in ops + ops.reversed() + zip(ops, ops.reversed()).flatMap({ [$0, $1] }) {
            encoder.encode(op)
            #expect(encoder.bytes == CanonicalOperation.encode(op))
            #expect(try CanonicalOperation.decode(encoder.bytes) == op)
        }
    }

    @Test func canonicalBytes_truncatedOrWithBytesAfterTheOperation_areRefused() throws {
        let bytes = CanonicalOperation.encode(try Self.operations()[1])
        for cut in [0, 1, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CanonicalOperationError.self) { try CanonicalOperation.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: CanonicalOperationError.malformed("bytes after the operation")) { try CanonicalOperation.decode(bytes + [0]) }
    }

    @Test func streamWriter_writesAChangesetSignedByTheRelay_thatImportsToTheSenderOfTheOperationsState_withTheAuthorsSignatures() throws {
        // Given: Alice's operations, signed by her first export, held as values by a relay with a key of its own.
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [
            #"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"party's own figure","as_of":"2005"}"#,
            #"{"op":"claim","party":"ucpa","field":"membership","value":5000,"source":"press estimate","as_of":"2005"}"#,
            #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}"#,
        ])
        try Replica.export(alice, to: folder.file("signs.caucus-changes"))
        var ops: [FactOperation] = []
        var plan: ExportPlan?
        try alice.exportOperations(since: nil, begin: { plan = $0 }) { ops.append($0) }
        #expect(plan!.batches.map(\.isSigned) == [true])
        let relayKey = Curve25519.Signing.PrivateKey()
        let relay = ReplicaInfo(id: ReplicaID.random(), editor: "hub")

        // When: the relay writes them as one changeset, from their canonical bytes, once as they
        // are and once with Alice's membership figure changed.
        func relayed(_ name: String, _ change: (FactOperation) -> FactOperation) throws -> String {
            var bytes: [UInt8] = []
            var writer = try ChangesetStreamWriter(
                key: relayKey, sender: relay, schemaVersion: alice.schema.version, replicas: plan!.replicas + [relay],
                fields: plan!.fields, versionVector: plan!.versionVector, since: nil, operationCount: ops.count,
                batches: plan!.batches, time: 1_700_000_000) { bytes += $0 }
            for op in ops { try writer.append(change(try CanonicalOperation.decode(CanonicalOperation.encode(op)))) }
            try writer.finish()
            let path = folder.file(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let path = try relayed("from-relay.caucus-changes") { $0 }
        let forged = try relayed("forged.caucus-changes") { op in
            var op = op
            if op.value == .integer(7000) { op.value = .integer(70_000) }
            return op
        }

        // Then: it is a changeset from the relay, and Bob who imports it holds Alice's records;
        // the altered one is refused, as not signed by Alice's key, and changes nothing.
        let reader = try ChangesetReader(path: path)
        #expect(reader.header.sender.id == relay.id)
        #expect(reader.header.sender.publicKey == [UInt8](relayKey.publicKey.rawRepresentation))
        let bob = try Replica.make("bob")
        #expect { try Replica.import(forged, into: bob) } throws: { error in
            "\(error)".contains("not signed by its author's key")
        }
        #expect(try bob.versionVector().entries.isEmpty)
        let report = try Replica.import(path, into: bob)
        #expect(report.added == ops.count)
        #expect(try Replica.dump(bob) == Replica.dump(alice))
    }

    @Test func streamWriter_refusesOperationsOutOfOrder_pastItsCount_orShortOfIt() throws {
        let ops = try Self.operations()
        let replicas = Array(Set(ops.map(\.dot.replica))).sorted().enumerated().map { ReplicaInfo(id: $1, editor: "e\($0)") }
        let fields = Array(Set(ops.filter { !$0.kind.isRecordLevel }.map(\.field))).sorted()
        var held = VersionVector()
        for op in ops { held[op.dot.replica].formUnion(op.dot.counter...op.dot.counter) }
        let vouched = held.entries.keys.sorted().flatMap { r in held[r].ranges.map { AuthorBatch(replica: r, counters: $0, signature: nil) } }
        func writer(count: Int) throws -> ChangesetStreamWriter {
            try ChangesetStreamWriter(key: Curve25519.Signing.PrivateKey(), sender: replicas[0], schemaVersion: 1, replicas: replicas,
                                      fields: fields, versionVector: held, since: nil, operationCount: count,
                                      batches: vouched, time: 0) { _ in }
        }
        var backwards = try writer(count: 2)
        try backwards.append(ops[1])
        #expect(throws: ChangesetStreamError.outOfOrder(ops[0].dot)) { try backwards.append(ops[0]) }
        var one = try writer(count: 1)
        try one.append(ops[0])
        #expect(throws: ChangesetStreamError.tooManyOperations(expected: 1)) { try one.append(ops[1]) }
        var short = try writer(count: 2)
        try short.append(ops[0])
        #expect(throws: ChangesetStreamError.tooFewOperations(expected: 2, written: 1)) { try short.finish() }
        #expect(throws: ChangesetStreamError.senderNotInReplicas) {
            _ = try ChangesetStreamWriter(key: Curve25519.Signing.PrivateKey(), sender: ReplicaInfo(id: .random(), editor: "hub"),
                                          schemaVersion: 1, replicas: replicas, fields: fields, versionVector: held,
                                          since: nil, operationCount: 0, batches: [], time: 0) { _ in }
        }
    }

    @Test func requestSignature_readBackFromItsHeaders_verifiesForItsRequestOnly() throws {
        let key = Curve25519.Signing.PrivateKey()
        let digest = [UInt8](SHA256.hash(data: Array("a changeset".utf8)))
        let signed = try HubRequestSignature.sign(method: "post", target: "/v1/changesets", bodyDigest: digest, key: key, time: 1_764_662_400)
        let headers = Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name, $0.value) })
        let read = try HubRequestSignature(header: { headers[$0] })

        #expect(read == signed)
        #expect(read.verifies(method: "POST", target: "/v1/changesets"))
        #expect(!read.verifies(method: "PUT", target: "/v1/changesets"))
        #expect(!read.verifies(method: "POST", target: "/v1/changesets?x=1"))
        var otherBody = read
        otherBody.bodyDigest = HubRequestSignature.emptyBodyDigest
        #expect(!otherBody.verifies(method: "POST", target: "/v1/changesets"))
        var otherTime = read
        otherTime.time += 1
        #expect(!otherTime.verifies(method: "POST", target: "/v1/changesets"))
    }

    @Test func requestSignature_missingOrMalformedHeaders_areNamed() throws {
        let signed = try HubRequestSignature.sign(method: "GET", target: "/v1/version-vector", bodyDigest: HubRequestSignature.emptyBodyDigest,
                                                  key: Curve25519.Signing.PrivateKey(), time: 1)
        let headers = Dictionary(uniqueKeysWithValues: signed.headers.map { ($0.name, $0.value) })
        for name in headers.keys {
            #expect(throws: HubRequestError.missingHeader(name)) { try HubRequestSignature(header: { $0 == name ? nil : headers[$0] }) }
            #expect(throws: HubRequestError.malformedHeader(name)) { try HubRequestSignature(header: { $0 == name ? "zz" : headers[$0] }) }
        }
    }
}

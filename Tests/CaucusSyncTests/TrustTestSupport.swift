import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import GRDB
import Testing

/// A folder that is removed when the value goes away.
final class ScratchFolder {
    let path: String

    init(_ name: String = "caucus-test") {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Stores, edits, exports and state snapshots for the trust and bad-input tests.
enum Replica {
    /// A new in-memory replica of `editor`, with its signing key made (as `caucus init` does);
    /// `chained`, it keeps its author chain as edits are written, as the CLI's stores do.
    static func make(_ editor: String, schema: PartySchema = .standard, chained: Bool = false) throws -> PartyStore {
        let store = try PartyStore(writer: try DatabaseQueue(), editor: editor, schema: schema,
                                   authorChain: chained ? AuthorChain() : nil, checkingInvariants: true)
        _ = try SigningIdentity.privateKey(of: store)
        return store
    }

    /// Applies NDJSON edit lines (the `caucus apply` format).
    static func edit(_ store: PartyStore, _ lines: [String], time: Int64 = 1_700_000_000) throws {
        try store.applyEdits(time: time) { writer in
            for line in lines { try writer.apply(try EditLine.parse(Array(line.utf8))) }
        }
    }

    /// Exports everything (or what `since` lacks) to `path`, returning the bytes.
    @discardableResult
    static func export(_ store: PartyStore, to path: String, since: VersionVector? = nil) throws -> [UInt8] {
        _ = try ChangesetWriter.export(from: store, since: since, to: path, time: 1_700_000_100)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Imports `path` into `store`.
    @discardableResult
    static func `import`(_ path: String, into store: PartyStore) throws -> Importer.Report {
        try Importer.importChangeset(at: path, into: store, time: 1_700_000_200)
    }

    /// Every row of every table, in a fixed order, plus `PRAGMA integrity_check`: equal
    /// snapshots mean the database holds exactly the same content.
    static func snapshot(_ store: PartyStore) throws -> String {
        try store.writer.read { db in
            var out = "integrity: " + (try String.fetchAll(db, sql: "PRAGMA integrity_check")).joined(separator: ",") + "\n"
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name
                """)
            for table in tables {
                out += "# \(table)\n"
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").count
                let order = (1...columns).map(String.init).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)") { out += row.description + "\n" }
            }
            return out
        }
    }

    /// Rows changed on the store's connection since it opened (a cheap "nothing was written" check).
    static func totalChanges(_ store: PartyStore) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT total_changes()")! }
    }

    /// The canonical dump lines.
    static func dump(_ store: PartyStore) throws -> [String] {
        var lines: [String] = []
        try store.records { lines.append($0.dumpLine) }
        return lines
    }
}

/// Forges changesets for tests: decodes a real one, lets the test change its
/// header, operations or raw bytes, and signs the result with any key — which
/// is what a hostile sender can do, and what the checks must survive.
///
/// It reuses the codec's own encoder (the format is documented in
/// ``ChangesetFormat``); the raw-body entry points let a test write bytes the
/// encoder never would (invalid UTF-8, repeated records, absurd counts).
enum ChangesetForge {
    /// The header and operations of a valid changeset file.
    static func decode(_ path: String) throws -> (header: ChangesetHeader, operations: [FactOperation]) {
        let reader = try ChangesetReader(path: path)
        var ops: [FactOperation] = []
        try reader.forEachOperation { ops.append($0) }
        return (reader.header, ops)
    }

    /// The header and operations of the changeset at `path`, its batches vouched for by the sender
    /// (whose key `sender` is) rather than signed by their authors: a forgery of them is then
    /// refused for what it says, not for an author's signature.
    static func vouched(_ path: String, sender: Curve25519.Signing.PrivateKey) throws -> (header: ChangesetHeader, operations: [FactOperation]) {
        var (header, ops) = try decode(path)
        header.sender.publicKey = [UInt8](sender.publicKey.rawRepresentation)
        header.batches = header.batches.map { AuthorBatch(replica: $0.replica, counters: $0.counters, signature: nil) }
        header.replicas = header.replicas.map { ReplicaInfo(id: $0.id, editor: $0.editor) }
        return (header, ops)
    }

    /// Encodes `header` and `operations` as the uncompressed body records.
    static func rawBody(_ header: ChangesetHeader, _ operations: [FactOperation]) -> [UInt8] {
        let replicas = Dictionary(uniqueKeysWithValues: header.replicas.enumerated().map { ($1.id, $0) })
        let fields = Dictionary(uniqueKeysWithValues: header.fields.enumerated().map { ($1, $0) })
        var parties: [String: Int64] = [:]
        var encoder = OperationEncoder(partyNumbers: Set(operations.map(\.party)).count)
        for op in operations {
            let party = parties[op.party] ?? Int64(parties.count)
            parties[op.party] = party
            try! encoder.encode(IndexedOperation(op: op, party: party, replicas: replicas, fields: fields))
        }
        return encoder.takeBuffer()
    }

    /// A value operation with the header's indexes, as the encoder reads operations.
    private struct IndexedOperation: EncodableOperation {
        let op: FactOperation
        let party: Int64
        let replicas: [ReplicaID: Int]
        let fields: [String: Int]

        var replica: Int { replicas[op.dot.replica]! }
        var counter: Int64 { op.dot.counter }
        func withPartyID<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
            var id = op.party
            return try id.withUTF8(body)
        }
        var field: Int? { fields[op.field] }
        var kind: OperationKind { op.kind }
        var time: Int64 { op.time }
        func withValue<T>(_ body: (FactValueBytes?) throws -> T) rethrows -> T {
            switch op.value {
            case .text(var s)?: return try s.withUTF8 { try body(.text($0)) }
            case .integer(let i)?: return try body(.integer(i))
            case .real(let d)?: return try body(.real(d))
            case .object(let o)?:
                var json = o.json
                return try json.withUTF8 { try body(.object($0)) }
            case nil: return try body(nil)
            }
        }
        var predCount: Int { op.pred.count }
        func forEachPred(_ body: (Int, Int64) throws -> Void) rethrows {
            for dot in op.pred { try body(replicas[dot.replica]!, dot.counter) }
        }
        var source: String? { op.source }
        var start: String? { op.start }
        var end: String? { op.end }
        var note: String? { op.note }
        var rank: ClaimRank? { op.rank }
        var asOf: String? { op.asOf }
        func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]? {
            op.context.map { vv in
                vv.entries.compactMap { uid, set in replicas[uid].map { (replica: $0, ranges: set.ranges) } }.sorted { $0.replica < $1.replica }
            }
        }
    }

    /// A signed changeset: magic, `version`, `headerBytes`, the body compressed, and a
    /// trailer signed by `key`. The header's sender key should be `key`'s public key.
    static func assemble(version: UInt8 = ChangesetFormat.version, headerBytes: [UInt8], rawBody: [UInt8],
                         signedBy key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        var w = ByteWriter()
        w.raw(ChangesetFormat.magic)
        w.byte(version)
        w.varint(headerBytes.count)
        w.raw(headerBytes)
        let deflater = try Deflater()
        try deflater.compress(rawBody, finish: true) { w.raw($0) }
        return sign(w.bytes, with: key)
    }

    /// A signed changeset of `header` and `operations`, sent by `key`: the sender's key is set to
    /// `key`'s, in the header and the replica table, and the sender's signed batches are signed
    /// again with it over `operations`; other authors' batches are kept as they are.
    static func forge(_ header: ChangesetHeader, _ operations: [FactOperation],
                      signedBy key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        var header = header
        let publicKey = [UInt8](key.publicKey.rawRepresentation)
        header.sender.publicKey = publicKey
        header.replicas = header.replicas.map { r in
            r.id == header.sender.id && r.publicKey != nil ? ReplicaInfo(id: r.id, editor: r.editor, publicKey: publicKey) : r
        }
        header.batches = try header.batches.map { batch in
            guard batch.isSigned, batch.replica == header.sender.id else { return batch }
            var digest = BatchDigest(replica: batch.replica, first: batch.counters.lowerBound)
            for op in operations where op.dot.replica == batch.replica && batch.counters.contains(op.dot.counter) { digest.add(op) }
            return AuthorBatch(replica: batch.replica, counters: batch.counters, signature: [UInt8](try key.signature(for: digest.finalize(last: batch.counters.upperBound))))
        }
        return try assemble(headerBytes: header.encoded(), rawBody: rawBody(header, operations), signedBy: key)
    }

    /// `content` with a valid trailer: "CSIG", its SHA-256, and `key`'s signature of that digest.
    static func sign(_ content: [UInt8], with key: Curve25519.Signing.PrivateKey) -> [UInt8] {
        let digest = [UInt8](SHA256.hash(data: content))
        return content + ChangesetFormat.trailerMagic + digest + [UInt8](try! key.signature(for: digest))
    }

    /// Writes `bytes` to `path` and returns the path.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) -> String {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

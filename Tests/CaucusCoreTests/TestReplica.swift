@testable import CaucusCore
import Foundation
import GRDB

/// A replica on an in-memory database, or on a file (`onFile`), with short spellings for tests.
/// Every write transaction checks the store's invariants before it commits (``PartyStore/checkInvariants()``).
///
/// On a file, in WAL mode, a merge reads ahead through snapshots as an import does: its first
/// batch reads its facts' heads on another thread (``StoreSnapshot``), and each operation's party
/// is looked up before the merge (``PartyLookahead``).
struct TestReplica {
    let store: PartyStore
    var time: Int64 = 1_700_000_000
    private let file: TemporaryFile?

    init(_ editor: String, onFile: Bool = false) throws {
        if onFile {
            let file = TemporaryFile()
            self.file = file
            store = try PartyStore(writer: PartyStore.openQueue(file.path), editor: editor, path: file.path, checkingInvariants: true)
        } else {
            file = nil
            store = try PartyStore(writer: DatabaseQueue(), editor: editor, checkingInvariants: true)
        }
    }

    /// A database file's folder, removed with the last copy of the replica.
    private final class TemporaryFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-replica-\(UUID().uuidString)")
        var path: String { folder.appendingPathComponent("replica.db").path }
        init() { try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    var id: ReplicaID { store.localReplica.id }

    func edit(_ edits: Edit...) throws {
        try store.applyEdits(time: time) { w in for e in edits { try w.apply(e) } }
    }

    func set(_ party: String, _ field: String, _ value: FactValue, source: String? = nil) throws {
        try edit(Edit(party: party, field: field, action: .set(value), source: source))
    }

    func add(_ party: String, _ field: String, _ value: String) throws {
        try edit(Edit(party: party, field: field, action: .add(.text(value))))
    }

    func remove(_ party: String, _ field: String, _ value: String) throws {
        try edit(Edit(party: party, field: field, action: .remove(.text(value))))
    }

    func delete(_ party: String) throws { try edit(Edit(party: party, action: .delete)) }
    func restore(_ party: String) throws { try edit(Edit(party: party, action: .restore)) }

    /// The operations this replica holds that a peer holding `since` lacks.
    func operations(since: VersionVector? = nil) throws -> [FactOperation] {
        var ops: [FactOperation] = []
        try store.exportOperations(since: since, begin: { _ in }) { ops.append($0) }
        return ops
    }

    /// The replicas this replica knows, for integrate.
    func replicaInfos() throws -> [ReplicaInfo] { try store.replicas().map(\.info) }

    /// Merges `ops` (from replicas `known`) in one transaction, `batchSize` operations at a time.
    @discardableResult
    func integrate(_ ops: [FactOperation], from known: [ReplicaInfo] = [], batchSize: Int = 1 << 17) throws -> WriteSummary {
        try store.integrate(replicas: known, sender: nil, time: time, batchSize: batchSize) { i in
            guard let lookahead = i.partyLookahead else {
                for op in ops { try i.integrate(op) }
                return
            }
            let parties = try lookahead.run { find in try ops.map { try find($0.party) } }
            for (op, party) in zip(ops, parties) { try i.integrate(op, party: party) }
        }
    }

    /// Pulls everything `other` has that this replica lacks.
    func pull(from other: TestReplica) throws {
        try integrate(try other.operations(since: try store.versionVector()), from: try other.replicaInfos())
    }

    func dump() throws -> [String] {
        var lines: [String] = []
        try store.records { lines.append($0.dumpLine) }
        return lines
    }

    func record(_ id: String) throws -> RecordState { try store.record(id)! }
}

/// What every replica holding `ops` must dump: the pure merge's records (``Merge/records(_:schema:)``).
func modelDump(_ ops: some Sequence<FactOperation>) -> [String] {
    Merge.records(OperationLog(ops), schema: .standard).map(\.dumpLine)
}

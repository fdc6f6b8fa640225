import CaucusCore
import GRDB

/// A replica on an in-memory database, with short spellings for tests.
struct TestReplica {
    let store: PartyStore
    var time: Int64 = 1_700_000_000

    init(_ editor: String) throws {
        store = try PartyStore(writer: DatabaseQueue(), editor: editor)
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
        try store.integrate(replicas: known, sender: nil, time: time, batchSize: batchSize) { i in for op in ops { try i.integrate(op) } }
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

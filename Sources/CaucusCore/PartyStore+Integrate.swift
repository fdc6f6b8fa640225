import Foundation
import GRDB

extension PartyStore {
    /// Merges operations from other replicas in one transaction: all of them, or
    /// none when `body` throws.
    ///
    /// Operations may arrive in any order, any number of times: one already
    /// stored is skipped; one that supersedes an operation not yet seen records
    /// that, so the late operation arrives already superseded. The result
    /// depends only on the set of operations stored.
    ///
    /// - Parameters:
    ///   - replicas: the replicas the operations name (authors, and those in `pred` and contexts), with their editors.
    ///   - sender: the replica that sent them, its key and version vector, remembered for `status`,
    ///     `export` and the trust checks; its key is pinned in the same transaction.
    ///   - body: calls ``OperationIntegrator/integrate(_:)`` for each operation.
    /// - Returns: what changed.
    /// - Throws: what `body` throws, or a ``StoreError``.
    @discardableResult
    public func integrate(replicas: [ReplicaInfo], sender: ChangesetSender?,
                          time: Int64, _ body: (OperationIntegrator) throws -> Void) throws -> WriteSummary {
        try write { db in
            let session = try StoreSession(db, schema: schema, mode: .remote)
            for r in replicas { _ = try session.replicaIndex(r.id, editor: r.editor) }
            let integrator = OperationIntegrator(session: session)
            try body(integrator)
            if let sender {
                let idx = try session.replicaIndex(sender.replica.id, editor: sender.replica.editor)
                try db.execute(sql: "INSERT OR REPLACE INTO peer (replica, vv, seen_at) VALUES (?, ?, ?)",
                               arguments: [idx, sender.versionVector.json, time])
                if let trust = sender.pinAs, let key = sender.replica.publicKey {
                    // The sender's own signed word on its editor name wins over what relays said.
                    try db.execute(sql: "UPDATE replica SET public_key = ?, trust = ?, editor = ? WHERE idx = ?",
                                   arguments: [Data(key), trust, sender.replica.editor, idx])
                }
            }
            let outcome = try session.finish()
            return WriteSummary(operationsAdded: integrator.added, duplicates: integrator.duplicates,
                                partiesTouched: outcome.partiesTouched, newConflicts: outcome.newConflicts,
                                settledConflicts: outcome.settledConflicts)
        }
    }

    /// The version vector each peer last sent, by replica.
    public func peerVersionVectors() throws -> [(replica: ReplicaInfo, versionVector: VersionVector, seenAt: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.uid, r.editor, p.vv, p.seen_at FROM peer p JOIN replica r ON r.idx = p.replica ORDER BY r.editor, r.uid
                """).map { row in
                (ReplicaInfo(id: ReplicaID(row[0] as String)!, editor: row[1]), try VersionVector(json: Data((row[2] as String).utf8)), row[3])
            }
        }
    }
}

/// The replica a changeset came from, as ``PartyStore/integrate(replicas:sender:time:_:)`` records it.
public struct ChangesetSender: Sendable {
    /// The sender's id, editor and public key.
    public var replica: ReplicaInfo
    /// What the sender held.
    public var versionVector: VersionVector
    /// When set, the sender's key is stored with this trust level (first contact).
    public var pinAs: String?

    /// Creates a sender description.
    public init(replica: ReplicaInfo, versionVector: VersionVector, pinAs: String? = nil) {
        self.replica = replica
        self.versionVector = versionVector
        self.pinAs = pinAs
    }
}

/// Stores operations from other replicas inside one ``PartyStore/integrate(replicas:sender:time:_:)`` transaction.
public final class OperationIntegrator {
    private let session: StoreSession
    /// Operations stored so far.
    public private(set) var added = 0
    /// Operations skipped because they were already stored.
    public private(set) var duplicates = 0

    init(session: StoreSession) { self.session = session }

    /// Stores `op` unless it is already stored.
    ///
    /// The operation is trusted to be well-formed (the changeset reader checks
    /// it); fields unknown to this build are stored and passed on like the others.
    /// - Returns: true when the operation was new.
    @discardableResult
    public func integrate(_ op: FactOperation) throws -> Bool {
        let idx = try session.replicaIndex(op.dot.replica)
        let pid = try session.party(op.party)
        let fid = op.kind.isRecordLevel ? 0 : try session.field(op.field)
        var predIDs: [Int64] = []
        predIDs.reserveCapacity(op.pred.count)
        for p in op.pred { predIDs.append(OpID.make(try session.replicaIndex(p.replica), p.counter)) }
        let outcome = try session.insert(id: OpID.make(idx, op.dot.counter), party: pid, field: fid, kind: op.kind,
                                         value: op.value, time: op.time, source: op.source,
                                         asOf: op.asOf, predIDs: predIDs, context: op.context?.json)
        switch outcome {
        case .inserted: added += 1; return true
        case .duplicate: duplicates += 1; return false
        }
    }
}

/// A ``OperationIntegrator`` lives inside one write transaction and is never shared across threads.
@available(*, unavailable)
extension OperationIntegrator: Sendable {}

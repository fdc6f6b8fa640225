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
    /// Operations are merged in batches of `batchSize`, each sorted by record,
    /// so that a large import reads and writes each database page once per
    /// batch rather than once per operation; memory grows with `batchSize`,
    /// not with the number of operations.
    ///
    /// The transaction begins `IMMEDIATE`. On a database file in WAL mode it opens two read-only
    /// connections of its own on the file (`StoreSnapshot`), which read it as the transaction
    /// found it: one for `OperationIntegrator.partyLookahead`, one for the first batch's facts,
    /// read on another thread while this one writes.
    ///
    /// - Parameters:
    ///   - replicas: the replicas the operations name (authors, and those in `pred` and contexts), with their editors.
    ///   - sender: the replica that sent them, its key and version vector, remembered for `status`,
    ///     `export` and the trust checks; its key is pinned in the same transaction.
    ///   - time: when the sender's version vector was seen, in seconds since 1970 (shown only).
    ///   - batchSize: how many operations are merged together at most.
    ///   - body: calls ``OperationIntegrator/integrate(_:)`` for each operation.
    /// - Returns: what changed.
    /// - Throws: what `body` throws, or a ``StoreError``.
    /// - Complexity: O(n log n) in the operations merged, and O(log N) page visits
    ///   each in the size N of the database.
    @discardableResult
    public func integrate(replicas: [ReplicaInfo], sender: ChangesetSender?, time: Int64, batchSize: Int = 1 << 17,
                          _ body: (OperationIntegrator) throws -> Void) throws -> WriteSummary {
        try write(.immediate) { db in
            let transaction = try WriteTransaction(db, builtIn: builtInSchema, mode: .remote, batchSize: batchSize,
                                                   snapshot: try StoreSnapshot.open(beside: db))
            for r in replicas { _ = try transaction.replicas.index(r.id, editor: r.editor) }
            let directory = BatchDirectory(db)
            let held = try Self.versionVector(db)
            if let sender, sender.shallowRelease != nil, !held.entries.isEmpty {
                throw StoreError.shallowIntoHeld(operations: held.operationCount)
            }
            // A replica started shallow never holds the operations below its horizon that the
            // snapshot left out: an author's signed batch that reaches below it cannot be kept
            // whole, so its operations above are kept as vouched for by the sender.
            let horizon = try Self.shallowHorizon(db)
            let batches = (sender?.batches ?? []).filter { b in
                guard let horizon, b.isSigned else { return true }
                return CounterSet(ranges: [b.counters]).subtracting(horizon[b.replica]) == [b.counters]
            }
            let newBatches = try Self.newSignedBatches(batches, held: held, directory: directory, replicas: transaction.replicas)
            let check = AuthorshipCheck(held: held, local: localReplica.id, batches: batches) { replica in
                try directory.signsFrom(try transaction.replicas.index(replica))
            }
            let integrator = OperationIntegrator(transaction: transaction, authorship: check,
                                                 partyLookahead: try transaction.parties.lookahead(), horizon: horizon)
            try body(integrator)
            for (idx, batch) in newBatches {
                try directory.insertSigned(batch.counters, signature: batch.signature!, of: idx)
            }
            if let sender {
                let idx = try transaction.replicas.index(sender.replica.id, editor: sender.replica.editor)
                for (replica, counters) in check.vouched {
                    let of = try transaction.replicas.index(replica)
                    for range in counters.ranges { try directory.insertVouched(range, of: of, by: idx) }
                }
                for author in sender.authors {
                    try db.execute(sql: "UPDATE replica SET public_key = ?, trust = ? WHERE idx = ?",
                                   arguments: [Data(author.key), author.trust.rawValue, try transaction.replicas.index(author.replica)])
                }
                try db.execute(sql: "INSERT OR REPLACE INTO peer (replica, vv, seen_at) VALUES (?, ?, ?)",
                               arguments: [idx, sender.versionVector.json, time])
                // The sender's own signed word on its editor name wins over what relays said.
                try db.execute(sql: "UPDATE replica SET editor = ? WHERE idx = ?", arguments: [sender.replica.editor, idx])
                if let trust = sender.pinAs, let key = sender.replica.publicKey {
                    try db.execute(sql: "UPDATE replica SET public_key = ?, trust = ? WHERE idx = ?",
                                   arguments: [Data(key), trust.rawValue, idx])
                }
            }
            let outcome = try transaction.finish()
            if let fallback = sender?.shallowRelease, let sender {
                // After the merge, which stores the release: the snapshot's horizon is its release's version and the release itself.
                let horizon = sender.versionVector
                let name = try releases(db).first { entry in
                    entry.candidates.count == 1 && horizon.includes(entry.candidates[0].release.versionVector)
                        && entry.candidates[0].release.versionVector.operationCount + 1 == horizon.operationCount
                }?.name ?? fallback
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?), (?, '1')",
                               arguments: [Self.horizonKey, horizon.json, Self.horizonNameKey, name, Self.shallowKey])
            }
            return WriteSummary(operationsAdded: integrator.added, duplicates: integrator.duplicates + integrator.belowHorizon,
                                partiesTouched: outcome.partiesTouched, newConflicts: outcome.newConflicts,
                                settledConflicts: outcome.settledConflicts)
        }
    }

    /// The signed batches of `batches` that the store does not hold yet, with their replicas'
    /// indexes, after checking that none meets operations held otherwise.
    ///
    /// - Throws: ``StoreError/conflictingBatch(replica:counters:heldSigned:)``.
    private static func newSignedBatches(_ batches: [AuthorBatch], held: VersionVector, directory: BatchDirectory,
                                         replicas: ReplicaDirectory) throws -> [(Int64, AuthorBatch)] {
        var new: [(Int64, AuthorBatch)] = []
        for batch in batches where batch.isSigned {
            let idx = try replicas.index(batch.replica)
            let met = try directory.signed(overlapping: [batch.counters], of: idx).map {
                AuthorBatch(replica: batch.replica, counters: $0.counters, signature: $0.signature)
            }
            do {
                if try batch.isNew(met: met, held: held[batch.replica], signedAbove: try directory.signedCount(above: batch.counters.upperBound, of: idx)) {
                    new.append((idx, batch))
                }
            } catch let conflict as AuthorBatch.Conflict {
                throw StoreError.conflictingBatch(replica: batch.replica.rawValue, counters: batch.counters, heldSigned: conflict == .heldSigned)
            }
        }
        return new
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

/// The replica a changeset came from, as ``PartyStore/integrate(replicas:sender:time:batchSize:_:)`` records it.
public struct ChangesetSender: Sendable {
    /// The sender's id, editor and public key.
    public var replica: ReplicaInfo
    /// What the sender held.
    public var versionVector: VersionVector
    /// When set, the sender's key is stored with this trust level (first contact).
    public var pinAs: ReplicaTrust?
    /// The changeset's author batches (``AuthorBatch``), their signatures checked: signed ones
    /// are stored, and operations outside them are checked against the authorship rules and
    /// marked as vouched for by the sender.
    public var batches: [AuthorBatch]
    /// Authors of signed batches whose keys are to be stored with a trust level, in the same transaction.
    public var authors: [AuthorKey]
    /// For a shallow snapshot (`export --shallow`), what to call its version in messages (the
    /// release it was made at): the operations are the heads at ``versionVector``, which the
    /// replica then counts as held, its horizon.
    public var shallowRelease: String?

    /// Creates a sender description.
    public init(replica: ReplicaInfo, versionVector: VersionVector, pinAs: ReplicaTrust? = nil,
                batches: [AuthorBatch] = [], authors: [AuthorKey] = [], shallowRelease: String? = nil) {
        self.replica = replica
        self.versionVector = versionVector
        self.pinAs = pinAs
        self.batches = batches
        self.authors = authors
        self.shallowRelease = shallowRelease
    }
}

/// An author's key, to be stored on its replica's row with a trust level.
public struct AuthorKey: Sendable, Equatable {
    /// The author.
    public var replica: ReplicaID
    /// Its Ed25519 public key.
    public var key: [UInt8]
    /// How far it is trusted.
    public var trust: ReplicaTrust

    /// Creates one.
    public init(replica: ReplicaID, key: [UInt8], trust: ReplicaTrust) {
        self.replica = replica
        self.key = key
        self.trust = trust
    }
}

/// Stores operations from other replicas inside one ``PartyStore/integrate(replicas:sender:time:batchSize:_:)`` transaction.
public final class OperationIntegrator {
    /// The transaction's batch merge, where each operation is queued.
    private let batch: BatchMerge
    /// The transaction's field ids.
    private let fields: FieldDirectory
    /// The transaction's replica ids.
    private let replicas: ReplicaDirectory
    /// The replica looked up last, and its local index.
    private var lastReplica: (id: ReplicaID, index: Int64)?
    /// The authorship rules each operation must pass.
    private let authorship: AuthorshipCheck

    /// Operations stored (exact once the transaction's body has returned and the last batch is merged).
    var added: Int { batch.storedCount }
    /// Operations skipped because they were already stored (exact when ``added`` is).
    var duplicates: Int { batch.duplicateCount }
    /// Looks up operations' parties on another thread, for ``integrate(_:party:)``; nil when the
    /// store held no party, or is not a file in WAL mode.
    package let partyLookahead: PartyLookahead?
    /// A shallow replica's horizon: operations it holds or left out, never stored again.
    private let horizon: VersionVector?
    /// Operations skipped because they lie below the horizon.
    private(set) var belowHorizon = 0

    init(transaction: WriteTransaction, authorship: AuthorshipCheck, partyLookahead: PartyLookahead?, horizon: VersionVector?) {
        self.authorship = authorship
        self.horizon = horizon
        batch = transaction.batch
        fields = transaction.fields
        replicas = transaction.replicas
        self.partyLookahead = partyLookahead
    }

    /// Stores `op` unless it is already stored; it may wait in the current batch until the batch is full.
    ///
    /// The operation is trusted to be well-formed (the changeset reader checks
    /// it); fields unknown to this build are stored and passed on like the others.
    ///
    /// - Throws: ``StoreError/ownOperationNotHeld(counter:)`` or
    ///   ``StoreError/unsignedOperation(replica:counter:signsFrom:)`` for an operation the
    ///   authorship rules refuse (``ChangesetSender/batches``); the transaction then stores nothing.
    public func integrate(_ op: FactOperation) throws { try integrate(op, party: nil) }

    /// Stores `op` as ``integrate(_:)`` does, with what ``partyLookahead`` found for its party.
    package func integrate(_ op: FactOperation, party: KnownParty?) throws {
        if let horizon, horizon.contains(op.dot) { belowHorizon += 1; return }
        try authorship.check(op)
        let idx = try replicaIndex(op.dot.replica)
        let fid = op.kind.isRecordLevel ? 0 : try fields.id(op.field)
        var predIDs: [Int64] = []
        predIDs.reserveCapacity(op.pred.count)
        for p in op.pred { predIDs.append(OpID.make(try replicaIndex(p.replica), p.counter)) }
        let context = try op.context.map { try OpExtra.ContextEntry.entries($0) { try replicaIndex($0) } }
        try batch.enqueue(id: OpID.make(idx, op.dot.counter), party: op.party, known: party, field: fid, kind: op.kind,
                          value: op.value, time: op.time, qualifiers: op.qualifiers, predIDs: predIDs, context: context)
    }

    /// The local index of a replica; consecutive operations mostly share one.
    private func replicaIndex(_ id: ReplicaID) throws -> Int64 {
        if let last = lastReplica, last.id == id { return last.index }
        let index = try replicas.index(id)
        lastReplica = (id, index)
        return index
    }
}

/// A ``OperationIntegrator`` lives inside one write transaction and is never shared across threads.
@available(*, unavailable)
extension OperationIntegrator: Sendable {}

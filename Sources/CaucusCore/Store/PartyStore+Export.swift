import Foundation
import GRDB

extension PartyStore {
    /// Streams the operations this replica holds that `peer` lacks, replica by
    /// replica in counter order, all from one read transaction.
    ///
    /// - Parameters:
    ///   - peer: what the peer holds; nil exports everything.
    ///   - begin: called once, before the first operation, with what will be sent.
    ///   - each: called once per operation.
    /// - Complexity: proportional to the operations sent, not to the database:
    ///   each missing range is one index range scan.
    public func exportOperations(since peer: VersionVector?, begin: (ExportPlan) throws -> Void,
                                 _ each: (FactOperation) throws -> Void) throws {
        try read { db in try Self.exportOperations(db, since: peer, begin: begin, each) }
    }

    /// Streams operations as ``exportOperations(since:begin:_:)`` does, in `db`'s transaction.
    static func exportOperations(_ db: Database, since peer: VersionVector?, begin: (ExportPlan) throws -> Void,
                                 _ each: (FactOperation) throws -> Void) throws {
        var replicas: [ReplicaID] = []
        var fields: [String] = []
        var partyIDs: [Int64: String] = [:]
        try exportRows(db, since: peer, begin: { plan in
            replicas = plan.replicas.map(\.id)
            fields = plan.fields
            try begin(plan)
        }) { row in
            var pred: [Dot] = []
            pred.reserveCapacity(row.predCount)
            row.forEachPred { replica, counter in pred.append(Dot(replica: replicas[replica], counter: counter)) }
            let context = row.context().map { entries in
                VersionVector(Dictionary(uniqueKeysWithValues: entries.map { (replicas[$0.replica], CounterSet(ranges: $0.ranges)) }))
            }
            let party: String
            if let known = partyIDs[row.party] { party = known } else {
                party = try row.withPartyID { String(decoding: $0, as: UTF8.self) }
                partyIDs[row.party] = party
            }
            try each(FactOperation(dot: Dot(replica: replicas[row.replica], counter: row.counter),
                                   party: party, field: row.field.map { fields[$0] } ?? "",
                                   kind: row.kind, value: row.value, pred: pred, context: context,
                                   time: row.time, source: row.source, asOf: row.asOf,
                                   start: row.start, end: row.end, note: row.note, rank: row.rank))
        }
    }

    /// Streams the operations this replica holds that `peer` lacks, as the
    /// store keeps them: replicas and fields as positions in the plan's tables,
    /// parties as local numbers, text lent as UTF-8 bytes. This is the path
    /// for writing a changeset, with no `String` or dictionary work per
    /// operation; ``exportOperations(since:begin:_:)`` builds values from it.
    ///
    /// The operations come replica by replica (in the order of
    /// ``ExportPlan/replicas``), each in counter order, all from one read
    /// transaction.
    ///
    /// - Parameters:
    ///   - peer: what the peer holds; nil exports everything.
    ///   - begin: called once, before the first operation, with what will be sent.
    ///   - each: called once per operation, with a row that is only valid during the call.
    /// - Complexity: proportional to the operations sent: each missing range is
    ///   one range scan of the operation log, and each party's id is read once
    ///   (in one scan of the party table when the export is large).
    /// - Throws: a ``StoreError``, or what `begin` or `each` throws.
    package func exportRows(since peer: VersionVector?, shallow: ShallowSelection? = nil, begin: (ExportPlan) throws -> Void,
                           _ each: (OperationRow) throws -> Void) throws {
        try read { db in try Self.exportRows(db, since: peer, shallow: shallow, begin: begin, each) }
    }

    /// Streams rows as ``exportRows(since:begin:_:)`` does, in `db`'s transaction.
    ///
    /// A signed batch (m006) that `peer` holds only part of is sent whole, so that its
    /// signature can be checked; ``ExportPlan/batches`` names the batches of what is sent.
    static func exportRows(_ db: Database, since peer: VersionVector?, shallow: ShallowSelection? = nil,
                           begin: (ExportPlan) throws -> Void, _ each: (OperationRow) throws -> Void) throws {
        let held = try shallow?.horizon ?? Self.versionVector(db)
        if shallow == nil, let (horizon, name) = try horizon(db), !(peer?.includes(horizon) ?? false) {
            throw StoreError.exportBehindHorizon(release: name)
        }
        var replicas: [ReplicaInfo] = []
        var localIndexes: [Int64] = []
        var epochs: [Int64] = []
        for row in try Row.fetchAll(db, sql: "SELECT idx, uid, editor, public_key, epoch FROM replica ORDER BY uid") {
            localIndexes.append(row[0])
            epochs.append(row[4])
            replicas.append(ReplicaInfo(id: ReplicaID(row[1] as String)!, editor: row[2], publicKey: (row[3] as Data?).map { [UInt8]($0) }))
        }
        var fields: [String] = []
        var fieldPositions: [Int] = []
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field WHERE name != '' ORDER BY fid") {
            let fid: Int = row[0]
            if fieldPositions.count <= fid { fieldPositions += repeatElement(-1, count: fid + 1 - fieldPositions.count) }
            fieldPositions[fid] = fields.count
            fields.append(row[1])
        }
        var plan: [(position: Int, missing: [ClosedRange<Int64>])] = []
        var total: Int64 = 0
        var batches: [AuthorBatch] = []
        let directory = BatchDirectory(db)
        for (position, info) in replicas.enumerated() {
            if let shallow {
                // A snapshot holds some of each author's operations: no signed batch covers them, and the exporter vouches for them.
                let runs = shallow.operations[info.id].ranges
                if runs.isEmpty { continue }
                for r in runs { batches.append(AuthorBatch(replica: info.id, counters: r, signature: nil)) }
                plan.append((position, runs))
                total += runs.reduce(0) { $0 + $1.upperBound - $1.lowerBound + 1 }
                continue
            }
            var missing = peer.map { held[info.id].subtracting($0[info.id]) } ?? held[info.id].ranges
            if missing.isEmpty { continue }
            let found = try directory.signed(overlapping: missing, of: localIndexes[position])
            var whole = CounterSet(ranges: missing)
            for b in found { whole.formUnion(b.counters) }
            missing = whole.ranges
            var rest = whole
            for b in found {
                batches.append(AuthorBatch(replica: info.id, counters: b.counters, signature: b.signature))
                rest = CounterSet(ranges: rest.subtracting(CounterSet(ranges: [b.counters])))
            }
            // What no signed batch covers, the exporter vouches for.
            for r in rest.ranges { batches.append(AuthorBatch(replica: info.id, counters: r, signature: nil)) }
            plan.append((position, missing))
            total += missing.reduce(0) { $0 + $1.upperBound - $1.lowerBound + 1 }
        }
        batches.sort { ($0.replica, $0.counters.lowerBound) < ($1.replica, $1.counters.lowerBound) }
        let partyIDs = try PartyIDs(db, operationCount: total)
        var widened = peer
        if var since = widened {
            for (position, missing) in plan {
                let id = replicas[position].id
                since[id] = CounterSet(ranges: since[id].subtracting(CounterSet(ranges: missing)))
            }
            widened = since
        }
        try begin(ExportPlan(versionVector: held, replicas: replicas, fields: fields,
                             partyNumbers: partyIDs.numbers, operationCount: total, since: widened, batches: batches))
        let cursor = try ExportCursor(db, localIndexes: localIndexes,
                                      fieldPositions: fieldPositions, partyIDs: partyIDs)
        for (position, missing) in plan {
            for range in missing {
                try cursor.scan(localIndexes[position], epoch: epochs[position], range) {
                    try each(OperationRow(cursor: cursor, replica: position))
                }
            }
        }
    }
}

/// What a shallow snapshot holds (``PartyStore/shallowSelection(at:including:)``): the heads at
/// a version, and the version it stands for.
package struct ShallowSelection: Sendable {
    /// The operations it holds.
    package var operations: VersionVector
    /// The version it stands for: what a replica started from it counts as held.
    package var horizon: VersionVector
}

/// What an export will send, known before the first operation.
public struct ExportPlan: Sendable {
    /// Everything the exporting replica holds.
    public var versionVector: VersionVector
    /// Every replica it knows, sorted by id; `OperationRow` names replicas by position here.
    public var replicas: [ReplicaInfo]
    /// Every field name its operations use; `OperationRow` names fields by position here.
    public var fields: [String]
    /// Every `OperationRow.party` number is below this: an array this long can be indexed by party.
    public var partyNumbers: Int
    /// The exact number of operations that follow.
    public var operationCount: Int64
    /// What the export is made against: the peer's version vector less the signed batches it
    /// held only part of, which are sent whole; nil for a full export.
    public var since: VersionVector?
    /// The batches of what follows, by replica then counter: each signed batch (m006) whole,
    /// and the rest as ranges the exporter vouches for.
    public var batches: [AuthorBatch]
}

/// A fact value as the store holds it, its text lent as UTF-8 bytes.
package enum FactValueBytes {
    /// A string, as UTF-8.
    case text(UnsafeBufferPointer<UInt8>)
    /// A whole number.
    case integer(Int64)
    /// A decimal number.
    case real(Double)
    /// An object value, as its canonical JSON text in UTF-8 (``FactObject/json``).
    case object(UnsafeBufferPointer<UInt8>)
}

/// One stored operation, as ``PartyStore/exportRows(since:begin:_:)`` reads
/// it. It reads the row in place: use it only during the call that receives it.
package struct OperationRow {
    fileprivate let cursor: ExportCursor
    /// The operation's replica: a position in ``ExportPlan/replicas``.
    package let replica: Int

    /// Its counter on that replica.
    package var counter: Int64 { cursor.counter }

    /// The party's local number, from 0 below ``ExportPlan/partyNumbers``: the same for every
    /// operation of a party, and only meaningful in this export.
    package var party: Int64 { cursor.party }

    /// Calls `body` with the party's id as UTF-8.
    package func withPartyID<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        try cursor.partyIDs.withID(cursor.party, body)
    }

    /// The field: a position in ``ExportPlan/fields``; nil for record-level kinds (delete, restore).
    package var field: Int? {
        let fid = cursor.field
        return fid > 0 && fid < cursor.fieldPositions.count && cursor.fieldPositions[fid] >= 0 ? cursor.fieldPositions[fid] : nil
    }

    /// What the operation does.
    package var kind: OperationKind { cursor.kind }

    /// The value written or the member added or removed, its text (or an object's JSON text) lent
    /// as bytes; nil for other kinds.
    package var valueBytes: FactValueBytes? { cursor.statement.factValueBytes(4) }

    /// The value written or the member added or removed; nil for other kinds.
    package var value: FactValue? { cursor.statement.factValue(4) }

    /// When it was made, in seconds since 1970.
    package var time: Int64 { cursor.time }

    /// Where the fact comes from, in the editor's words.
    package var source: String? { cursor.extra.source }

    /// The date the fact holds at.
    package var asOf: String? { cursor.extra.asOf }

    /// The first date the claim holds.
    package var start: String? { cursor.extra.start }

    /// The last date the claim holds.
    package var end: String? { cursor.extra.end }

    /// The note on the claim.
    package var note: String? { cursor.extra.note }

    /// For a rank, the rank it gives.
    package var rank: ClaimRank? { cursor.extra.rank }

    /// The number of operations it supersedes.
    package var predCount: Int { cursor.extra.predIDs.count }

    /// Calls `body` with the replica (a position in ``ExportPlan/replicas``) and counter of each operation it supersedes.
    package func forEachPred(_ body: (_ replica: Int, _ counter: Int64) throws -> Void) rethrows {
        for id in cursor.extra.predIDs {
            try body(cursor.replicaPositions[OpID.replica(id)]!, OpID.counter(id))
        }
    }

    /// For a delete, what its writer held: per replica (a position in ``ExportPlan/replicas``,
    /// increasing) the counters, as ranges.
    package func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]? {
        cursor.extra.context.map { entries in
            entries.map { (cursor.replicaPositions[$0.replica]!, $0.ranges) }.sorted { $0.replica < $1.replica }
        }
    }
}

/// The state of one export's scan: the statement on the current row, its
/// integer columns (read once per row), and the tables its columns index.
private final class ExportCursor {
    let statement: FastStatement
    let fieldPositions: [Int]
    /// Plan position by local replica index.
    let replicaPositions: [Int64: Int]
    let partyIDs: PartyIDs
    /// The current row's pred, provenance, context and time offset.
    private(set) var extra = OpExtra()
    private(set) var counter: Int64 = 0
    private(set) var party: Int64 = 0
    private(set) var field = 0
    private(set) var kind = OperationKind.set
    private(set) var time: Int64 = 0

    init(_ db: Database, localIndexes: [Int64], fieldPositions: [Int],
         partyIDs: PartyIDs) throws {
        statement = try FastStatement(db, sql: """
            SELECT id, party, field, kind, value, extra
            FROM op WHERE id BETWEEN ? AND ? ORDER BY id
            """)
        self.fieldPositions = fieldPositions
        replicaPositions = Dictionary(uniqueKeysWithValues: localIndexes.enumerated().map { ($1, $0) })
        self.partyIDs = partyIDs
    }

    /// Steps through the stored operations of replica `index` (whose times count from `epoch`)
    /// with counters in `range`, calling `body` on each row.
    func scan(_ index: Int64, epoch: Int64, _ range: ClosedRange<Int64>, _ body: () throws -> Void) throws {
        statement.bind(1, OpID.make(index, range.lowerBound))
        statement.bind(2, OpID.make(index, range.upperBound))
        defer { statement.reset() }
        while try statement.step() {
            guard let kind = OperationKind.stored(statement.int64(3)) else { continue }
            self.kind = kind
            counter = OpID.counter(statement.int64(0))
            party = statement.int64(1)
            field = Int(truncatingIfNeeded: statement.int64(2))
            extra = statement.withBlob(5) { OpExtra($0) }
            time = epoch &+ extra.time
            try body()
        }
    }
}

/// Party ids by local number, each read once per export: all of them, into
/// one buffer, in a scan of the party table when the export may name more
/// than an eighth of the parties (a lookup costs several scanned rows,
/// `Tools/bench/RESULTS.md`); otherwise one lookup per party asked for.
private final class PartyIDs {
    /// One more than the highest party number.
    let numbers: Int
    /// The ids of all parties, end to end, and where each party's id ends (by number); empty when looking up.
    private var bytes: [UInt8] = []
    private var ends: [Int32] = []
    private let lookup: FastStatement?

    init(_ db: Database, operationCount: Int64) throws {
        numbers = Int(try Int64.fetchOne(db, sql: "SELECT max(pid) FROM party") ?? 0) + 1
        if operationCount >= Int64(numbers / 8) {
            var bytes: [UInt8] = [], ends = [Int32](repeating: 0, count: numbers + 1)
            let all = try FastStatement(db, sql: "SELECT pid, id FROM party ORDER BY pid")
            var next = 0
            while try all.step() {
                let pid = Int(all.int64(0))
                guard pid >= 0, pid < numbers else { continue }
                for n in next..<pid { ends[n + 1] = Int32(bytes.count) }
                all.withText(1) { if let id = $0 { bytes.append(contentsOf: id) } }
                ends[pid + 1] = Int32(bytes.count)
                next = pid + 1
            }
            for n in next..<numbers { ends[n + 1] = Int32(bytes.count) }
            self.bytes = bytes
            self.ends = ends
            lookup = nil
        } else {
            lookup = try FastStatement(db, sql: "SELECT id FROM party WHERE pid = ?")
        }
    }

    /// Calls `body` with the id of party `pid` as UTF-8 (empty for an unknown party).
    func withID<T>(_ pid: Int64, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        if let lookup {
            lookup.bind(1, pid)
            defer { lookup.reset() }
            guard try lookup.step() else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
            return try lookup.withText(0) { try body($0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
        }
        guard pid >= 0, pid < numbers else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        let start = Int(ends[Int(pid)]), end = Int(ends[Int(pid) + 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

import GRDB

extension PartyStore {
    /// Checks the invariants that the migrations under `Schema/migrations/` state against the whole
    /// database, and against the pure merge (``Merge``) for the derived state.
    ///
    /// Tests run it after every write transaction (see ``init(writer:editor:path:schema:logger:checkingInvariants:)``).
    ///
    /// - Throws: ``InvariantViolation`` naming the first invariant that does not hold.
    /// - Complexity: O(database): for tests, never on a hot path.
    package func checkInvariants() throws {
        try read { db in try Self.checkInvariants(db, schema: schema) }
    }

    /// The checks of ``checkInvariants()``, inside a transaction of the caller's.
    static func checkInvariants(_ db: Database, schema: PartySchema) throws {
        func require(_ condition: Bool, _ invariant: String, _ detail: @autoclosure () -> String) throws {
            if !condition { throw InvariantViolation(invariant: invariant, detail: detail()) }
        }
        struct Stored { var party: Int64; var field: Int64; var kind: OperationKind?; var value: FactValue?; var extra: OpExtra }
        var ops: [Int64: Stored] = [:]
        let rows = try FastStatement(db, sql: "SELECT id, party, field, kind, value, extra FROM op")
        while try rows.step() {
            let extra = rows.withBlob(5) { $0.isEmpty ? OpExtra() : OpExtra($0) }
            ops[rows.int64(0)] = Stored(party: rows.int64(1), field: rows.int64(2), kind: OperationKind(rawValue: UInt8(clamping: rows.int64(3))),
                                        value: rows.factValue(4), extra: extra)
        }
        var named = Set<Int64>()
        for (id, op) in ops {
            try require(OpID.counter(id) >= 1, "m001 1", "op \(id) has counter 0")
            try require(op.kind != nil, "m004", "op \(id) has no kind of OperationKind")
            named.formUnion(op.extra.predIDs)
        }

        // m007 11: the trigram index holds the word index's rows and names of the records with a
        // name in a script without spaces between words.
        let words = try Row.fetchAll(db, sql: "SELECT rowid, id, name, name_other, name_english, abbreviation FROM search ORDER BY rowid")
            .filter { row in (2...5).contains { (row[$0] as String?).map(Self.isUnspaced) ?? false } }
        let trigrams = try Row.fetchAll(db, sql: "SELECT rowid, id, name, name_other, name_english, abbreviation FROM search_trigram ORDER BY rowid")
        try require(words == trigrams, "m007 11", "search_trigram does not hold search's rows and names in scripts without spaces")

        // m004 7 (and m001 2): the heads are exactly the stored ops no stored op names.
        var heads = Set<Int64>()
        for row in try Row.fetchAll(db, sql: "SELECT party, field, id FROM fact_op") {
            let id: Int64 = row[2]
            guard let op = ops[id] else { throw InvariantViolation(invariant: "m004 7", detail: "fact_op names op \(id), which is not stored") }
            try require(op.party == row[0] && op.field == row[1], "m004 7", "fact_op lists op \(id) under another fact")
            heads.insert(id)
        }
        for (id, _) in ops { try require(heads.contains(id) == !named.contains(id), "m004 7", "op \(id) is \(heads.contains(id) ? "" : "not ")a head") }

        // m001 3: superseded holds the named ids that are not stored.
        let superseded = Set(try Int64.fetchAll(db, sql: "SELECT id FROM superseded"))
        try require(superseded == named.filter { ops[$0] == nil }, "m001 3", "superseded differs from the named ops not stored")

        // m001 4: each replica's statistics describe its stored ops.
        var stats: [Int64: (max: Int64, count: Int64)] = [:]
        for id in ops.keys {
            let r = OpID.replica(id)
            stats[r] = (max(stats[r]?.max ?? 0, OpID.counter(id)), (stats[r]?.count ?? 0) + 1)
        }
        for row in try Row.fetchAll(db, sql: "SELECT idx, max_counter, op_count FROM replica") {
            let s = stats[row[0]] ?? (0, 0)
            try require(s.max == row[1] && s.count == row[2], "m001 4", "replica \(row[0] as Int64) says \(row[1] as Int64)/\(row[2] as Int64), holds \(s.max)/\(s.count)")
        }

        // m001 5 (as m005 reads it): the derived state is the merge's (rules 2, 5 and 7).
        let fieldNames = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT fid, name FROM field").map { ($0[0] as Int64, $0[1] as String) })
        var headsByParty: [Int64: [Int64]] = [:]
        for id in heads { headsByParty[ops[id]!.party, default: []].append(id) }
        let listed = Set(try Row.fetchAll(db, sql: "SELECT party, field FROM conflict").map { [$0[0] as Int64, $0[1] as Int64] })
        var expectedListed = Set<[Int64]>()
        for row in try Row.fetchAll(db, sql: "SELECT pid, deleted, delete_conflict FROM party") {
            let pid: Int64 = row[0]
            let partyHeads = headsByParty[pid] ?? []
            let deletes = partyHeads.filter { ops[$0]!.field == 0 && ops[$0]!.kind == .delete }.map { ops[$0]!.extra.context ?? [] }
            let others = partyHeads.filter { ops[$0]!.field != 0 || ops[$0]!.kind != .delete }
            try require(row[1] == !deletes.isEmpty, "m001 5", "party \(pid) deleted is \(row[1] as Bool)")
            let conflict = Merge.isDeleteConflict(otherHeads: others, deleteContexts: deletes) { OpExtra.ContextEntry.contains($0, $1) }
            try require(row[2] == conflict, "m001 5", "party \(pid) delete_conflict is \(row[2] as Bool)")
            var fieldHeads: [Int64: [HeadEntry]] = [:]
            for id in partyHeads where ops[id]!.field != 0 {
                guard let kind = ops[id]!.kind, kind.isLive else { continue }
                fieldHeads[ops[id]!.field, default: []].append(HeadEntry(id: id, kind: kind, value: ops[id]!.value, qualifiers: ops[id]!.extra.qualifiers))
            }
            for (fid, hs) in fieldHeads where Merge.isInConflict(hs, isSet: schema.field(fieldNames[fid] ?? "")?.isSet ?? false) {
                expectedListed.insert([pid, fid])
            }
        }
        try require(listed == expectedListed, "m001 5", "conflict lists \(listed.count) fields, the merge finds \(expectedListed.count)")

        // m002 2: a revoked key's replicas are revoked.
        let unrevoked = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM replica r JOIN trusted_key k ON k.public_key = r.public_key
            WHERE k.status = 'revoked' AND r.trust != 'revoked'
            """) ?? 0
        try require(unrevoked == 0, "m002 2", "\(unrevoked) replicas of revoked keys are not revoked")

        // m006 8 and 9: batches are disjoint, hold only stored ops, and a replica signs from its first signed batch on.
        var previous: (replica: Int64, last: Int64, signed: Bool)?
        for row in try Row.fetchAll(db, sql: "SELECT replica, first, last, signature FROM op_batch ORDER BY replica, first") {
            let replica: Int64 = row[0], first: Int64 = row[1], last: Int64 = row[2], signed = !row.hasNull(atIndex: 3)
            if let previous, previous.replica == replica {
                try require(previous.last < first, "m006 8", "replica \(replica)'s batches overlap at \(first)")
                try require(!previous.signed || signed, "m006 9", "replica \(replica) has a vouched batch at \(first) above a signed one")
            }
            for counter in first...last {
                try require(ops[OpID.make(replica, counter)] != nil, "m006 8", "replica \(replica)'s batch \(first)–\(last) names op \(counter), not stored")
            }
            previous = (replica, last, signed)
        }

        // m006 10: the chain, if any, is the local replica's, from one past its last batch, over stored ops.
        for row in try Row.fetchAll(db, sql: "SELECT replica, first, last, length(head) FROM op_chain") {
            let replica: Int64 = row[0], first: Int64 = row[1], last: Int64 = row[2], bytes: Int = row[3]
            try require(replica == ReplicaDirectory.localIndex, "m006 10", "a chain of replica \(replica), not the local one")
            try require(bytes == 32, "m006 10", "the chain's head is \(bytes) bytes")
            try require(first == BatchDirectory(db).lastBatched(replica) + 1, "m006 10", "the chain starts at \(first), not after the last batch")
            if last >= first {
                for counter in first...last {
                    try require(ops[OpID.make(replica, counter)] != nil, "m006 10", "the chain names op \(counter), not stored")
                }
            }
        }
    }
}

/// An invariant of the store that does not hold: a bug in the store, never bad input.
package struct InvariantViolation: Error, CustomStringConvertible {
    /// The migration and number of the invariant, as the migration states it (`m004 7`).
    package var invariant: String
    /// What was found.
    package var detail: String

    package var description: String { "store invariant \(invariant) does not hold: \(detail)" }
}

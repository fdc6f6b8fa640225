import Foundation
import GRDB

/// A field of the schema in force, with where it came from: built into the program, or defined
/// by the team, by one editor, or by several without seeing each other (a schema conflict).
public struct FieldEntry: Sendable, Hashable {
    /// One definition standing for a team field, with who made it and when.
    public struct Candidate: Sendable, Hashable {
        /// The definition.
        public var definition: FieldDefinition
        /// The editor who made it.
        public var editor: String
        /// When it was made, in seconds since 1970.
        public var time: Int64
        /// The operation that made it.
        public var dot: Dot
    }

    /// The field as it is in force (for a conflict, the union of ``candidates``).
    public var definition: FieldDefinition
    /// The definitions standing, the latest first; empty for a built-in field.
    public var candidates: [Candidate]

    /// Whether the field is built into the program.
    public var isBuiltIn: Bool { candidates.isEmpty }
    /// Whether two or more different definitions stand (a schema conflict).
    public var isInConflict: Bool { candidates.count > 1 }
}

/// The schema in force, cached between transactions: the built-in schema with the team's
/// definitions that the database holds (merge rule 9).
final class SchemaInForce: @unchecked Sendable {
    private let lock = NSLock()
    private var schema: PartySchema

    init(_ schema: PartySchema) { self.schema = schema }

    var value: PartySchema {
        lock.lock()
        defer { lock.unlock() }
        return schema
    }

    func update(_ new: PartySchema) {
        lock.lock()
        schema = new
        lock.unlock()
    }
}

extension PartyStore {
    /// The schema values are checked against, as of this store's last transaction: the built-in
    /// fields (``builtInSchema``) and the team's own, defined with ``defineField(_:time:)`` here
    /// or on any replica whose operations this one holds.
    public var schema: PartySchema { inForce.value }

    /// The schema in force in `db`'s transaction.
    static func schemaInForce(_ db: Database, base: PartySchema) throws -> PartySchema {
        base.inForce(definitions: try definitionEntries(db).mapValues { $0.map(\.definition) })
    }

    /// The schema in force at `vv` (merge rule 8 over the dataset record's operations), for reads
    /// of a past version: a field defined since reads as a field this build does not know.
    static func schemaInForce(_ db: Database, base: PartySchema, at vv: VersionVector) throws -> PartySchema {
        guard let pid = try Self.datasetPID(db) else { return base }
        let held = try RecordOperations(db).operations(of: pid, party: DatasetRecord.id).map(\.operation).filter { vv.contains($0.dot) }
        var named = Set<Dot>()
        for op in held { named.formUnion(op.pred) }
        return base.inForce(definitions: PartySchema.definitions(in: held.filter { !named.contains($0.dot) }))
    }

    /// The schema a value received from another replica is checked against: the built-in fields,
    /// and each team field as every definition of it this replica holds allows, superseded ones
    /// included. A value is kept whatever the definitions say now (merge rule 9), so a changeset
    /// is refused only for a value that no definition of its field ever allowed.
    public func receivingSchema() throws -> PartySchema {
        try read { db in
            guard let pid = try Self.datasetPID(db) else { return builtInSchema }
            let ops = try RecordOperations(db).operations(of: pid, party: DatasetRecord.id).map(\.operation)
            return builtInSchema.inForce(definitions: PartySchema.definitions(in: ops))
        }
    }

    /// The definitions standing for each team field in `db`, by name, the latest first; equal
    /// definitions made by two editors count once, as equal values are one value.
    static func definitionEntries(_ db: Database) throws -> [String: [FieldEntry.Candidate]] {
        guard let pid = try Self.datasetPID(db) else { return [:] }
        var byName: [String: [FieldEntry.Candidate]] = [:]
        for (_, d) in try liveDetails(db, party: pid, fieldID: nil) where d.kind == .set {
            guard let name = DatasetRecord.definedFieldName(field: d.field),
                  let def = try? FieldDefinition(name: name, value: d.value) else { continue }
            byName[name, default: []].append(FieldEntry.Candidate(definition: def, editor: d.editor, time: d.time,
                                                                  dot: Dot(replica: d.replica, counter: d.counter)))
        }
        return byName.mapValues { candidates in
            var distinct: [FieldEntry.Candidate] = []
            for c in candidates.sorted(by: { ($0.time, $0.dot.replica.rawValue) > ($1.time, $1.dot.replica.rawValue) })
            where !distinct.contains(where: { $0.definition == c.definition }) { distinct.append(c) }
            return distinct
        }
    }

    /// Every field of the schema in force: the built-in ones in the schema file's order, then the
    /// team's, by name.
    public func fields() throws -> [FieldEntry] {
        try read { db in
            let entries = try Self.definitionEntries(db)
            let schema = builtInSchema.inForce(definitions: entries.mapValues { $0.map(\.definition) })
            return schema.fields.map { FieldEntry(definition: $0, candidates: schema.isBuiltIn($0.name) ? [] : entries[$0.name] ?? []) }
        }
    }

    /// Defines the team field `definition.name`, or changes its definition, as a `set` of its
    /// definition fact that travels like any edit. A change may only widen the definition
    /// standing (``FieldDefinition/narrowing(from:)``); when several stand (a schema conflict), it
    /// must widen one of them, and settles the conflict.
    ///
    /// - Parameter time: the time stamped on the operation, in seconds since 1970.
    /// - Returns: false when the one definition standing is `definition` already: nothing is written.
    /// - Throws: ``StoreError/invalidField(_:)`` for a built-in name, a bad name or definition, or
    ///   a narrowing change.
    @discardableResult
    public func defineField(_ definition: FieldDefinition, time: Int64) throws -> Bool {
        let name = definition.name
        guard PartySchema.isValidFieldName(name) else { throw StoreError.invalidField(.invalidName(name)) }
        guard !builtInSchema.isBuiltIn(name) else { throw StoreError.invalidField(.builtIn(name)) }
        do { _ = try FieldDefinition(name: name, value: definition.definitionValue) } catch { throw StoreError.invalidField(error) }
        var wrote = false
        try applyEdits(time: time) { writer in wrote = try writer.writeDefinition(definition) }
        return wrote
    }
}

extension PartyStore {
    /// The records, deleted ones left out, whose field `field` holds `value` among its standing
    /// values (a set's members, a single-valued field's claims), sorted by id: the records an
    /// external id links to, `wikidata` `Q123` say.
    ///
    /// - Complexity: a pass over the heads (`fact_op` has no index that leads with the field);
    ///   ``recordsByValue(of:)`` makes one pass for many lookups.
    public func records(where field: String, holds value: FactValue) throws -> [String] {
        try recordsByValue(of: field)[value] ?? []
    }

    /// For each value standing in the field `field` of a record not deleted, the records that
    /// hold it, sorted by id, for matching many rows by an external id (`import-csv --match`).
    ///
    /// - Complexity: one pass over the heads.
    public func recordsByValue(of field: String) throws -> [FactValue: [String]] {
        try read { db in
            guard let fid = try Int64.fetchOne(db, sql: "SELECT fid FROM field WHERE name = ?", arguments: [field]) else { return [:] }
            let statement = try FastStatement(db, sql: """
                SELECT p.id, o.value FROM fact_op f CROSS JOIN op o ON o.id = f.id CROSS JOIN party p ON p.pid = f.party
                WHERE f.field = ? AND o.kind IN (\(OperationKind.set.rawValue), \(OperationKind.add.rawValue)) AND p.deleted = 0
                """)
            statement.bind(1, fid)
            var byValue: [FactValue: Set<String>] = [:]
            while try statement.step() {
                guard let value = statement.factValue(1), let id = statement.string(0) else { continue }
                byValue[value, default: []].insert(id)
            }
            return byValue.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        }
    }
}

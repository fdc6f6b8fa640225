import GRDB

/// The store's fields by name (`field.fid`), and which of them are sets; a field that the schema
/// does not know (one of a newer schema) gets an id like any other, and is single-valued.
final class FieldDirectory {
    private let db: Database
    private var schema: PartySchema
    /// Local id by name: every row of `field`, those this transaction added included.
    private var ids: [String: Int64] = [:]
    /// The local ids of the set fields (add-wins sets) among `ids`.
    private(set) var setFields: Set<Int64> = []

    init(_ db: Database, schema: PartySchema) throws {
        self.db = db
        self.schema = schema
        for row in try Row.fetchAll(db, sql: "SELECT fid, name FROM field") { note(row[0], row[1]) }
    }

    private func note(_ fid: Int64, _ name: String) {
        ids[name] = fid
        if schema.field(name)?.isSet ?? false { setFields.insert(fid) }
    }

    /// The local id of field `name`, adding its row when new.
    func id(_ name: String) throws -> Int64 {
        if let fid = ids[name] { return fid }
        try db.execute(sql: "INSERT INTO field (name) VALUES (?)", arguments: [name])
        let fid = db.lastInsertedRowID
        note(fid, name)
        return fid
    }

    /// Takes `new` as the schema, and returns the ids of the fields it makes a set that were
    /// single-valued, or the other way round.
    func reclassify(with new: PartySchema) -> [Int64] {
        schema = new
        var changed: [Int64] = []
        for (name, fid) in ids where (new.field(name)?.isSet ?? false) != setFields.contains(fid) {
            if setFields.contains(fid) { setFields.remove(fid) } else { setFields.insert(fid) }
            changed.append(fid)
        }
        return changed.sorted()
    }

    /// Whether the field is a set; false for record-level ops' field 0 and every single-valued field.
    func isSet(_ fid: Int64) -> Bool { setFields.contains(fid) }
}

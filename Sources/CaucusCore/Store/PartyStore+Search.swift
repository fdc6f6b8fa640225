import GRDB

/// A full-text search hit.
public struct SearchHit: Sendable, Hashable {
    /// The party id.
    public var id: String
    /// The party's name (candidates joined by " / " when in conflict), if any.
    public var name: String?
    /// The English name, if any.
    public var nameEnglish: String?
    /// The country, if any.
    public var country: String?
    /// FTS5's bm25 rank: lower is better.
    public var rank: Double
}

extension PartyStore {
    /// The fields the search index holds, in the order of the `search` table's columns.
    static let searchFields = ["name", "name_other", "name_english", "abbreviation", "description"]

    /// Brings the full-text index up to date for the records written since the
    /// last refresh (`StaleParties`), in one write transaction.
    /// Deleted records are dropped from the index.
    ///
    /// - Returns: how many records were re-indexed.
    /// - Complexity: O(values of the dirty records).
    @discardableResult
    public func refreshSearchIndex() throws -> Int {
        let pending = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM search_stale") ?? 0 }
        if pending == 0 { return 0 }
        return try write { db in
            var fids: [Int64: Int] = [:]
            for (i, name) in Self.searchFields.enumerated() {
                if let fid = try Int64.fetchOne(db, sql: "SELECT fid FROM field WHERE name = ?", arguments: [name]) { fids[fid] = i }
            }
            let remove = try db.makeStatement(sql: "DELETE FROM search WHERE rowid = ?")
            let removeTrigrams = try db.makeStatement(sql: "DELETE FROM search_trigram WHERE rowid = ?")
            let insert = try db.makeStatement(sql: """
                INSERT INTO search (rowid, id, name, name_other, name_english, abbreviation, description) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            // m007 invariant 11: the names in a script without spaces again, by their pieces of three characters.
            let insertTrigrams = try db.makeStatement(sql: """
                INSERT INTO search_trigram (rowid, id, name, name_other, name_english, abbreviation) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let values = try db.makeStatement(sql: """
                SELECT f.field, o.value FROM fact_op f CROSS JOIN op o ON o.id = f.id
                WHERE f.party = ? AND f.field != 0 AND o.kind IN \(OperationKind.claimKindsSQL) ORDER BY f.id
                """)
            let party = try db.makeStatement(sql: "SELECT pid, id, deleted FROM party WHERE pid = ?")
            let dirty = try StaleParties.all(in: db).compactMap { try Row.fetchOne(party, arguments: [$0]) }
            for row in dirty {
                let pid: Int64 = row[0]
                try remove.execute(arguments: [pid])
                try removeTrigrams.execute(arguments: [pid])
                if row[2] as Bool { continue }
                var columns = [[String]](repeating: [], count: Self.searchFields.count)
                for v in try Row.fetchAll(values, arguments: [pid]) {
                    guard let i = fids[v[0] as Int64], let text = FactValue(v[1] as DatabaseValue)?.description else { continue }
                    if !columns[i].contains(text) { columns[i].append(text) }
                }
                var args: [DatabaseValueConvertible?] = [pid, row[1] as String]
                for c in columns { args.append(c.isEmpty ? nil : c.joined(separator: "\n")) }
                try insert.execute(arguments: StatementArguments(args))
                if columns.prefix(Self.trigramFields).contains(where: { $0.contains(where: Self.isUnspaced) }) {
                    try insertTrigrams.execute(arguments: StatementArguments(Array(args.prefix(2 + Self.trigramFields))))
                }
            }
            try db.execute(sql: "DELETE FROM search_stale")
            return dirty.count
        }
    }

    /// The fields the trigram index holds, of the records with a name in a script without spaces
    /// between words: the first ones of ``searchFields``, the names.
    static let trigramFields = 4

    /// Searches names, other names, English names, abbreviations and
    /// descriptions, in any script, best matches first (FTS5 bm25, names weighted
    /// above descriptions). Refreshes the index first.
    ///
    /// Each word of `text` must match (a word prefix of at least two letters also
    /// matches); the text is never read as FTS5 syntax, so quotes and operators are safe.
    /// Text in a script written without spaces between words (Chinese, Japanese, Thai, …) is
    /// matched as a part of a name instead (``substringSearch(_:limit:)``).
    ///
    /// - Parameters:
    ///   - text: the words to look for.
    ///   - limit: the most hits to return.
    /// - Returns: hits, best first; empty when `text` has no words.
    public func search(_ text: String, limit: Int = 20) throws -> [SearchHit] {
        try refreshSearchIndex()
        if Self.isUnspaced(text) { return try substringSearch(text, limit: limit) }
        let query = Self.ftsQuery(text)
        if query.isEmpty { return [] }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.id, bm25(search, 0, 10, 5, 8, 6, 1) AS score, s.name, s.name_english
                FROM search s WHERE search MATCH ? ORDER BY score, s.id LIMIT ?
                """, arguments: [query, limit])
            return try Self.hits(rows, db)
        }
    }

    /// Searches the names for each word of `text` as a part of them, through the trigram index:
    /// words of three characters or more by its MATCH (best first), shorter ones by LIKE.
    private func substringSearch(_ text: String, limit: Int) throws -> [SearchHit] {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.isEmpty { return [] }
        let long = words.filter { $0.count >= 3 }, short = words.filter { $0.count < 3 }
        var conditions: [String] = []
        var arguments: [DatabaseValueConvertible] = []
        if !long.isEmpty {
            conditions.append("search_trigram MATCH ?")
            arguments.append(long.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " "))
        }
        for word in short {
            let pattern = "%" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("(" + ["name", "name_other", "name_english", "abbreviation"].map { "\($0) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")")
            arguments += Array(repeating: pattern, count: 4)
        }
        arguments.append(limit)
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, \(long.isEmpty ? "0.0" : "bm25(search_trigram, 0, 10, 5, 8, 6)") AS score, name, name_english
                FROM search_trigram WHERE \(conditions.joined(separator: " AND ")) ORDER BY score, id LIMIT ?
                """, arguments: StatementArguments(arguments))
            return try Self.hits(rows, db)
        }
    }

    /// `caucus_unspaced(text)`, which m007_trigram calls: ``isUnspaced(_:)`` of a text, 0 for NULL.
    static let unspacedFunction = DatabaseFunction("caucus_unspaced", argumentCount: 1, pure: true) { values in
        (String.fromDatabaseValue(values[0]).map(isUnspaced) ?? false) ? 1 : 0
    }

    /// Whether `text` has a letter of a script written without spaces between words: Chinese,
    /// Japanese kana, Thai, Lao, Khmer, Myanmar and Tibetan, where a word index sees whole phrases.
    static func isUnspaced(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            switch s.value {
            case 0x0E00...0x0EFF, 0x0F00...0x0FFF, 0x1000...0x109F, 0x1780...0x17FF, 0x3040...0x30FF, 0x3400...0x4DBF,
                 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x2FA1F: return true
            default: return false
            }
        }
    }

    /// The hits of rows of id, score, name and English name, with each party's country.
    private static func hits(_ rows: [Row], _ db: Database) throws -> [SearchHit] {
        let countryField = try Int64.fetchOne(db, sql: "SELECT fid FROM field WHERE name = 'country'")
        return try rows.map { row in
            var country: String?
            if let countryField {
                country = try String.fetchOne(db, sql: """
                    SELECT o.value FROM party p CROSS JOIN fact_op f ON f.party = p.pid CROSS JOIN op o ON o.id = f.id
                    WHERE p.id = ? AND f.field = ? AND o.kind IN \(OperationKind.claimKindsSQL) LIMIT 1
                    """, arguments: [row[0] as String, countryField])
            }
            func first(_ s: String?) -> String? { s?.split(separator: "\n").joined(separator: " / ") }
            return SearchHit(id: row[0], name: first(row[2]), nameEnglish: first(row[3]), country: country, rank: row[1])
        }
    }

    /// The FTS5 query for free text: each word quoted (so nothing is syntax), all
    /// required, the last one also as a prefix.
    static func ftsQuery(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for ch in text {
            if ch.isLetter || ch.isNumber || ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .nonspacingMark || $0.properties.generalCategory == .spacingMark }) {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.enumerated().map { i, w in
            let quoted = "\"" + w + "\""
            return i == words.count - 1 && w.count >= 2 ? quoted + "*" : quoted
        }.joined(separator: " ")
    }
}

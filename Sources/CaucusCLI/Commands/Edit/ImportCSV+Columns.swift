import CaucusCore
import Foundation

extension Caucus.ImportCSV {
    /// How the file's columns make records: the column of each field, how a row's id is made, and
    /// which rows are skipped. Built from the header and the options before any row is read.
    struct Columns {
        /// How each row's id is made.
        enum ID {
            /// The cell of this column, trimmed.
            case column(Int)
            /// Literal text and cells (`column` set), joined, trimmed and lower-cased.
            case template([(literal: String, column: Int?)])
            /// None: every row must match a record (`--match`).
            case none
        }

        /// The header's column names, trimmed.
        let header: [String]
        /// The columns mapped to a field, in column order.
        let mapped: [(column: Int, field: FieldDefinition)]
        /// How each row's id is made.
        let id: ID
        /// Rows with a non-empty cell in any of these columns are skipped (`--skip-if`).
        let skipIfSet: [Int]
        /// Rows whose cell in the column is the value are skipped (`--skip-where`).
        let skipWhere: [(column: Int, value: String)]
        /// Columns neither mapped nor used for the id or the skip rules.
        let unused: [Int]
        /// The separator of each set field whose cells hold several members (`--split FIELD=SEP`).
        let splits: [String: String]
        /// With `--match FIELD`: the column mapped to the external-id field FIELD, whose cell finds a
        /// row's record among those that hold it.
        let match: (column: Int, field: FieldDefinition)?

        /// Maps the columns of `header` as `command`'s options say, checking every column and field they name.
        ///
        /// - Throws: a ``CommandFailure`` for a column the file lacks, an unknown field, two columns
        ///   mapped to one field, a bad mapping line or template, no id, or no column mapped at all.
        init(header: [String], command: Caucus.ImportCSV, store: PartyStore) throws {
            let file = command.file
            let columnIndex = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            func requireColumn(_ c: String, _ option: String) throws -> Int {
                guard let i = columnIndex[c] else {
                    let near = header.filter { Levenshtein.distance($0.lowercased(), c.lowercased()) <= 2 }
                    throw CommandFailure(description: "\(option): \(file) has no column \(JSONText.quoted(c))"
                                         + (near.isEmpty ? "; its columns are " + header.joined(separator: ", ") : "; did you mean \(JSONText.quoted(near[0]))?"),
                                         exitCode: ExitCodes.notFound)
                }
                return i
            }

            let mapping = try Self.mapping(file: command.mapping, options: command.map)
            var fieldOf: [Int: FieldDefinition] = [:]
            var ignored: Set<Int> = []
            for (column, target) in mapping.entries {
                switch target {
                case .ignored:
                    // A column the file lacks may be named: one mapping file serves export-csv too.
                    if let i = columnIndex[column] { ignored.insert(i); fieldOf[i] = nil }
                case .id:
                    _ = try requireColumn(column, "the id column \(column)")
                case .field(let field):
                    let i = try requireColumn(column, "--map \(column)=\(field)")
                    let def = try store.requireField(field)
                    if let other = fieldOf.first(where: { $0.key != i && $0.value.name == def.name && !def.isSet }) {
                        throw CommandFailure(description: "columns \(header[other.key]) and \(column) both map to \(def.name); map one of them to - to ignore it", exitCode: ExitCodes.badInput)
                    }
                    fieldOf[i] = def
                }
            }
            // A column named like a field maps to it, unless the field is taken.
            for (i, c) in header.enumerated() where fieldOf[i] == nil && !ignored.contains(i) {
                if let def = store.schema.field(c), !fieldOf.values.contains(where: { $0.name == def.name }) { fieldOf[i] = def }
            }

            let id: ID
            if let template = command.idTemplate {
                var parts: [(literal: String, column: Int?)] = []
                var rest = Substring(template)
                while let open = rest.firstIndex(of: "{") {
                    guard let close = rest[open...].firstIndex(of: "}") else {
                        throw CommandFailure(description: "--id-template: a { has no closing }", exitCode: ExitCodes.badInput)
                    }
                    parts.append((String(rest[..<open]), nil))
                    parts.append(("", try requireColumn(String(rest[rest.index(after: open)..<close]), "--id-template")))
                    rest = rest[rest.index(after: close)...]
                }
                parts.append((String(rest), nil))
                id = .template(parts)
            } else if let idColumn = command.idColumn {
                id = .column(try requireColumn(idColumn, "--id-column"))
            } else if let (column, prefix, suffix) = mapping.id {
                let i = try requireColumn(column, "the id column \(column)")
                id = prefix.isEmpty && suffix.isEmpty ? .column(i) : .template([(prefix, nil), ("", i), (suffix, nil)])
            } else if let i = columnIndex["id"] {
                id = .column(i)
            } else if command.match != nil {
                id = .none
            } else {
                throw CommandFailure(description: "\(file) has no id column; give --id-column COLUMN or --id-template, e.g. --id-template 'pf-{\(header.first ?? "column")}'",
                                     exitCode: ExitCodes.badInput)
            }
            if case .column(let i) = id { fieldOf[i] = nil }
            var splits: [String: String] = [:]
            for text in command.split {
                let (field, separator) = try CSVMapping.pair(text, what: "--split")
                let def = try store.requireField(field)
                guard def.isSet else {
                    throw CommandFailure(description: "--split \(field): \(field) holds one value; only a set field's cell is split into members", exitCode: ExitCodes.badInput)
                }
                guard !separator.isEmpty else { throw CommandFailure(description: "--split \(field): the separator is empty", exitCode: ExitCodes.badInput) }
                splits[def.name] = separator
            }

            var match: (column: Int, field: FieldDefinition)?
            if let name = command.match {
                let def = try store.requireField(name)
                guard def.type == .externalID else {
                    throw CommandFailure(description: "--match \(name): \(name) is not an external-id field; a row is matched by an id in another dataset", exitCode: ExitCodes.badInput)
                }
                guard let column = fieldOf.first(where: { $0.value.name == def.name })?.key else {
                    throw CommandFailure(description: "--match \(name): no column maps to \(name); map the column of its ids, e.g. --map party_id=\(name)", exitCode: ExitCodes.badInput)
                }
                match = (column, def)
            }

            let skipIfSet = try command.skipIf.map { try requireColumn($0, "--skip-if") }
            let skipWhere = try command.skipWhere.map { text -> (column: Int, value: String) in
                let (c, v) = try CSVMapping.pair(text, what: "--skip-where")
                return (try requireColumn(c, "--skip-where"), v)
            }
            if fieldOf.isEmpty {
                throw CommandFailure(description: "no column maps to a field; map some with --map COLUMN=FIELD (columns: \(header.joined(separator: ", ")))", exitCode: ExitCodes.badInput)
            }

            let idColumns: [Int]
            switch id {
            case .column(let i): idColumns = [i]
            case .template(let parts): idColumns = parts.compactMap(\.column)
            case .none: idColumns = []
            }
            let used = Set(idColumns + skipIfSet + skipWhere.map(\.column))
            self.header = header
            self.mapped = fieldOf.sorted { $0.key < $1.key }.map { (column: $0.key, field: $0.value) }
            self.id = id
            self.skipIfSet = skipIfSet
            self.skipWhere = skipWhere
            self.unused = header.indices.filter { fieldOf[$0] == nil && !used.contains($0) }
            self.splits = splits
            self.match = match
        }

        /// The lines of the mapping file, if any, then the `--map` options.
        private static func mapping(file: String?, options: [String]) throws -> CSVMapping {
            var mapping = try file.map(CSVMapping.read) ?? CSVMapping(lines: [])
            mapping.entries += try CSVMapping(lines: options.map { ($0, "--map") }).entries
            return mapping
        }

        /// Tells the editor which column went to which field, and which columns are not used.
        func report() {
            Console.message("Mapping: " + mapped.map { header[$0.column] == $0.field.name ? $0.field.name : "\(header[$0.column])→\($0.field.name)" }.joined(separator: ", "))
            if !unused.isEmpty { Console.message("Ignored columns: " + unused.map { header[$0] }.joined(separator: ", ")) }
        }

        /// Whether the skip rules leave out a row with these cells.
        func skips(_ cells: Cells) -> Bool {
            skipIfSet.contains(where: { !cells[$0].isEmpty }) || skipWhere.contains(where: { cells[$0.column] == $0.value })
        }

        /// The id of a row with these cells, not yet checked: with `--match`, the record that holds the
        /// row's id in the matched field (`records`, by value), else the id the row makes; nil with a
        /// problem when it matches several records, or none and the row makes no id.
        func id(of cells: Cells, matching records: [FactValue: [String]]) -> (id: String?, problem: String?) {
            if let match {
                let text = cells[match.column].trimmingCharacters(in: .whitespacesAndNewlines)
                if let value = try? match.field.check(.text(text)), let ids = records[value] {
                    if ids.count == 1 { return (ids[0], nil) }
                    return (nil, "\(match.field.name) \(text) links \(ids.count) records (\(ids.joined(separator: ", "))); a matched id must link one")
                }
                if case .none = id {
                    return (nil, text.isEmpty ? "no \(match.field.name) id to match" : "no record has \(match.field.name) \(text), and no --id-column or --id-template makes one")
                }
            }
            switch id {
            case .column(let i):
                return (cells[i].trimmingCharacters(in: .whitespaces), nil)
            case .template(let parts):
                return (parts.map { $0.column.map { cells[$0].trimmingCharacters(in: .whitespaces) } ?? $0.literal }.joined().lowercased(), nil)
            case .none:
                return (nil, "no id")
            }
        }

        /// The checked values of a row's mapped, non-empty cells in column order, and a problem for
        /// each cell whose value the field refuses.
        ///
        /// - Throws: what checking a value throws other than a ``ValueError``.
        func values(of cells: Cells) throws -> (values: [(field: FieldDefinition, value: FactValue)], problems: [String]) {
            var values: [(field: FieldDefinition, value: FactValue)] = []
            var problems: [String] = []
            for (i, def) in mapped {
                let text = cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty { continue }
                let members = splits[def.name].map { text.components(separatedBy: $0).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty } } ?? [text]
                for member in members {
                    do {
                        values.append((def, try def.check(try Self.cellValue(member, of: def))))
                    } catch let e as ValueError {
                        problems.append("column \(header[i]): \(e.description)")
                    } catch {
                        problems.append("column \(header[i]): \(def.name) must be a JSON object (\(def.expectation)): \(error)")
                    }
                }
            }
            return (values, problems)
        }
    }
}

extension Caucus.ImportCSV.Columns {
    /// The value a cell holds for `def`: its text, or for a field of objects (election results),
    /// the JSON object it writes, as `export-csv` writes one.
    static func cellValue(_ text: String, of def: FieldDefinition) throws -> FactValue {
        def.type == .electionResult ? .object(try FactObject(json: text.utf8)) : .text(text)
    }
}

extension Caucus.ImportCSV {
    /// A row's cells by column; a column past the end of a short row reads as empty.
    struct Cells {
        /// The row's fields as the CSV reader gave them.
        let fields: [String]

        subscript(column: Int) -> String { column < fields.count ? fields[column] : "" }
    }
}

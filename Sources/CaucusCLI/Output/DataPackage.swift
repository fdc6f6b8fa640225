import CaucusCore
import Foundation

/// A Frictionless Data Package of the parties (`export-json --package DIR`): `parties.csv` as
/// `export-csv` writes it, `datapackage.json` with its table schema derived from the party schema
/// (`Schema/party.schema.json`), and a `README.md` naming the version, its version vector and
/// its editors. Every file is a function of the version's operations: the same bytes on every
/// replica that holds them.
enum DataPackage {
    /// Writes the package of the table `export` describes into `dir`, made when missing.
    ///
    /// A field in conflict is left out of the table (its columns are typed, and a joined
    /// `conflict: A | B` is no integer), and the README says how many; `--conflicts join` is refused.
    static func write(_ export: ExportOptions, from store: PartyStore, into dir: String) throws {
        guard export.conflictsOption != .join else {
            throw CommandFailure(description: "--conflicts join writes text into the package's typed columns; give omit (the default for a package) or fail", exitCode: ExitCodes.badInput)
        }
        var export = export
        if export.conflictsOption == nil { export.conflictsOption = .omit }
        switch PathKind(dir) {
        case .file: throw CommandFailure(description: "\(dir): is not a folder", exitCode: ExitCodes.badInput)
        case .missing:
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw CommandFailure(description: "\(dir): cannot make the folder: \(error.localizedDescription)")
            }
        case .directory: break
        }
        // The version is fixed first, so that the table and the README describe the same operations.
        let version = try export.version(store) ?? VersionReference(versionVector: try store.versionVector(), name: "what this replica holds", release: nil)
        let columns = try export.columns(store)
        let written = try export.writeCSV(from: store, to: dir + "/parties.csv", at: version)
        let editors = try self.editors(of: version.versionVector, store)
        try save(descriptor(columns, version: version, editors: editors, separator: export.separator), to: dir + "/datapackage.json")
        try save(readme(version: version, editors: editors, parties: written.parties, conflicts: written.conflicts), to: dir + "/README.md")
    }

    /// The editors whose operations the version holds, by name, with how many.
    static func editors(of vv: VersionVector, _ store: PartyStore) throws -> [(name: String, operations: Int64)] {
        let names = Dictionary(try store.replicas().map { ($0.info.id, $0.info.editor) }, uniquingKeysWith: { a, _ in a })
        var counts: [String: Int64] = [:]
        for (replica, set) in vv.entries { counts[names[replica] ?? replica.rawValue, default: 0] += set.count }
        return counts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
    }

    /// `datapackage.json`.
    static func descriptor(_ columns: [(name: String, column: ExportOptions.Column)], version: VersionReference,
                           editors: [(name: String, operations: Int64)], separator: String) -> String {
        var fields: [String] = []
        var key: String?
        for (name, column) in columns {
            var o = JSONObject()
            o.add("name", name)
            switch column {
            case .id(let prefix, let suffix):
                key = name
                o.add("type", "string")
                o.add("description", prefix.isEmpty && suffix.isEmpty ? "the party's id in Caucus"
                      : "the party's id in Caucus, without its \(JSONText.quoted(prefix))\(suffix.isEmpty ? "" : " and \(JSONText.quoted(suffix))")")
                o.add("constraints", raw: #"{"required":true,"unique":true}"#)
            case .field(let def):
                let (type, constraints) = tableType(def)
                o.add("type", def.isSet ? "string" : type)
                o.add("description", def.help + (def.isSet ? " (members joined by \(JSONText.quoted(separator)))" : ""))
                if !def.isSet, let constraints { o.add("constraints", raw: constraints) }
            case .source(let def):
                o.add("type", "string")
                o.add("description", "the sources of \(def.name), joined by \"; \"")
            case .asOf(let def):
                o.add("type", "string")
                o.add("description", "the dates \(def.name) holds for, joined by \"; \"")
            }
            fields.append("      " + o.text)
        }
        var caucus = JSONObject()
        caucus.add("release", version.release?.release.name)
        caucus.add("version_vector", raw: version.versionVector.json)
        caucus.add("editors", raw: JSONObject.array(editors.map(\.name).map(JSONText.quoted)))
        var lines = ["{", #"  "profile": "tabular-data-package","#, #"  "name": "caucus-parties","#]
        if let release = version.release { lines.append("  \"version\": \(JSONText.quoted(release.release.name)),") }
        lines.append("  \"caucus\": \(caucus.text),")
        lines += [
            #"  "resources": [{"#,
            #"    "name": "parties", "path": "parties.csv", "profile": "tabular-data-resource","#,
            #"    "format": "csv", "mediatype": "text/csv", "encoding": "utf-8","#,
            #"    "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "lineTerminator": "\n", "header": true},"#,
            #"    "schema": {"#,
            #"     "missingValues": [""],"#,
        ]
        if let key { lines.append("     \"primaryKey\": [\(JSONText.quoted(key))],") }
        lines.append(#"     "fields": ["#)
        lines.append(fields.joined(separator: ",\n"))
        lines += ["     ]", "    }", "  }]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The Table Schema type of a field's values, and its constraints as JSON.
    static func tableType(_ def: FieldDefinition) -> (String, String?) {
        switch def.type {
        case .text: return ("string", "{\"maxLength\":\(def.maxLength)}")
        case .country: return ("string", #"{"pattern":"[A-Z]{3}"}"#)
        case .year: return ("integer", #"{"minimum":1000,"maximum":2999}"#)
        case .colour: return ("string", nil)
        case .choice: return ("string", "{\"enum\":" + JSONObject.array(def.choices.map(JSONText.quoted)) + "}")
        case .count: return ("integer", #"{"minimum":0}"#)
        case .percent: return ("number", #"{"minimum":0,"maximum":100}"#)
        case .url: return ("string", nil)
        case .party: return ("string", #"{"pattern":"[a-z0-9][a-z0-9._-]{0,63}"}"#)
        case .electionResult: return ("object", nil)
        case .integer: return ("integer", nil)
        case .number: return ("number", nil)
        case .date: return ("string", #"{"pattern":"[0-9]{4}(-[0-9]{2}){0,2}"}"#)
        case .externalID: return ("string", def.pattern.map { "{\"pattern\":" + JSONText.quoted($0) + "}" })
        }
    }

    /// `README.md`.
    static func readme(version: VersionReference, editors: [(name: String, operations: Int64)], parties: Int, conflicts: Int) -> String {
        var lines: [String] = []
        if let r = version.release {
            lines.append("# Party records: release \(r.release.name)")
            lines.append("")
            lines.append("The Caucus release \(r.release.name), made by \(r.editor) on \(Time.short(r.time)) UTC"
                         + (r.release.note.map { ": \($0)" + ($0.hasSuffix(".") ? "" : ".") } ?? "."))
        } else {
            lines.append("# Party records")
            lines.append("")
            lines.append("The records as one Caucus replica held them (\(version.name)).")
        }
        lines.append("")
        lines.append("- `parties.csv`: \(parties) part\(parties == 1 ? "y" : "ies"), one per row; `datapackage.json` describes its columns.")
        lines.append("- Version vector (the \(version.versionVector.operationCount) operations this state is made of): `\(version.versionVector.json)`")
        lines.append("- Editors: " + (editors.isEmpty ? "none" : editors.map { "\($0.name) (\($0.operations) operation\($0.operations == 1 ? "" : "s"))" }.joined(separator: ", ")) + ".")
        lines.append("- Fields in conflict, left out of the table: \(conflicts).")
        lines.append("")
        if let r = version.release {
            lines.append("Every replica that holds these operations gives the same state: `caucus dump --at \(r.release.name)`.")
        } else {
            lines.append("Every replica that holds these operations gives the same state: `caucus dump --at FILE`, with the version vector above in FILE.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func save(_ text: String, to path: String) throws {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandFailure(description: "\(path): cannot write the file: \(error.localizedDescription)")
        }
    }
}

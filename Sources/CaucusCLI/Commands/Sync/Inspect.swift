import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus inspect`: describes a changeset without importing it.
    struct Inspect: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Describe changeset files without importing them: sender, counts, time range and whether each is valid.",
            discussion: """
                Checks the whole file (format, checksum, signature, every operation) and reads no database. \
                Exits with 3 when a file is not valid, after describing the others.

                Examples:
                  caucus inspect from-alice.caucus-changes
                  caucus inspect *.caucus-changes --json
                """
        )

        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The changeset files, e.g. from-alice.caucus-changes.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name a changeset file, e.g. caucus inspect from-alice.caucus-changes") }
        }

        struct Summary {
            var kinds: [OperationKind: Int] = [:]
            var parties: Set<String> = []
            var fields: Set<String> = []
            /// The names of the releases the file makes, moves or deletes.
            var releases: Set<String> = []
            /// The team fields the file defines or widens.
            var definitions: Set<String> = []
            var authors: [ReplicaID: Int] = [:]
            var first: Int64?
            var last: Int64?
        }

        func execute() throws {
            var invalid = 0
            for file in files {
                let reader: ChangesetReader
                var summary = Summary()
                do {
                    reader = try ChangesetReader(path: file)
                    try reader.forEachOperation { op in
                        summary.kinds[op.kind, default: 0] += 1
                        if op.party == DatasetRecord.id, let name = DatasetRecord.releaseName(field: op.field) {
                            summary.releases.insert(name)
                        } else if op.party == DatasetRecord.id, let name = DatasetRecord.definedFieldName(field: op.field) {
                            summary.definitions.insert(name)
                        } else {
                            summary.parties.insert(op.party)
                            if !op.field.isEmpty { summary.fields.insert(op.field) }
                        }
                        summary.authors[op.dot.replica, default: 0] += 1
                        summary.first = min(summary.first ?? op.time, op.time)
                        summary.last = max(summary.last ?? op.time, op.time)
                    }
                } catch let error as ChangesetError {
                    invalid += 1
                    if output.json {
                        var o = JSONObject()
                        o.add("file", file)
                        o.add("valid", false)
                        o.add("error", error.description)
                        Out.line(o.text)
                    } else {
                        Out.line(Style.red("NOT VALID") + ": \(error.description)")
                    }
                    continue
                }
                let h = reader.header
                let editors = Dictionary(uniqueKeysWithValues: h.replicas.map { ($0.id, $0.editor) })
                // Operations in signed batches; the rest the sender vouches for (all of them before format 3).
                let signed = h.batches.filter(\.isSigned).reduce(0) { $0 + Int($1.counters.upperBound - $1.counters.lowerBound + 1) }
                let kindCounts = OperationKind.allCases.filter { summary.kinds[$0] != nil }.map { ($0.name, summary.kinds[$0]!) }
                if output.json {
                    var o = JSONObject()
                    o.add("file", file)
                    o.add("valid", true)
                    o.add("bytes", reader.size)
                    o.add("editor", h.sender.editor)
                    o.add("replica", h.sender.id.rawValue)
                    o.add("created", Time.iso(h.created))
                    o.add("format_version", reader.formatVersion)
                    o.add("schema_version", h.schemaVersion)
                    o.add("incremental", h.since != nil)
                    o.add("shallow", h.shallow)
                    o.add("operations", h.operationCount)
                    o.add("signed_by_author", signed)
                    o.add("vouched_by_sender", h.operationCount - signed)
                    var k = JSONObject()
                    for (name, n) in kindCounts { k.add(name, n) }
                    o.add("by_kind", raw: k.text)
                    var a = JSONObject()
                    for (id, n) in summary.authors.sorted(by: { $0.key < $1.key }) { a.add(id.rawValue, n) }
                    o.add("by_replica", raw: a.text)
                    o.add("records", summary.parties.count)
                    o.add("fields", raw: JSONObject.array(summary.fields.sorted().map(JSONText.quoted)))
                    o.add("releases", raw: JSONObject.array(summary.releases.sorted().map(JSONText.quoted)))
                    o.add("field_definitions", raw: JSONObject.array(summary.definitions.sorted().map(JSONText.quoted)))
                    o.add("first_time", summary.first.map(Time.iso))
                    o.add("last_time", summary.last.map(Time.iso))
                    Out.line(o.text)
                    continue
                }
                Out.line("\(Style.bold(file)): " + Style.green("valid") + " (format, checksum and signature checked; \(reader.size) bytes)")
                Out.line("  editor      \(h.sender.editor)")
                Out.line("  replica     \(h.sender.id.rawValue)")
                Out.line("  written     \(Time.short(h.created)) UTC")
                Out.line("  format      version \(reader.formatVersion): read by caucus builds that read version \(reader.formatVersion) and later")
                Out.line("  kind        \(h.shallow ? "shallow snapshot (the state at its version vector, for a new replica)" : h.since == nil ? "full export" : "incremental (what a peer lacked)")")
                Out.line("  operations  \(h.operationCount)" + (kindCounts.isEmpty ? "" : " (" + kindCounts.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ")"))
                Out.line("  signed      \(signed) by their authors, \(h.operationCount - signed) vouched for by the sender")
                if !summary.authors.isEmpty {
                    Out.line("  by editor   " + summary.authors.sorted { $0.key < $1.key }.map { "\(editors[$0.key] ?? $0.key.rawValue) \($0.value)" }.joined(separator: ", "))
                }
                Out.line("  records     \(summary.parties.count)")
                Out.line("  fields      \(summary.fields.isEmpty ? "-" : summary.fields.sorted().joined(separator: ", "))")
                if !summary.releases.isEmpty { Out.line("  releases    " + summary.releases.sorted().joined(separator: ", ")) }
                if !summary.definitions.isEmpty { Out.line("  defines     " + summary.definitions.sorted().joined(separator: ", ")) }
                if let first = summary.first, let last = summary.last {
                    Out.line("  time range  \(Time.short(first)) to \(Time.short(last)) UTC")
                }
            }
            if invalid > 0 { throw ExitCode(ExitCodes.badInput) }
        }
    }
}

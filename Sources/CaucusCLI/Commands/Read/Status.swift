import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus status`: where this replica stands.
    struct Status: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show this replica: editor, database, what it holds, pending conflicts, and the peers it has heard from.",
            discussion: """
                For each peer, "has seen" is what their last changeset said they held: the operations here they \
                lack are what `caucus export --for EDITOR` sends.

                Examples:
                  caucus status
                  caucus status --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func execute() throws {
            let store = try global.openStore()
            let me = store.localReplica
            let vv = try store.versionVector()
            let replicas = try store.replicas()
            let editors = Dictionary(replicas.map { ($0.info.id, $0.info.editor) }, uniquingKeysWith: { a, _ in a })
            let counts = try store.recordCounts()
            let conflicts = try store.conflictCount() + store.conflictsBetweenLinkedRecords().count
            let peers = try store.peerVersionVectors()
            let path = URL(fileURLWithPath: store.path).standardizedFileURL.path
            let horizon = try store.compactionHorizon()
            // Who answers for each operation held: its author's signature, or the replica that sent
            // it unsigned; this replica's own after its last batch are signed at its next export.
            let batches = try store.authorBatches()
            func total(signed: Bool) -> Int64 {
                batches.filter { $0.batch.isSigned == signed }.reduce(0) { $0 + $1.batch.counters.upperBound - $1.batch.counters.lowerBound + 1 }
            }
            let signed = total(signed: true), vouched = total(signed: false)
            // Only this replica's own operations wait for a signature; a shallow replica's version
            // vector counts operations it never stored.
            let ownInBatches = batches.filter { $0.batch.replica == me.id }.reduce(0) { $0 + $1.batch.counters.upperBound - $1.batch.counters.lowerBound + 1 }
            let toSign = vv[me.id].count - ownInBatches
            let held = vv.entries.sorted { ($0.key == me.id ? 0 : 1, editors[$0.key] ?? "", $0.key) < ($1.key == me.id ? 0 : 1, editors[$1.key] ?? "", $1.key) }
            func lacking(_ peerVV: VersionVector) -> Int64 {
                vv.entries.reduce(0) { sum, e in sum + e.value.subtracting(peerVV[e.key]).reduce(0) { $0 + $1.upperBound - $1.lowerBound + 1 } }
            }
            if output.json {
                var o = JSONObject()
                o.add("database", path)
                o.add("editor", me.editor)
                o.add("replica", me.id.rawValue)
                o.add("records", counts.total)
                o.add("deleted", counts.deleted)
                o.add("operations", vv.operationCount)
                o.add("version_vector", raw: vv.json)
                o.add("conflicts", conflicts)
                o.add("signed_by_author", signed)
                o.add("vouched_by_sender", vouched)
                o.add("to_sign_at_export", toSign)
                o.add("compacted_before", horizon?.release)
                o.add("shallow", try store.isShallow())
                o.add("peers", raw: JSONObject.array(peers.map { p in
                    var x = JSONObject()
                    x.add("editor", p.replica.editor)
                    x.add("replica", p.replica.id.rawValue)
                    x.add("last_imported", Time.iso(p.seenAt))
                    x.add("has_seen", raw: p.versionVector.json)
                    x.add("lacks", lacking(p.versionVector))
                    return x.text
                }))
                Out.line(o.text)
                return
            }
            Out.line("editor      \(me.editor)")
            Out.line("replica     \(me.id.rawValue)")
            Out.line("database    \(path)")
            Out.line("records     \(counts.total - counts.deleted)" + (counts.deleted > 0 ? " (+ \(counts.deleted) deleted)" : ""))
            Out.line("holds       \(vv.operationCount) operations" + (held.isEmpty ? "" : ": " + held.map { e in
                let ranges = e.value.ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
                return "\(editors[e.key] ?? "?") \(ranges)"
            }.joined(separator: "; ")))
            Out.line("authors     \(signed) signed by their authors, \(vouched) vouched for by the replica that sent them"
                     + (toSign > 0 ? ", \(toSign) of yours to sign at your next export" : ""))
            if let horizon {
                Out.line(try store.isShallow()
                         ? "shallow     started from a snapshot at release \(horizon.release): it holds the state there, not the operations superseded before it"
                         : "compacted   before release \(horizon.release): superseded operations before it hold no values (caucus compact)")
            }
            Out.line("conflicts   " + (conflicts == 0 ? "none" : Style.yellow("\(conflicts) pending — run `caucus conflicts`")))
            if peers.isEmpty {
                Out.line("peers       none yet (import a changeset to meet one)")
            } else {
                Out.line("peers")
                for p in peers {
                    let lacks = lacking(p.versionVector)
                    Out.line("  \(p.replica.editor) (replica \(p.replica.id.rawValue.prefix(12))…): last changeset imported \(Time.short(p.seenAt)); has seen \(p.versionVector.operationCount) operations"
                             + (lacks == 0 ? ", nothing new for them" : ", lacks \(lacks) held here (caucus export --for \(p.replica.editor))"))
                }
            }
        }
    }
}

import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus export`: writes a signed changeset.
    struct Export: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a signed changeset of the operations a peer lacks (or of everything).",
            discussion: """
                With --for EDITOR, only what that editor lacks according to the last changeset they sent you; with \
                --since FILE, what a version vector file (from their `caucus vv`) lacks; otherwise everything. \
                Without --output, the file is named after you and the time, and its name is printed.

                Examples:
                  caucus export --for bob --output for-bob.caucus-changes
                  caucus export --since bob.vv --output for-bob.caucus-changes
                  caucus export
                  caucus export --shallow --at 2025.1 --output parties-2025.1.caucus-changes
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The changeset file to write, e.g. -o for-bob.caucus-changes (default: EDITOR-TIME.caucus-changes).", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("A version vector file (from the peer's `caucus vv`); only what it lacks is exported. Example: --since bob.vv.", valueName: "vv-file"))
        var since: String?

        @Option(name: .customLong("for"), help: ArgumentHelp("An editor (or replica id prefix) who sent you a changeset; only what they had not seen then is exported. Example: --for bob.", valueName: "editor"))
        var peer: String?

        @Flag(help: ArgumentHelp("Write a shallow snapshot: the state at a release (--at) or now, without the operations it superseded; a new editor starts from it with `caucus import`. Example: --shallow --at 2025.1."))
        var shallow = false

        @Option(help: ArgumentHelp("With --shallow, the release the snapshot is made at, e.g. --at 2025.1.", valueName: "release"))
        var at: String?

        func validate() throws {
            if since != nil && peer != nil { throw ValidationError("give --since or --for, not both") }
            if shallow && (since != nil || peer != nil) { throw ValidationError("a shallow snapshot is for a new replica: give --shallow without --since or --for") }
            if at != nil && !shallow { throw ValidationError("--at is for --shallow") }
        }

        func execute() throws {
            let store = try global.openStore()
            var base: VersionVector?
            if let since { base = try VersionReference.readFile(since) }
            if let peer {
                let peers = try store.peerVersionVectors()
                let found = peers.filter { $0.replica.editor == peer || $0.replica.id.rawValue.hasPrefix(peer.lowercased()) && peer.count >= 4 }
                guard let match = found.first else {
                    let names = peers.map(\.replica.editor)
                    throw CommandFailure(description: "no changeset from \(JSONText.quoted(peer)) has been imported, so what they lack is unknown"
                                         + (names.isEmpty ? "; export everything (no --for) or use --since FILE" : "; peers seen: " + names.joined(separator: ", ")),
                                         exitCode: ExitCodes.notFound)
                }
                if found.count > 1 {
                    throw CommandFailure(description: "\(peer) names \(found.count) replicas; give a replica id prefix instead (see `caucus status`)", exitCode: ExitCodes.badInput)
                }
                base = match.versionVector
            }
            let path = output ?? Self.defaultName(editor: store.localReplica.editor)
            let report: ChangesetWriter.Report
            if shallow {
                var vv = try store.versionVector(), release = VersionVector(), what = "what this replica holds"
                if let at {
                    let all = try store.releases()
                    guard let entry = all.first(where: { $0.name == at }) else { throw StoreError.unknownRelease(at, known: all.map(\.name)) }
                    guard !entry.isInConflict else { throw StoreError.releaseInConflict(at, candidates: entry.candidates.count) }
                    vv = entry.candidates[0].release.versionVector
                    release[entry.candidates[0].dot.replica] = CounterSet(ranges: [entry.candidates[0].dot.counter...entry.candidates[0].dot.counter])
                    what = "release \(at)"
                }
                report = try ChangesetWriter.exportShallow(from: store, at: vv, including: release, describedAs: what, to: path, time: now())
            } else {
                report = try ChangesetWriter.export(from: store, since: base, to: path, time: now())
            }
            Console.message("Wrote \(report.operationCount) operation\(report.operationCount == 1 ? "" : "s") (\(report.bytes) bytes) to \(path).")
            if output == nil { Out.line(path) }
        }

        static func defaultName(editor: String) -> String {
            let safe = String(editor.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
            let stamp = Time.iso(now()).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
            return "\(safe)-\(stamp).caucus-changes"
        }
    }
}

import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus compact --before RELEASE`: a smaller history.
    struct Compact: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "compact",
            abstract: "Drop the values of operations superseded before a release every peer holds, and shrink the database.",
            discussion: """
                What the merge still needs stays: every operation's identity, kind, time and the operations it \
                superseded, so the records, their conflicts and every later merge are unchanged, and `history` \
                lists each change, a dropped value shown as (compacted). Every peer this replica has imported a \
                changeset from must hold the release (`caucus status` lists them), or nothing is done. Afterwards \
                a read at an older release, a revert of operations before it, and an export to a peer that lacks \
                any of its operations are refused.

                Example: caucus compact --before 2025.1
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The release: superseded operations it holds lose their values. Example: --before 2025.1.", valueName: "release"))
        var before: String

        func execute() throws {
            let store = try global.openStore()
            let release = try store.release(named: before)
            let behind = try store.peerVersionVectors().filter { !$0.versionVector.includes(release.versionVector) }
            if !behind.isEmpty {
                throw CommandFailure(description: "not every peer holds release \(before): " + behind.map {
                    "\($0.replica.editor) (last changeset imported \(Time.short($0.seenAt)) lacks some of its operations)"
                }.joined(separator: ", ") + "; nothing was compacted. Compact once their next changeset holds it")
            }
            let report = try store.compact(before: release.versionVector, named: before)
            func mb(_ b: Int64) -> String { String(format: "%.1f MB", Double(b) / 1_048_576) }
            Console.message("Compacted before release \(before): dropped the values of \(report.operations) superseded operation\(report.operations == 1 ? "" : "s"); "
                            + "the database went from \(mb(report.bytesBefore)) to \(mb(report.bytesAfter)).")
        }
    }
}

import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus revert`: undo an imported changeset, or the operations between two releases.
    struct Revert: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "revert",
            abstract: "Undo what an imported changeset (or the operations between two releases) changed, by writing new operations, as git revert does.",
            discussion: """
                Nothing is rewritten: the revert is an edit of yours, it travels like any other, and others can \
                see it and revert it in turn. Each field the operations touched gets back the claims they \
                superseded; a field they gave its first value is cleared; a record they deleted is restored, and \
                one only they ever touched is deleted. A value someone changed since is not overwritten: it stays \
                beside the value brought back, as a conflict to settle like any other. --dry-run shows the \
                changes and writes nothing.

                Examples:
                  caucus revert bad-import.caucus-changes --dry-run
                  caucus revert bad-import.caucus-changes
                  caucus revert --release 2025.1..2025.2
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("A changeset file this replica imported.", valueName: "file"))
        var file: String?

        @Option(help: ArgumentHelp("Undo the operations of B that A lacks, e.g. --release 2025.1..2025.2 (releases or version vector files).", valueName: "a..b"))
        var release: String?

        @Flag(name: .customLong("dry-run"), help: "Show what the revert would change, and write nothing.")
        var dryRun = false

        func validate() throws {
            if (file == nil) == (release == nil) { throw ValidationError("give a changeset FILE or --release A..B") }
            if let release, release.components(separatedBy: "..").count != 2 { throw ValidationError("--release takes A..B, e.g. 2025.1..2025.2") }
        }

        func execute() throws {
            let store = try global.openStore()
            let undone: VersionVector, what: String
            if let file {
                let reader = try ChangesetReader(path: file)
                var vv = VersionVector()
                try reader.forEachOperation { vv[$0.dot.replica].formUnion($0.dot.counter...$0.dot.counter) }
                (undone, what) = (vv, "the changeset \(file)")
            } else {
                let ends = release!.components(separatedBy: "..")
                let a = try VersionReference.resolve(ends[0], in: store), b = try VersionReference.resolve(ends[1], in: store)
                var between = VersionVector()
                for (replica, set) in b.versionVector.entries { between[replica] = CounterSet(ranges: set.subtracting(a.versionVector[replica])) }
                (undone, what) = (between, "\(b.name) since \(a.name)")
            }
            let report = try store.revert(undone, describedAs: what, time: now(), dryRun: dryRun)
            let out = OutputBuffer()
            Diff.render(report.changes, schema: store.schema, json: output.json, to: out)
            out.flush()
            let n = report.operations.count, records = report.changes.count
            let conflicts = report.changes.reduce(0) { $0 + $1.conflictsAppeared.count }
            let summary = "\(n) operation\(n == 1 ? "" : "s") on \(records) record\(records == 1 ? "" : "s")"
                + (conflicts > 0 ? "; \(conflicts) field\(conflicts == 1 ? "" : "s") changed since by others become conflicts (`caucus conflicts`)" : "")
            if report.undone == 0 || n == 0 {
                Console.message("Nothing to revert: \(what) changes nothing this replica shows.")
            } else if dryRun {
                Console.message("Dry run: reverting \(what) would write \(summary). Nothing was changed.")
            } else {
                Console.message("Reverted \(what): wrote \(summary).")
            }
        }
    }
}

import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus dump`: the canonical state.
    struct Dump: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Print every record as one canonical JSON line, sorted by id; replicas holding the same operations print the same bytes.",
            discussion: """
                With --at, the state as it stood at a release, or at the version vector in a file: the same bytes \
                on every replica that holds its operations. A replica that lacks some of them says which.

                Examples:
                  caucus dump > state.ndjson
                  caucus dump --at 2025.1 > state-2025.1.ndjson
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("A release name, or a version vector file (from `caucus vv`): the state as it stood there. Example: --at 2025.1.", valueName: "release|vv-file"))
        var at: String?

        func execute() throws {
            let store = try global.openStore()
            let out = OutputBuffer()
            if let at {
                let version = try VersionReference.resolve(at, in: store)
                let progress = TerminalProgress("Reading \(version.name)")
                var recomputed = 0
                try store.records(at: version.versionVector, describedAs: version.name, progress: { done, total in
                    recomputed = done
                    progress.show(done, of: total, "records recomputed")
                }) { out.line($0.dumpLine) }
                progress.clear(after: recomputed)
            } else {
                try store.records { out.line($0.dumpLine) }
            }
            out.flush()
        }
    }
}

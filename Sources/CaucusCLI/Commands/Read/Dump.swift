import ArgumentParser
import CaucusCore

extension Caucus {
    /// `caucus dump`: the canonical state.
    struct Dump: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "dump",
            abstract: "Print every record as one canonical JSON line, sorted by id; replicas holding the same operations print the same bytes.",
            discussion: "Example: caucus dump > state.ndjson"
        )

        @OptionGroup var global: GlobalOptions

        func execute() throws {
            let out = OutputBuffer()
            try global.openStore().records { out.line($0.dumpLine) }
            out.flush()
        }
    }
}

import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus apply`: local edits from an NDJSON file.
    struct Apply: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply local edits from an NDJSON file of operations, all in one transaction.",
            discussion: """
                Each line is {"op":"set"|"add"|"remove"|"clear"|"delete"|"restore","party":ID,"field":F,"value":V} \
                with optional "source" and "as_of". A bad line is reported with its number and nothing is applied. \
                Example: caucus apply edits.ndjson
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The NDJSON file, or - for standard input, e.g. edits.ndjson.", valueName: "file"))
        var file: String

        func execute() throws {
            let store = try global.openStore()
            let name = file == "-" ? "<stdin>" : file
            let data = try LineFile.read(file)
            let summary = try store.applyEdits(time: now()) { writer in
                try EditFeed(data).forEach { line in
                    do {
                        try writer.apply(try line.edit.get())
                    } catch let problem as EditLine.Problem {
                        throw CommandFailure(description: "\(name):\(line.number): \(problem.message); nothing was applied", exitCode: ExitCodes.badInput)
                    } catch let error as StoreError {
                        throw CommandFailure(description: "\(name):\(line.number): \(error.message); nothing was applied", exitCode: ExitCodes.badInput)
                    }
                }
            }
            Console.message("Applied \(summary.operationsAdded) operations to \(summary.partiesTouched) records.")
        }
    }
}

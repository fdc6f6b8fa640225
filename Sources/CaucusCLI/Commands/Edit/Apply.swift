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
                        throw CommandFailure(description: "\(name):\(line.number): \(error.description); nothing was applied", exitCode: ExitCodes.badInput)
                    }
                }
            }
            Console.message("Applied \(summary.operationsAdded) operations to \(summary.partiesTouched) records.")
        }
    }
}

/// Reading a whole input file and walking its lines without copying them.
enum LineFile {
    /// The bytes of `path` (memory-mapped), or of standard input for "-".
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure(description: "\(path): no such file", exitCode: ExitCodes.notFound)
        }
        if isDirectory.boolValue { throw CommandFailure(description: "\(path): is a directory", exitCode: ExitCodes.badInput) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CommandFailure(description: "\(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// Calls `body` with each line's bytes (without the newline).
    static func forEachLine(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                try body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                start = end + 1
            }
        }
    }
}

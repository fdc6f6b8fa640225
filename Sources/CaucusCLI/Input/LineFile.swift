import CaucusCore
import Foundation

/// Reading a whole input file and walking its lines without copying them.
enum LineFile {
    /// The bytes of `path` (memory-mapped), or of standard input for "-".
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        try requireFile(path)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw CommandFailure(description: "\(path): cannot read: \(error.localizedDescription)")
        }
    }

    /// Refuses a path that names nothing (exit 4) or a directory (exit 3), as every input file is refused.
    static func requireFile(_ path: String) throws {
        switch PathKind(path) {
        case .missing: throw CommandFailure(description: "\(path): no such file", exitCode: ExitCodes.notFound)
        case .directory: throw CommandFailure(description: "\(path): is a directory", exitCode: ExitCodes.badInput)
        case .file: break
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

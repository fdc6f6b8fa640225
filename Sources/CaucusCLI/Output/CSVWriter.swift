import CaucusCore
import Foundation

/// Writes RFC 4180 CSV (or lines of any text) to a file or to standard output, buffered.
///
/// A cell holding a comma, a double quote, a carriage return or a line feed is quoted, its quotes
/// doubled; lines end with a line feed. A file is written under a temporary name beside it and
/// renamed over the path when complete (``finish()``), so a failed export leaves no half file.
final class CSVWriter {
    private var buffer: [UInt8] = []
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?

    /// A writer to `path`, or to standard output when it is nil.
    ///
    /// - Throws: a ``CommandFailure`` when `path` is a directory or the file cannot be created.
    init(path: String?) throws {
        buffer.reserveCapacity(1 << 16)
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            return
        }
        if PathKind(path) == .directory { throw CommandFailure(description: "\(path): is a directory", exitCode: ExitCodes.badInput) }
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
            throw CommandFailure(description: "\(path): cannot create the file")
        }
        handle = h
        temporary = temp
    }

    /// Writes one line of cells.
    func row(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            let bytes = cell.utf8
            if bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                buffer.append(0x22)
                for b in bytes { buffer.append(b); if b == 0x22 { buffer.append(0x22) } }
                buffer.append(0x22)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes one line as it is.
    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    private func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a file, puts it in place.
    func finish() throws {
        flush()
        guard let path, let temporary else { return }
        try handle.close()
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandFailure(description: "\(path): cannot write the file: \(reason)")
        }
    }

    /// Removes the temporary file of an export that failed.
    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        unlink(temporary)
    }
}

import Foundation

/// Where output goes: data to stdout, messages to stderr.
enum Console {
    /// Writes a message line to stderr.
    static func message(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes an error line to stderr.
    static func error(_ text: String) {
        message("caucus: error: " + text)
    }
}

/// Buffered writes to stdout, for large outputs like `dump`.
final class OutputBuffer {
    private var buffer: [UInt8] = []
    private let handle = FileHandle.standardOutput

    init() { buffer.reserveCapacity(1 << 16) }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

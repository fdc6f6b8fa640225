import Foundation

/// Writes data to stdout, line-buffered through ``OutputBuffer``.
enum Out {
    /// Writes one line to stdout.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

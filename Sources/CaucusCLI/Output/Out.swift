import Foundation

/// Writes data to stdout a line at a time: each call is one unbuffered write of the line, so a
/// reader sees it at once. For many lines, ``OutputBuffer`` gathers them into few writes.
enum Out {
    /// Writes one line to stdout.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

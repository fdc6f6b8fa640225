#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal styling: only when the stream is a terminal, and never with NO_COLOR set.
enum Style {
    /// Whether stdout gets colour.
    static let stdoutColour: Bool = colourAllowed(fd: 1)

    static func colourAllowed(fd: Int32) -> Bool {
        if Environment.value("NO_COLOR") != nil { return false }
        if Environment.value("TERM") == "dumb" { return false }
        return isatty(fd) == 1
    }

    /// Whether stderr is a terminal (for progress lines).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    static func bold(_ s: String) -> String { stdoutColour ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    static func dim(_ s: String) -> String { stdoutColour ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
    static func red(_ s: String) -> String { stdoutColour ? "\u{1B}[31m\(s)\u{1B}[0m" : s }
    static func yellow(_ s: String) -> String { stdoutColour ? "\u{1B}[33m\(s)\u{1B}[0m" : s }
    static func green(_ s: String) -> String { stdoutColour ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
}

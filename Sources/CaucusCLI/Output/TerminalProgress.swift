import Foundation

/// A line of progress on standard error, rewritten in place, only when standard error is a
/// terminal: `Exporting: 5000 parties…`. Scripts and files see nothing.
struct TerminalProgress {
    /// What is going on, before the count.
    let label: String
    /// How often the line is rewritten, in items.
    let every: Int
    private let shown = Style.stderrIsTerminal

    init(_ label: String, every: Int = 5000) {
        self.label = label
        self.every = every
    }

    /// Shows `done` (of `total`, when known) every `every` items.
    func show(_ done: Int, of total: Int? = nil, _ unit: String) {
        guard shown, done > 0, done % every == 0 else { return }
        FileHandle.standardError.write(Data("\r\(label): \(done)\(total.map { " of \($0)" } ?? "") \(unit)…".utf8))
    }

    /// Clears the line, if one was shown.
    func clear(after done: Int) {
        if shown && done >= every { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

import CaucusCore
import CaucusSync
import Foundation

/// Parses the lines of an NDJSON edit file on a thread of its own (``ReadAhead``), a chunk of
/// lines at a time, so that parsing runs while the
/// store writes the chunk before.
///
/// ``forEach(_:)`` hands the lines over in file order with their numbers; the parser stays a few
/// chunks ahead at most, so memory stays flat however long the file is. Blank lines are skipped
/// (they still count in the numbering).
struct EditFeed {
    /// One non-blank line: its 1-based number and its edit, or the ``EditLine/Problem`` that makes it none.
    struct Line {
        var number: Int
        var edit: Result<Edit, any Error>
    }

    private let data: Data

    /// Prepares to parse `data` (the whole file).
    init(_ data: Data) { self.data = data }

    /// Calls `body` with each non-blank line in file order; stops the parser when `body` throws.
    func forEach(_ body: (Line) throws -> Void) throws {
        let data = self.data
        try ReadAhead<Line> { emit in
            var number = 0
            try LineFile.forEachLine(data) { line in
                number += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
                try emit(Line(number: number, edit: Result { try EditLine.parse(line) }))
            }
        }.forEach(body)
    }
}

import CaucusCore
import CaucusSync
import Foundation

/// Parses the lines of an NDJSON edit file on a thread of its own, a chunk of lines at a time, so that
/// parsing (about an eighth of a large `caucus apply`) runs while the store writes the chunk before.
///
/// ``forEach(_:)`` hands the lines over in file order with their numbers; the parser stays at most
/// ``limit`` chunks ahead, so memory stays flat however long the file is. Blank lines are skipped
/// (they still count in the numbering).
final class EditFeed: @unchecked Sendable {
    /// One non-blank line: its 1-based number and its edit, or the ``EditLine/Problem`` that makes it none.
    struct Line {
        var number: Int
        var edit: Result<Edit, any Error>
    }

    /// Invariant: `chunks`, `ended` and `stopped` are only used with `condition` locked.
    private let condition = NSCondition()
    private var chunks: [[Line]] = []
    private var ended = false
    private var stopped = false
    /// The most parsed chunks waiting to be handed over.
    let limit = 4
    /// The lines in a chunk.
    let chunkLines = 4096

    /// Starts parsing `data` (the whole file) on a new thread.
    init(_ data: Data) {
        Thread { [self] in parse(data) }.start()
    }

    /// Calls `body` with each non-blank line in file order; stops the parser when `body` throws.
    func forEach(_ body: (Line) throws -> Void) throws {
        defer { stop() }
        while let chunk = next() {
            for line in chunk { try body(line) }
        }
    }

    private func next() -> [Line]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !ended { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }

    private func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands `chunk` over, waiting while ``limit`` chunks are pending; false once the reader stopped.
    private func hand(_ chunk: [Line]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= limit && !stopped { condition.wait() }
        guard !stopped else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    private func parse(_ data: Data) {
        var chunk: [Line] = []
        chunk.reserveCapacity(chunkLines)
        var number = 0
        var going = true
        LineFile.forEachLine(data) { line in
            guard going else { return }
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            chunk.append(Line(number: number, edit: Result { try EditLine.parse(line) }))
            if chunk.count == chunkLines {
                going = hand(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if going && !chunk.isEmpty { _ = hand(chunk) }
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }
}

import Foundation

/// Runs a producer on a thread of its own and hands what it emits to the caller's thread in
/// order, a chunk at a time, so that producing (decoding a changeset, parsing an edit file,
/// reading the heads of a merge batch's facts from a ``StoreSnapshot``) runs
/// while the caller consumes (merges, applies) the chunk before.
///
/// The producer stays at most ``limit`` chunks ahead, so memory stays flat however much it
/// emits. An error the producer throws reaches the caller after every element emitted before
/// it; when the caller's body throws, the producer is stopped at its next emit.
package final class ReadAhead<Element>: @unchecked Sendable {
    /// Invariant: `chunks`, `failure`, `finished` and `stopped` are only used with `condition` locked.
    private let condition = NSCondition()
    private var chunks: [[Element]] = []
    private var failure: (any Error)?
    private var finished = false
    private var stopped = false
    /// The most chunks waiting to be handed over.
    let limit = 4
    /// The elements in a chunk.
    let chunkSize: Int
    private let produce: (_ emit: (Element) throws -> Void) throws -> Void

    /// Thrown by `emit` once the caller has stopped, to unwind the producer.
    private struct Stopped: Error {}

    /// Prepares to run `produce`, which calls `emit` for each element; it starts in ``forEach(_:)``.
    package init(chunkSize: Int = 4096, _ produce: @escaping (_ emit: (Element) throws -> Void) throws -> Void) {
        self.chunkSize = chunkSize
        self.produce = produce
    }

    /// Starts the producer and calls `body` with each element it emits, in order, on this thread.
    /// Returns (or throws) once the producer's thread has finished.
    ///
    /// - Throws: what `body` throws, else what the producer throws.
    package func forEach(_ body: (Element) throws -> Void) throws {
        Thread { [self] in run() }.start()
        defer { stopAndWait() }
        while let chunk = try next() {
            for element in chunk { try body(element) }
        }
    }

    private func next() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        guard chunks.isEmpty else {
            condition.broadcast()
            return chunks.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    private func stopAndWait() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// Hands `chunk` over, waiting while ``limit`` chunks are pending.
    private func hand(_ chunk: [Element]) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= limit && !stopped { condition.wait() }
        if stopped { throw Stopped() }
        chunks.append(chunk)
        condition.broadcast()
    }

    private func run() {
        var chunk: [Element] = []
        chunk.reserveCapacity(chunkSize)
        var thrown: (any Error)?
        do {
            try produce { element in
                chunk.append(element)
                if chunk.count == chunkSize {
                    try hand(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try hand(chunk) }
        } catch is Stopped {
        } catch {
            // What was emitted before the error still reaches the caller, then the error;
            // a caller that stopped meanwhile wants neither.
            thrown = error
            if !chunk.isEmpty && (try? hand(chunk)) == nil { thrown = nil }
        }
        condition.lock()
        failure = thrown
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}

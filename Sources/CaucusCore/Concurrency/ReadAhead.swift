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
    /// Invariant: `queue` is the only state the two threads share; `produce` runs only on the producer's thread.
    private let queue: BoundedQueue<[Element]>
    /// The most chunks waiting to be handed over.
    var limit: Int { queue.limit }
    /// The elements in a chunk.
    let chunkSize: Int
    private let produce: (_ emit: (Element) throws -> Void) throws -> Void

    /// Prepares to run `produce`, which calls `emit` for each element; it starts in ``forEach(_:)``.
    package init(chunkSize: Int = 4096, _ produce: @escaping (_ emit: (Element) throws -> Void) throws -> Void) {
        self.chunkSize = chunkSize
        self.produce = produce
        queue = BoundedQueue(limit: 4)
    }

    /// Starts the producer and calls `body` with each element it emits, in order, on this thread.
    /// Returns (or throws) once the producer's thread has finished.
    ///
    /// - Throws: what `body` throws, else what the producer throws.
    package func forEach(_ body: (Element) throws -> Void) throws {
        Thread { [self] in run() }.start()
        defer {
            queue.stop()
            queue.waitUntilClosed()
        }
        while let chunk = try queue.take() {
            for element in chunk { try body(element) }
        }
    }

    private func run() {
        var chunk: [Element] = []
        chunk.reserveCapacity(chunkSize)
        do {
            try produce { element in
                chunk.append(element)
                if chunk.count == chunkSize {
                    try queue.put(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try queue.put(chunk) }
            queue.close()
        } catch {
            // What was emitted before the error still reaches the caller, then the error. When the
            // caller has stopped, the put throws at once and neither is read.
            if !chunk.isEmpty { try? queue.put(chunk) }
            queue.close(failing: error)
        }
    }
}

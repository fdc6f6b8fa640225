import Foundation

/// Compresses a changeset body on a thread of its own, so that zlib runs while
/// the store is still being read (a third of a large export's time otherwise),
/// and passes the compressed chunks, in order, to a sink on that thread.
///
/// The producer hands over chunks with ``add(_:)``, which waits while
/// ``limit`` chunks are pending so that memory stays flat, and ends with
/// ``finish()``, which waits until the last compressed byte has reached the
/// sink and throws what zlib or the sink threw.
final class BodyCompressor: @unchecked Sendable {
    /// Invariant: `pending`, `ended`, `done` and `failure` are only used with `condition` locked;
    /// `deflater` and `sink` only on the compressing thread, until `done`.
    private let condition = NSCondition()
    private var pending: [[UInt8]] = []
    private var ended = false
    private var done = false
    private var failure: (any Error)?
    private let deflater: Deflater
    private let sink: ([UInt8]) throws -> Void
    /// The most chunks waiting to be compressed.
    let limit = 4

    /// Starts the compressing thread; `sink` gets the compressed stream, chunk by chunk, on it.
    init(sink: @escaping ([UInt8]) throws -> Void) throws {
        deflater = try Deflater()
        self.sink = sink
        Thread { [self] in run() }.start()
    }

    /// Queues `chunk` of the uncompressed body.
    ///
    /// - Throws: what zlib or the sink threw for an earlier chunk.
    func add(_ chunk: [UInt8]) throws {
        condition.lock()
        defer { condition.unlock() }
        while pending.count >= limit && failure == nil { condition.wait() }
        if let failure { throw failure }
        pending.append(chunk)
        condition.broadcast()
    }

    /// Ends the body and waits until all of it has reached the sink. Call it once,
    /// also when giving up, so that the thread ends.
    ///
    /// - Throws: what zlib or the sink threw.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        condition.broadcast()
        while !done { condition.wait() }
        if let failure { throw failure }
    }

    private func run() {
        var last = false
        while !last {
            condition.lock()
            while pending.isEmpty && !ended { condition.wait() }
            let chunk = pending.isEmpty ? [] : pending.removeFirst()
            last = ended && pending.isEmpty
            condition.broadcast()
            condition.unlock()
            do {
                try deflater.compress(chunk, finish: last, sink)
            } catch {
                condition.lock()
                failure = error
                done = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }
}

import CaucusCore
import Foundation

/// Compresses a changeset body on a thread of its own, so that zlib runs while the store is
/// still being read, and passes the compressed stream, in order, to a sink on that thread.
///
/// ```swift
/// try BodyCompressor.compress(into: write) { add in
///     for chunk in body { try add(chunk) }
/// }
/// ```
final class BodyCompressor: @unchecked Sendable {
    /// Invariant: `queue` is the only state the two threads share; `deflater` and `sink` are used
    /// only on the compressing thread.
    private let queue: BoundedQueue<[UInt8]>
    private let deflater: Deflater
    private let sink: ([UInt8]) throws -> Void

    private init(sink: @escaping ([UInt8]) throws -> Void) throws {
        deflater = try Deflater()
        self.sink = sink
        // A few 64 KiB chunks ahead is enough to keep zlib busy; more only costs memory.
        queue = BoundedQueue(limit: 4)
    }

    /// Calls `body`, which hands the uncompressed body to `add` chunk by chunk (waiting while a few
    /// chunks are pending, so that memory stays flat), and compresses them on another thread into
    /// `sink`. Returns once the last compressed byte has reached `sink`; when `body` throws, once
    /// the compressing thread has stopped, without ending the stream.
    ///
    /// - Throws: what `body` throws, else what zlib or `sink` threw (`add` throws it too, to stop `body` early).
    static func compress(into sink: @escaping ([UInt8]) throws -> Void,
                         _ body: (_ add: ([UInt8]) throws -> Void) throws -> Void) throws {
        let compressor = try BodyCompressor(sink: sink)
        Thread { [compressor] in compressor.run() }.start()
        let queue = compressor.queue
        do {
            try body { try queue.put($0) }
        } catch {
            queue.close(failing: error)
            try? queue.waitUntilStopped()
            throw error
        }
        queue.close()
        try queue.waitUntilStopped()
    }

    private func run() {
        do {
            while let chunk = try queue.take() {
                try deflater.compress(chunk, finish: false, sink)
            }
            try deflater.compress([], finish: true, sink)
            queue.stop()
        } catch {
            queue.stop(failing: error)
        }
    }
}

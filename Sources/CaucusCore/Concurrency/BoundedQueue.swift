import Foundation

/// A first-in, first-out hand-over from one producing thread to one consuming thread that holds
/// at most ``limit`` elements, so that the faster side waits and memory stays flat.
///
/// Each side ends its half and can wait for the other's end, which carries an error when it
/// failed:
///
/// - The producer calls ``put(_:)`` for each element, then ``close(failing:)`` once. The consumer's
///   ``take()`` returns every element put, in order, then nil, or throws the producer's error.
/// - The consumer calls ``take()`` until it returns nil, or gives up early; either way it calls
///   ``stop(failing:)`` once. A ``put(_:)`` waiting or made after that throws the consumer's
///   error, or ``Stopped`` when it gave none, and puts nothing.
/// - ``waitUntilClosed()`` (for the consumer) and ``waitUntilStopped()`` (for the producer) return
///   once the other side has ended, so that neither outlives what it shares with the caller.
///
/// ``ReadAhead`` (a thread produces, the caller consumes) and the changeset body's compressor
/// (the caller produces, a thread consumes) are built on it.
///
/// - Complexity: ``put(_:)`` and ``take()`` are O(``limit``) (an array's `removeFirst`, with
///   ``limit`` small), plus the waiting.
package final class BoundedQueue<Element>: @unchecked Sendable {
    /// Invariant: `items`, `closed`, `failure`, `stopped` and `stopFailure` are only used with `condition` locked.
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private var failure: (any Error)?
    private var stopped = false
    private var stopFailure: (any Error)?
    /// The most elements waiting to be taken.
    package let limit: Int

    /// Thrown by ``put(_:)`` once the consumer has stopped without an error of its own.
    package struct Stopped: Error {}

    /// An empty queue that holds at most `limit` elements (at least 1).
    package init(limit: Int) {
        precondition(limit >= 1, "a bounded queue holds at least one element")
        self.limit = limit
    }

    /// Hands `element` to the consumer, waiting while ``limit`` elements are pending.
    ///
    /// - Throws: the consumer's error, or ``Stopped``, once the consumer has stopped.
    package func put(_ element: Element) throws {
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "put after close")
        while items.count >= limit && !stopped { condition.wait() }
        if stopped { throw stopFailure ?? Stopped() }
        items.append(element)
        condition.broadcast()
    }

    /// Ends the producer's half: after the elements already put, ``take()`` returns nil, or throws
    /// `error` when there is one. Call it once, also when giving up.
    package func close(failing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "close called twice")
        closed = true
        failure = error
        condition.broadcast()
    }

    /// The next element, waiting while none is pending; nil once the producer has closed and
    /// every element has been taken.
    ///
    /// - Throws: the error the producer closed with, after every element put before it.
    package func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard items.isEmpty else {
            condition.broadcast()
            return items.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Ends the consumer's half: a pending or later ``put(_:)`` throws `error`, or ``Stopped``.
    /// Call it once, when ``take()`` has returned nil or thrown, or to give up early.
    package func stop(failing error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        precondition(!stopped, "stop called twice")
        stopped = true
        stopFailure = error
        items.removeAll()
        condition.broadcast()
    }

    /// Waits until the producer has called ``close(failing:)``.
    package func waitUntilClosed() {
        condition.lock()
        defer { condition.unlock() }
        while !closed { condition.wait() }
    }

    /// Waits until the consumer has called ``stop(failing:)``.
    ///
    /// - Throws: the error the consumer stopped with.
    package func waitUntilStopped() throws {
        condition.lock()
        defer { condition.unlock() }
        while !stopped { condition.wait() }
        if let stopFailure { throw stopFailure }
    }
}

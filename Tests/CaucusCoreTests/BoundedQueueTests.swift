import Foundation
import Testing
@testable import CaucusCore

/// One thread puts, another takes: every element arrives once and in order, the producer never
/// runs more than `limit` ahead, and either side's failure or early stop reaches the other.
@Suite struct BoundedQueueTests {
    struct Broken: Error, Equatable { var at: Int }

    /// Runs `body` on a thread of its own; the returned wait blocks until it has returned.
    static func onAnotherThread(_ body: @escaping @Sendable () -> Void) -> () -> Void {
        let done = DispatchSemaphore(value: 0)
        Thread { body(); done.signal() }.start()
        return { done.wait() }
    }

    @Test func elements_arriveOnce_inTheOrderPut() throws {
        let queue = BoundedQueue<Int>(limit: 3)
        let producer = Self.onAnotherThread {
            for i in 0..<10_000 { try! queue.put(i) }
            queue.close()
        }
        var seen: [Int] = []
        while let i = try queue.take() { seen.append(i) }
        queue.stop()
        producer()
        #expect(seen == Array(0..<10_000))
    }

    @Test func producer_waits_whileLimitElementsArePending() throws {
        let queue = BoundedQueue<Int>(limit: 4)
        let put = Counter()
        let producer = Self.onAnotherThread {
            for i in 0..<100 {
                try! queue.put(i)
                put.add()
            }
            queue.close()
        }
        // Given a consumer that takes nothing for a while, the producer stops at the limit.
        let deadline = Date().addingTimeInterval(10)
        while put.value < 4 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(put.value == 4)
        // When it takes one element at a time, the producer is never more than `limit` ahead.
        var taken = 0
        while let _ = try queue.take() {
            taken += 1
            #expect(put.value <= taken + 4)
        }
        queue.stop()
        producer()
        #expect(taken == 100)
    }

    @Test func producerFailure_arrivesAfterEveryElementPutBeforeIt() throws {
        let queue = BoundedQueue<Int>(limit: 2)
        let producer = Self.onAnotherThread {
            for i in 0..<20 { try! queue.put(i) }
            queue.close(failing: Broken(at: 20))
        }
        var seen: [Int] = []
        #expect(throws: Broken(at: 20)) {
            while let i = try queue.take() { seen.append(i) }
        }
        queue.stop()
        producer()
        #expect(seen == Array(0..<20))
    }

    @Test func consumerFailure_reachesTheWaitingProducer_andItsWait() {
        let queue = BoundedQueue<Int>(limit: 2)
        let thrown = Box()
        let producer = Self.onAnotherThread {
            do {
                for i in 0..<1_000_000 { try queue.put(i) }
            } catch {
                thrown.set(error)
            }
            queue.close()
        }
        _ = try? queue.take()
        queue.stop(failing: Broken(at: 1))
        producer()
        #expect(thrown.value as? Broken == Broken(at: 1))
        #expect(throws: Broken(at: 1)) { try queue.waitUntilStopped() }
    }

    @Test func earlyStop_withoutError_unblocksAFullProducer_withStopped() throws {
        let queue = BoundedQueue<Int>(limit: 1)
        let thrown = Box()
        let producer = Self.onAnotherThread {
            do {
                while true { try queue.put(0) }
            } catch {
                thrown.set(error)
            }
            queue.close()
        }
        // The producer is blocked on a full queue; nobody takes.
        Thread.sleep(forTimeInterval: 0.05)
        queue.stop()
        queue.waitUntilClosed()
        producer()
        #expect(thrown.value is BoundedQueue<Int>.Stopped)
        try queue.waitUntilStopped()
    }

    @Test func consumerWait_returnsOnlyOnceTheProducerHasClosed() throws {
        let queue = BoundedQueue<Int>(limit: 1)
        let closed = Counter()
        let producer = Self.onAnotherThread {
            Thread.sleep(forTimeInterval: 0.05)
            closed.add()
            queue.close()
        }
        queue.stop()
        queue.waitUntilClosed()
        #expect(closed.value == 1)
        producer()
    }

    /// A count shared between threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    /// An error shared between threads.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var error: (any Error)?
        func set(_ e: any Error) { lock.lock(); error = e; lock.unlock() }
        var value: (any Error)? { lock.lock(); defer { lock.unlock() }; return error }
    }
}

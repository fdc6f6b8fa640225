import Foundation
import Testing
@testable import CaucusCore

/// The producer runs ahead on its own thread; the caller sees exactly what it emitted, in order.
@Suite struct ReadAheadTests {
    struct Broken: Error, Equatable { var at: Int }

    @Test func elements_arriveInOrder_acrossManyChunks() throws {
        var seen: [Int] = []
        try ReadAhead<Int>(chunkSize: 7) { emit in
            for i in 0..<1_000 { try emit(i) }
        }.forEach { seen.append($0) }
        #expect(seen == Array(0..<1_000))
    }

    @Test func producerError_arrivesAfterEverythingEmittedBeforeIt() {
        var seen: [Int] = []
        #expect(throws: Broken(at: 50)) {
            try ReadAhead<Int>(chunkSize: 8) { emit in
                for i in 0..<50 { try emit(i) }
                throw Broken(at: 50)
            }.forEach { seen.append($0) }
        }
        #expect(seen == Array(0..<50))
    }

    @Test func callerError_stopsTheProducer_beforeItRunsFarAhead() {
        let produced = Counter()
        #expect(throws: Broken(at: 10)) {
            try ReadAhead<Int>(chunkSize: 4) { emit in
                for i in 0..<1_000_000 {
                    produced.add()
                    try emit(i)
                }
            }.forEach { if $0 == 10 { throw Broken(at: 10) } }
        }
        // forEach returns only once the producer has stopped: at most `limit` + 2 chunks past the caller.
        #expect(produced.value <= 12 + (4 + 2) * 4)
    }

    /// A count shared with the producer's thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}

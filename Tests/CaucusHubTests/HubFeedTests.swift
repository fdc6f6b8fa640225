import CaucusHub
import Foundation
import Testing

/// Each test runs on ``DedicatedTaskExecutor``, as the hub does in these tests: its timings are
/// the feed's, not those of the other suites that share the cooperative pool.
@Suite struct HubFeedTests {
    @Test func aWaitAboveTheSequence_returnsAtOnce() async throws {
        try await onDedicatedThread {
            let feed = HubFeed(sequence: 5)
            #expect(await feed.wait(after: 4, timeout: 60) == 5)
        }
    }

    @Test func aPublish_wakesEveryWaiterItPasses_andNoOther() async throws {
        try await onDedicatedThread {
            let feed = HubFeed(sequence: 0)
            async let low = feed.wait(after: 0, timeout: 60)
            async let high = feed.wait(after: 3, timeout: 2)
            try await Task.sleep(for: .milliseconds(200))
            await feed.publish(2)
            #expect(await low == 2)
            #expect(await high == 2, "the high waiter returns at its timeout with the sequence as it stands")
        }
    }

    @Test func aWaitTimesOut_withTheSequenceAsItStands() async throws {
        try await onDedicatedThread {
            let feed = HubFeed(sequence: 7)
            let start = Date()
            #expect(await feed.wait(after: 7, timeout: 1) == 7)
            #expect(Date().timeIntervalSince(start) >= 0.9)
        }
    }

    @Test func aCancelledWait_returnsAtOnce() async throws {
        try await onDedicatedThread {
            let feed = HubFeed(sequence: 1)
            let start = Date()
            let waiting = Task(executorPreference: DedicatedTaskExecutor.shared) { await feed.wait(after: 1, timeout: 60) }
            try await Task.sleep(for: .milliseconds(100))
            waiting.cancel()
            #expect(await waiting.value == 1)
            #expect(Date().timeIntervalSince(start) < 10)
        }
    }

    @Test func theFeedNeverMovesBack() async {
        let feed = HubFeed(sequence: 9)
        await feed.publish(3)
        #expect(await feed.current == 9)
    }
}

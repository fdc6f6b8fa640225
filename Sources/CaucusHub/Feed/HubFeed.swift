/// Wakes the clients waiting on a hub's feed when the sequence moves.
///
/// A storage tells the feed each sequence it learns of, from a push in this process or, on a
/// shared database, from another process; ``wait(after:timeout:)`` returns as soon as the
/// sequence it knows is above `after`. The feed only ever moves forward, so a late or repeated
/// ``publish(_:)`` is harmless.
///
/// - Complexity: ``publish(_:)`` is O(w) in the waiters it wakes; a wait costs O(1) beside it.
public actor HubFeed {
    private var sequence: Int64
    private var waiters: [Int: (after: Int64, continuation: CheckedContinuation<Int64, Never>)] = [:]
    private var nextID = 0
    /// Waits whose timer fired while they were not suspended (before, or after they were woken).
    private var expired: Set<Int> = []

    /// A feed that starts at `sequence`.
    public init(sequence: Int64) {
        self.sequence = sequence
    }

    /// The sequence the feed knows.
    public var current: Int64 { sequence }

    /// Moves the feed to `sequence`, if that is forward, and wakes the waiters it passes.
    public func publish(_ sequence: Int64) {
        guard sequence > self.sequence else { return }
        self.sequence = sequence
        for (id, waiter) in waiters where waiter.after < sequence {
            waiters[id] = nil
            waiter.continuation.resume(returning: sequence)
        }
    }

    /// The sequence once it is above `after`, or when `timeout` seconds have passed (or the
    /// waiting task is cancelled), the sequence as it stands.
    ///
    /// The timer is a child task, so that it runs wherever the waiting task runs.
    public func wait(after: Int64, timeout: Int) async -> Int64 {
        if sequence > after { return sequence }
        let id = nextID
        nextID += 1
        return await withTaskGroup(of: Int64?.self) { group in
            group.addTask { await self.suspend(id, after: after) }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                await self.expire(id)
                return nil
            }
            var answer = sequence
            for await result in group {
                if let result {
                    answer = result
                    group.cancelAll()
                }
            }
            // Both children have ended: nothing can mark this wait expired any more.
            expired.remove(id)
            return answer
        }
    }

    private func suspend(_ id: Int, after: Int64) async -> Int64 {
        await withCheckedContinuation { continuation in
            if sequence > after || expired.contains(id) {
                continuation.resume(returning: sequence)
            } else {
                waiters[id] = (after, continuation)
            }
        }
    }

    private func expire(_ id: Int) {
        if let waiter = waiters.removeValue(forKey: id) {
            waiter.continuation.resume(returning: sequence)
        } else {
            expired.insert(id)
        }
    }
}

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
    public func wait(after: Int64, timeout: Int) async -> Int64 {
        if sequence > after { return sequence }
        let id = nextID
        nextID += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            await self?.expire(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters[id] = (after, continuation)
            }
        } onCancel: {
            Task { await self.expire(id) }
        }
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: sequence)
    }
}

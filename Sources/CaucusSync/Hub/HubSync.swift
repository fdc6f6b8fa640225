import CaucusCore
import Foundation

/// Push and pull between a replica and a hub, as `caucus push`, `pull` and `sync` run them.
///
/// A push sends one changeset of what the hub lacks, exported as `caucus export --since` would.
/// A pull receives changesets of at most ``batch`` operations and imports each as `caucus
/// import` does, so that a dropped connection costs at most one batch: the next request starts
/// from what the replica then holds. A request cut after the first answer is tried again, up to
/// ``retries`` times; a hub that cannot be reached at all fails at once.
public struct HubSync {
    /// The replica.
    public let store: PartyStore
    /// The hub.
    public let client: HubClient
    /// Where changesets are written while they travel (removed after).
    public let scratch: String
    /// The most operations one pulled changeset holds.
    public var batch = 100_000
    /// How often a request cut by a dropped connection is sent again.
    public var retries = 3

    /// A sync of `store` with `client`'s hub, through temporary files in `scratch`.
    public init(store: PartyStore, client: HubClient, scratch: String = NSTemporaryDirectory()) {
        self.store = store
        self.client = client
        self.scratch = scratch
    }

    /// What a push did.
    public struct PushReport: Sendable, Equatable {
        /// Operations sent (0 when the hub lacked nothing).
        public var operations: Int
        /// Operations new to the hub.
        public var added: Int
        /// The hub's sequence after.
        public var sequence: Int64
    }

    /// What a pull did.
    public struct PullReport: Sendable, Equatable {
        /// Operations received.
        public var operations: Int
        /// Operations new here.
        public var added: Int
        /// Fields that became conflicts.
        public var newConflicts: Int
        /// Changesets received.
        public var changesets: Int
        /// The hub's sequence the last answer reflected.
        public var sequence: Int64
    }

    /// Sends the hub what it lacks; `sending` hears of the changeset before it is sent.
    ///
    /// - Throws: ``HubClientError``, ``ChangesetError``, or a `StoreError`.
    public func push(time: Int64, sending: (ChangesetWriter.Report) -> Void = { _ in }) throws -> PushReport {
        let (held, sequence) = try client.versionVector()
        let path = temporaryFile("push")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let export = try ChangesetWriter.export(from: store, since: held, to: path, time: time)
        guard export.operationCount > 0 else { return PushReport(operations: 0, added: 0, sequence: sequence) }
        sending(export)
        let answer = try retrying { try client.push(file: path) }
        return PushReport(operations: answer.operations, added: answer.added, sequence: answer.sequence)
    }

    /// Receives and imports what the replica lacks, then acknowledges what it holds;
    /// `progress` hears what was imported so far after each changeset that more will follow.
    ///
    /// - Throws: ``HubClientError``, ``ChangesetError``, or a `StoreError`; what was imported before stays.
    public func pull(time: Int64, progress: (PullReport) -> Void = { _ in }) throws -> PullReport {
        var report = PullReport(operations: 0, added: 0, newConflicts: 0, changesets: 0, sequence: 0)
        while true {
            let path = temporaryFile("pull")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let since = try store.versionVector()
            let answer = try retrying { try client.pull(since: since, limit: batch, into: path) }
            report.sequence = answer.sequence
            guard answer.operations > 0 else { break }
            let imported = try Importer.importChangeset(at: path, into: store, time: time)
            report.operations += imported.operationsInFile
            report.added += imported.added
            report.newConflicts += imported.newConflicts
            report.changesets += 1
            guard answer.more else { break }
            progress(report)
        }
        try retrying { try client.acknowledge(try store.versionVector(), replica: store.localReplica.id) }
        return report
    }

    private func temporaryFile(_ kind: String) -> String {
        (scratch as NSString).appendingPathComponent(".caucus-\(kind)-\(UUID().uuidString).caucus-changes")
    }

    /// Runs `body`, again after a pause when the connection broke after it was made, or the hub
    /// answered that it cannot serve now.
    private func retrying<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as HubClientError where attempt < retries && error.isWorthRetrying {
                attempt += 1
                Thread.sleep(forTimeInterval: Double(1 << (attempt - 1)))
            }
        }
    }
}

import CaucusCore
import Foundation

/// Imports changeset files: checks the whole file and the sender's key, then
/// merges its operations in one transaction (all or nothing). Importing the
/// same file again changes nothing.
public enum Importer {
    /// What an import did.
    public struct Report: Sendable {
        /// The file imported.
        public var file: String
        /// The sender's editor and replica.
        public var sender: ReplicaInfo
        /// Operations in the file.
        public var operationsInFile: Int
        /// Operations that were new here.
        public var added: Int
        /// Operations already held, skipped.
        public var alreadyPresent: Int
        /// Records that got a new operation.
        public var partiesTouched: Int
        /// Fields that became conflicts.
        public var newConflicts: Int
        /// Fields whose conflict this import settled.
        public var settledConflicts: Int
        /// True when this was the first changeset from the sender's key, which is now pinned.
        public var pinnedNewKey: Bool
    }

    /// Imports the changeset at `path` into `store`.
    ///
    /// ```swift
    /// let report = try Importer.importChangeset(at: "from-alice.caucus-changes", into: store, time: now)
    /// ```
    ///
    /// A dry run imports into a `PartyStore/temporaryCopy()` of the store, through this same code.
    ///
    /// - Throws: ``ChangesetError`` for a bad, forged or untrusted file, or a `StoreError`;
    ///   the database is then unchanged.
    public static func importChangeset(at path: String, into store: PartyStore, time: Int64) throws -> Report {
        let reader = try ChangesetReader(path: path, schema: try store.receivingSchema())
        let header = reader.header
        let decision = try checkTrust(header, file: path, store: store)
        var pinAs: ReplicaTrust?
        var firstContact = false
        if case .record(let trust, let first) = decision { pinAs = trust; firstContact = first }
        let sender = ChangesetSender(replica: header.sender, versionVector: header.versionVector, pinAs: pinAs,
                                     batches: header.batches, authors: try authorKeys(header, file: path, store: store),
                                     shallowRelease: header.shallow ? "the shallow snapshot" : nil)
        let summary: WriteSummary
        do {
            summary = try store.integrate(replicas: header.replicas, sender: sender, time: time) { integrator in
                if let lookahead = integrator.partyLookahead {
                    try reader.forEachOperation(lookingUp: lookahead) { try integrator.integrate($0, party: $1) }
                } else {
                    try reader.forEachOperation { try integrator.integrate($0) }
                }
            }
        } catch let error as StoreError {
            switch error {
            case .ownOperationNotHeld, .unsignedOperation, .conflictingBatch:
                throw ChangesetError.authorship(file: path, detail: error.description)
            default: throw error
            }
        }
        return Report(file: path, sender: header.sender, operationsInFile: header.operationCount,
                      added: summary.operationsAdded, alreadyPresent: summary.duplicates, partiesTouched: summary.partiesTouched,
                      newConflicts: summary.newConflicts, settledConflicts: summary.settledConflicts, pinnedNewKey: firstContact)
    }

    /// The keys of the authors of the header's signed batches, other than the sender, that are to
    /// be stored: each passes the trust model as a sender's would.
    static func authorKeys(_ header: ChangesetHeader, file: String, store: PartyStore) throws -> [AuthorKey] {
        let trust = TrustStore(store)
        var keys: [AuthorKey] = []
        for author in header.replicas where author.id != header.sender.id {
            guard let key = author.publicKey else { continue }
            if case .record(let level, _) = try trust.decide(author, file: file) {
                keys.append(AuthorKey(replica: author.id, key: key, trust: level))
            }
        }
        return keys
    }

    /// Applies the trust model (``TrustStore``, the README's trust section) before anything is written.
    static func checkTrust(_ header: ChangesetHeader, file: String, store: PartyStore) throws -> TrustStore.Decision {
        try TrustStore(store).decide(header, file: file)
    }
}

import CaucusCore
import CaucusSync

/// The authorship rules a hub applies to a push (h002), the same as a replica's import: the
/// pushed authors' keys must match those the hub holds, a signed batch must not meet operations
/// held otherwise, and an operation outside the signed batches of a replica that signs is
/// refused unless held (`AuthorshipCheck`). A refusal is a ``ChangesetError/authorship(file:detail:)``
/// of the pushed changeset, and the push's transaction stores nothing.
///
/// Each storage reads what the rules need in its own transaction and dialect; the decisions are
/// here, once. A push hands it to the thread that decodes the changeset and checks each
/// operation there, one thread at a time, which is why it may cross threads though its check
/// keeps state.
struct HubAuthorship: @unchecked Sendable {
    /// The changeset pushed.
    let changeset: ChangesetReader
    /// The rules each operation must pass.
    let rules: AuthorshipCheck

    /// The rules for `changeset`, on a hub whose own replica is `hub`, holding `held`, whose
    /// replicas sign from the counters in `signsFrom`.
    init(_ changeset: ChangesetReader, hub: ReplicaID, held: VersionVector, signsFrom: [ReplicaID: Int64]) {
        self.changeset = changeset
        rules = AuthorshipCheck(held: held, local: hub, batches: changeset.header.batches) { signsFrom[$0] }
    }

    /// The authors' keys the hub must store: those of the header it has no key for yet.
    ///
    /// - Throws: ``ChangesetError/authorship(file:detail:)`` when a key differs from the one held.
    func newKeys(held: [ReplicaID: [UInt8]]) throws -> [(ReplicaID, [UInt8])] {
        var new: [(ReplicaID, [UInt8])] = []
        for author in changeset.header.replicas {
            guard let key = author.publicKey else { continue }
            if let old = held[author.id] {
                guard old == key else {
                    throw refusal("replica \(author.id.rawValue.prefix(12))… (\(author.editor)) signed these operations with another key than its earlier ones")
                }
            } else {
                new.append((author.id, key))
            }
        }
        return new
    }

    /// Whether the signed `batch` of the changeset is new to a hub holding `held`, of which `met`
    /// are the signed batches of its replica that meet it and `signedAbove` the operations of
    /// those above it (``AuthorBatch/isNew(met:held:signedAbove:)``).
    ///
    /// - Throws: ``ChangesetError/authorship(file:detail:)`` when it meets operations held otherwise.
    func isNew(_ batch: AuthorBatch, met: [AuthorBatch], held: VersionVector, signedAbove: Int64) throws -> Bool {
        do {
            return try batch.isNew(met: met, held: held[batch.replica], signedAbove: signedAbove)
        } catch let conflict as AuthorBatch.Conflict {
            throw refusal(StoreError.conflictingBatch(replica: batch.replica.rawValue, counters: batch.counters,
                                                      heldSigned: conflict == .heldSigned).description)
        }
    }

    /// Checks `op` before it is stored.
    func check(_ op: FactOperation) throws {
        do { try rules.check(op) } catch let error as StoreError { throw refusal(error.description) }
    }

    private func refusal(_ detail: String) -> ChangesetError { .authorship(file: changeset.file, detail: detail) }
}

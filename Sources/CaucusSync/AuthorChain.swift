import CaucusCore

/// The author chain of ``BatchDigest``, extended over a replica's operations as the store holds
/// them (m006 10). A store opened with it extends the chain as local edits are written, so that
/// an export signs the chain's head instead of reading every new operation again; an export
/// extends it itself otherwise.
///
/// ```swift
/// let store = try PartyStore.open(at: "alice.caucus", authorChain: AuthorChain())
/// ```
package struct AuthorChain: AuthorChaining {
    /// The chain.
    package init() {}

    /// The state after `rows`, from `state` or from the start of `replica`'s chain at `first`.
    package func extend(replica: ReplicaID, first: Int64, continuing state: AuthorChainState?,
                        _ rows: (_ begin: (ExportPlan) throws -> Void, _ each: (OperationRow) throws -> Void) throws -> Void) throws -> AuthorChainState {
        var digest = BatchDigest(replica: replica, first: first, continuing: state.map { ($0.head, $0.pending, $0.count) })
        var replicas: [ReplicaID] = [], fields: [String] = []
        var count = state?.count ?? 0
        try rows({ plan in
            replicas = plan.replicas.map(\.id)
            fields = plan.fields
        }, { row in
            digest.add(row, replicas: replicas, field: row.field.map { fields[$0] } ?? "")
            count += 1
        })
        return AuthorChainState(head: digest.head, pending: digest.pending, count: count)
    }
}

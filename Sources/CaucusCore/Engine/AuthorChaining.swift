/// Extends the digest an author signs over its own operations (m006 10) from the operations as
/// the store holds them. CaucusSync gives the implementation (`AuthorChain`), which is the
/// signing digest's definition; the store only keeps the head.
///
/// A store opened with one extends the chain at the end of each write of local edits, so that
/// an export signs the head instead of reading the new operations again; a store opened
/// without one leaves that to the export, and the head is the same either way.
package protocol AuthorChaining: Sendable {
    /// The state of `replica`'s chain from counter `first` after the operations `rows` streams
    /// (``PartyStore/exportRows(since:begin:_:)``'s plan, then each row in counter order),
    /// continuing from `state` (after `state.count` operations), or from the chain's start when
    /// it is nil.
    func extend(replica: ReplicaID, first: Int64, continuing state: AuthorChainState?,
                _ rows: (_ begin: (ExportPlan) throws -> Void, _ each: (OperationRow) throws -> Void) throws -> Void) throws -> AuthorChainState
}

/// What a store keeps of an author chain: its head, and the bytes not yet hashed into it.
package struct AuthorChainState: Sendable, Equatable {
    /// The chain's head.
    package var head: [UInt8]
    /// The bytes the next head will cover.
    package var pending: [UInt8]
    /// The operations the chain covers.
    package var count: Int64

    /// A state.
    package init(head: [UInt8], pending: [UInt8], count: Int64) {
        self.head = head
        self.pending = pending
        self.count = count
    }
}

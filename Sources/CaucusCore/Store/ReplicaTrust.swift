/// How far this replica trusts another replica's key, as `replica.trust` stores it (m001, m002).
///
/// The store records it; `CaucusSync`'s trust model decides it.
public enum ReplicaTrust: String, Sendable, CaseIterable {
    /// This replica's own key.
    case `self`
    /// Accepted on first contact, and bound to that replica and editor since.
    case pinned
    /// Added by hand, or pinned and then confirmed by hand.
    case trusted
    /// Revoked: never accepted again.
    case revoked
    /// Not yet seen signing anything (a replica known only from others' operations).
    case unknown
}

/// The status of a key added or revoked by hand, as `trusted_key.status` stores it (m002).
public enum KeyStatus: String, Sendable, CaseIterable {
    /// Trusted for its editor.
    case trusted
    /// Revoked.
    case revoked
}

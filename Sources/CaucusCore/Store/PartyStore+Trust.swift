import Foundation
import GRDB

/// A key an editor added or revoked by hand (the `trusted_key` table of `m002_trust`).
///
/// Keys pinned on first contact are not here: they live on their replica's row
/// (``ReplicaRecord``). The Sync layer's trust model reads both.
public struct TrustedKey: Sendable, Hashable {
    /// The Ed25519 public key, 32 bytes.
    public var publicKey: [UInt8]
    /// The editor the key was added for.
    public var editor: String
    /// Trusted or revoked.
    public var status: KeyStatus
    /// When it was added or revoked, in seconds since 1970.
    public var changedAt: Int64

    /// Creates a trusted key record.
    public init(publicKey: [UInt8], editor: String, status: KeyStatus, changedAt: Int64) {
        self.publicKey = publicKey
        self.editor = editor
        self.status = status
        self.changedAt = changedAt
    }
}

extension PartyStore {
    /// Every key added or revoked by hand, sorted by editor then key.
    public func trustedKeys() throws -> [TrustedKey] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT public_key, editor, status, changed_at FROM trusted_key ORDER BY editor, public_key").map {
                TrustedKey(publicKey: [UInt8]($0[0] as Data), editor: $0[1], status: KeyStatus(rawValue: $0[2]) ?? .revoked, changedAt: $0[3])
            }
        }
    }

    /// Records `key` as trusted for `editor`, in one transaction; the Sync layer decides whether it may.
    ///
    /// Replicas already known with this key that were only pinned (or not yet trusted) become `trusted`.
    /// - Precondition: `key` is 32 bytes.
    public func addTrustedKey(_ key: [UInt8], editor: String, time: Int64) throws {
        precondition(key.count == 32, "an Ed25519 public key is 32 bytes")
        try write { db in
            try db.execute(sql: """
                INSERT INTO trusted_key (public_key, editor, status, changed_at) VALUES (?, ?, 'trusted', ?)
                ON CONFLICT (public_key) DO UPDATE SET editor = excluded.editor, status = 'trusted', changed_at = excluded.changed_at
                """, arguments: [Data(key), editor, time])
            try db.execute(sql: "UPDATE replica SET trust = 'trusted' WHERE public_key = ? AND trust IN ('unknown', 'pinned')",
                           arguments: [Data(key)])
        }
    }

    /// Revokes each key, in one transaction: it is recorded as revoked (with the
    /// editor it belonged to) and every replica signed with it becomes `revoked`
    /// (invariant 2 of `m002_trust`).
    ///
    /// - Returns: the replicas whose trust changed.
    @discardableResult
    public func revokeKeys(_ keys: [(publicKey: [UInt8], editor: String)], time: Int64) throws -> Int {
        try write { db in
            var changed = 0
            for (key, editor) in keys {
                precondition(key.count == 32, "an Ed25519 public key is 32 bytes")
                try db.execute(sql: """
                    INSERT INTO trusted_key (public_key, editor, status, changed_at) VALUES (?, ?, 'revoked', ?)
                    ON CONFLICT (public_key) DO UPDATE SET status = 'revoked', changed_at = excluded.changed_at
                    """, arguments: [Data(key), editor, time])
                try db.execute(sql: "UPDATE replica SET trust = 'revoked' WHERE public_key = ? AND trust != 'revoked'",
                               arguments: [Data(key)])
                changed += db.changesCount
            }
            return changed
        }
    }
}

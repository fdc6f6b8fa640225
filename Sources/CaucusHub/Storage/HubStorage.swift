import CaucusSync
import Crypto

/// Where a hub keeps everything: its identity, the roster, the operations it relays, the
/// nonces it has seen, and each peer's acknowledged version vector.
///
/// Two implementations hold the same tables (`Schema/hub/`): `SQLiteHubStorage`, a file in the
/// hub's data folder, for one hub process; `PostgresHubStorage`, for one or many hub processes on
/// one database. Every method is one transaction; a hub process keeps no state of its own beyond
/// caches, so any process on the same database may answer any request.
///
/// Invariants, kept by every implementation:
/// 1. An operation is stored once, by its dot, as its ``CanonicalOperation`` bytes.
/// 2. ``versionVector()`` is exactly the dots of the stored operations.
/// 3. The sequence grows by one with every ``store(_:)`` that added an operation, and a waiter
///    on ``waitForSequence(after:timeout:)`` on any process wakes once it has grown.
/// 4. A push's changeset digest is recorded with its operations, so a repeated push adds nothing.
public protocol HubStorage: Sendable {
    /// What the storage is, for `GET /v1/info`: `sqlite` or `postgres`.
    var kind: String { get }

    /// Creates or upgrades the tables, and the hub's identity on first use.
    func prepare() async throws

    /// The hub's replica and signing key, made once and kept.
    func identity() async throws -> HubIdentity

    /// Whether the storage answers (for `GET /health`).
    func isHealthy() async -> Bool

    // MARK: Roster

    /// Every roster entry, revoked ones included, by editor then key.
    func roster() async throws -> [RosterEntry]

    /// The entry of `key`, or nil.
    func rosterEntry(key: [UInt8]) async throws -> RosterEntry?

    /// Adds `key` with `role`, or changes the role and editor of a key on the roster that is not revoked.
    ///
    /// - Throws: ``HubStorageError/revokedKey`` for a revoked key.
    @discardableResult
    func addToRoster(key: [UInt8], role: RosterRole, editor: String, time: Int64) async throws -> RosterEntry

    /// Revokes `key`, which stays on the roster, refused; nil when it is not on the roster.
    func revoke(key: [UInt8], time: Int64) async throws -> RosterEntry?

    // MARK: Requests

    /// Records `nonce` for `key` at `time`, forgetting nonces older than `time - memory`;
    /// false when it was already recorded (a replay).
    func useNonce(_ nonce: [UInt8], key: [UInt8], time: Int64, memory: Int64) async throws -> Bool

    // MARK: Operations

    /// Stores a checked push in one transaction: the replicas it names, the operations not held
    /// yet, and its digest. A digest stored before adds nothing.
    func store(_ push: HubPush) async throws -> HubPushResult

    /// What the hub holds, and its sequence, read together.
    func versionVector() async throws -> (versionVector: VersionVector, sequence: Int64)

    /// Calls `body` with a snapshot of what `since` lacks, at most `limit` operations of it.
    /// The snapshot stays consistent while `body` reads it, whatever is pushed meanwhile.
    func pull<T: Sendable>(since: VersionVector, limit: Int?, _ body: (HubPullSnapshot) async throws -> T) async throws -> T

    // MARK: Feed

    /// The current sequence, once it is above `after`, or when `timeout` passes first.
    func waitForSequence(after: Int64, timeout: Duration) async throws -> Int64

    // MARK: Acknowledgements

    /// Records what `replica` (whose key is `key`) holds.
    func acknowledge(key: [UInt8], replica: ReplicaID, versionVector: VersionVector, time: Int64) async throws

    /// Every peer's last acknowledgement.
    func acknowledgements() async throws -> [HubAcknowledgement]
}

/// The hub's own replica: who signs the changesets it sends.
public struct HubIdentity: Sendable {
    /// Its replica id and editor name (`hub`).
    public var replica: ReplicaInfo
    /// Its signing key.
    public var key: Curve25519.Signing.PrivateKey

    /// An identity.
    public init(replica: ReplicaInfo, key: Curve25519.Signing.PrivateKey) {
        self.replica = replica
        self.key = key
    }
}

/// What a roster key may do.
public enum RosterRole: String, Sendable, CaseIterable, Comparable {
    /// Read: the version vector, pull, the feed, acknowledgements.
    case reader
    /// Read and push.
    case writer
    /// Read, push, and change the roster through the API.
    case admin

    private var level: Int { [.reader: 0, .writer: 1, .admin: 2][self]! }
    /// Orders roles by what they allow: reader, writer, admin.
    public static func < (a: RosterRole, b: RosterRole) -> Bool { a.level < b.level }
}

/// One key on the roster.
public struct RosterEntry: Sendable, Equatable {
    /// The editor's Ed25519 public key (32 bytes).
    public var key: [UInt8]
    /// The editor's name, for people.
    public var editor: String
    /// What the key may do.
    public var role: RosterRole
    /// When it was added, in seconds since 1970.
    public var added: Int64
    /// When it was revoked, or nil.
    public var revoked: Int64?

    /// An entry.
    public init(key: [UInt8], editor: String, role: RosterRole, added: Int64, revoked: Int64?) {
        self.key = key
        self.editor = editor
        self.role = role
        self.added = added
        self.revoked = revoked
    }
}

/// A push the hub has checked (``ChangesetReader``), ready to store.
public struct HubPush: Sendable {
    /// The SHA-256 of the whole changeset file.
    public var digest: [UInt8]
    /// The key that pushed it.
    public var pusher: [UInt8]
    /// Every replica the file names.
    public var replicas: [ReplicaInfo]
    /// The operations, in the file's order.
    public var operations: [FactOperation]
    /// When it arrived.
    public var time: Int64

    /// A push.
    public init(digest: [UInt8], pusher: [UInt8], replicas: [ReplicaInfo], operations: [FactOperation], time: Int64) {
        self.digest = digest
        self.pusher = pusher
        self.replicas = replicas
        self.operations = operations
        self.time = time
    }
}

/// What storing a push did.
public struct HubPushResult: Sendable, Equatable {
    /// Operations that were new.
    public var added: Int
    /// Operations already held (or the whole push, repeated).
    public var alreadyPresent: Int
    /// The sequence after the push.
    public var sequence: Int64
    /// What the hub holds after the push.
    public var versionVector: VersionVector

    /// A result.
    public init(added: Int, alreadyPresent: Int, sequence: Int64, versionVector: VersionVector) {
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.sequence = sequence
        self.versionVector = versionVector
    }
}

/// A consistent view of what a pull sends.
public protocol HubPullSnapshot: Sendable {
    /// The hub's version vector at the snapshot.
    var versionVector: VersionVector { get }
    /// The sequence at the snapshot.
    var sequence: Int64 { get }
    /// Every replica the hub knows (a superset of those the operations name).
    var replicas: [ReplicaInfo] { get }
    /// The number of operations ``operations(_:)`` gives.
    var operationCount: Int { get }
    /// Whether the limit left operations out.
    var hasMore: Bool { get }
    /// Calls `body` with each operation's canonical bytes, in (replica id, counter) order.
    func operations(_ body: ([UInt8]) async throws -> Void) async throws
}

/// A peer's acknowledged version vector.
public struct HubAcknowledgement: Sendable, Equatable {
    /// The peer's key.
    public var key: [UInt8]
    /// The editor on the roster for that key.
    public var editor: String
    /// The peer's replica.
    public var replica: ReplicaID
    /// What it holds.
    public var versionVector: VersionVector
    /// When it said so.
    public var time: Int64

    /// An acknowledgement.
    public init(key: [UInt8], editor: String, replica: ReplicaID, versionVector: VersionVector, time: Int64) {
        self.key = key
        self.editor = editor
        self.replica = replica
        self.versionVector = versionVector
        self.time = time
    }
}

/// Why the storage refused.
public enum HubStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key was revoked and cannot be added again.
    case revokedKey([UInt8])
    /// The database failed; the message is its own.
    case database(String)
    /// The stored data breaks an invariant (a damaged database).
    case corrupt(String)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .revokedKey(let k): return "key \(Hex.string(k).prefix(16))… was revoked; a revoked key is never added again"
        case .database(let m): return "the hub's database failed: \(m)"
        case .corrupt(let m): return "the hub's database is damaged: \(m)"
        }
    }
}

import CaucusCore
import CaucusSync

/// Where a hub keeps what it relays: the operations, as canonical bytes, and the roster, nonces
/// and acknowledgements. ``SQLiteHubStorage`` is the embedded default; a PostgreSQL storage lets
/// several hub processes serve one hub.
///
/// Every method is one transaction. An implementation keeps the invariants stated at the top of
/// its migration (`Schema/hub/`), and holds no state that another process on the same database
/// could change without it knowing, beyond ``identity``, which never changes.
public protocol HubStorage: Sendable {
    /// The storage's name in `GET /v1/info`: `sqlite` or `postgres`.
    var kind: String { get }
    /// The hub's own replica and signing key, made when the storage was first created.
    var identity: HubIdentity { get }

    /// Whether the storage answers, for `GET /health`.
    func isHealthy() async -> Bool
    /// The hub's version vector, sequence, replicas and fields, read together.
    func state() async throws -> HubState
    /// Checks every operation of `changeset` and stores those the hub lacks, with their authors'
    /// signed batches and keys (``HubAuthorship``), all or nothing.
    ///
    /// - Throws: ``ChangesetError`` for a body that does not read or that the authorship rules
    ///   refuse, or a storage error; nothing is then stored.
    func store(_ changeset: ChangesetReader, pushedBy key: [UInt8], digest: [UInt8], time: Int64) async throws -> PushOutcome
    /// Every team field definition pushed to the hub (h003), superseded ones included, as the
    /// canonical JSON text of its value by field: what a push's values are checked against
    /// (``HubDefinitions``).
    func definitions() async throws -> [(field: String, value: String)]
    /// The signed batches of `replica` (h002) that meet any of `ranges`, in counter order.
    func signedBatches(of replica: ReplicaID, meeting ranges: [ClosedRange<Int64>]) async throws -> [AuthorBatch]
    /// Up to `limit` canonical operations of `replica` with counters in `counters`, in counter order.
    func operations(of replica: ReplicaID, in counters: ClosedRange<Int64>, limit: Int) async throws -> [(counter: Int64, bytes: [UInt8])]
    /// Waits until the sequence is above `after`, or `timeout` seconds pass, and returns the
    /// sequence then (``HubFeed``).
    func waitForSequence(after: Int64, timeout: Int) async throws -> Int64

    /// Every key on the roster, revoked ones included, by editor then key.
    func roster() async throws -> [RosterEntry]
    /// The roster's entry for `key`, if any.
    func rosterEntry(for key: [UInt8]) async throws -> RosterEntry?
    /// Adds `entry`, or changes the role and editor of a key already on the roster.
    ///
    /// - Throws: ``HubStorageError/keyRevoked(_:)`` for a revoked key: it stays revoked.
    func addToRoster(_ entry: RosterEntry) async throws -> RosterEntry
    /// Revokes `key`; nil when it is not on the roster. Revoking twice keeps the first time.
    func revoke(_ key: [UInt8], time: Int64) async throws -> RosterEntry?

    /// Records that `key` used `nonce` at `time`, forgetting nonces older than the nonce memory;
    /// false when the nonce was already used with that key.
    func useNonce(_ nonce: [UInt8], key: [UInt8], time: Int64) async throws -> Bool
    /// Records what `replica` (of `key`) holds, replacing its earlier acknowledgement.
    func acknowledge(_ versionVector: VersionVector, replica: ReplicaID, key: [UInt8], time: Int64) async throws
    /// Every acknowledgement, with the editor of its key.
    func acknowledgements() async throws -> [Acknowledgement]
}

/// The hub's own replica: the sender of every changeset it sends, and the key that signs them.
public struct HubIdentity: Sendable {
    /// The hub's replica id and editor name (``editor(of:)``).
    public var replica: ReplicaInfo
    /// The Ed25519 private key, raw (32 bytes).
    public var signingKey: [UInt8]

    /// A hub's editor name: `hub-` and the first 8 digits of its replica id, so that a replica
    /// that syncs with two hubs pins each one's key under a name of its own.
    public static func editor(of replica: ReplicaID) -> String { "hub-" + replica.rawValue.prefix(8) }
}

/// What a hub holds, read in one transaction.
public struct HubState: Sendable {
    /// Every operation held.
    public var versionVector: VersionVector
    /// The sequence: the number of pushes that stored an operation.
    public var sequence: Int64
    /// Every replica the operations name, with its editor and, once it has pushed a signed
    /// batch, its key.
    public var replicas: [ReplicaInfo]
    /// Every field the operations name.
    public var fields: [String]
}

/// What one push stored.
public struct PushOutcome: Sendable, Equatable {
    /// Operations in the changeset.
    public var operations: Int
    /// Operations new to the hub.
    public var added: Int
    /// The sequence after the push.
    public var sequence: Int64
}

/// A peer's last acknowledged version vector.
public struct Acknowledgement: Sendable, Equatable {
    /// The acknowledging key.
    public var key: [UInt8]
    /// The key's editor on the roster.
    public var editor: String
    /// The replica that holds `versionVector`.
    public var replica: ReplicaID
    /// What the replica held.
    public var versionVector: VersionVector
    /// When, in seconds since 1970.
    public var time: Int64
}

/// Why a storage refused a request or could not run.
public enum HubStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A revoked key cannot be added again.
    case keyRevoked(String)
    /// The storage holds a migration newer than this build knows.
    case newerStorage(migration: String)
    /// The storage's own data breaks its format: an operation's bytes do not decode.
    case corrupt(String)
    /// The database failed, for the reason given.
    case database(String)

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .keyRevoked(let key): return "key \(key.prefix(16))… was revoked and stays revoked; the editor needs a new key"
        case .newerStorage(let m): return "the hub's storage was written by a newer caucus-hub (migration \(m))"
        case .corrupt(let why): return "the hub's storage is corrupt: \(why)"
        case .database(let why): return "the hub's database failed: \(why)"
        }
    }
}

/// The team field definitions a hub keeps (h003), and the schema a push is checked against.
public enum HubDefinitions {
    /// The field and the canonical JSON text of the definition that `op` writes, or nil when it
    /// writes none (h003 invariant 1).
    static func row(of op: FactOperation) -> (field: String, value: String)? {
        guard op.party == DatasetRecord.id, op.kind == .set, let name = DatasetRecord.definedFieldName(field: op.field),
              let value = op.value else { return nil }
        return (name, value.json)
    }

    /// The schema a push is checked against: the built-in one, with every definition in `rows`
    /// allowing its values, as a replica's import checks them (`PartyStore.receivingSchema()`).
    ///
    /// - Throws: ``HubStorageError/corrupt(_:)`` for a row that holds no definition.
    public static func receivingSchema(_ rows: [(field: String, value: String)]) throws -> PartySchema {
        var byName: [String: [FieldDefinition]] = [:]
        for row in rows {
            guard let object = try? FactObject(json: row.value.utf8), let def = try? FieldDefinition(name: row.field, value: .object(object)) else {
                throw HubStorageError.corrupt("the definition of field \(row.field) is malformed")
            }
            byName[row.field, default: []].append(def)
        }
        return PartySchema.standard.inForce(definitions: byName)
    }
}

import CaucusJSON
import CaucusSync
import Crypto

/// What a key on a hub's roster may do (`Schema/HUB-PROTOCOL.md`, "Authentication"). Each role
/// may do what the roles before it may.
public enum HubRole: String, Sendable, CaseIterable, Comparable {
    /// Reads: the version vector, pulls, the feed, acknowledgements.
    case reader
    /// Reads and pushes.
    case writer
    /// Reads, pushes and changes the roster through the API.
    case admin

    private var level: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether `a` allows less than `b`.
    public static func < (a: HubRole, b: HubRole) -> Bool { a.level < b.level }
}

/// One key on a hub's roster.
public struct RosterEntry: Sendable, Equatable {
    /// The editor's Ed25519 public key (32 bytes), what `caucus key` prints as hex.
    public var key: [UInt8]
    /// The editor's name, for people.
    public var editor: String
    /// What the key may do.
    public var role: HubRole
    /// When the key was added, in seconds since 1970.
    public var added: Int64
    /// When the key was revoked, or nil while it may use the hub.
    public var revoked: Int64?

    /// An entry.
    public init(key: [UInt8], editor: String, role: HubRole, added: Int64, revoked: Int64? = nil) {
        self.key = key
        self.editor = editor
        self.role = role
        self.added = added
        self.revoked = revoked
    }
}

extension RosterEntry {
    /// The entry as the API's JSON: `{"key", "editor", "role", "added", "revoked"}`.
    public var json: String {
        #"{"key":"\#(Hex.string(key))","editor":\#(JSONText.quoted(editor)),"role":"\#(role.rawValue)","added":\#(added),"revoked":\#(revoked.map(String.init) ?? "null")}"#
    }

    /// The 32 bytes of an Ed25519 public key written as `caucus trust add` reads one
    /// (``TrustStore/parseKey(_:)``), or nil; the bytes must also be a key Ed25519 accepts.
    public static func publicKey(hex text: String) -> [UInt8]? {
        guard let bytes = TrustStore.parseKey(text), (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else { return nil }
        return bytes
    }
}

import CaucusCore
import Foundation

/// The trust model: which editors' keys a replica accepts changesets from.
///
/// Like ssh's known hosts. Every changeset is signed by its exporter with the
/// Ed25519 key whose public half is in its header (``ChangesetReader`` checks
/// the signature). The import then decides, in this order:
///
/// 1. A key that was revoked (`caucus trust revoke`) is refused.
/// 2. A changeset from a known replica signed with another key than the one
///    pinned for that replica is refused as a forgery.
/// 3. A key known for another editor, used to claim this editor's name, is refused as a forgery.
/// 4. A key known (pinned or added) for this editor is accepted.
/// 5. A changeset that claims a known editor with a key never seen for them is
///    refused as a forgery; an editor with a second replica (a second key) is
///    accepted once their new key is added with `caucus trust add`.
/// 6. Otherwise the key is unknown: in `strict` mode it is refused; in `pin`
///    mode (the default) it is accepted and pinned, and the import says so.
///
/// The same rules apply to the key of each author whose signed batches a changeset relays
/// (format 3, ``AuthorBatch``), so that a relay cannot pass operations off as another
/// replica's. What this guarantees, and what it does not, is in the README's trust section.
///
/// ```swift
/// let trust = TrustStore(store)
/// try trust.add(publicKeyHex: "3b6a27bc…", editor: "bob", time: now)
/// try trust.setMode(.strict)
/// ```
public struct TrustStore: Sendable {
    /// The store whose trust settings these are.
    let store: PartyStore

    /// The setting that holds the ``Mode``.
    static let modeSetting = "trust_mode"

    /// Wraps `store`.
    public init(_ store: PartyStore) { self.store = store }

    /// Whether unknown keys are pinned or refused.
    public enum Mode: String, Sendable, CaseIterable {
        /// The first key seen for an editor is accepted and pinned (the default).
        case pin
        /// Only keys added with `caucus trust add` (or pinned before) are accepted.
        case strict
    }

    /// How much a key is trusted.
    public enum Status: String, Sendable, Comparable {
        /// This replica's own key.
        case own = "self"
        /// Added by hand with `caucus trust add`.
        case trusted
        /// Accepted on first contact, in pin mode.
        case pinned
        /// Revoked: changesets signed with it are refused.
        case revoked

        /// The status of a replica's key the store records as `trust`; a key seen without a
        /// recorded trust counts as pinned.
        init(_ trust: ReplicaTrust) {
            switch trust {
            case .self: self = .own
            case .trusted: self = .trusted
            case .pinned, .unknown: self = .pinned
            case .revoked: self = .revoked
            }
        }

        private var rank: Int { [.own: 0, .trusted: 1, .pinned: 2, .revoked: 3][self]! }
        /// Orders statuses from most to least trusted: own, trusted, pinned, revoked.
        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
    }

    /// One key as `caucus trust list` shows it.
    public struct Entry: Sendable, Hashable {
        /// The Ed25519 public key.
        public var publicKey: [UInt8]
        /// The editor it belongs to.
        public var editor: String
        /// How much it is trusted.
        public var status: Status
        /// The replicas seen signing with it.
        public var replicas: [ReplicaID]

        /// The key as 64 lower-case hex digits.
        public var publicKeyHex: String { Hex.string(publicKey) }
    }

    /// What the import of one changeset does about its sender's key.
    enum Decision: Sendable, Equatable {
        /// The key is already pinned or trusted for this replica: nothing to record.
        case known
        /// The key is to be stored on the sender's replica row with this trust (`pinned`, `trusted`), in the import's transaction.
        case record(trust: ReplicaTrust, firstContact: Bool)
    }

    // MARK: Settings

    /// The trust mode (`pin` unless set).
    public func mode() throws -> Mode {
        guard let value = try store.setting(Self.modeSetting), case .string(let text) = value.storage else { return .pin }
        return Mode(rawValue: text) ?? .pin
    }

    /// Sets the trust mode.
    public func setMode(_ mode: Mode) throws {
        try store.setSetting(Self.modeSetting, mode.rawValue)
    }

    // MARK: Keys

    /// Every key this replica knows, its own first, then by editor.
    public func entries() throws -> [Entry] {
        var byKey: [[UInt8]: Entry] = [:]
        for record in try store.replicas() {
            guard let key = record.info.publicKey else { continue }
            let status = Status(record.trust)
            var entry = byKey[key] ?? Entry(publicKey: key, editor: record.info.editor, status: status, replicas: [])
            entry.replicas.append(record.info.id)
            entry.status = Swift.max(entry.status, status)
            byKey[key] = entry
        }
        for key in try store.trustedKeys() {
            let status: Status = key.status == .revoked ? .revoked : .trusted
            var entry = byKey[key.publicKey] ?? Entry(publicKey: key.publicKey, editor: key.editor, status: status, replicas: [])
            if status == .revoked { entry.status = .revoked } else if entry.status == .pinned { entry.status = .trusted }
            byKey[key.publicKey] = entry
        }
        return byKey.values.sorted {
            ($0.status == .own ? 0 : 1, $0.editor, $0.publicKeyHex) < ($1.status == .own ? 0 : 1, $1.editor, $1.publicKeyHex)
        }
    }

    /// Trusts `publicKeyHex` (as `caucus key` prints it) for `editor`.
    ///
    /// - Returns: the entry as it now stands.
    /// - Throws: ``TrustError`` for a malformed key, this replica's own key, a revoked key,
    ///   or a key already known for another editor.
    @discardableResult
    public func add(publicKeyHex: String, editor: String, time: Int64) throws -> Entry {
        guard let key = Self.parseKey(publicKeyHex) else { throw TrustError.invalidKey(publicKeyHex) }
        let name = editor.trimmingCharacters(in: .whitespaces)
        guard ReplicaInfo.isValidEditorName(name) else { throw TrustError.invalidEditor(editor) }
        if let existing = try entries().first(where: { $0.publicKey == key }) {
            switch existing.status {
            case .own: throw TrustError.ownKey
            case .revoked: throw TrustError.keyRevoked(key: existing.publicKeyHex, editor: existing.editor)
            case .trusted, .pinned:
                guard existing.editor == name else {
                    throw TrustError.keyOfAnotherEditor(key: existing.publicKeyHex, editor: existing.editor)
                }
            }
        }
        try store.addTrustedKey(key, editor: name, time: time)
        return try entries().first { $0.publicKey == key }!
    }

    /// Revokes the keys `selector` names: an editor's name (all their keys) or
    /// a key's hex digits (at least 8 leading digits, naming one key).
    ///
    /// - Returns: the entries revoked.
    /// - Throws: ``TrustError`` when nothing or this replica's own key matches,
    ///   or a key prefix matches several keys.
    @discardableResult
    public func revoke(_ selector: String, time: Int64) throws -> [Entry] {
        let all = try entries()
        var matches = all.filter { $0.editor == selector }
        let lower = selector.lowercased()
        if matches.isEmpty, lower.count >= 8, lower.allSatisfy(\.isHexDigit) {
            matches = all.filter { $0.publicKeyHex.hasPrefix(lower) }
            if matches.count > 1 { throw TrustError.ambiguousKey(selector) }
        }
        if matches.contains(where: { $0.status == .own }) { throw TrustError.ownKey }
        guard !matches.isEmpty else { throw TrustError.noSuchKey(selector, editors: Array(Set(all.map(\.editor))).sorted()) }
        try store.revokeKeys(matches.map { ($0.publicKey, $0.editor) }, time: time)
        let revoked = Set(matches.map(\.publicKey))
        return try entries().filter { revoked.contains($0.publicKey) }
    }

    // MARK: The decision

    /// Decides whether a changeset from `header`'s sender may be imported (see the rules above).
    ///
    /// - Throws: ``ChangesetError/forgery(file:editor:replica:)``, ``ChangesetError/revokedKey(file:editor:replica:)``
    ///   or ``ChangesetError/untrustedKey(file:editor:replica:)``.
    func decide(_ header: ChangesetHeader, file: String) throws -> Decision {
        try decide(header.sender, file: file)
    }

    /// Decides whether operations signed with `sender`'s key, as the sender of a changeset or the
    /// author of a signed batch in one, may be imported.
    func decide(_ sender: ReplicaInfo, file: String) throws -> Decision {
        guard let key = sender.publicKey else { throw ChangesetError.badSignature(file: file) }
        let replicas = try store.replicas()
        let added = try store.trustedKeys()
        let forgery = ChangesetError.forgery(file: file, editor: sender.editor, replica: sender.id.rawValue)

        // 1. Revoked keys.
        if added.contains(where: { $0.publicKey == key && $0.status == .revoked })
            || replicas.contains(where: { $0.info.publicKey == key && $0.trust == .revoked }) {
            throw ChangesetError.revokedKey(file: file, editor: sender.editor, replica: sender.id.rawValue)
        }
        // 2. A known replica with another key.
        if let record = replicas.first(where: { $0.info.id == sender.id }), let pinned = record.info.publicKey {
            guard pinned == key else { throw forgery }
            return .known
        }
        // 3. The key belongs to someone else.
        let editorsOfKey = Set(replicas.filter { $0.info.publicKey == key }.map(\.info.editor) + added.filter { $0.publicKey == key }.map(\.editor))
        if !editorsOfKey.isEmpty && !editorsOfKey.contains(sender.editor) { throw forgery }
        // 4. The key is known for this editor (a new replica of theirs, or a key added by hand).
        if added.contains(where: { $0.publicKey == key && $0.editor == sender.editor }) {
            return .record(trust: .trusted, firstContact: false)
        }
        if let record = replicas.first(where: { $0.info.publicKey == key && $0.info.editor == sender.editor }) {
            return .record(trust: record.trust == .trusted ? .trusted : .pinned, firstContact: false)
        }
        // 5. A known editor with an unknown key.
        if replicas.contains(where: { $0.info.editor == sender.editor && $0.info.publicKey != nil })
            || added.contains(where: { $0.editor == sender.editor }) {
            throw forgery
        }
        // 6. Unknown.
        if try mode() == .strict {
            throw ChangesetError.untrustedKey(file: file, editor: sender.editor, replica: sender.id.rawValue)
        }
        return .record(trust: .pinned, firstContact: true)
    }

    // MARK: Keys as text

    /// 64 hex digits as a 32-byte key, or nil. Spaces and colons are ignored, so a key copied from a mail survives.
    public static func parseKey(_ text: String) -> [UInt8]? {
        let digits = String(decoding: text.lowercased().utf8.filter { $0 != 0x20 && $0 != 0x3A && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }, as: UTF8.self)
        guard digits.utf8.count == 64 else { return nil }
        return Hex.bytes(digits)
    }
}

/// Why a trust command was refused.
public enum TrustError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not 64 hex digits.
    case invalidKey(String)
    /// The editor name is empty or too long.
    case invalidEditor(String)
    /// The key is this replica's own.
    case ownKey
    /// The key was revoked; it cannot be trusted again.
    case keyRevoked(key: String, editor: String)
    /// The key is already known for another editor.
    case keyOfAnotherEditor(key: String, editor: String)
    /// No key matches what `revoke` was given.
    case noSuchKey(String, editors: [String])
    /// A key prefix matches several keys.
    case ambiguousKey(String)

    /// What was refused and what to do, in a sentence for the user.
    public var description: String {
        switch self {
        case .invalidKey(let t):
            return "\(JSONText.quoted(String(t.prefix(80)))) is not a public key: give the 64 hex digits `caucus key` printed for the editor"
        case .invalidEditor(let e): return "\(JSONText.quoted(String(e.prefix(80)))) is not an editor name: use 1 to 200 characters, no control characters"
        case .ownKey: return "that is this replica's own key"
        case .keyRevoked(let k, let e): return "key \(k.prefix(16))… of editor \(e) was revoked; a revoked key is never trusted again: ask the editor for a new key"
        case .keyOfAnotherEditor(let k, let e): return "key \(k.prefix(16))… already belongs to editor \(e)"
        case .noSuchKey(let s, let editors):
            return "no editor or key \(JSONText.quoted(s)) is known" + (editors.isEmpty ? "" : "; known editors: " + editors.joined(separator: ", "))
        case .ambiguousKey(let s): return "\(JSONText.quoted(s)) is the start of more than one key: give more digits"
        }
    }
}

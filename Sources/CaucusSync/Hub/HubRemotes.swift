import CaucusCore
import Foundation

/// The hubs a replica syncs with, by name, kept in its database (`caucus remote`), as git keeps
/// its remotes.
public struct HubRemotes {
    private let store: PartyStore
    private static let prefix = "remote."

    /// The remotes of `store`.
    public init(_ store: PartyStore) { self.store = store }

    /// Every remote: its name and URL, by name.
    public func all() throws -> [(name: String, url: String)] {
        try store.settings(withPrefix: Self.prefix).compactMap { key, value in
            String.fromDatabaseValue(value).map { (name: String(key.dropFirst(Self.prefix.count)), url: $0) }
        }
    }

    /// Adds the remote `name` at `url`.
    ///
    /// - Throws: ``HubRemoteError`` for a bad name or a name taken; ``HubClientError/invalidURL(_:reason:)``.
    public func add(_ name: String, url: String) throws {
        guard Self.isName(name) else { throw HubRemoteError.badName(name) }
        let parsed = try HubURL(url)
        guard try store.setting(Self.prefix + name) == nil else { throw HubRemoteError.exists(name) }
        try store.setSetting(Self.prefix + name, parsed.description)
    }

    /// Removes the remote `name`.
    ///
    /// - Throws: ``HubRemoteError/unknown(_:known:)``.
    public func remove(_ name: String) throws {
        _ = try url(of: name)
        try store.setSetting(Self.prefix + name, nil)
    }

    /// The URL of `name`, or of the only remote when `name` is nil.
    ///
    /// - Throws: ``HubRemoteError``.
    public func url(of name: String?) throws -> (name: String, url: String) {
        let remotes = try all()
        guard let name else {
            guard remotes.count == 1 else { throw remotes.isEmpty ? HubRemoteError.none : HubRemoteError.ambiguous(remotes.map(\.name)) }
            return remotes[0]
        }
        guard let match = remotes.first(where: { $0.name == name }) else { throw HubRemoteError.unknown(name, known: remotes.map(\.name)) }
        return match
    }

    /// Whether `name` is a remote's name: 1 to 64 of `A-Z a-z 0-9 . _ -`.
    static func isName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }
}

/// Why a remote could not be named, added or found.
public enum HubRemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a remote's name.
    case badName(String)
    /// A remote of that name exists.
    case exists(String)
    /// No remote of that name; the known ones.
    case unknown(String, known: [String])
    /// No remote at all.
    case none
    /// Several remotes, and none named.
    case ambiguous([String])

    /// The problem, in a sentence.
    public var description: String {
        switch self {
        case .badName(let n): return "\(n.prefix(80)) is not a remote's name: 1 to 64 letters, digits, dots, dashes or underscores"
        case .exists(let n): return "a remote named \(n) already exists"
        case .unknown(let n, let known): return "no remote named \(n)" + (known.isEmpty ? "" : "; the remotes are " + known.joined(separator: ", "))
        case .none: return "this replica has no remote"
        case .ambiguous(let names): return "this replica has several remotes (\(names.joined(separator: ", "))); name one"
        }
    }
}

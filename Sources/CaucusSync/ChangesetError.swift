/// A problem found inside changeset bytes, before the file name is known to the message.
enum FormatProblem: Error {
    case truncated(String)
    case malformed(String)
}

/// Why a changeset file was refused. Every case names the file; none leaves
/// the database changed.
public enum ChangesetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be read (missing, no permission, an I/O error).
    case cannotRead(file: String, reason: String)
    /// The path is a directory.
    case isDirectory(file: String)
    /// The file is empty.
    case empty(file: String)
    /// The file is not a changeset at all; `looksLike` says what it seems to be.
    case notAChangeset(file: String, looksLike: String)
    /// A changeset of a format version this build does not read.
    case unsupportedVersion(file: String, version: Int)
    /// A changeset written for a newer party schema.
    case newerSchema(file: String, version: Int, supported: Int)
    /// The file ends early.
    case truncated(file: String, detail: String)
    /// The checksum does not match: the file was damaged or altered.
    case damaged(file: String)
    /// The signature does not match the content and the sender's key.
    case badSignature(file: String)
    /// The content breaks the format at `offset` (in the header, or in the decompressed body).
    case malformed(file: String, offset: Int, detail: String)
    /// A changeset that claims a known editor or replica, signed with another key.
    case forgery(file: String, editor: String, replica: String)
    /// Strict trust is on and the sender's key is not trusted.
    case untrustedKey(file: String, editor: String, replica: String)
    /// The sender's key was revoked.
    case revokedKey(file: String, editor: String, replica: String)
    /// The output file could not be written.
    case cannotWrite(file: String, reason: String)
    /// An operation breaks the authorship rules (the README's trust section): it is in this
    /// replica's own name but not held here, it lacks its author's signature though its author
    /// signs, or its signed batch meets operations held otherwise. `detail` says which.
    case authorship(file: String, detail: String)

    /// The file, what is wrong with it, and what to do when something can be done.
    public var description: String {
        switch self {
        case .cannotRead(let f, let r): return "\(f): cannot read the file: \(r)"
        case .isDirectory(let f): return "\(f): is a directory, not a changeset file"
        case .empty(let f): return "\(f): the file is empty, not a changeset"
        case .notAChangeset(let f, let what): return "\(f): not a Caucus changeset (\(what))"
        case .unsupportedVersion(let f, let v): return "\(f): changeset format version \(v) is not supported by this caucus (it reads versions \(ChangesetFormat.readableVersions.lowerBound) to \(ChangesetFormat.readableVersions.upperBound)); upgrade caucus"
        case .newerSchema(let f, let v, let s): return "\(f): written for party schema version \(v), newer than this caucus's (\(s)); upgrade caucus"
        case .truncated(let f, let d): return "\(f): the changeset is truncated (\(d)); ask the sender for the file again"
        case .damaged(let f): return "\(f): the checksum does not match: the file was damaged or altered after it was written; ask the sender for the file again"
        case .badSignature(let f): return "\(f): the signature is not valid for its content and the sender's key; the file was altered or forged"
        case .malformed(let f, let o, let d): return "\(f): malformed changeset at byte \(o): \(d)"
        case .forgery(let f, let e, let r): return "\(f): refused as a forgery: it claims editor \(e) (replica \(r.prefix(12))…) but is signed with a different key than the one pinned for them"
        case .untrustedKey(let f, let e, let r): return "\(f): refused: editor \(e) (replica \(r.prefix(12))…) is not trusted and strict trust is on; add their key with `caucus trust add`"
        case .revokedKey(let f, let e, let r): return "\(f): refused: the key of editor \(e) (replica \(r.prefix(12))…) was revoked"
        case .cannotWrite(let f, let r): return "\(f): cannot write the changeset: \(r)"
        case .authorship(let f, let d): return "\(f): refused: \(d)"
        }
    }
}

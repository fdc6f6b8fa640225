/// A replica as other replicas know it.
public struct ReplicaInfo: Sendable, Hashable {
    /// The replica's id.
    public var id: ReplicaID
    /// The editor who works on it.
    public var editor: String
    /// Its Ed25519 public key (32 bytes), when known.
    public var publicKey: [UInt8]?

    /// Creates a replica description.
    public init(id: ReplicaID, editor: String, publicKey: [UInt8]? = nil) {
        self.id = id
        self.editor = editor
        self.publicKey = publicKey
    }
}

extension ReplicaInfo {
    /// Whether `name` may be an editor's name: 1 to 200 bytes of UTF-8, not only
    /// spaces, with no control characters (C0, DEL, C1).
    ///
    /// Editor names arrive in changesets from other people and are printed in
    /// messages and listings: a newline or an escape sequence in one could forge
    /// a line of output or drive the terminal, so a reader refuses them.
    public static func isValidEditorName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= Limits.editorNameBytes, name.contains(where: { !$0.isWhitespace }) else { return false }
        return name.unicodeScalars.allSatisfy { s in !(s.value < 0x20 || (0x7F...0x9F).contains(s.value)) }
    }
}

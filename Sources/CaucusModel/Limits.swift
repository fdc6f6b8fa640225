/// The sizes Caucus accepts, in one place: a local edit, an edit file, a changeset and every other
/// entry point check against these, so that what one accepts, every other accepts too, and a
/// replica never writes what its peers would refuse.
///
/// Lengths are in bytes of UTF-8, the unit the wire carries.
public enum Limits {
    /// The longest party id (``PartySchema/isValidPartyID(_:)``).
    public static let partyIDBytes = 64
    /// The longest editor name (``ReplicaInfo/isValidEditorName(_:)``).
    public static let editorNameBytes = 200
    /// The longest field name an operation may carry.
    public static let fieldNameBytes = 64
    /// The longest source of a fact.
    public static let sourceBytes = 4000
    /// The longest text value; a field's own `max_length` (in characters) is usually far below it.
    public static let textValueBytes = 1 << 20
    /// The longest note on a claim.
    public static let noteBytes = 4000
    /// The longest date of a claim (as-of, start, end): `YYYY-MM-DD`.
    public static let dateBytes = 10
    /// The longest regular expression a team field's definition may give (``FieldDefinition/pattern``).
    public static let patternBytes = 200
    /// The longest help text of a team field's definition.
    public static let fieldHelpBytes = 1000
    /// The longest choice of a team `choice` field.
    public static let choiceBytes = 200
    /// The most operations one operation's `pred` may name.
    public static let predCount = 1 << 16
    /// The highest operation counter a replica may reach (counters are 40-bit).
    public static let maxCounter: Int64 = 1 << 40 - 1

    /// Whether `source` fits ``sourceBytes``.
    public static func fits(source: String) -> Bool { source.utf8.count <= sourceBytes }

    /// Whether `note` fits ``noteBytes``.
    public static func fits(note: String) -> Bool { note.utf8.count <= noteBytes }
}

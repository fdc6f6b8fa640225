/// The record a dataset keeps about itself: its named releases, one fact per release name, and
/// the fields its team defined, one fact per field, merged by the same rules as a party's facts.
///
/// Its id, `:dataset`, is outside the party id pattern (``PartySchema/isValidPartyID(_:)``), so
/// no party can take it, and reads of parties never list it. A release is a `set` of the fact
/// `release/NAME` whose value is a ``Release``; two releases of one name made without seeing each
/// other are a conflict of that fact (merge rule 2), which a later `set` that names both settles,
/// and a `clear` deletes the release. A field definition is a `set` of the fact `field/NAME` whose
/// value is a ``FieldDefinition`` (``FieldDefinition/init(name:value:)``), never cleared; two
/// made without seeing each other are a schema conflict (merge rule 9). No other operation may
/// touch the record (``check(field:kind:value:)``).
public enum DatasetRecord {
    /// The record's id.
    public static let id = ":dataset"

    /// What every release fact's name starts with.
    public static let releasePrefix = "release/"

    /// What every field definition fact's name starts with.
    public static let fieldPrefix = "field/"

    /// The name of the fact that holds the definition of the team field `name`.
    public static func definitionField(_ name: String) -> String { fieldPrefix + name }

    /// The field name of the definition fact `field`, or nil when it is not one.
    public static func definedFieldName(field: String) -> String? {
        guard field.utf8.starts(with: fieldPrefix.utf8) else { return nil }
        return String(field.dropFirst(fieldPrefix.count))
    }

    /// The longest release name, in bytes: a fact's name, prefix included, fits ``Limits/fieldNameBytes``.
    public static let releaseNameBytes = Limits.fieldNameBytes - 8

    /// Whether `id` names a record other than a party: it starts with `:`, which no party id does.
    public static func isReserved(_ id: String) -> Bool { id.utf8.first == UInt8(ascii: ":") }

    /// The name of the fact that holds the release `name`.
    public static func releaseField(_ name: String) -> String { releasePrefix + name }

    /// The release name of the fact `field`, or nil when it is not a release fact.
    public static func releaseName(field: String) -> String? {
        guard field.utf8.starts(with: releasePrefix.utf8) else { return nil }
        return String(field.dropFirst(releasePrefix.count))
    }

    /// Whether `name` can name a release: 1 to 56 ASCII letters, digits, `.`, `_` or `-`, starting
    /// with a letter or digit, and without `..` (which writes a range of releases, `A..B`).
    ///
    /// `2025.1`, `parlgov-2024` and `v3` are release names; `.hidden`, `a..b` and `2025/1` are not.
    public static func isValidReleaseName(_ name: String) -> Bool {
        let u = name.utf8
        guard let first = u.first, u.count <= releaseNameBytes, isAlphanumeric(first), !name.contains("..") else { return false }
        return u.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
    }

    /// Checks an operation on the dataset record: a `set` of a release fact to a release value, or
    /// a `clear` of one; or a `set` of a field definition fact to a definition. Returns the value unchanged.
    ///
    /// - Throws: ``ReleaseError`` or ``SchemaError`` naming what is wrong.
    @discardableResult
    public static func check(field: String, kind: OperationKind, value: FactValue?) throws -> FactValue? {
        if let name = definedFieldName(field: field) {
            guard kind == .set, let value else { throw SchemaError.wrongKind(name: name, kind: kind) }
            _ = try FieldDefinition(name: name, value: value)
            return value
        }
        guard let name = releaseName(field: field) else { throw ReleaseError.notARelease(field: field) }
        guard isValidReleaseName(name) else { throw ReleaseError.invalidName(name) }
        switch kind {
        case .set:
            guard let value else { throw ReleaseError.invalidValue(name: name, problem: "it has no value") }
            _ = try Release(name: name, value: value)
            return value
        case .clear:
            return nil
        default:
            throw ReleaseError.wrongKind(name: name, kind: kind)
        }
    }
}

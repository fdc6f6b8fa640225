/// A named release: the version vector an editor published under a name, such as `2025.1`.
///
/// The state at a release is the merge of exactly the operations its version vector holds
/// (``Merge/records(_:at:schema:)``), so it is the same on every replica that holds them. A
/// release travels as the value of the fact `release/NAME` of the ``DatasetRecord``: an object
/// of its version vector (as its canonical JSON text), its note, and the number of party records
/// and of conflicts its editor's replica showed at it, which every replica computes alike from
/// those operations.
///
/// `{"conflicts":1,"note":"the January release","records":6854,"vv":"{\"3f2a…\":[[1,120]]}"}`
public struct Release: Sendable, Hashable {
    /// The release's name.
    public var name: String
    /// The operations it names.
    public var versionVector: VersionVector
    /// What its editor wrote about it.
    public var note: String?
    /// The party records, deleted ones left out, at the release.
    public var recordCount: Int64
    /// The conflicts (fields in conflict, and records in delete-vs-edit conflict) at the release.
    public var conflictCount: Int64

    /// Creates a release.
    public init(name: String, versionVector: VersionVector, note: String?, recordCount: Int64, conflictCount: Int64) {
        self.name = name
        self.versionVector = versionVector
        self.note = note
        self.recordCount = recordCount
        self.conflictCount = conflictCount
    }

    /// The release that `value`, the value of its fact, describes.
    ///
    /// - Throws: ``ReleaseError/invalidValue(name:problem:)`` for a value that is not an object of
    ///   exactly `vv` (a version vector's canonical text), `records` and `conflicts` (whole numbers
    ///   >= 0) and optionally `note` (text of at most ``Limits/noteBytes``).
    public init(name: String, value: FactValue) throws(ReleaseError) {
        func fail(_ problem: String) -> ReleaseError { .invalidValue(name: name, problem: problem) }
        guard case .object(let object) = value else { throw fail("it is not an object") }
        for key in object.keys where !["conflicts", "note", "records", "vv"].contains(key) {
            throw fail("it has an unknown member \(JSONText.quoted(key))")
        }
        guard case .text(let text)? = object["vv"] else { throw fail("its \"vv\" is not text") }
        let vv: VersionVector
        do { vv = try VersionVector(json: text.utf8) } catch { throw fail("its \"vv\" is \(error)") }
        guard vv.json.utf8.elementsEqual(text.utf8) else { throw fail("its \"vv\" is not in canonical form") }
        guard case .integer(let records)? = object["records"], records >= 0 else { throw fail("its \"records\" is not a whole number >= 0") }
        guard case .integer(let conflicts)? = object["conflicts"], conflicts >= 0 else { throw fail("its \"conflicts\" is not a whole number >= 0") }
        var note: String?
        switch object["note"] {
        case nil: break
        case .text(let s)? where !s.isEmpty && Limits.fits(note: s) && FieldDefinition.isCleanText(s): note = s
        default: throw fail("its \"note\" is not text of 1 to \(Limits.noteBytes) bytes without control characters")
        }
        self.init(name: name, versionVector: vv, note: note, recordCount: records, conflictCount: conflicts)
    }

    /// The value of its fact (see the type's documentation).
    public var value: FactValue {
        var members: [(key: String, value: FactValue)] = [
            ("conflicts", .integer(conflictCount)), ("records", .integer(recordCount)), ("vv", .text(versionVector.json)),
        ]
        if let note { members.append(("note", .text(note))) }
        return .object(FactObject(members)!)
    }
}

/// Why a release, or an operation on the dataset record, was refused.
public enum ReleaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name breaks the rule of ``DatasetRecord/isValidReleaseName(_:)``.
    case invalidName(String)
    /// The value of the release fact `name` is not a release.
    case invalidValue(name: String, problem: String)
    /// An operation on the dataset record names a fact that is not a release.
    case notARelease(field: String)
    /// An operation of a kind other than set and clear on the release fact `name`.
    case wrongKind(name: String, kind: OperationKind)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "\(JSONText.quoted(name)) is not a release name: 1 to \(DatasetRecord.releaseNameBytes) letters, digits, '.', '_' or '-', starting with a letter or digit, without '..'"
        case .invalidValue(let name, let problem): return "release \(name) is not valid: \(problem)"
        case .notARelease(let field): return "the dataset record has no fact \(JSONText.quoted(field)); it holds only releases and field definitions"
        case .wrongKind(let name, let kind): return "an operation of kind \(kind.name) on release \(name); a release is only set or cleared"
        }
    }
}

/// A team's field definition as it travels: the value of the fact `field/NAME` of the
/// ``DatasetRecord``, an object of the definition's parts.
///
/// `{"choices":"[\"communist\",\"social democrat\"]","help":"the party family","type":"choice"}`
///
/// | member | | |
/// |---|---|---|
/// | `type` | required | a ``FieldType`` other than `election-result` |
/// | `set` | optional | 1 for a set field |
/// | `claims` | optional | 1 for a single-valued field that takes claims (``FieldDefinition/takesClaims``) |
/// | `choices` | for `choice` | the choices, as the canonical JSON text of an array of texts |
/// | `pattern` | optional; required for `external-id` | a regular expression values match whole |
/// | `max_length` | optional | the longest text, in characters, 1 to ``Limits/textValueBytes`` |
/// | `help` | optional | what the field holds |
/// | `deprecated` | optional | 1 for a deprecated field |
extension FieldDefinition {
    /// The members a definition may have.
    static let definitionMembers = ["choices", "claims", "deprecated", "help", "max_length", "pattern", "set", "type"]

    /// The definition of the field `name` that `value`, the value of its fact, describes.
    ///
    /// - Throws: ``SchemaError/invalidDefinition(name:problem:)`` naming the first member that is
    ///   wrong, missing or unknown.
    public init(name: String, value: FactValue) throws(SchemaError) {
        func fail(_ problem: String) -> SchemaError { .invalidDefinition(name: name, problem: problem) }
        guard PartySchema.isValidFieldName(name) else { throw .invalidName(name) }
        guard case .object(let object) = value else { throw fail("it is not an object") }
        for key in object.keys where !Self.definitionMembers.contains(key) { throw fail("it has an unknown member \(JSONText.quoted(key))") }
        guard case .text(let typeName)? = object["type"] else { throw fail("its \"type\" is missing or not text") }
        guard let type = FieldType(rawValue: typeName), type != .electionResult else { throw fail("its type \(JSONText.quoted(typeName)) is not one a team field can have") }
        func flag(_ key: String) throws(SchemaError) -> Bool {
            switch object[key] {
            case nil: return false
            case .integer(1)?: return true
            default: throw fail("its \(JSONText.quoted(key)) is not 1")
            }
        }
        let isSet = try flag("set"), takesClaims = try flag("claims"), isDeprecated = try flag("deprecated")
        var choices: [String] = []
        switch object["choices"] {
        case nil: break
        case .text(let text)?:
            guard let list = Self.choices(json: text), !list.isEmpty, Set(list).count == list.count,
                  Self.choicesJSON(list) == text else { throw fail("its \"choices\" is not the canonical JSON text of an array of distinct, non-empty texts") }
            choices = list
        default: throw fail("its \"choices\" is not text")
        }
        guard (type == .choice) == !choices.isEmpty else { throw fail(type == .choice ? "a choice field needs its choices" : "only a choice field has choices") }
        var pattern: String?
        switch object["pattern"] {
        case nil: break
        case .text(let p)? where ExternalDataset.isValidPattern(p): pattern = p
        default: throw fail("its \"pattern\" is not a regular expression of at most \(Limits.patternBytes) bytes")
        }
        guard pattern == nil || [.text, .externalID].contains(type) else { throw fail("only a text or external-id field has a pattern") }
        guard pattern != nil || type != .externalID else { throw fail("an external-id field needs its pattern") }
        var maxLength = 10_000
        switch object["max_length"] {
        case nil: break
        case .integer(let n)? where (1...Int64(Limits.textValueBytes)).contains(n): maxLength = Int(n)
        default: throw fail("its \"max_length\" is not a whole number from 1 to \(Limits.textValueBytes)")
        }
        var help = ""
        switch object["help"] {
        case nil: break
        case .text(let s)? where !s.isEmpty && s.utf8.count <= Limits.fieldHelpBytes && Self.isCleanText(s): help = s
        default: throw fail("its \"help\" is not text of 1 to \(Limits.fieldHelpBytes) bytes without control characters")
        }
        self.init(name: name, type: type, isSet: isSet, choices: choices, maxLength: maxLength, help: help,
                  takesClaims: takesClaims, pattern: pattern, isDeprecated: isDeprecated)
    }

    /// The value of its fact (see the extension's documentation); members at their defaults are left out.
    public var definitionValue: FactValue {
        var members: [(key: String, value: FactValue)] = [("type", .text(type.rawValue))]
        if isSet { members.append(("set", .integer(1))) }
        if takesClaims { members.append(("claims", .integer(1))) }
        if isDeprecated { members.append(("deprecated", .integer(1))) }
        if !choices.isEmpty { members.append(("choices", .text(Self.choicesJSON(choices)))) }
        if let pattern { members.append(("pattern", .text(pattern))) }
        if maxLength != 10_000 { members.append(("max_length", .integer(Int64(maxLength)))) }
        if !help.isEmpty { members.append(("help", .text(help))) }
        return .object(FactObject(members)!)
    }

    /// The canonical JSON text of a list of choices: `["a","b"]`.
    static func choicesJSON(_ choices: [String]) -> String { "[" + choices.map(JSONText.quoted).joined(separator: ",") + "]" }

    /// The texts of a JSON array of texts, or nil when `json` is not one.
    static func choices(json: String) -> [String]? {
        guard case .array(let items)? = try? JSONScanner.value(of: json.utf8) else { return nil }
        var list: [String] = []
        for item in items {
            guard case .string(let s) = item, !s.isEmpty, s.utf8.count <= Limits.choiceBytes, isCleanText(s) else { return nil }
            list.append(s)
        }
        return list
    }

    /// Why `self`, a new definition of the field, would narrow `old`, or nil when it only widens
    /// it: the same type and kind, every old choice kept, a limit kept or raised, a pattern kept
    /// or dropped, claims and deprecation only turned on. Help text may change freely.
    public func narrowing(from old: FieldDefinition) -> String? {
        if type != old.type { return "changes its type from \(old.type.rawValue) to \(type.rawValue)" }
        if isSet != old.isSet { return old.isSet ? "makes a set field single-valued" : "makes a single-valued field a set" }
        if old.takesClaims && !takesClaims { return "stops it taking claims" }
        if let gone = old.choices.first(where: { !choices.contains($0) }) { return "drops the choice \(JSONText.quoted(gone))" }
        if maxLength < old.maxLength { return "lowers max_length from \(old.maxLength) to \(maxLength)" }
        if let p = pattern, p != old.pattern { return old.pattern == nil ? "adds the pattern \(p)" : "changes the pattern from \(old.pattern!) to \(p)" }
        if type == .externalID, pattern != old.pattern { return "drops the pattern of an external-id field" }
        return nil
    }
}

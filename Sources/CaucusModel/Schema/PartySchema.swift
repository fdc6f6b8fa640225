import CaucusSchema
import Foundation

/// The fields a party record may have, their types and checks, read from
/// `Schema/party.schema.json` (compiled into the program).
///
/// ```swift
/// let schema = PartySchema.standard
/// let value = try schema.check(field: "membership", value: .integer(7000))
/// ```
public struct PartySchema: Sendable {
    /// The schema's version; changesets carry it, and a reader refuses a newer one.
    public let version: Int
    /// The fields, in the order the schema file lists them.
    public let fields: [FieldDefinition]
    /// The rule a party id follows, in words.
    public let idHelp: String
    private let byName: [String: FieldDefinition]

    /// The schema compiled in from `Schema/party.schema.json`.
    public static let standard: PartySchema = {
        do {
            return try PartySchema(json: SchemaFiles.partySchema)
        } catch {
            preconditionFailure("Schema/party.schema.json does not parse: \(error)")
        }
    }()

    /// Reads a schema file (UTF-8 JSON). Keys the schema does not use (`schema`, `types`,
    /// `id.pattern`) are ignored; a field's `set`, `choices` and `max_length` are optional.
    ///
    /// - Throws: ``PartySchemaError`` when the file is not JSON or does not have the schema's shape.
    public init(json: some Collection<UInt8>) throws {
        let file: JSONValue
        do {
            file = try JSONScanner.value(of: json)
        } catch let error as JSONReadError {
            throw PartySchemaError.malformedJSON(error)
        }
        let root = try SchemaObject(file, key: "")
        version = try root.integer("version")
        idHelp = try root.object("id").string("help")
        var fields: [FieldDefinition] = []
        var byName: [String: FieldDefinition] = [:]
        for (i, value) in try root.array("fields").enumerated() {
            let f = try SchemaObject(value, key: "fields[\(i)]")
            let name = try f.string("name"), typeName = try f.string("type")
            guard let type = FieldType(rawValue: typeName) else {
                throw PartySchemaError.unknownFieldType(field: name, type: typeName)
            }
            let choices = try f.optionalArray("choices")?.enumerated().map { j, choice in
                guard case .string(let s) = choice else {
                    throw PartySchemaError.wrongKind(key: f.path("choices[\(j)]"), expected: "a string", got: choice.kind.description)
                }
                return s
            }
            let field = FieldDefinition(name: name, type: type, isSet: try f.optionalBool("set") ?? false, choices: choices ?? [],
                                        maxLength: try f.optionalInteger("max_length") ?? 10_000, help: try f.string("help"))
            guard byName.updateValue(field, forKey: name) == nil else { throw PartySchemaError.duplicateField(name) }
            fields.append(field)
        }
        self.fields = fields
        self.byName = byName
    }

    /// The definition of the field named `name`, or nil when the schema has no such field.
    public func field(_ name: String) -> FieldDefinition? { byName[name] }

    /// Whether `id` is a valid party id: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
    public static func isValidPartyID(_ id: String) -> Bool {
        let u = id.utf8
        guard let first = u.first, u.count <= Limits.partyIDBytes, isIDByte(first), first != UInt8(ascii: "."),
              first != UInt8(ascii: "_"), first != UInt8(ascii: "-")
        else { return false }
        return u.allSatisfy(isIDByte)
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2E || b == 0x5F || b == 0x2D
    }

    /// The names of known fields closest to `name`, for "did you mean" hints.
    public func suggestions(for name: String) -> [String] {
        let scored = fields.map { ($0.name, Levenshtein.distance(name.lowercased(), $0.name)) }
        let best = scored.filter { $0.1 <= max(2, name.count / 3) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return best.prefix(3).map(\.0)
    }
}

/// An object of the schema file, read key by key with errors that name the key's path.
private struct SchemaObject {
    let members: [String: JSONValue]
    let key: String

    init(_ value: JSONValue, key: String) throws {
        guard case .object(let members) = value else {
            throw PartySchemaError.wrongKind(key: key.isEmpty ? "top-level value" : key, expected: "an object", got: value.kind.description)
        }
        self.members = members
        self.key = key
    }

    /// The path of `name` inside this object, for messages; the file's top-level object has the path "".
    func path(_ name: String) -> String { key.isEmpty ? name : key + "." + name }

    private func wrongKind(_ name: String, _ expected: String, _ value: JSONValue) -> PartySchemaError {
        .wrongKind(key: path(name), expected: expected, got: value.kind.description)
    }

    private func required(_ name: String) throws -> JSONValue {
        guard let value = members[name] else { throw PartySchemaError.missingKey(path(name)) }
        return value
    }

    func string(_ name: String) throws -> String {
        let value = try required(name)
        guard case .string(let s) = value else { throw wrongKind(name, "a string", value) }
        return s
    }

    func integer(_ name: String) throws -> Int {
        guard let n = try optionalInteger(name) else { throw PartySchemaError.missingKey(path(name)) }
        return n
    }

    func object(_ name: String) throws -> SchemaObject { try SchemaObject(required(name), key: path(name)) }

    func array(_ name: String) throws -> [JSONValue] {
        guard let a = try optionalArray(name) else { throw PartySchemaError.missingKey(path(name)) }
        return a
    }

    func optionalInteger(_ name: String) throws -> Int? {
        guard let value = members[name] else { return nil }
        guard case .integer(let n) = value, let int = Int(exactly: n) else { throw wrongKind(name, "a whole number", value) }
        return int
    }

    func optionalBool(_ name: String) throws -> Bool? {
        guard let value = members[name] else { return nil }
        guard case .bool(let b) = value else { throw wrongKind(name, "true or false", value) }
        return b
    }

    func optionalArray(_ name: String) throws -> [JSONValue]? {
        guard let value = members[name] else { return nil }
        guard case .array(let a) = value else { throw wrongKind(name, "an array", value) }
        return a
    }
}

/// The kinds of value a field can hold; `Schema/party.schema.json` names them.
public enum FieldType: String, Sendable {
    /// Free text.
    case text
    /// Three capital letters.
    case country
    /// A whole number from 1000 to 2999.
    case year
    /// `#RGB`, `#RRGGBB` or a colour name.
    case colour
    /// One of the field's choices.
    case choice
    /// A whole number >= 0.
    case count
    /// A number from 0 to 100.
    case percent
    /// An http(s) address.
    case url
    /// A party id.
    case party
}

/// One field of the party schema.
public struct FieldDefinition: Sendable, Hashable {
    /// The field's name, as used in commands and operations.
    public let name: String
    /// The type its values must have.
    public let type: FieldType
    /// True for a set field (an add-wins set of values), false for a single-valued field.
    public let isSet: Bool
    /// The allowed values of a `choice` field.
    public let choices: [String]
    /// The longest text accepted, in characters.
    public let maxLength: Int
    /// What the field holds, in words.
    public let help: String

    /// What a value of this field must be, as the end of "`field` must be …".
    public var expectation: String {
        switch type {
        case .text: return "non-empty text of at most \(maxLength) characters"
        case .country: return "a country code of three capital letters (e.g. AZE)"
        case .year: return "a year, a whole number from 1000 to 2999"
        case .colour: return "a hex code like #CC0000 or a colour name like Red"
        case .choice: return "one of " + choices.joined(separator: ", ")
        case .count: return "a whole number ≥ 0"
        case .percent: return "a number from 0 to 100"
        case .url: return "an http:// or https:// address"
        case .party: return "a party id (lower-case letters, digits, '.', '_', '-')"
        }
    }

    /// Checks `value` and returns it in the field's canonical form (numbers for
    /// number fields, given as numbers or as text like `"7000"`).
    ///
    /// - Throws: ``ValueError`` saying what was expected and what was given.
    public func check(_ value: FactValue) throws -> FactValue {
        func fail() -> ValueError { ValueError(field: name, expected: expectation, got: value) }
        switch type {
        case .year, .count:
            let n: Int64
            switch value {
            case .integer(let i): n = i
            case .real(let d) where d.rounded() == d && abs(d) < 1e15: n = Int64(d)
            case .text(let s):
                guard let i = Int64(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")) else { throw fail() }
                n = i
            default: throw fail()
            }
            if type == .year, !(1000...2999).contains(n) { throw fail() }
            if type == .count, n < 0 { throw fail() }
            return .integer(n)
        case .percent:
            let d: Double
            switch value {
            case .integer(let i): d = Double(i)
            case .real(let x): d = x
            case .text(let s):
                guard let x = Double(s.trimmingCharacters(in: .whitespaces)) else { throw fail() }
                d = x
            }
            guard d.isFinite, (0...100).contains(d) else { throw fail() }
            return .real(d)
        default:
            guard case .text(let s) = value else { throw fail() }
            // utf8.count >= count, so the cheap test settles most texts.
            guard !s.isEmpty, s.utf8.count <= maxLength || s.count <= maxLength, Self.isCleanText(s) else { throw fail() }
            switch type {
            case .country:
                guard s.utf8.count == 3, s.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { throw fail() }
            case .colour:
                if s.hasPrefix("#") {
                    let hex = s.dropFirst()
                    guard hex.count == 3 || hex.count == 6, hex.allSatisfy(\.isHexDigit) else { throw fail() }
                } else {
                    guard s.count <= 40, s.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" }) else { throw fail() }
                }
            case .choice:
                guard choices.contains(s) else { throw fail() }
            case .url:
                guard Self.hasHTTPScheme(s), s.utf8.count > 8 && s.count > 8,
                      !Self.containsWhitespace(s) else { throw fail() }
            case .party:
                guard PartySchema.isValidPartyID(s) else { throw fail() }
            default: break
            }
            return value
        }
    }

    /// Whether `s` starts with `http://` or `https://`, in any case.
    private static func hasHTTPScheme(_ s: String) -> Bool {
        let lower = s.utf8.prefix(8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return lower.starts(with: "http://".utf8) || lower.starts(with: "https://".utf8)
    }

    /// Whether `s` has a whitespace character; ASCII text is checked byte by byte.
    private static func containsWhitespace(_ s: String) -> Bool {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) } }
        return s.contains { $0.isWhitespace }
    }

    /// No control characters but newline, tab and carriage return. In UTF-8 a byte
    /// below 0x20 is always that ASCII character, so the bytes can be checked alone.
    private static func isCleanText(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }
}

/// A value that does not fit its field.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's name.
    public let field: String
    /// What the field takes, in words.
    public let expected: String
    /// The value given.
    public let got: FactValue

    public var description: String { "\(field) must be \(expected), got \(got.json)" }
}

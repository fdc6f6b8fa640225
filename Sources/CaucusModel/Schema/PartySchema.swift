import Foundation

/// The fields a party record may have, their types and checks, as `Schema/party.schema.json`
/// states them (``standard`` is compiled from that file when the program is built).
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
    /// The names of the fields built into the program (``isBuiltIn(_:)``).
    let builtInNames: Set<String>

    /// A schema of `fields`, which have distinct names.
    ///
    /// The standard schema is made this way by code that the build compiles from
    /// `Schema/party.schema.json` (`PartySchemaPlugin`): the program reads no schema file.
    public init(version: Int, idHelp: String, fields: [FieldDefinition]) {
        self.init(version: version, idHelp: idHelp, fields: fields, builtIn: Set(fields.map(\.name)))
    }

    /// A schema of `fields`, of which those named in `builtIn` are built into the program.
    init(version: Int, idHelp: String, fields: [FieldDefinition], builtIn: Set<String>) {
        builtInNames = builtIn
        self.version = version
        self.idHelp = idHelp
        self.fields = fields
        var byName: [String: FieldDefinition] = [:]
        for field in fields {
            precondition(byName.updateValue(field, forKey: field.name) == nil, "two fields are named \(field.name)")
        }
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

    /// `value` as an editor reads it in the field `name` (``FieldDefinition/text(of:)``); as its
    /// ``FactValue/description`` in a field this schema does not know.
    public func text(of value: FactValue, in name: String) -> String {
        field(name)?.text(of: value) ?? value.description
    }

    /// The names of known fields closest to `name`, for "did you mean" hints.
    public func suggestions(for name: String) -> [String] {
        let scored = fields.map { ($0.name, Levenshtein.distance(name.lowercased(), $0.name)) }
        let best = scored.filter { $0.1 <= max(2, name.count / 3) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return best.prefix(3).map(\.0)
    }
}

/// The kinds of value a field can hold; `Schema/party.schema.json` names them.
public enum FieldType: String, Sendable, CaseIterable {
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
    /// An election result: an object naming the election, its year or date, the constituency,
    /// the share of the vote, and optionally the seats won and the place
    /// (``FieldDefinition/checkElectionResult(_:)``).
    case electionResult = "election-result"
    /// A whole number, of any sign.
    case integer
    /// A decimal number.
    case number
    /// A date, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    case date
    /// An id in another dataset, such as a Wikidata item (`Q…`), checked against the field's
    /// ``FieldDefinition/pattern`` (``ExternalDataset``).
    case externalID = "external-id"
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
    /// Whether an editor may add claims to a single-valued field (several values, each with its
    /// sources and dates, merge rule 2) rather than only set its value. Every built-in field does.
    public let takesClaims: Bool
    /// A regular expression that a text or external-id value must match whole; nil for none.
    public let pattern: String?
    /// Whether the team has deprecated the field: it keeps its values, and new ones are refused.
    public let isDeprecated: Bool
    /// For a field whose definition is in conflict (two definitions made without seeing each
    /// other, ``PartySchema/inForce(definitions:)``), every definition standing; a value fits
    /// the field iff it fits one of them. Empty otherwise.
    public let alternatives: [FieldDefinition]

    /// Creates a field definition.
    public init(name: String, type: FieldType, isSet: Bool, choices: [String], maxLength: Int, help: String,
                takesClaims: Bool = true, pattern: String? = nil, isDeprecated: Bool = false, alternatives: [FieldDefinition] = []) {
        self.name = name
        self.type = type
        self.isSet = isSet
        self.choices = choices
        self.maxLength = maxLength
        self.help = help
        self.takesClaims = takesClaims
        self.pattern = pattern
        self.isDeprecated = isDeprecated
        self.alternatives = alternatives
    }

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
        case .electionResult: return Self.electionResultExpectation
        case .integer: return "a whole number"
        case .number: return "a number"
        case .date: return "a date, YYYY, YYYY-MM or YYYY-MM-DD"
        case .externalID: return "an id matching \(pattern ?? ".+")"
        }
    }

    /// Checks `value` and returns it in the field's canonical form (numbers for
    /// number fields, given as numbers or as text like `"7000"`; an election result's share as a
    /// decimal number). Only an election-result field takes an object.
    ///
    /// - Throws: ``ValueError`` saying what was expected and what was given, and for an object
    ///   which member is wrong.
    public func check(_ value: FactValue) throws -> FactValue {
        guard !alternatives.isEmpty else { return try checkOne(value) }
        for alternative in alternatives { if let fit = try? alternative.checkOne(value) { return fit } }
        throw ValueError(field: name, expected: alternatives.map(\.expectation).joined(separator: ", or "), got: value)
    }

    /// ``check(_:)`` against this definition alone.
    private func checkOne(_ value: FactValue) throws -> FactValue {
        func fail() -> ValueError { ValueError(field: name, expected: expectation, got: value) }
        if type == .electionResult { return try checkElectionResult(value) }
        switch type {
        case .integer:
            switch value {
            case .integer: return value
            case .real(let d) where d.rounded() == d && abs(d) < 1e15: return .integer(Int64(d))
            case .text(let s):
                guard let i = Int64(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")) else { throw fail() }
                return .integer(i)
            default: throw fail()
            }
        case .number:
            switch value {
            case .integer(let i): return .real(Double(i))
            case .real: return value
            case .text(let s):
                guard let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite else { throw fail() }
                return .real(d)
            case .object: throw fail()
            }
        case .externalID:
            // Numeric ids (ParlGov's, Party Facts') come from spreadsheets as numbers.
            let text: String
            switch value {
            case .text(let s): text = s.trimmingCharacters(in: .whitespaces)
            case .integer(let i): text = String(i)
            default: throw fail()
            }
            guard !text.isEmpty, text.utf8.count <= maxLength, ExternalDataset.matches(text, pattern: pattern ?? ".+") else { throw fail() }
            return .text(text)
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
            case .object: throw fail()
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
            case .date:
                guard ClaimDates.isValidDate(s) else { throw fail() }
            default: break
            }
            if let pattern, !ExternalDataset.matches(s, pattern: pattern) { throw ValueError(field: name, expected: "text matching \(pattern)", got: value) }
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
    static func isCleanText(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
    }
}

/// A value that does not fit its field.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's name.
    public let field: String
    /// What the field takes, in words; for a wrong or missing member, what that member takes.
    public let expected: String
    /// The value given.
    public let got: FactValue
    /// For an object value, which member is wrong and how; nil when the value as a whole is.
    public let member: Member?

    /// What is wrong with one member of an object value.
    public enum Member: Sendable, Equatable {
        /// The member `key` holds `value`, which is not what ``ValueError/expected`` says.
        case wrong(key: String, value: FactValue)
        /// The member `key` is missing; ``ValueError/expected`` says what it takes.
        case missing(key: String)
        /// The field's values have no member `key`; ``ValueError/expected`` names those they have.
        case unknown(key: String)
        /// Both `key` and `other` are given, and the field takes only one of them.
        case both(key: String, other: String)
    }

    /// A value that does not fit the field `field`, or whose `member` does not.
    init(field: String, expected: String, got: FactValue, member: Member? = nil) {
        self.field = field
        self.expected = expected
        self.got = got
        self.member = member
    }

    public var description: String {
        switch member {
        case nil: return "\(field) must be \(expected), got \(got.json)"
        case .wrong(let key, let value)?: return "\(field): \(JSONText.quoted(key)) must be \(expected), got \(value.json)"
        case .missing(let key)?: return "\(field): \(JSONText.quoted(key)) is missing; it must be \(expected)"
        case .unknown(let key)?: return "\(field): unknown member \(JSONText.quoted(key)); expected only \(expected)"
        case .both(let key, let other)?: return "\(field): give \(JSONText.quoted(key)) or \(JSONText.quoted(other)), not both"
        }
    }
}

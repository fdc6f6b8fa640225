/// The members of a structured value (``FactValue/object(_:)``): text, whole and decimal numbers
/// by name, such as an election result's election, constituency, share and place.
///
/// **Invariant:** ``members`` are sorted by the UTF-8 bytes of their keys, no key appears twice
/// (by its bytes), and every member is a scalar value — text, an integer or a finite real. So an
/// object has one canonical JSON text (``json``), and two objects are equal iff those texts are:
/// the same keys, byte for byte, with equal values.
///
/// ```swift
/// let result = FactObject(["election": .text("2005 parliamentary"), "year": .integer(2005)])!
/// result.json   // {"election":"2005 parliamentary","year":2005}
/// ```
public struct FactObject: Sendable {
    /// One member: a key and its value.
    public struct Member: Sendable {
        /// The member's name.
        public let key: String
        /// Its value: text, an integer or a finite real.
        public let value: FactValue
    }

    /// The members, sorted by the UTF-8 bytes of their keys.
    public let members: [Member]

    /// An object of `members`, in any order; nil when a key appears twice (by its bytes) or a
    /// member is an object or a number that is not finite, which no JSON text could carry back.
    ///
    /// - Complexity: O(n log n) comparisons of keys.
    public init?(_ members: some Sequence<(key: String, value: FactValue)>) {
        var sorted: [Member] = []
        for (key, value) in members {
            switch value {
            case .object: return nil
            case .real(let d) where !d.isFinite: return nil
            default: sorted.append(Member(key: key, value: value))
            }
        }
        sorted.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.key.utf8.elementsEqual(b.key.utf8) { return nil }
        self.members = sorted
    }

    /// The value of the member `key` (compared by its bytes), or nil when there is none.
    public subscript(key: String) -> FactValue? {
        members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// The keys, in canonical order.
    public var keys: [String] { members.map(\.key) }

    /// The canonical JSON text: keys in byte order, no spaces, each member value as its ``FactValue/json``.
    public var json: String {
        "{" + members.map { JSONText.quoted($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
    }
}

extension FactObject: Hashable {
    /// Whether the two objects have the same canonical JSON text: the same keys, byte for byte,
    /// in the same (canonical) order, with equal values.
    public static func == (a: FactObject, b: FactObject) -> Bool {
        a.members.count == b.members.count && zip(a.members, b.members).allSatisfy {
            $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value
        }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            // The length keeps `{"ab":…}` and `{"a":…,"b…":…}` apart in what is hashed.
            hasher.combine(member.key.utf8.count)
            for byte in member.key.utf8 { hasher.combine(byte) }
            hasher.combine(member.value)
        }
    }
}

extension FactObject {
    /// Reads the next JSON value, which must be a flat object whose members are strings and
    /// numbers: integers written without a fraction or exponent that fit in 64 bits, other
    /// numbers as reals (so `8.30` reads as `8.3`, and `2.0` stays apart from `2`).
    ///
    /// - Throws: ``JSONReadError`` when the text is not well-formed JSON, not an object, or has a
    ///   key twice; ``FactObjectError`` when a member is an object, an array, true, false or null.
    public init(reading json: inout JSONScanner) throws {
        guard json.peek() == .object else { throw json.mismatch(expected: "an object") }
        var members: [(key: String, value: FactValue)] = []
        try json.readObject { key, json in
            switch json.peek() {
            case .string?: members.append((key.text, .text(try json.readString())))
            case .number?:
                switch try json.readNumber() {
                case .integer(let i): members.append((key.text, .integer(i)))
                case .real(let d): members.append((key.text, .real(d)))
                default: preconditionFailure("readNumber returns integers and reals")
                }
            case let kind?: throw FactObjectError.unsupportedMember(key: key.text, kind: kind)
            case nil: break   // the scanner says what is wrong when it reads the member
            }
        }
        // The scanner refuses a repeated key and reads only finite numbers, so every member fits.
        self = FactObject(members)!
    }

    /// Reads `bytes`, a whole JSON text, as an object value (see ``init(reading:)``).
    ///
    /// - Throws: what ``init(reading:)`` throws, and ``JSONReadError`` for text after the object.
    public init(json bytes: some Collection<UInt8>) throws {
        self = try JSONScanner.scan(bytes) { try FactObject(reading: &$0) }
    }
}

/// Why a JSON object is not an object value.
public enum FactObjectError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The member `key` is of a kind an object value cannot hold (an object, an array, true,
    /// false or null): its members are strings and numbers.
    case unsupportedMember(key: String, kind: JSONValue.Kind)

    public var description: String {
        switch self {
        case .unsupportedMember(let key, let kind):
            return "the member \(JSONText.quoted(key)) is \(kind); an object value's members are strings and numbers"
        }
    }
}

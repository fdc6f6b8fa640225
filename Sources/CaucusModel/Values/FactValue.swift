/// A value of a fact: the text, whole number, decimal number or structured value (an object of
/// those, such as an election result) a field holds.
///
/// **One equality rule.** Two values are equal iff their canonical JSON texts (``json``) are the
/// same bytes: text compares by its UTF-8 bytes (not by Unicode canonical equivalence, so `"é"`
/// and `"e\u{301}"` differ), the whole number `12` differs from the decimal `12.0`, and `-0.0`
/// differs from `0.0`. An object's text has its keys in byte order and no spaces
/// (``FactObject/json``), so two objects are equal iff they have the same keys with equal values,
/// whatever order they were written in. Every part of Caucus that asks "is this the same value" asks `==`: the
/// merge's conflict test, `dump`, `show`, conflict listing, and the store. Values sort by the
/// same bytes (`<`), so every replica orders set members and conflict candidates alike.
public enum FactValue: Sendable, CustomStringConvertible {
    /// A string.
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A decimal number.
    case real(Double)
    /// A structured value: text and numbers by name.
    case object(FactObject)

    /// The value as canonical JSON: a quoted, escaped string, a number, or an object
    /// (``FactObject/json``).
    public var json: String {
        switch self {
        case .text(let s): return JSONText.quoted(s)
        case .integer(let i): return String(i)
        case .real(let d): return JSONText.number(d)
        case .object(let o): return o.json
        }
    }

    /// The value as an editor reads it: text without quotes, numbers as written, an object as
    /// `key: value` pairs in canonical order (`place: 2, share: 8.3`). A field's type may read it
    /// better (``FieldDefinition/text(of:)``).
    public var description: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return JSONText.number(d)
        case .object(let o): return o.members.map { $0.key + ": " + $0.value.description }.joined(separator: ", ")
        }
    }
}

extension FactValue: Hashable {
    /// Whether the two values have the same canonical JSON text (see the type's equality rule).
    ///
    /// - Complexity: O(length of the texts); numbers in O(1).
    public static func == (a: FactValue, b: FactValue) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.integer(let x), .integer(let y)): return x == y
        // `JSONText.number` is a function of the bits (shortest round-trip text), and every
        // non-finite value prints as `null`.
        case (.real(let x), .real(let y)): return x.bitPattern == y.bitPattern || (!x.isFinite && !y.isFinite)
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .text(let s):
            hasher.combine(0 as UInt8)
            for byte in s.utf8 { hasher.combine(byte) }
        case .integer(let i):
            hasher.combine(1 as UInt8)
            hasher.combine(i)
        case .real(let d):
            hasher.combine(2 as UInt8)
            hasher.combine(d.isFinite ? d.bitPattern : 0)
        case .object(let o):
            hasher.combine(3 as UInt8)
            hasher.combine(o)
        }
    }
}

extension FactValue: Comparable {
    /// Canonical order: by the UTF-8 bytes of the JSON texts (code-point order).
    public static func < (a: FactValue, b: FactValue) -> Bool {
        a.json.utf8.lexicographicallyPrecedes(b.json.utf8)
    }
}

extension Sequence where Element == FactValue {
    /// The distinct values (by the one equality rule), in canonical order.
    ///
    /// - Complexity: O(n log n) comparisons of JSON texts.
    public func canonicallySorted() -> [FactValue] {
        Array(Set(self)).sorted()
    }
}

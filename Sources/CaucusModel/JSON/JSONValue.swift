/// A JSON document as plain values, as ``JSONReader`` reads it.
///
/// For the few small files Caucus reads whole (the party schema); records and
/// edit lines have readers of their own.
public enum JSONValue: Sendable, Equatable {
    /// An object; its keys are unique.
    case object([String: JSONValue])
    /// An array, in order.
    case array([JSONValue])
    /// A string.
    case string(String)
    /// A number written without a fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case real(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// What kind of value this is, in words, for messages (`"a string"`).
    public var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .integer, .real: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        }
    }
}

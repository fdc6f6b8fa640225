/// A JSON value as plain values, as ``JSONScanner/readValue()`` reads it.
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

    /// The kinds of JSON value.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        case object, array, string, number, bool, null

        /// The kind in words, for messages (`"a string"`).
        public var description: String {
            switch self {
            case .object: return "an object"
            case .array: return "an array"
            case .string: return "a string"
            case .number: return "a number"
            case .bool: return "true or false"
            case .null: return "null"
            }
        }
    }

    /// What kind of value this is.
    public var kind: Kind {
        switch self {
        case .object: return .object
        case .array: return .array
        case .string: return .string
        case .integer, .real: return .number
        case .bool: return .bool
        case .null: return .null
        }
    }
}

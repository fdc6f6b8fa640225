/// A value of a fact: the text, whole number or decimal number a field holds.
///
/// Values compare and sort by their canonical JSON text, so that every replica
/// orders conflict candidates the same way.
public enum FactValue: Sendable, Hashable, CustomStringConvertible {
    /// A string.
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A decimal number.
    case real(Double)

    /// The value as canonical JSON: a quoted, escaped string or a number.
    public var json: String {
        switch self {
        case .text(let s): return JSONText.quoted(s)
        case .integer(let i): return String(i)
        case .real(let d): return JSONText.number(d)
        }
    }

    /// The value as an editor reads it: text without quotes, numbers as written.
    public var description: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return JSONText.number(d)
        }
    }
}

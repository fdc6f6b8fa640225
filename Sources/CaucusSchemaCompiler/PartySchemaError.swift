import CaucusJSON

/// Why a party schema file was refused.
public enum PartySchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not well-formed JSON.
    case malformedJSON(JSONReadError)
    /// A key the schema needs is missing; `key` is its path, e.g. `fields[3].type`.
    case missingKey(String)
    /// A key holds the wrong kind of value.
    case wrongKind(key: String, expected: String, got: String)
    /// A field names a type Caucus does not know.
    case unknownFieldType(field: String, type: String)
    /// Two fields have the same name.
    case duplicateField(String)

    public var description: String {
        switch self {
        case .malformedJSON(let error): return "the party schema is not valid JSON: \(error)"
        case .missingKey(let key): return "the party schema has no \(key)"
        case .wrongKind(let key, let expected, let got): return "the party schema's \(key) must be \(expected), not \(got)"
        case .unknownFieldType(let field, let type):
            return "the party schema gives field \(JSONText.quoted(field)) the unknown type \(JSONText.quoted(type))"
        case .duplicateField(let name): return "the party schema lists field \(JSONText.quoted(name)) twice"
        }
    }
}

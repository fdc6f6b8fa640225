/// Why a field definition, or a change to one, was refused.
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name breaks the rule of ``PartySchema/isValidFieldName(_:)``.
    case invalidName(String)
    /// The name is a built-in field's, which no team definition can replace.
    case builtIn(String)
    /// The value of the definition fact of `name` is not a definition.
    case invalidDefinition(name: String, problem: String)
    /// A new definition of `name` would narrow the one standing: values that fit it would stop fitting.
    case narrowing(name: String, problem: String)
    /// An operation of a kind other than set on the definition fact of `name`.
    case wrongKind(name: String, kind: OperationKind)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "\(JSONText.quoted(name)) is not a field name: 1 to \(PartySchema.fieldNameBytes) lower-case letters, digits or '_', starting with a letter"
        case .builtIn(let name): return "\(name) is a built-in field; its definition cannot change"
        case .invalidDefinition(let name, let problem): return "the definition of field \(name) is not valid: \(problem)"
        case .narrowing(let name, let problem):
            return "the new definition of field \(name) \(problem); a definition can only grow (a field, a choice, a higher limit, "
                + "no pattern, deprecation), so that every value written under it still fits. To narrow it, define a new field and deprecate this one"
        case .wrongKind(let name, let kind):
            return "an operation of kind \(kind.name) on the definition of field \(name); a definition is only set, never cleared (deprecate the field instead)"
        }
    }
}

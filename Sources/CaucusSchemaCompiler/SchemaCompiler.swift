import CaucusJSON

/// Compiles `Schema/party.schema.json` into Swift source when the program is built, so that the
/// program carries its schema as code and reads no schema file at run time.
///
/// ```swift
/// let schema = try SchemaCompiler.read(Array(jsonText.utf8))
/// let swift = SchemaCompiler.swiftSource(for: schema)
/// ```
public enum SchemaCompiler {
    /// The field types the program knows, as the schema file names them: `FieldType`'s cases in
    /// `CaucusModel` (a test keeps the two lists equal).
    public static let fieldTypes = ["text", "country", "year", "colour", "choice", "count", "percent", "url", "party", "election-result", "integer", "number", "date", "external-id"]

    /// The name of `FieldType`'s case for the field type `type`: the words of a hyphenated name
    /// run together, each after the first capitalised (`election-result` is `electionResult`).
    static func caseName(of type: String) -> String {
        let words = type.split(separator: "-")
        return words.prefix(1).joined() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The longest text a field takes when the schema gives it no `max_length`.
    public static let defaultMaxLength = 10_000

    /// Reads a schema file (UTF-8 JSON). Keys the schema does not use (`schema`, `types`,
    /// `id.pattern`) are ignored; a field's `set`, `choices` and `max_length` are optional.
    ///
    /// - Throws: ``PartySchemaError`` when the file is not JSON or does not have the schema's shape.
    public static func read(_ json: some Collection<UInt8>) throws -> SchemaSource {
        let file: JSONValue
        do {
            file = try JSONScanner.value(of: json)
        } catch let error as JSONReadError {
            throw PartySchemaError.malformedJSON(error)
        }
        let root = try SchemaObject(file, key: "")
        var fields: [SchemaSource.Field] = []
        var names = Set<String>()
        for (i, value) in try root.array("fields").enumerated() {
            let f = try SchemaObject(value, key: "fields[\(i)]")
            let name = try f.string("name"), type = try f.string("type")
            guard fieldTypes.contains(type) else { throw PartySchemaError.unknownFieldType(field: name, type: type) }
            let choices = try f.optionalArray("choices")?.enumerated().map { j, choice in
                guard case .string(let s) = choice else {
                    throw PartySchemaError.wrongKind(key: f.path("choices[\(j)]"), expected: "a string", got: choice.kind.description)
                }
                return s
            }
            guard names.insert(name).inserted else { throw PartySchemaError.duplicateField(name) }
            fields.append(SchemaSource.Field(name: name, type: type, isSet: try f.optionalBool("set") ?? false, choices: choices ?? [],
                                             maxLength: try f.optionalInteger("max_length") ?? defaultMaxLength, help: try f.string("help")))
        }
        return SchemaSource(version: try root.integer("version"), idHelp: try root.object("id").string("help"), fields: fields)
    }

    /// The Swift source of `PartySchema.standard` for `schema`, for the `CaucusModel` module.
    public static func swiftSource(for schema: SchemaSource) -> String {
        func literal(_ s: String) -> String {
            // A JSON string literal is a Swift one, but for `\/` (never written) and `\u{…}`,
            // which JSONText writes only for control characters: spell those Swift's way.
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var lines = [
            "// Generated when the package is built, by PartySchemaPlugin from Schema/party.schema.json.",
            "// Edit that file, never this one.",
            "",
            "extension PartySchema {",
            "    /// The schema of `Schema/party.schema.json`, compiled in when the program was built.",
            "    public static let standard = PartySchema(",
            "        version: \(schema.version),",
            "        idHelp: \(literal(schema.idHelp)),",
            "        fields: [",
        ]
        for f in schema.fields {
            lines.append("            FieldDefinition(name: \(literal(f.name)), type: .\(caseName(of: f.type)), isSet: \(f.isSet), choices: [\(f.choices.map(literal).joined(separator: ", "))], maxLength: \(f.maxLength), help: \(literal(f.help))),")
        }
        lines += ["        ]", "    )", "}", ""]
        return lines.joined(separator: "\n")
    }
}

/// A party schema as its file states it, before it is compiled.
public struct SchemaSource: Sendable, Equatable {
    /// One field, as the file states it.
    public struct Field: Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Its type's name, one of ``SchemaCompiler/fieldTypes``.
        public var type: String
        /// Whether it is a set field.
        public var isSet: Bool
        /// The values of a `choice` field.
        public var choices: [String]
        /// The longest text accepted, in characters.
        public var maxLength: Int
        /// What it holds, in words.
        public var help: String

        /// Creates a field as a file states it.
        public init(name: String, type: String, isSet: Bool, choices: [String], maxLength: Int, help: String) {
            self.name = name
            self.type = type
            self.isSet = isSet
            self.choices = choices
            self.maxLength = maxLength
            self.help = help
        }
    }

    /// The schema's version.
    public var version: Int
    /// The rule a party id follows, in words.
    public var idHelp: String
    /// The fields, in the file's order.
    public var fields: [Field]

    /// Creates a schema as a file states it.
    public init(version: Int, idHelp: String, fields: [Field]) {
        self.version = version
        self.idHelp = idHelp
        self.fields = fields
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


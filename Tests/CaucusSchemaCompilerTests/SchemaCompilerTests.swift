import CaucusModel
import CaucusSchemaCompiler
import Foundation
import Testing

/// `Schema/party.schema.json` is compiled into the program when it is built: the compiler reads
/// exactly what the file says, refuses a malformed file saying what is wrong, and what the program
/// carries is what the file says.
@Suite struct SchemaCompilerTests {
    let schema = PartySchema.standard

    /// `Schema/party.schema.json`, from the package's folder.
    static var schemaFile: Data {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try Data(contentsOf: root.appendingPathComponent("Schema/party.schema.json"))
        }
    }

    @Test func standardSchema_hasWhatFoundationReadsInTheFile() throws {
        // The file read by an independent JSON reader, field by field.
        let file = try JSONSerialization.jsonObject(with: Self.schemaFile) as! [String: Any]
        let fields = file["fields"] as! [[String: Any]]
        #expect(schema.version == file["version"] as? Int)
        #expect(schema.idHelp == (file["id"] as! [String: Any])["help"] as? String)
        #expect(schema.fields.map(\.name) == fields.map { $0["name"] as! String })
        for (def, f) in zip(schema.fields, fields) {
            #expect(def.type.rawValue == f["type"] as? String)
            #expect(def.help == f["help"] as? String)
            #expect(def.isSet == (f["set"] as? Bool ?? false))
            #expect(def.choices == (f["choices"] as? [String] ?? []))
            #expect(def.maxLength == (f["max_length"] as? Int ?? 10_000))
        }
    }

    @Test func theCompiledSchema_isWhatTheCompilerReadsInTheFile() throws {
        let source = try SchemaCompiler.read(Self.schemaFile)
        #expect(schema.version == source.version && schema.idHelp == source.idHelp)
        #expect(schema.fields.map { [$0.name, $0.type.rawValue, "\($0.isSet)", $0.choices.joined(separator: "|"), "\($0.maxLength)", $0.help] }
                == source.fields.map { [$0.name, $0.type, "\($0.isSet)", $0.choices.joined(separator: "|"), "\($0.maxLength)", $0.help] })
    }

    @Test func theCompilerKnowsExactlyTheProgramsFieldTypes() {
        #expect(SchemaCompiler.fieldTypes == FieldType.allCases.map(\.rawValue))
    }

    @Test func generatedSource_spellsControlCharactersAndQuotesTheSwiftWay() {
        let source = SchemaSource(version: 2, idHelp: "an \"id\"\n\\", fields: [])
        #expect(SchemaCompiler.swiftSource(for: source).contains(#"idHelp: "an \"id\"\u{a}\\","#))
    }

    static let minimalSchema = #"{"version": 1, "id": {"help": "an id"}, "fields": [FIELDS]}"#

    func schemaFile(fields: String) -> [UInt8] { Array(Self.minimalSchema.replacingOccurrences(of: "FIELDS", with: fields).utf8) }

    @Test func schemaWithOptionalKeys_readsThem() throws {
        let read = try SchemaCompiler.read(schemaFile(fields: #"""
            {"name": "p", "type": "choice", "choices": ["a", "b"], "set": true, "max_length": 5, "help": "h"}, {"name": "q", "type": "year", "help": ""}
            """#))
        let p = try #require(read.fields.first { $0.name == "p" }), q = try #require(read.fields.first { $0.name == "q" })
        #expect(read.fields.map(\.name) == ["p", "q"])
        #expect(p.type == "choice" && p.choices == ["a", "b"] && p.isSet && p.maxLength == 5 && p.help == "h")
        #expect(q.type == "year" && q.choices.isEmpty && !q.isSet && q.maxLength == 10_000 && q.help.isEmpty)
    }

    @Test(arguments: [
        (#"{"name": "p", "type": "colour-ish", "help": "h"}"#, PartySchemaError.unknownFieldType(field: "p", type: "colour-ish")),
        (#"{"name": "p", "help": "h"}"#, .missingKey("fields[0].type")),
        (#"{"name": "p", "type": "text", "help": "h", "set": "yes"}"#, .wrongKind(key: "fields[0].set", expected: "true or false", got: "a string")),
        (#"{"name": "p", "type": "text", "help": "h", "max_length": 1.5}"#, .wrongKind(key: "fields[0].max_length", expected: "a whole number", got: "a number")),
        (#"{"name": "p", "type": "choice", "help": "h", "choices": ["a", 2]}"#, .wrongKind(key: "fields[0].choices[1]", expected: "a string", got: "a number")),
        (#"{"name": "p", "type": "text", "help": "h"}, {"name": "p", "type": "year", "help": "h"}"#, .duplicateField("p")),
        (#""p""#, .wrongKind(key: "fields[0]", expected: "an object", got: "a string")),
    ])
    func malformedSchema_isRefused_sayingWhatIsWrong(fields: String, expected: PartySchemaError) {
        let error = #expect(throws: PartySchemaError.self) { try SchemaCompiler.read(schemaFile(fields: fields)) }
        #expect(error == expected)
    }

    @Test func schemaThatIsNotJSON_isRefused_sayingWhere() {
        let error = #expect(throws: PartySchemaError.self) { try SchemaCompiler.read(Array(#"{"version": 1,}"#.utf8)) }
        #expect(error?.description == "the party schema is not valid JSON: expected a string key at byte 14")
        let missing = #expect(throws: PartySchemaError.self) { try SchemaCompiler.read(Array(#"{"version": 1, "fields": []}"#.utf8)) }
        #expect(missing?.description == "the party schema has no id")
    }
}

extension SchemaCompilerTests {
    @Test func aHyphenatedFieldType_isSpelledAsItsSwiftCase() {
        let source = SchemaSource(version: 1, idHelp: "", fields: [
            SchemaSource.Field(name: "r", type: "election-result", isSet: true, choices: [], maxLength: 200, help: ""),
        ])
        #expect(SchemaCompiler.swiftSource(for: source).contains("type: .electionResult, isSet: true"))
    }
}

import CaucusModel
import Testing

/// Merge rule 9 (team fields), each clause on the smallest operation sets that show it, and the
/// definitions themselves: how they travel, what they check, and which changes widen them.
@Suite struct TeamFieldTests {
    static let alice = MergeRuleTests.alice, bob = MergeRuleTests.bob

    static func definition(_ name: String = "family", _ type: FieldType = .choice, isSet: Bool = false,
                           choices: [String] = ["communist", "socialist"], claims: Bool = false,
                           pattern: String? = nil, maxLength: Int = 10_000, deprecated: Bool = false) -> FieldDefinition {
        FieldDefinition(name: name, type: type, isSet: isSet, choices: type == .choice ? choices : [], maxLength: maxLength,
                        help: "", takesClaims: claims, pattern: pattern, isDeprecated: deprecated)
    }

    static func define(_ replica: ReplicaID, _ counter: Int64, _ def: FieldDefinition, pred: [Dot] = []) -> FactOperation {
        FactOperation(dot: Dot(replica: replica, counter: counter), party: DatasetRecord.id, field: DatasetRecord.definitionField(def.name),
                      kind: .set, value: def.definitionValue, pred: pred, time: 0)
    }

    static let tagsAsSet = definition("tags", .text, isSet: true)
    static let tagsSingle = definition("tags", .text)

    // MARK: Rule 9

    @Test func aFieldDefinedAsASet_mergesAsASet_whereverTheDefinitionIsInTheLog() {
        let communism = MergeRuleTests.op(Self.bob, 1, .add, "tags", .text("Communism"))
        let socialism = MergeRuleTests.op(Self.bob, 2, .add, "tags", .text("Socialism"))
        for ops in [[Self.define(Self.alice, 1, Self.tagsAsSet), communism, socialism], [communism, socialism, Self.define(Self.alice, 1, Self.tagsAsSet)]] {
            let record = Merge.records(OperationLog(ops), schema: .standard)[0]
            #expect(record.sets["tags"] == [.text("Communism"), .text("Socialism")])
            #expect(record.fields["tags"] == nil)
        }
        // Without its definition the field is one this build does not know: single-valued.
        let undefined = Merge.records(OperationLog([communism, socialism]), schema: .standard)[0]
        #expect(undefined.sets["tags"] == nil)
    }

    @Test func twoDifferentDefinitions_madeWithoutSeeingEachOther_areASchemaConflict_aSetIfEitherSaysSo() {
        let schema = PartySchema.standard.inForce(definitions: PartySchema.definitions(in: [
            Self.define(Self.alice, 1, Self.tagsSingle), Self.define(Self.bob, 1, Self.tagsAsSet),
        ]))
        let tags = schema.field("tags")!
        #expect(tags.isSet && tags.alternatives.count == 2)
        let set = MergeRuleTests.op(Self.bob, 2, .set, "tags", .text("Communism"))
        let record = Merge.records(OperationLog([Self.define(Self.alice, 1, Self.tagsSingle), Self.define(Self.bob, 1, Self.tagsAsSet), set]),
                                   schema: .standard)[0]
        #expect(record.sets["tags"] == [.text("Communism")])
    }

    @Test func inASchemaConflict_aValueFits_ifItFitsEitherDefinition() throws {
        let few = Self.definition(choices: ["communist"]), other = Self.definition(choices: ["green"])
        let schema = PartySchema.standard.inForce(definitions: ["family": [few, other]])
        let family = schema.field("family")!
        #expect(try family.check(.text("communist")) == .text("communist"))
        #expect(try family.check(.text("green")) == .text("green"))
        #expect(throws: ValueError.self) { try family.check(.text("liberal")) }
    }

    @Test func equalDefinitions_byTwoEditors_areOneDefinition() {
        let schema = PartySchema.standard.inForce(definitions: PartySchema.definitions(in: [
            Self.define(Self.alice, 1, Self.tagsAsSet), Self.define(Self.bob, 1, Self.tagsAsSet),
        ]))
        #expect(schema.field("tags") == Self.tagsAsSet)
    }

    @Test func aDefinitionThatSawTheOther_replacesIt() {
        let first = Self.define(Self.alice, 1, Self.definition(choices: ["communist"]))
        let wider = Self.define(Self.bob, 1, Self.definition(choices: ["communist", "green"]), pred: [first.dot])
        var log = OperationLog([first, wider])
        let heads = log.operations.values.filter { log.isHead($0.dot) }
        #expect(PartySchema.standard.inForce(definitions: PartySchema.definitions(in: heads)).field("family")?.choices == ["communist", "green"])
        log.insert(first)
        #expect(log.operations.count == 2)
    }

    @Test func aDefinitionOfABuiltInFieldsName_isIgnored() {
        let ideologyAsSingle = Self.definition("ideology", .text)
        let schema = PartySchema.standard.inForce(definitions: ["ideology": [ideologyAsSingle]])
        #expect(schema.field("ideology") == PartySchema.standard.field("ideology"))
        #expect(schema.isBuiltIn("ideology"))
    }

    @Test func teamFields_followTheBuiltInOnes_byName() {
        let schema = PartySchema.standard.inForce(definitions: ["zeta": [Self.definition("zeta", .text)], "alpha": [Self.definition("alpha", .integer)]])
        #expect(schema.fields.suffix(2).map(\.name) == ["alpha", "zeta"])
        #expect(schema.fields.dropLast(2).map(\.name) == PartySchema.standard.fields.map(\.name))
        #expect(!schema.isBuiltIn("alpha"))
    }

    // MARK: Definitions as values

    @Test func aDefinition_travelsAsAnObject_andReadsBackEqual() throws {
        let defs = [
            Self.definition(), Self.tagsAsSet, Self.definition("cabinet_n", .integer, claims: true),
            Self.definition("wikidata", .externalID, isSet: true, pattern: "Q[1-9][0-9]*"),
            Self.definition("motto", .text, maxLength: 200, deprecated: true), Self.definition("dissolution", .date),
        ]
        for def in defs {
            #expect(try FieldDefinition(name: def.name, value: def.definitionValue) == def)
        }
        #expect(Self.definition().definitionValue.json == #"{"choices":"[\"communist\",\"socialist\"]","type":"choice"}"#)
    }

    @Test func aMalformedDefinition_isRefused_namingWhatIsWrong() {
        func refused(_ json: String) -> String? {
            let value = FactValue.object(try! FactObject(json: json.utf8))
            do { _ = try FieldDefinition(name: "family", value: value); return nil } catch { return error.description }
        }
        #expect(refused(#"{"type":"colour-wheel"}"#)?.contains("not one a team field can have") == true)
        #expect(refused(#"{"type":"choice"}"#)?.contains("needs its choices") == true)
        #expect(refused(#"{"type":"text","choices":"[\"a\"]"}"#)?.contains("only a choice field") == true)
        #expect(refused(#"{"type":"external-id"}"#)?.contains("needs its pattern") == true)
        #expect(refused(#"{"type":"text","pattern":"(["}"#)?.contains("pattern") == true)
        #expect(refused(#"{"type":"text","set":2}"#)?.contains("\"set\" is not 1") == true)
        #expect(refused(#"{"type":"text","colour":"red"}"#)?.contains("unknown member") == true)
        #expect(refused(#"{"type":"choice","choices":"[\"b\", \"a\"]"}"#)?.contains("canonical") == true)
        #expect(throws: SchemaError.invalidName("Family")) { try FieldDefinition(name: "Family", value: Self.tagsSingle.definitionValue) }
    }

    @Test func aChange_widens_orSaysHowItNarrows() {
        let family = Self.definition()
        #expect(Self.definition(choices: ["communist", "socialist", "green"]).narrowing(from: family) == nil)
        #expect(Self.definition(deprecated: true).narrowing(from: family) == nil)
        #expect(Self.definition(claims: true).narrowing(from: family) == nil)
        #expect(Self.definition(choices: ["communist"]).narrowing(from: family) == #"drops the choice "socialist""#)
        #expect(Self.definition(isSet: true).narrowing(from: family) == "makes a single-valued field a set")
        #expect(Self.definition("family", .text).narrowing(from: family) == "changes its type from choice to text")
        #expect(Self.definition(claims: false).narrowing(from: Self.definition(claims: true)) == "stops it taking claims")
        let motto = Self.definition("motto", .text, maxLength: 200)
        #expect(Self.definition("motto", .text, maxLength: 100).narrowing(from: motto) == "lowers max_length from 200 to 100")
        #expect(Self.definition("motto", .text, maxLength: 400).narrowing(from: motto) == nil)
        let coded = Self.definition("code", .text, pattern: "[0-9]+")
        #expect(Self.definition("code", .text).narrowing(from: coded) == nil)
        #expect(Self.definition("code", .text, pattern: "[0-9]+").narrowing(from: Self.definition("code", .text)) == "adds the pattern [0-9]+")
    }

    // MARK: The new value types

    @Test func theTeamFieldTypes_checkAndCanonicaliseTheirValues() throws {
        let integer = Self.definition("cabinet_n", .integer), number = Self.definition("left_right", .number)
        let date = Self.definition("founded_on", .date), wikidata = Self.definition("wikidata", .externalID, pattern: "Q[1-9][0-9]*")
        let parlgov = Self.definition("parlgov", .externalID, pattern: ExternalDataset.pattern(for: "parlgov"))
        #expect(try integer.check(.text("-3")) == .integer(-3))
        #expect(throws: ValueError.self) { try integer.check(.text("3.5")) }
        #expect(try number.check(.integer(7)) == .real(7))
        #expect(try number.check(.text("2.75")) == .real(2.75))
        #expect(try date.check(.text("1993-06")) == .text("1993-06"))
        #expect(throws: ValueError.self) { try date.check(.text("1993-13")) }
        #expect(try wikidata.check(.text("Q123")) == .text("Q123"))
        #expect(throws: ValueError.self) { try wikidata.check(.text("q123")) }
        #expect(throws: ValueError.self) { try wikidata.check(.text("Q123x")) }
        #expect(try parlgov.check(.integer(1760)) == .text("1760"))
        #expect(throws: ValueError.self) { try parlgov.check(.text("0123")) }
        #expect(try Self.definition("code", .text, pattern: "[A-Z]{2}").check(.text("AZ")) == .text("AZ"))
        #expect(throws: ValueError.self) { try Self.definition("code", .text, pattern: "[A-Z]{2}").check(.text("AZE")) }
    }

    @Test func theManifestoPattern_takesFiveDigitCodes() {
        let manifesto = ExternalDataset.pattern(for: "manifesto")!
        #expect(ExternalDataset.matches("11320", pattern: manifesto))
        #expect(!ExternalDataset.matches("1132", pattern: manifesto))
    }
}

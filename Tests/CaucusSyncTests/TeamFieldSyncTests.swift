import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// The team's own fields in changesets: a definition travels with the values written under it,
/// every replica that holds it merges and checks them as it says, and a file states the oldest
/// reader that can apply it.
@Suite struct TeamFieldSyncTests {
    let folder = ScratchFolder("caucus-team-fields")

    static let tags = FieldDefinition(name: "tags", type: .text, isSet: true, choices: [], maxLength: 200, help: "the party's tags",
                                      takesClaims: false)
    static func family(_ choices: [String]) -> FieldDefinition {
        FieldDefinition(name: "family", type: .choice, isSet: false, choices: choices, maxLength: 10_000, help: "", takesClaims: false)
    }

    @Test func aSetFieldsDefinition_travelsWithItsValues_andARelayThatNeverDefinedIt_passesItOnAsASet() throws {
        // Given: Alice defines the set field tags and adds two members; Bob relays to Carol.
        let alice = try Replica.make("alice"), bob = try Replica.make("bob"), carol = try Replica.make("carol")
        try alice.defineField(Self.tags, time: 1_700_000_000)
        try Replica.edit(alice, [#"{"op":"add","party":"ucpa","field":"tags","value":"Communism"}"#,
                                 #"{"op":"add","party":"ucpa","field":"tags","value":"Anti-revisionism"}"#])
        try Replica.export(alice, to: folder.file("alice"))
        try Replica.import(folder.file("alice"), into: bob)
        try Replica.export(bob, to: folder.file("bob"))
        try Replica.import(folder.file("bob"), into: carol)

        // When: Carol and Alice add members concurrently, and swap.
        try Replica.edit(carol, [#"{"op":"add","party":"ucpa","field":"tags","value":"Marxism-Leninism"}"#])
        try Replica.edit(alice, [#"{"op":"remove","party":"ucpa","field":"tags","value":"Communism"}"#])
        try Replica.export(carol, to: folder.file("carol"))
        try Replica.export(alice, to: folder.file("alice2"))
        try Replica.import(folder.file("carol"), into: alice)
        try Replica.import(folder.file("alice2"), into: carol)

        // Then: every replica holds tags as a set field, and the two converge on an add-wins set.
        #expect(bob.schema.field("tags") == Self.tags && carol.schema.field("tags") == Self.tags)
        let expected = #"{"id":"ucpa","deleted":false,"fields":{"tags":["Anti-revisionism","Marxism-Leninism"]},"conflicts":{},"delete_conflict":false}"#
        #expect(try Replica.dump(alice) == [expected])
        #expect(try Replica.dump(carol) == [expected])
    }

    @Test func aFile_statesTheOldestReaderThatCanApplyIt_fourWithoutTeamFields_fiveWithThem() throws {
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"membership","value":7000}"#])
        try Replica.export(alice, to: folder.file("built-in"))
        #expect(try ChangesetReader(path: folder.file("built-in")).formatVersion == 4)
        let held = try alice.versionVector()
        try alice.defineField(Self.family(["communist"]), time: 1_700_000_000)
        try Replica.export(alice, to: folder.file("definition"), since: held)
        #expect(try ChangesetReader(path: folder.file("definition")).formatVersion == 5)
        let defined = try alice.versionVector()
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"family","value":"communist"}"#])
        // A value of a team field alone needs version 5 too: a version 4 reader would merge it without its definition.
        try Replica.export(alice, to: folder.file("value"), since: defined)
        #expect(try ChangesetReader(path: folder.file("value")).formatVersion == 5)
    }

    @Test func aReaderOlderThanTheFile_refusesIt_sayingWhichVersionItReads() throws {
        let alice = try Replica.make("alice")
        try alice.defineField(Self.family(["communist"]), time: 1_700_000_000)
        try Replica.export(alice, to: folder.file("alice"))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("alice"))))
        // What a version 4 reader sees of a version 5 file is its version byte; ours refuses the next one alike.
        bytes[8] = ChangesetFormat.version + 1
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("newer")))
        #expect { try ChangesetReader(path: folder.file("newer")) } throws: { error in
            guard case ChangesetError.unsupportedVersion(_, let version)? = error as? ChangesetError else { return false }
            return version == Int(ChangesetFormat.version) + 1 && "\(error)".contains("upgrade caucus")
        }
    }

    @Test func twoDefinitionsMadeWithoutSeeingEachOther_areASchemaConflict_keepBothValues_andAWideningSettlesIt() throws {
        // Given: Alice and Bob each define family, differently, and write a value under theirs.
        let alice = try Replica.make("alice"), bob = try Replica.make("bob")
        try alice.defineField(Self.family(["communist"]), time: 1_700_000_000)
        try bob.defineField(Self.family(["green"]), time: 1_700_000_001)
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"family","value":"communist"}"#])
        try Replica.edit(bob, [#"{"op":"set","party":"pf-1","field":"family","value":"green"}"#])

        // When: they swap.
        try Replica.export(alice, to: folder.file("alice"))
        try Replica.export(bob, to: folder.file("bob"))
        try Replica.import(folder.file("bob"), into: alice)
        try Replica.import(folder.file("alice"), into: bob)

        // Then: both show a schema conflict, keep both values, and take a value of either definition.
        for replica in [alice, bob] {
            let family = try #require(try replica.fields().first { $0.definition.name == "family" })
            #expect(family.isInConflict && family.candidates.count == 2)
            #expect(try replica.conflicts().contains { $0.party == DatasetRecord.id && $0.field == "field/family" })
            #expect(try Replica.dump(replica).joined().contains(#""family":"communist""#))
            #expect(try Replica.dump(replica).joined().contains(#""family":"green""#))
        }
        try Replica.edit(alice, [#"{"op":"set","party":"pf-2","field":"family","value":"green"}"#])

        // When: Alice widens her definition to take both; Bob imports it.
        try alice.defineField(Self.family(["communist", "green"]), time: 1_700_000_002)
        try Replica.export(alice, to: folder.file("settled"))
        try Replica.import(folder.file("settled"), into: bob)

        // Then: the conflict is settled on both, and the field is the widened definition.
        for replica in [alice, bob] {
            #expect(replica.schema.field("family") == Self.family(["communist", "green"]))
            #expect(try replica.conflicts().isEmpty)
        }
        #expect(try Replica.dump(alice) == Replica.dump(bob))
    }

    @Test func aShallowSnapshot_carriesTheDefinitions_soANewReplicaChecksAndMergesAsTheFullOneDoes() throws {
        let alice = try Replica.make("alice")
        try alice.defineField(Self.family(["communist"]), time: 1_700_000_000)
        try alice.defineField(Self.family(["communist", "green"]), time: 1_700_000_001)
        try alice.defineField(Self.tags, time: 1_700_000_002)
        try Replica.edit(alice, [#"{"op":"set","party":"ucpa","field":"family","value":"green"}"#,
                                 #"{"op":"add","party":"ucpa","field":"tags","value":"Communism"}"#])
        let snapshot = folder.file("snapshot")
        _ = try ChangesetWriter.exportShallow(from: alice, at: try alice.versionVector(), including: VersionVector(), describedAs: "now",
                                          to: snapshot, time: 1_700_000_004)
        let newcomer = try Replica.make("newcomer")
        try Replica.import(snapshot, into: newcomer)
        #expect(newcomer.schema.field("family") == Self.family(["communist", "green"]))
        #expect(newcomer.schema.field("tags") == Self.tags)
        #expect(try Replica.dump(newcomer) == Replica.dump(alice))
    }
}

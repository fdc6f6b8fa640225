import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// Values of the team's own fields that fit no definition of their field are refused like any
/// other forged content: as malformed, naming the file, the store unchanged, wherever in the
/// file the definition is.
extension BadInputTests {
    static let family = FieldDefinition(name: "family", type: .choice, isSet: false, choices: ["communist", "socialist"],
                                        maxLength: 10_000, help: "", takesClaims: false)

    /// `store`'s whole export, with the value of its operation on `family` replaced by `value`,
    /// vouched for and signed by `store`'s key.
    func forgedFamily(_ store: PartyStore, value: FactValue, name: String) throws -> String {
        let original = folder.file(name + "-original")
        try Replica.export(store, to: original)
        let key = try SigningIdentity.privateKey(of: store)
        var (header, ops) = try ChangesetForge.vouched(original, sender: key)
        let i = try #require(ops.firstIndex { $0.field == "family" })
        ops[i].value = value
        return ChangesetForge.write(try ChangesetForge.forge(header, ops, signedBy: key), to: folder.file(name))
    }

    /// Expects `store` to refuse the file at `path` as malformed, with a detail that contains
    /// `text`, and to be unchanged.
    func expectMalformed(_ path: String, by store: PartyStore, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Replica.snapshot(store)
        if case .malformed(_, _, let detail)? = expectRefused(path, by: store, sourceLocation: sourceLocation) {
            #expect(detail.contains(text), "\(detail)", sourceLocation: sourceLocation)
        } else {
            Issue.record("expected a malformed-changeset error", sourceLocation: sourceLocation)
        }
        #expect(try Replica.snapshot(store) == before, sourceLocation: sourceLocation)
    }

    @Test func aTeamFieldValueThatFitsNoDefinition_isRefused_asMalformed_andStoreUnchanged() throws {
        let carol = try Replica.make("carol")
        try carol.defineField(Self.family, time: 1_700_000_000)
        try Replica.edit(carol, [#"{"op":"set","party":"ucpa","field":"family","value":"communist"}"#])
        let path = try forgedFamily(carol, value: .text("green"), name: "green")
        try expectMalformed(path, by: try Replica.make("dave"), containing: #"family must be one of communist, socialist, got "green""#)
    }

    @Test func aValueReadBeforeItsFieldsDefinition_isCheckedOnceTheDefinitionIsRead() throws {
        // Given: Alice defines family, Bob writes a value under it, and Bob's replica comes first in
        // his export (the replica table is sorted by id), so his value precedes the definition.
        var alice: PartyStore, bob: PartyStore
        repeat {
            alice = try Replica.make("alice")
            bob = try Replica.make("bob")
        } while !bob.localReplica.id.rawValue.utf8.lexicographicallyPrecedes(alice.localReplica.id.rawValue.utf8)
        try alice.defineField(Self.family, time: 1_700_000_000)
        try Replica.export(alice, to: folder.file("alice"))
        try Replica.import(folder.file("alice"), into: bob)
        try Replica.edit(bob, [#"{"op":"set","party":"ucpa","field":"family","value":"socialist"}"#])

        // Then: a fresh replica takes the honest file, and refuses the one whose value fits nothing.
        let honest = folder.file("honest")
        try Replica.export(bob, to: honest)
        let (_, ops) = try ChangesetForge.decode(honest)
        #expect(ops.firstIndex { $0.field == "family" }! < ops.firstIndex { $0.party == DatasetRecord.id }!)
        #expect(try Replica.import(honest, into: try Replica.make("erin")).added == 2)
        let forged = try forgedFamily(bob, value: .text("liberal"), name: "liberal")
        try expectMalformed(forged, by: try Replica.make("frank"), containing: #"family must be one of communist, socialist, got "liberal""#)
    }

    @Test func aForgedDefinition_isRefused_asMalformed() throws {
        let carol = try Replica.make("carol")
        try carol.defineField(Self.family, time: 1_700_000_000)
        let original = folder.file("definition")
        try Replica.export(carol, to: original)
        let key = try SigningIdentity.privateKey(of: carol)
        var (header, ops) = try ChangesetForge.vouched(original, sender: key)
        ops[0].value = .object(FactObject([("type", .text("choice"))])!)
        let path = ChangesetForge.write(try ChangesetForge.forge(header, ops, signedBy: key), to: folder.file("no-choices"))
        try expectMalformed(path, by: try Replica.make("dave"), containing: "the definition of field family is not valid: a choice field needs its choices")
    }
}

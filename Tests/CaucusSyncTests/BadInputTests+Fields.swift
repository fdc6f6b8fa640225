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

    @Test func aTeamFieldValueThatFitsNoDefinition_isRefused_asMalformed_andStoreUnchanged() throws {
        let carol = try Replica.make("carol")
        try carol.defineField(Self.family, time: 1_700_000_000)
        try Replica.edit(carol, [#"{"op":"set","party":"ucpa","field":"family","value":"communist"}"#])
        let path = try forgedFamily(carol, value: .text("green"), name: "green")
        let dave = try Replica.make("dave")
        let before = try Replica.snapshot(dave)
        let error = expectRefused(path, by: dave)
        if case .malformed(_, _, let detail)? = error {
            #expect(detail.hasSuffix(#"family must be one of communist, socialist, got "green""#), "\(detail)")
        } else {
            Issue.record("expected a malformed-changeset error, got \(String(describing: error))")
        }
        #expect(try Replica.snapshot(dave) == before)
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
        let frank = try Replica.make("frank")
        let before = try Replica.snapshot(frank)
        let error = expectRefused(forged, by: frank)
        if case .malformed(_, _, let detail)? = error {
            #expect(detail.contains(#"family must be one of communist, socialist, got "liberal""#), "\(detail)")
        } else {
            Issue.record("expected a malformed-changeset error, got \(String(describing: error))")
        }
        #expect(try Replica.snapshot(frank) == before)
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
        let error = expectRefused(path, by: try Replica.make("dave"))
        if case .malformed(_, _, let detail)? = error {
            #expect(detail.hasSuffix("the definition of field family is not valid: a choice field needs its choices"), "\(detail)")
        } else {
            Issue.record("expected a malformed-changeset error, got \(String(describing: error))")
        }
    }
}

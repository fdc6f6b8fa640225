import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// Operations on fields this build does not know (from a newer schema) are kept and passed on, never dropped.
@Suite struct UnknownFieldTests {
    let folder = ScratchFolder("caucus-unknown-field")

    /// The standard schema plus a field `motto` this build does not know, at the same schema version:
    /// what a newer build that only added a field would use.
    static func schemaWithMotto() throws -> PartySchema {
        let standard = PartySchema.standard
        let motto = FieldDefinition(name: "motto", type: .text, isSet: false, choices: [], maxLength: 10_000, help: "the party's motto")
        return PartySchema(version: standard.version, idHelp: standard.idHelp, fields: standard.fields + [motto])
    }

    @Test func operationOnUnknownField_isKept_andPassedOn() throws {
        // Given: Nadia's newer build writes a motto; Bob's build does not know the field.
        let newer = try Self.schemaWithMotto()
        #expect(newer.version == PartySchema.standard.version)
        let nadia = try Replica.make("nadia", schema: newer)
        try Replica.edit(nadia, [
            #"{"op":"set","party":"ucpa","field":"motto","value":"Workers of the world, unite!"}"#,
            #"{"op":"set","party":"ucpa","field":"membership","value":7000}"#,
        ])
        let fromNadia = folder.file("nadia.caucus-changes")
        try Replica.export(nadia, to: fromNadia)
        #expect(PartySchema.standard.field("motto") == nil)

        // When: Bob imports it, and Carol (also a newer build) gets it only through Bob.
        let bob = try Replica.make("bob")
        #expect(try Replica.import(fromNadia, into: bob).added == 2)
        let fromBob = folder.file("bob.caucus-changes")
        try Replica.export(bob, to: fromBob)
        let carol = try Replica.make("carol", schema: newer)
        try Replica.import(fromBob, into: carol)

        // Then: Bob keeps the value (the dump shows it), passes the operation on, and Carol has it.
        let motto = #""motto":"Workers of the world, unite!""#
        #expect(try Replica.dump(bob).first?.contains(motto) == true)
        let (header, ops) = try ChangesetForge.decode(fromBob)
        #expect(header.fields.contains("motto"))
        #expect(ops.contains { $0.field == "motto" && $0.dot.replica == nadia.localReplica.id })
        #expect(try Replica.dump(carol) == Replica.dump(nadia))
        #expect(try Replica.dump(carol).first?.contains(motto) == true)
    }

    @Test func concurrentWritesToUnknownField_stayAConflict_whenPassedOn() throws {
        let newer = try Self.schemaWithMotto()
        let nadia = try Replica.make("nadia", schema: newer)
        let omar = try Replica.make("omar", schema: newer)
        try Replica.edit(nadia, [#"{"op":"set","party":"ucpa","field":"motto","value":"A"}"#])
        try Replica.edit(omar, [#"{"op":"set","party":"ucpa","field":"motto","value":"B"}"#])
        let bob = try Replica.make("bob")
        try Replica.export(nadia, to: folder.file("n"))
        try Replica.export(omar, to: folder.file("o"))
        try Replica.import(folder.file("n"), into: bob)
        try Replica.import(folder.file("o"), into: bob)
        #expect(try Replica.dump(bob) == [#"{"id":"ucpa","deleted":false,"fields":{},"conflicts":{"motto":["A","B"]},"delete_conflict":false}"#])
        let carol = try Replica.make("carol", schema: newer)
        try Replica.export(bob, to: folder.file("b"))
        try Replica.import(folder.file("b"), into: carol)
        #expect(try Replica.dump(carol) == Replica.dump(bob))
    }
}

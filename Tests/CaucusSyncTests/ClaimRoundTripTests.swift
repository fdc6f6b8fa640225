import CaucusCore
@testable import CaucusSync
import Testing

/// Claims travel whole: what a replica writes about a claim (its source, dates, note and rank)
/// reaches its peers, which show the same records.
@Suite struct ClaimRoundTripTests {
    let folder = ScratchFolder("caucus-claims")

    @Test func claimsWithSourcesSpansNotesAndRanks_travelBothWays_andBothReplicasDumpTheSameLines() throws {
        // Given: Alice's claims, which Bob receives.
        let alice = try Replica.make("alice"), bob = try Replica.make("bob")
        try Replica.edit(alice, [
            #"{"op":"set","party":"ucpa","field":"membership","value":7000,"source":"party's own figure","as_of":"2005"}"#,
            #"{"op":"claim","party":"ucpa","field":"membership","value":5000,"source":"Justice Ministry","as_of":"2005","note":"registered members only"}"#,
            #"{"op":"claim","party":"ucpa","field":"leader","value":"Rauf Gurbanov","source":"party website","start":"1998","end":"2000"}"#,
            #"{"op":"claim","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"2001-03"}"#,
            #"{"op":"rank","party":"ucpa","field":"leader","value":"Sayad Sayadov","start":"2001-03","rank":"preferred"}"#,
            #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism","source":"party programme","note":"since 1993"}"#,
        ])
        let base = folder.file("alice-base.caucus-changes")
        try Replica.export(alice, to: base)
        try Replica.import(base, into: bob)
        let aliceHeld = try alice.versionVector(), bobHeld = try bob.versionVector()

        // When: they rank, corroborate and retract concurrently, then swap what the other lacks.
        try Replica.edit(alice, [#"{"op":"rank","party":"ucpa","field":"membership","value":7000,"as_of":"2005","rank":"preferred"}"#])
        try Replica.edit(bob, [
            #"{"op":"claim","party":"ucpa","field":"membership","value":7000,"source":"press estimate","as_of":"2005"}"#,
            #"{"op":"rank","party":"ucpa","field":"membership","value":7000,"as_of":"2005","rank":"deprecated"}"#,
            #"{"op":"retract","party":"ucpa","field":"leader","value":"Rauf Gurbanov","start":"1998","end":"2000"}"#,
            #"{"op":"rank","party":"ucpa","field":"ideology","value":"Communism","rank":"deprecated"}"#,
        ])
        let toBob = folder.file("alice-delta.caucus-changes"), toAlice = folder.file("bob-delta.caucus-changes")
        try Replica.export(alice, to: toBob, since: bobHeld)
        try Replica.export(bob, to: toAlice, since: aliceHeld)
        try Replica.import(toBob, into: bob)
        try Replica.import(toAlice, into: alice)

        // Then: both hold the same operations, qualifiers and all, and dump the same lines.
        #expect(try ChangesetReader(path: toAlice).formatVersion == 4)   // built-in fields only: what the previous release reads
        #expect(try Set(Self.operations(alice)) == Set(Self.operations(bob)))
        #expect(try Replica.dump(alice) == Replica.dump(bob))
        #expect(try Replica.dump(bob) == [
            #"{"id":"ucpa","deleted":false,"fields":{"ideology":["Communism"],"leader":"Sayad Sayadov"},"conflicts":{},"claims":{"#
                + #""ideology":[{"value":"Communism","rank":"deprecated","sources":["party programme"],"note":"since 1993"}],"#
                + #""leader":[{"value":"Sayad Sayadov","rank":"preferred","start":"2001-03"}],"#
                + #""membership":[{"value":5000,"rank":"normal","sources":["Justice Ministry"],"as_of":"2005","note":"registered members only"},"#
                + #"{"value":7000,"rank":["deprecated","preferred"],"sources":["party's own figure","press estimate"],"as_of":"2005"}]},"#
                + #""delete_conflict":false}"#,
        ])
    }

    static func operations(_ store: PartyStore) throws -> [FactOperation] {
        var ops: [FactOperation] = []
        try store.exportOperations(since: nil, begin: { _ in }) { ops.append($0) }
        return ops
    }
}

@testable import CaucusCore
import Testing

/// Releases in the store: made as an operation on the dataset record, listed, refused when the
/// name is taken, moved with force, deleted, and never shown as a party.
@Suite struct ReleaseStoreTests {
    @Test func aRelease_namesWhatTheReplicaHeld_withItsCounts() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.set("old", "name", .text("Old"))
        try alice.delete("old")
        let held = try alice.store.versionVector()
        let release = try alice.store.createRelease("2025.1", note: "the January release", force: false, time: 1_700_000_000)
        #expect(release.versionVector == held && release.recordCount == 1 && release.conflictCount == 0)
        let listed = try alice.store.releases()
        #expect(listed.map(\.name) == ["2025.1"] && listed[0].candidates.map(\.release) == [release])
        #expect(listed[0].candidates[0].editor == "alice" && listed[0].candidates[0].time == 1_700_000_000)
        #expect(try alice.store.release(named: "2025.1") == release)
    }

    @Test func theDatasetRecord_isNoParty() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        let before = try alice.dump()
        try alice.store.createRelease("2025.1", note: nil, force: false, time: 1)
        #expect(try alice.dump() == before)
        #expect(try alice.store.partyIDs() == ["ucpa"])
        #expect(try alice.store.recordCounts().total == 1)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    @Test func aNameTaken_isRefused_andForceMovesIt() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.store.createRelease("2025.1", note: nil, force: false, time: 1)
        try alice.set("ucpa", "membership", .integer(6500))
        #expect(throws: StoreError.releaseExists("2025.1")) { try alice.store.createRelease("2025.1", note: nil, force: false, time: 2) }
        let moved = try alice.store.createRelease("2025.1", note: nil, force: true, time: 3)
        #expect(moved.versionVector == VersionVector([alice.store.localReplica.id: CounterSet(upTo: 3)]))
        #expect(try alice.store.releases().map { $0.candidates.count } == [1])
    }

    @Test func twoReleasesOfOneNameMadeApart_areAConflict_thatForceSettles() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "membership", .integer(7000))
        try bob.pull(from: alice)
        try alice.store.createRelease("2025.1", note: "alice's", force: false, time: 1)
        try bob.store.createRelease("2025.1", note: "bob's", force: false, time: 2)
        try alice.pull(from: bob)
        try bob.pull(from: alice)
        for replica in [alice, bob] {
            let entry = try replica.store.releases()[0]
            #expect(entry.isInConflict && Set(entry.candidates.map(\.release.note)) == ["alice's", "bob's"])
            #expect(throws: StoreError.releaseInConflict("2025.1", candidates: 2)) { try replica.store.release(named: "2025.1") }
            #expect(try replica.store.conflicts().map(\.party) == [DatasetRecord.id])
        }
        try bob.store.createRelease("2025.1", note: "settled", force: true, time: 3)
        try alice.pull(from: bob)
        #expect(try alice.store.release(named: "2025.1") == bob.store.release(named: "2025.1"))
        #expect(try alice.store.conflicts().isEmpty)
    }

    @Test func aDeletedRelease_isGone_andAnUnknownOne_isRefusedNamingTheOthers() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "membership", .integer(7000))
        try alice.store.createRelease("2025.1", note: nil, force: false, time: 1)
        try alice.store.createRelease("draft", note: nil, force: false, time: 2)
        try alice.store.deleteRelease("draft", time: 3)
        #expect(try alice.store.releases().map(\.name) == ["2025.1"])
        #expect(throws: StoreError.unknownRelease("draft", known: ["2025.1"])) { try alice.store.deleteRelease("draft", time: 4) }
        #expect(throws: StoreError.invalidRelease(.invalidName("a..b"))) { try alice.store.createRelease("a..b", note: nil, force: false, time: 5) }
    }
}

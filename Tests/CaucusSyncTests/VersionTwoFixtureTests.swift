import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// Changesets that the last version 2 writer (8adfabb) wrote, before authors signed their
/// batches, kept in `Fixtures/v2` with the dump that build printed (its README says how they
/// were made): this build imports them, marked as vouched for by their sender.
@Suite struct VersionTwoFixtureTests {
    static let fixture = ChangesetFixture("v2")
    static func file(_ name: String) -> String { fixture.file(name) }

    let folder = ScratchFolder("caucus-v2-fixture")

    static func expectedDump() throws -> [String] { try fixture.expectedDump() }

    @Test func aVersionTwoChangeset_imports_markedAsVouchedForByItsSender_andDumpsWhatTheVersionTwoBuildDumped() throws {
        let reader = try ChangesetReader(path: Self.file("alice.caucus-changes"))
        #expect(reader.formatVersion == 2)
        let store = try Replica.make("carol")
        let report = try Replica.import(Self.file("alice.caucus-changes"), into: store)
        #expect(report.added == report.operationsInFile && report.added > 0)
        #expect(try Replica.dump(store) == Self.expectedDump())
        let batches = try store.authorBatches()
        #expect(batches.count == 2 && batches.allSatisfy { !$0.batch.isSigned && $0.vouchedBy == reader.header.sender.id })
        #expect(batches.map { $0.batch.counters.count }.reduce(0, +) == report.added)
    }

    @Test func vouchedOperations_passOnVouchedForByTheNextSender_andTheVersionTwoFileAgainMarksNothingNew() throws {
        let carol = try Replica.make("carol"), dave = try Replica.make("dave")
        try Replica.import(Self.file("bob.caucus-changes"), into: carol)
        try Replica.import(Self.file("alice.caucus-changes"), into: carol)
        let again = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: again)
        let header = try ChangesetReader(path: again).header
        #expect(!header.batches.contains { $0.isSigned })
        try Replica.import(again, into: dave)
        #expect(try Replica.dump(dave) == Self.expectedDump())
        #expect(try dave.authorBatches().allSatisfy { $0.vouchedBy == carol.localReplica.id })
        let before = try dave.authorBatches()
        let report = try Replica.import(Self.file("alice.caucus-changes"), into: dave)
        #expect(report.added == 0)
        #expect(try dave.authorBatches() == before)
    }
}

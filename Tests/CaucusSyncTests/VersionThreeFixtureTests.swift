import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// Changesets that the last version 3 writer (8d64d86) wrote, before releases, kept in
/// `Fixtures/v3` with the dump that build printed (its README says how they were made): this
/// build imports them, every operation signed by its author.
@Suite struct VersionThreeFixtureTests {
    static let fixture = ChangesetFixture("v3")
    static func file(_ name: String) -> String { fixture.file(name) }

    static func expectedDump() throws -> [String] { try fixture.expectedDump() }

    @Test func aVersionThreeChangeset_imports_signedByItsAuthors_andDumpsWhatTheVersionThreeBuildDumped() throws {
        let reader = try ChangesetReader(path: Self.file("carol.caucus-changes"))
        #expect(reader.formatVersion == 3)
        let store = try Replica.make("dave")
        let report = try Replica.import(Self.file("carol.caucus-changes"), into: store)
        #expect(report.added == report.operationsInFile && report.added == 16)
        #expect(try Replica.dump(store) == Self.expectedDump())
        let batches = try store.authorBatches()
        #expect(batches.count == 2 && batches.allSatisfy(\.batch.isSigned))
    }

    @Test func theAuthorsOwnFileAndTheRelayedOne_agree_andTheSecondAddsOnlyTheRelayersOperation() throws {
        let store = try Replica.make("dave")
        #expect(try Replica.import(Self.file("alice.caucus-changes"), into: store).added == 15)
        #expect(try Replica.import(Self.file("carol.caucus-changes"), into: store).added == 1)
        #expect(try Replica.dump(store) == Self.expectedDump())
    }
}

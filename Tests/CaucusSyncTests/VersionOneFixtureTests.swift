import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// A changeset that the last version 1 writer (ff12097) wrote, kept in `Fixtures/v1` with the
/// dump that build printed (its README says how they were made): this build reads it as it was
/// meant.
@Suite struct VersionOneFixtureTests {
    static let fixture = ChangesetFixture("v1")
    static var changeset: String { fixture.file("alice.caucus-changes") }

    let folder = ScratchFolder("caucus-v1-fixture")

    static func expectedDump() throws -> [String] { try fixture.expectedDump() }

    @Test func aVersionOneChangeset_imports_andDumpsWhatTheVersionOneBuildDumped() throws {
        #expect(try ChangesetReader(path: Self.changeset).formatVersion == 1)
        let store = try Replica.make("carol")
        let report = try Replica.import(Self.changeset, into: store)
        #expect(report.added == report.operationsInFile && report.added > 0)
        #expect(try Replica.dump(store) == Self.expectedDump())
    }

    @Test func aVersionOneChangeset_reexportedInTheCurrentFormat_givesAPeerTheSameDump() throws {
        let carol = try Replica.make("carol"), dave = try Replica.make("dave")
        try Replica.import(Self.changeset, into: carol)
        let again = folder.file("carol.caucus-changes")
        try Replica.export(carol, to: again)
        #expect(try ChangesetReader(path: again).formatVersion == 4)   // built-in fields only: what the previous release reads
        try Replica.import(again, into: dave)
        #expect(try Replica.dump(dave) == Self.expectedDump())
    }
}

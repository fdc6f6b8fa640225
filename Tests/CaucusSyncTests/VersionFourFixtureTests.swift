import CaucusCore
@testable import CaucusSync
import Foundation
import Testing

/// A changeset that the last version 4 writer (13688ac) wrote, with a release and before the
/// team's own fields, kept in `Fixtures/v4` with the dumps that build printed (its README says
/// how it was made): this build imports it, and still writes its operations as version 4.
@Suite struct VersionFourFixtureTests {
    static let fixture = ChangesetFixture("v4")
    let folder = ScratchFolder("caucus-v4-fixture")

    @Test func aVersionFourChangeset_imports_andDumpsWhatTheVersionFourBuildDumped_nowAndAtItsRelease() throws {
        #expect(try ChangesetReader(path: Self.fixture.file("alice.caucus-changes")).formatVersion == 4)
        let store = try Replica.make("dave")
        let report = try Replica.import(Self.fixture.file("alice.caucus-changes"), into: store)
        #expect(report.added == report.operationsInFile && report.added == 15)
        #expect(try Replica.dump(store) == Self.fixture.expectedDump())
        let release = try store.release(named: "2025.1")
        #expect(release.note == "the January release")
        var atRelease: [String] = []
        try store.records(at: release.versionVector, describedAs: "2025.1") { atRelease.append($0.dumpLine) }
        let expected = try String(contentsOf: Self.fixture.directory.appendingPathComponent("expected-dump-at-2025.1.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(atRelease == expected)
    }

    @Test func whatThisBuildWritesOfThoseOperations_isStillVersionFour_forTheBuildBeforeIt() throws {
        let store = try Replica.make("dave")
        try Replica.import(Self.fixture.file("alice.caucus-changes"), into: store)
        let again = folder.file("dave.caucus-changes")
        try Replica.export(store, to: again)
        #expect(try ChangesetReader(path: again).formatVersion == 4)
        let erin = try Replica.make("erin")
        try Replica.import(again, into: erin)
        #expect(try Replica.dump(erin) == Self.fixture.expectedDump())
    }
}

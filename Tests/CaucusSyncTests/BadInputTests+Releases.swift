import CaucusCore
@testable import CaucusSync
import Testing

/// Operations on releases that break the format are refused like any other forged content: as
/// malformed, naming the file, the store unchanged.
extension BadInputTests {
    /// A change to the small changeset's one operation (Carol's set of a party's name).
    enum ForgedReleaseCase: CaseIterable, Sendable {
        /// A release fact on a party, a fact other than a release on the dataset record, a release
        /// value that is not one, a release added to (kinds other than set and clear), and the
        /// dataset record in a version 3 file.
        case releaseFactOnAParty, otherFactOnTheDatasetRecord, valueThatIsNotARelease, addToARelease, datasetRecordInVersionThree

        var version: UInt8 { self == .datasetRecordInVersionThree ? 3 : 4 }

        /// What the refusal says is wrong.
        var detail: String {
            switch self {
            case .releaseFactOnAParty: return "a party has no fact \"release/2025.1\"; only the dataset record does"
            case .otherFactOnTheDatasetRecord: return "the dataset record has no fact \"name\"; it holds only releases and field definitions"
            case .valueThatIsNotARelease: return "release 2025.1 is not valid: it is not an object"
            case .addToARelease: return "an operation of kind add on release 2025.1; a release is only set or cleared"
            case .datasetRecordInVersionThree: return "\"release/2025.1\" is not a field name"
            }
        }

        func apply(to op: inout FactOperation) {
            let release = Release(name: "2025.1", versionVector: VersionVector([op.dot.replica: CounterSet(upTo: 1)]), note: nil,
                                  recordCount: 1, conflictCount: 0)
            switch self {
            case .releaseFactOnAParty: op.field = DatasetRecord.releaseField("2025.1"); op.value = release.value
            case .otherFactOnTheDatasetRecord: op.party = DatasetRecord.id
            case .valueThatIsNotARelease: op.party = DatasetRecord.id; op.field = DatasetRecord.releaseField("2025.1")
            case .addToARelease, .datasetRecordInVersionThree:
                op.party = DatasetRecord.id; op.field = DatasetRecord.releaseField("2025.1"); op.value = release.value
                if self == .addToARelease { op.kind = .add }
            }
        }
    }

    @Test(arguments: ForgedReleaseCase.allCases)
    func forgedReleaseOperation_isRefused_asMalformed_andStoreUnchanged(_ forgedCase: ForgedReleaseCase) throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        var (header, ops) = try ChangesetForge.vouched(s.smallPath, sender: s.carolKey)
        forgedCase.apply(to: &ops[0])
        if !header.fields.contains(ops[0].field) { header.fields.append(ops[0].field) }
        let version = forgedCase.version
        let bytes = try ChangesetForge.assemble(version: version, headerBytes: header.encoded(version: version),
                                                rawBody: ChangesetForge.rawBody(header, ops), signedBy: s.carolKey)
        let path = ChangesetForge.write(bytes, to: folder.file("\(forgedCase).caucus-changes"))
        let error = expectRefused(path, by: s.store)
        if case .malformed(_, _, let detail) = error {
            #expect(detail.hasSuffix(forgedCase.detail), "\(detail)")
        } else {
            Issue.record("\(forgedCase): expected a malformed error, got \(String(describing: error))")
        }
        #expect(try Replica.snapshot(s.store) == before)
    }
}

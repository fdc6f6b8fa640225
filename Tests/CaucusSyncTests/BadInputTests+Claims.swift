import CaucusCore
@testable import CaucusSync
import Testing

/// Claim operations a file's format version does not allow, or that no version allows, are
/// refused like any other forged content: as malformed, naming the file, the store unchanged.
extension BadInputTests {
    /// A change to the small changeset's one operation (Carol's set of a party's name), and the
    /// format version the forged file says it is.
    enum ForgedClaimCase: CaseIterable, Sendable {
        /// Version 1: a rank operation (kind 7), provenance bits beyond as-of (a span, a note), an
        /// add on a single-valued field.
        case versionOneRank, versionOneSpan, versionOneNote, versionOneAddOnASingleValuedField
        /// Version 2: a rank operation without a rank, a set with one, a span that ends before it
        /// starts, a note over ``Limits/noteBytes``.
        case rankWithoutARank, setWithARank, spanEndingBeforeItStarts, noteOverTheLimit

        static let versionOneCases: [Self] = [.versionOneRank, .versionOneSpan, .versionOneNote, .versionOneAddOnASingleValuedField]

        var version: UInt8 { Self.versionOneCases.contains(self) ? 1 : 2 }

        /// What the refusal says is wrong.
        var detail: String {
            switch self {
            case .versionOneRank: return "unknown operation kind 7"
            case .versionOneSpan: return "bad provenance flags 12"
            case .versionOneNote: return "bad provenance flags 16"
            case .versionOneAddOnASingleValuedField: return "an add operation on field name"
            case .rankWithoutARank: return "a rank operation without a rank"
            case .setWithARank: return "a set operation with a rank"
            case .spanEndingBeforeItStarts: return "a span that ends before it starts"
            case .noteOverTheLimit: return "length of note is \(Limits.noteBytes + 1), more than the limit of \(Limits.noteBytes)"
            }
        }

        func apply(to op: inout FactOperation) {
            switch self {
            case .versionOneRank: op.kind = .rank; op.rank = .preferred
            case .versionOneSpan: op.start = "2006"; op.end = "2009"
            case .versionOneNote: op.note = "the founding name"
            case .versionOneAddOnASingleValuedField: op.kind = .add
            case .rankWithoutARank: op.kind = .rank
            case .setWithARank: op.rank = .preferred
            case .spanEndingBeforeItStarts: op.start = "2009"; op.end = "2006-12"
            case .noteOverTheLimit: op.note = String(repeating: "n", count: Limits.noteBytes + 1)
            }
        }
    }

    /// The small changeset with `forgedCase` applied, in `version`, signed by Carol.
    func forgedClaimFile(_ s: Setup, _ forgedCase: ForgedClaimCase, version: UInt8) throws -> String {
        var (header, ops) = try ChangesetForge.decode(s.smallPath)
        header.sender.publicKey = [UInt8](s.carolKey.publicKey.rawRepresentation)
        forgedCase.apply(to: &ops[0])
        let bytes = try ChangesetForge.assemble(version: version, headerBytes: header.encoded(version: version),
                                                rawBody: ChangesetForge.rawBody(header, ops), signedBy: s.carolKey)
        return ChangesetForge.write(bytes, to: folder.file("\(forgedCase)-v\(version).caucus-changes"))
    }

    @Test(arguments: ForgedClaimCase.allCases)
    func forgedClaimOperation_isRefused_asMalformed_andStoreUnchanged(_ forgedCase: ForgedClaimCase) throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let path = try forgedClaimFile(s, forgedCase, version: forgedCase.version)
        let error = expectRefused(path, by: s.store)
        if case .malformed(_, _, let detail) = error {
            #expect(detail == forgedCase.detail)
        } else {
            Issue.record("\(forgedCase): expected a malformed error, got \(String(describing: error))")
        }
        #expect(try Replica.snapshot(s.store) == before)
    }

    /// The control for the version 1 cases: it is the version that refuses them.
    @Test(arguments: ForgedClaimCase.versionOneCases)
    func whatVersionOneForbids_isAccepted_inVersionTwo(_ forgedCase: ForgedClaimCase) throws {
        let s = try setUp()
        #expect(try Replica.import(try forgedClaimFile(s, forgedCase, version: 2), into: s.store).added == 1)
    }
}

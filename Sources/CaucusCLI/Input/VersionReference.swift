import CaucusCore
import Foundation

/// A version a read names with `--at`, or `diff` with an argument: a release that stands, or a
/// version vector file (what `caucus vv` prints).
struct VersionReference {
    /// The operations it names.
    var versionVector: VersionVector
    /// What to call it in messages: "release 2025.1", or "the version vector in FILE".
    var name: String
    /// The release it is, with who made it and when; nil for a version vector file.
    var release: ReleaseEntry.Candidate?

    /// The version `text` names in `store`: the release of that name when one stands, else the
    /// version vector file at that path.
    ///
    /// A release name is tried first, so a file that happens to share a release's name is
    /// reached as `./NAME`. A name that is neither says which releases there are.
    static func resolve(_ text: String, in store: PartyStore) throws -> VersionReference {
        let releases = try store.releases()
        if let entry = releases.first(where: { $0.name == text }) {
            guard !entry.isInConflict else { throw StoreError.releaseInConflict(text, candidates: entry.candidates.count) }
            return VersionReference(versionVector: entry.candidates[0].release.versionVector, name: "release \(text)", release: entry.candidates[0])
        }
        guard PathKind(text) != .missing else { throw StoreError.unknownRelease(text, known: releases.map(\.name)) }
        return VersionReference(versionVector: try readFile(text), name: "the version vector in \(text)", release: nil)
    }

    /// The version vector in the file at `path` (or standard input, `-`).
    static func readFile(_ path: String) throws -> VersionVector {
        let data = try LineFile.read(path)
        do { return try VersionVector(json: data) } catch let e as VersionVectorError {
            throw CommandFailure(description: "\(path): \(e.description)", exitCode: ExitCodes.badInput)
        }
    }
}

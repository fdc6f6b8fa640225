import GRDB

/// A release name and every release that stands under it: one, or several made without seeing
/// each other (a conflict, settled by making the release again with `force`).
public struct ReleaseEntry: Sendable, Hashable {
    /// One release under the name, with who made it and when.
    public struct Candidate: Sendable, Hashable {
        /// The release.
        public var release: Release
        /// The editor who made it.
        public var editor: String
        /// Their replica.
        public var replica: ReplicaID
        /// When it was made, in seconds since 1970.
        public var time: Int64
        /// The operation that made it.
        public var dot: Dot
    }

    /// The name.
    public var name: String
    /// The releases standing under it, the latest first.
    public var candidates: [Candidate]

    /// Whether two or more different releases hold the name.
    public var isInConflict: Bool { candidates.count > 1 }
}

extension PartyStore {
    /// Every release that stands, oldest first: by the time of its latest candidate, then by how
    /// many operations it names (releases made within a second), then name.
    public func releases() throws -> [ReleaseEntry] {
        try read { db in try releases(db) }
    }

    /// The local id of the ``DatasetRecord`` in `db`, or nil while no operation has named it.
    static func datasetPID(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT pid FROM party WHERE id = ?", arguments: [DatasetRecord.id])
    }

    /// The releases as ``releases()`` gives them, in `db`'s transaction.
    func releases(_ db: Database) throws -> [ReleaseEntry] {
        guard let pid = try Self.datasetPID(db) else { return [] }
        var byName: [String: [ReleaseEntry.Candidate]] = [:]
        for (_, d) in try Self.liveDetails(db, party: pid, fieldID: nil) where d.kind == .set {
            guard let name = DatasetRecord.releaseName(field: d.field), let release = try? Release(name: name, value: d.value) else { continue }
            byName[name, default: []].append(ReleaseEntry.Candidate(release: release, editor: d.editor, replica: d.replica, time: d.time,
                                                                       dot: Dot(replica: d.replica, counter: d.counter)))
        }
        return byName.map { name, c in
            // Equal releases written by two editors are one release, as equal values are one value.
            var distinct: [ReleaseEntry.Candidate] = []
            for candidate in c.sorted(by: { ($0.time, $0.replica.rawValue) > ($1.time, $1.replica.rawValue) })
            where !distinct.contains(where: { $0.release == candidate.release }) { distinct.append(candidate) }
            return ReleaseEntry(name: name, candidates: distinct)
        }.sorted {
            ($0.candidates[0].time, $0.candidates[0].release.versionVector.operationCount, $0.name)
                < ($1.candidates[0].time, $1.candidates[0].release.versionVector.operationCount, $1.name)
        }
    }

    /// The release named `name`.
    ///
    /// - Throws: ``StoreError/unknownRelease(_:known:)`` when none stands under it,
    ///   ``StoreError/releaseInConflict(_:candidates:)`` when several do.
    public func release(named name: String) throws -> Release {
        let all = try releases()
        guard let entry = all.first(where: { $0.name == name }) else { throw StoreError.unknownRelease(name, known: all.map(\.name)) }
        guard !entry.isInConflict else { throw StoreError.releaseInConflict(name, candidates: entry.candidates.count) }
        return entry.candidates[0].release
    }

    /// Names what this replica holds now `name`: its version vector, with `note` and its record
    /// and conflict counts, as a `set` of the release's fact that travels like any edit.
    ///
    /// - Parameters:
    ///   - force: replace the release(s) standing under the name, which settles a conflict of them;
    ///     without it an existing name is refused, as `git tag` refuses one.
    ///   - time: the time stamped on the operation, in seconds since 1970.
    /// - Throws: ``StoreError/invalidRelease(_:)`` for a bad name or note,
    ///   ``StoreError/releaseExists(_:)`` for a name taken and no `force`.
    @discardableResult
    public func createRelease(_ name: String, note: String?, force: Bool, time: Int64) throws -> Release {
        guard DatasetRecord.isValidReleaseName(name) else { throw StoreError.invalidRelease(.invalidName(name)) }
        var made: Release?
        try applyEdits(time: time) { writer in made = try writer.writeRelease(name, note: note, force: force) }
        return made!
    }

    /// Deletes the release `name` (and every conflicting candidate of it), as a `clear` of its fact.
    ///
    /// - Throws: ``StoreError/unknownRelease(_:known:)`` when none stands under it.
    public func deleteRelease(_ name: String, time: Int64) throws {
        let known = try releases().map(\.name)
        guard known.contains(name) else { throw StoreError.unknownRelease(name, known: known) }
        try applyEdits(time: time) { writer in try writer.clearRelease(name) }
    }

    /// The release's counts as this replica holds them in `db`: party records not deleted, and
    /// conflicts of party records (fields, and delete-vs-edit records), as `caucus status` counts them.
    static func releaseCounts(_ db: Database) throws -> (records: Int64, conflicts: Int64) {
        let row = try Row.fetchOne(db, sql: """
            SELECT (SELECT count(*) FROM party WHERE deleted = 0 AND id != ?1),
                   (SELECT count(*) FROM conflict c JOIN party p ON p.pid = c.party WHERE p.id != ?1)
                   + (SELECT count(*) FROM party WHERE delete_conflict = 1)
            """, arguments: [DatasetRecord.id])!
        return (row[0], row[1])
    }
}

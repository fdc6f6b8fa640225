import CaucusCore
import Crypto
import Foundation

/// Writes changesets: the operations a peer lacks, signed by this replica.
public enum ChangesetWriter {
    /// What an export wrote.
    public struct Report: Sendable {
        /// The file written.
        public var file: String
        /// The operations in it.
        public var operationCount: Int
        /// Its size in bytes.
        public var bytes: Int
        /// What the exporter held (the file's version vector).
        public var versionVector: VersionVector
    }

    /// Exports the operations `store` holds that a peer holding `since` lacks
    /// (everything when `since` is nil) to `path`, atomically: a temporary file,
    /// synced, then renamed over `path`.
    ///
    /// This replica's operations not yet in a signed batch are signed first, as one new batch
    /// (``PartyStore/signOwnOperations(_:)``). A signed batch the peer holds only part of is sent
    /// whole, so that the file's `since` may be less than `since`.
    ///
    /// ```swift
    /// let report = try ChangesetWriter.export(from: store, since: peerVV, to: "for-bob.caucus-changes", time: now)
    /// ```
    ///
    /// - Complexity: proportional to the operations exported; memory stays flat.
    /// - Throws: ``ChangesetError/cannotWrite(file:reason:)``, or a `StoreError`.
    public static func export(from store: PartyStore, since: VersionVector?, to path: String, time: Int64) throws -> Report {
        try export(from: store, since: since, shallow: nil, to: path, time: time)
    }

    /// Exports a shallow snapshot of `store` at `vv` to `path`: the heads at `vv`, and the
    /// operations of `release` (the release's own, which names `vv`), with `vv` and them as the
    /// file's version vector. A new replica starts from it without the operations they superseded,
    /// and counts the whole version as held (format 4, header flag bit 1). The exporter vouches for
    /// every operation: a signed batch cannot cover a part of it.
    ///
    /// - Throws: what ``export(from:since:to:time:)`` throws, and the store's refusals of `vv`.
    public static func exportShallow(from store: PartyStore, at vv: VersionVector, including release: VersionVector,
                                     describedAs what: String, to path: String, time: Int64) throws -> Report {
        let selection = try store.shallowSelection(at: vv, including: release, describedAs: what)
        return try export(from: store, since: nil, shallow: selection, to: path, time: time)
    }

    private static func export(from store: PartyStore, since: VersionVector?, shallow: ShallowSelection?, to path: String, time: Int64) throws -> Report {
        // The file is replaced whole by a rename, which would put a regular file in place of a
        // device or a pipe (`/dev/null`, as root); refused before anything is signed.
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw ChangesetError.cannotWrite(file: path, reason: "it is not a regular file, and an export replaces its file whole")
        }
        let key = try SigningIdentity.privateKey(of: store)
        try sign(ownOperationsOf: store, with: key, for: path)
        let temp = path + ".partial"
        guard FileManager.default.createFile(atPath: temp, contents: nil),
              let handle = FileHandle(forWritingAtPath: temp) else {
            throw ChangesetError.cannotWrite(file: path, reason: "cannot create \(temp)")
        }
        var hasher = SHA256()
        var size = 0
        var count = 0
        var versionVector = VersionVector()
        func emit(_ bytes: [UInt8]) throws {
            hasher.update(data: bytes)
            size += bytes.count
            do { try handle.write(contentsOf: Data(bytes)) } catch {
                throw ChangesetError.cannotWrite(file: path, reason: error.localizedDescription)
            }
        }
        do {
            var encoder: OperationEncoder?
            // The body is compressed and written on another thread while the store is read;
            // `emit` runs there, after the header and before the trailer.
            try BodyCompressor.compress(into: emit) { add in
                // The rows name replicas and fields by their positions in the plan, which are the header's tables.
                try store.exportRows(since: since, shallow: shallow, begin: { plan in
                    versionVector = plan.versionVector
                    let me = store.localReplica
                    var header = ChangesetHeader(
                        schemaVersion: store.schema.version,
                        sender: ReplicaInfo(id: me.id, editor: me.editor, publicKey: [UInt8](key.publicKey.rawRepresentation)),
                        created: time, replicas: ChangesetHeader.replicaTable(plan.replicas, batches: plan.batches),
                        fields: plan.fields, versionVector: plan.versionVector, since: plan.since,
                        operationCount: Int(plan.operationCount), batches: plan.batches)
                    header.shallow = shallow != nil
                    try emit(ChangesetFormat.framed(header))
                    encoder = OperationEncoder(partyNumbers: plan.partyNumbers)
                }) { row in
                    try encoder!.encode(row)
                    count += 1
                    if encoder!.buffer.bytes.count >= 1 << 16 {
                        try add(encoder!.takeBuffer())
                    }
                }
                try add(encoder!.takeBuffer())
            }
            let trailer = try ChangesetFormat.trailer(digest: [UInt8](hasher.finalize()), key: key)
            hasher = SHA256()
            try emit(trailer)
            try handle.synchronize()
            try handle.close()
            guard rename(temp, path) == 0 else {
                throw ChangesetError.cannotWrite(file: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? handle.close()
            unlink(temp)
            if let e = error as? ChangesetError { throw e }
            if let e = error as? StoreError { throw e }
            throw ChangesetError.cannotWrite(file: path, reason: "\(error)")
        }
        return Report(file: path, operationCount: count, bytes: size, versionVector: versionVector)
    }

    /// Signs the operations of `store`'s replica after its last batch with `key`, as one batch,
    /// before the changeset `file` is written.
    static func sign(ownOperationsOf store: PartyStore, with key: Curve25519.Signing.PrivateKey, for file: String) throws {
        try store.signOwnOperations(chaining: AuthorChain()) { counters, chain in
            let digest = BatchDigest(replica: store.localReplica.id, first: counters.lowerBound,
                                     continuing: (chain.head, chain.pending, chain.count))
            do { return [UInt8](try key.signature(for: digest.finalize(last: counters.upperBound))) } catch {
                throw ChangesetError.cannotWrite(file: file, reason: "cannot sign this replica's operations: \(error)")
            }
        }
    }
}

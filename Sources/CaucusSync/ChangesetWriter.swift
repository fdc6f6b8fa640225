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
    /// ```swift
    /// let report = try ChangesetWriter.export(from: store, since: peerVV, to: "for-bob.caucus-changes", time: now)
    /// ```
    ///
    /// - Complexity: proportional to the operations exported; memory stays flat.
    /// - Throws: ``ChangesetError/cannotWrite(file:reason:)``, or a `StoreError`.
    public static func export(from store: PartyStore, since: VersionVector?, to path: String, time: Int64) throws -> Report {
        let key = try SigningIdentity.privateKey(of: store)
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
                try store.exportRows(since: since, begin: { plan in
                    versionVector = plan.versionVector
                    let me = store.localReplica
                    let header = ChangesetHeader(
                        schemaVersion: store.schema.version,
                        sender: ReplicaInfo(id: me.id, editor: me.editor, publicKey: [UInt8](key.publicKey.rawRepresentation)),
                        created: time, replicas: plan.replicas.map { ReplicaInfo(id: $0.id, editor: $0.editor) },
                        fields: plan.fields, versionVector: plan.versionVector, since: since, operationCount: Int(plan.operationCount))
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
}

import Foundation
import GRDB

extension PartyStore {
    /// A private copy of this replica in a temporary file, for trying a change
    /// (`import --dry-run`) through the real code paths without touching the
    /// database. The copy is a consistent snapshot (SQLite `VACUUM INTO`).
    ///
    /// ```swift
    /// let copy = try store.temporaryCopy()
    /// defer { copy.remove() }
    /// let report = try Importer.importChangeset(at: file, into: copy.store, time: now)
    /// ```
    ///
    /// - Throws: ``StoreError`` when the copy cannot be written.
    public func temporaryCopy() throws -> TemporaryStoreCopy {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-preview-\(UUID().uuidString).db").path
        do {
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        return TemporaryStoreCopy(store: try PartyStore.open(at: path, logger: logger), path: path)
    }
}

/// A throwaway copy of a store; ``remove()`` deletes its files.
public struct TemporaryStoreCopy: Sendable {
    /// The copy.
    public let store: PartyStore
    /// Where it lives.
    public let path: String

    /// Deletes the copy's files (the database and its WAL and shared-memory files).
    public func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

import CaucusCore
import CaucusSync
import Foundation
import GRDB
import Testing

/// A command that reported success has committed durably: the store's connection runs
/// `synchronous = FULL` in WAL mode, from the moment it opens and after every write.
@Suite struct DurabilityTests {
    let folder = ScratchFolder("caucus-durability")

    func pragmas(_ store: PartyStore) throws -> (synchronous: Int, journal: String) {
        try store.writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous")!, try String.fetchOne(db, sql: "PRAGMA journal_mode")!)
        }
    }

    @Test func storeConnection_isSynchronousFull_inWAL_afterCreateOpenAndWrites() throws {
        let path = folder.file("durable.caucus")
        let created = try PartyStore.create(at: path, editor: "alice")
        #expect(try pragmas(created) == (2, "wal"))
        _ = try SigningIdentity.privateKey(of: created)
        try Replica.edit(created, [#"{"op":"set","party":"ucpa","field":"membership","value":7000}"#])
        #expect(try pragmas(created) == (2, "wal"))

        let reopened = try PartyStore.open(at: path)
        #expect(try pragmas(reopened) == (2, "wal"))
        try Replica.edit(reopened, [#"{"op":"set","party":"ucpa","field":"membership","value":7100}"#])
        try Replica.export(reopened, to: folder.file("out.caucus-changes"))
        let other = try Replica.make("bob")
        try Replica.edit(other, [#"{"op":"set","party":"pp","field":"name","value":"Pirates"}"#])
        try Replica.export(other, to: folder.file("bob.caucus-changes"))
        try Replica.import(folder.file("bob.caucus-changes"), into: reopened)
        #expect(try pragmas(reopened) == (2, "wal"), "synchronous must hold after writes and imports")
    }
}

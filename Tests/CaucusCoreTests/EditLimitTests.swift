@testable import CaucusCore
import Testing

/// A local edit accepts exactly what the wire accepts (``Limits``), so a replica never writes an
/// operation its peers would refuse.
@Suite struct EditLimitTests {
    @Test func aSourceOverTheWireLimit_isRefusedLocally_evenInFewCharacters() throws {
        let alice = try TestReplica("alice")
        let flags = String(repeating: "🇦🇿", count: 1000)   // 1,000 characters, 8,000 bytes
        #expect(throws: StoreError.textTooLong(what: "source", limit: Limits.sourceBytes)) {
            try alice.set("ucpa", "name", .text("United Communist Party of Azerbaijan"), source: flags)
        }
        #expect(try alice.operations().isEmpty)
    }

    @Test func aSourceOfExactlyTheWireLimit_isKept() throws {
        let alice = try TestReplica("alice")
        let source = String(repeating: "é", count: Limits.sourceBytes / 2)
        try alice.set("ucpa", "name", .text("United Communist Party of Azerbaijan"), source: source)
        #expect(try alice.operations().first?.source == source)
    }
}

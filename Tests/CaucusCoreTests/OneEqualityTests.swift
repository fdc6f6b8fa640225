@testable import CaucusCore
import Testing

/// The store's reads ask ``FactValue``'s one equality, as the merge does.
@Suite struct OneEqualityTests {
    @Test func valuesThatSwiftStringsHoldEqual_butWhoseBytesDiffer_areAConflictEverywhere() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "leader", .text("Ramiz Ahm\u{e9}dov"))
        try bob.set("ucpa", "leader", .text("Ramiz Ahme\u{301}dov"))
        try alice.pull(from: bob)
        #expect(try alice.record("ucpa").conflicts["leader"]?.count == 2)
        #expect(try alice.store.conflicts().first?.candidates.count == 2)
        #expect(try alice.store.recordDetail("ucpa")?.fields.first { $0.name == "leader" }?.values.count == 2)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }
}

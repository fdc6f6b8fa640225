import CaucusCore
@testable import CaucusSync
import Foundation
import GRDB
import Testing

@Suite struct ChangesetRoundTripTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func store(_ editor: String) throws -> PartyStore { try PartyStore(writer: DatabaseQueue(), editor: editor, checkingInvariants: true) }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// The United Communist Party of Azerbaijan, as our users first enter it.
    func ucpa(_ s: PartyStore) throws {
        try s.applyEdits(time: 1_700_000_000) { w in
            try w.apply(Edit(party: "ucpa", field: "name", action: .set(.text("Birləşmiş Azərbaycan Kommunist Partiyası"))))
            try w.apply(Edit(party: "ucpa", field: "name_english", action: .set(.text("United Communist Party of Azerbaijan"))))
            try w.apply(Edit(party: "ucpa", field: "founded", action: .set(.integer(1993))))
            try w.apply(Edit(party: "ucpa", field: "registered", action: .set(.integer(1995))))
            try w.apply(Edit(party: "ucpa", field: "newspaper", action: .set(.text("Kommunist"))))
            try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)), source: "party's own figure", asOf: "2005"))
            try w.apply(Edit(party: "ucpa", field: "vote_share", action: .set(.real(8.3)), source: "District 12", asOf: "2005"))
            try w.apply(Edit(party: "ucpa", field: "ideology", action: .add(.text("Communism"))))
            try w.apply(Edit(party: "ucpa-split", field: "split_from", action: .set(.text("ucpa")))) // the 1997 faction
            try w.apply(Edit(party: "ucpa-split", action: .delete))
        }
    }

    @Test func exportThenRead_returnsEveryOperationUnchanged() throws {
        let alice = try store("alice")
        try ucpa(alice)
        let report = try ChangesetWriter.export(from: alice, since: nil, to: path("full.cs"), time: 1_700_000_100)
        var original: [FactOperation] = []
        try alice.exportOperations(since: nil, begin: { _ in }) { original.append($0) }

        let reader = try ChangesetReader(path: path("full.cs"))
        #expect(reader.header.sender.id == alice.localReplica.id)
        #expect(reader.header.sender.editor == "alice")
        #expect(reader.header.operationCount == original.count && report.operationCount == original.count)
        #expect(reader.header.versionVector == (try alice.versionVector()))
        #expect(reader.header.since == nil)
        var read: [FactOperation] = []
        try reader.forEachOperation { read.append($0) }
        #expect(read == original)
        #expect(read.contains { $0.source == "party's own figure" && $0.asOf == "2005" })
        #expect(read.contains { $0.kind == .delete && $0.context != nil })
    }

    @Test func importIntoAnotherReplica_givesTheSameDump_andAgainChangesNothing() throws {
        let alice = try store("alice"), bob = try store("bob")
        try ucpa(alice)
        _ = try ChangesetWriter.export(from: alice, since: nil, to: path("full.cs"), time: 1)
        let first = try Importer.importChangeset(at: path("full.cs"), into: bob, time: 2)
        #expect(first.added == first.operationsInFile && first.alreadyPresent == 0 && first.pinnedNewKey)
        let again = try Importer.importChangeset(at: path("full.cs"), into: bob, time: 3)
        #expect(again.added == 0 && again.alreadyPresent == first.operationsInFile && !again.pinnedNewKey)
        var a: [String] = [], b: [String] = []
        try alice.records { a.append($0.dumpLine) }
        try bob.records { b.append($0.dumpLine) }
        #expect(a == b)
    }

    @Test func exportSince_sendsOnlyWhatThePeerLacks() throws {
        let alice = try store("alice"), bob = try store("bob")
        try ucpa(alice)
        _ = try ChangesetWriter.export(from: alice, since: nil, to: path("full.cs"), time: 1)
        _ = try Importer.importChangeset(at: path("full.cs"), into: bob, time: 2)
        try alice.applyEdits(time: 3) { try $0.apply(Edit(party: "ucpa", field: "leader", action: .set(.text("Rauf Gurbanov")))) }
        let delta = try ChangesetWriter.export(from: alice, since: try bob.versionVector(), to: path("delta.cs"), time: 4)
        #expect(delta.operationCount == 1)
        let reader = try ChangesetReader(path: path("delta.cs"))
        #expect(reader.header.since == (try bob.versionVector()))
        let nothing = try ChangesetWriter.export(from: alice, since: try alice.versionVector(), to: path("empty.cs"), time: 5)
        #expect(nothing.operationCount == 0)
        let r = try Importer.importChangeset(at: path("empty.cs"), into: bob, time: 6)
        #expect(r.added == 0)
    }

    @Test func dryRun_intoATemporaryCopy_reportsWithoutChangingAnything() throws {
        let alice = try store("alice"), bob = try store("bob")
        try ucpa(alice)
        _ = try ChangesetWriter.export(from: alice, since: nil, to: path("full.cs"), time: 1)
        // As `caucus import --dry-run` does it.
        let copy = try bob.temporaryCopy()
        defer { copy.remove() }
        let r = try Importer.importChangeset(at: path("full.cs"), into: copy.store, time: 2)
        #expect(r.added == r.operationsInFile && r.added > 0)
        #expect(try copy.store.versionVector() == alice.versionVector())
        #expect(try bob.versionVector().operationCount == 0)
        #expect(try bob.replicas().count == 1)
    }

    @Test func largeBody_streamsAcrossManyCompressedChunks() throws {
        let alice = try store("alice"), bob = try store("bob")
        try alice.applyEdits(time: 1) { w in
            for i in 0..<20_000 {
                try w.apply(Edit(party: "pf-\(i)", field: "description", action: .set(.text("Party number \(i), \(String(repeating: "ə", count: i % 50))"))))
            }
        }
        let report = try ChangesetWriter.export(from: alice, since: nil, to: path("big.cs"), time: 2)
        #expect(report.operationCount == 20_000)
        _ = try Importer.importChangeset(at: path("big.cs"), into: bob, time: 3)
        #expect(try bob.versionVector() == alice.versionVector())
    }
}

/// What a local edit accepts, a peer accepts: a source at the one limit (``Limits/sourceBytes``)
/// travels, in bytes of many-byte characters.
@Suite struct LimitRoundTripTests {
    @Test func aSourceAtTheLimit_writtenLocally_isImportedByAPeer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alice = try PartyStore(writer: DatabaseQueue(), editor: "alice", checkingInvariants: true), bob = try PartyStore(writer: DatabaseQueue(), editor: "bob", checkingInvariants: true)
        let source = String(repeating: "🇦🇿", count: Limits.sourceBytes / 8)
        try alice.applyEdits(time: 1_700_000_000) { w in
            try w.apply(Edit(party: "ucpa", field: "membership", action: .set(.integer(7000)), source: source))
        }
        let file = folder.appendingPathComponent("alice.caucus-changes").path
        _ = try ChangesetWriter.export(from: alice, since: nil, to: file, time: 1_700_000_100)
        _ = try Importer.importChangeset(at: file, into: bob, time: 1_700_000_200)
        var sources: [String?] = []
        try bob.exportOperations(since: nil, begin: { _ in }) { sources.append($0.source) }
        #expect(sources == [source])
    }
}

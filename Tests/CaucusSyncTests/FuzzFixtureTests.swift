import CaucusCore
@testable import CaucusSync
import Crypto
import Foundation
import Testing

/// Replays every input the fuzzer (`Tools/fuzz/`) ever crashed on, or that we keep as a
/// seed worth pinning: each must be refused with a ``ChangesetError`` or imported, and
/// what is imported must survive the export–import round trip the fuzz target checks.
@Suite struct FuzzFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static var fixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasPrefix("reader-") || $0.hasPrefix("resign-") }.sorted()
    }

    /// The fuzz target's fixed key (Tools/fuzz/Sources/CaucusFuzz/FuzzChangeset.swift).
    static var fuzzKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)) }

    let folder = ScratchFolder("caucus-fuzz-fixture")

    @Test func fixtureFolder_isThere() {
        #expect(FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("README.md").path))
    }

    @Test(arguments: fixtures)
    func fuzzFinding_isRefusedCleanly_orRoundTrips(_ name: String) throws {
        let input = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let bytes = name.hasPrefix("resign-") ? Self.signPlain(input) : input
        let path = ChangesetForge.write(bytes, to: folder.file("input.caucus-changes"))
        let store = try Replica.make("fuzz-a")
        let before = try Replica.snapshot(store)
        do {
            try Replica.import(path, into: store)
        } catch let error as ChangesetError {
            #expect(error.description.hasPrefix(path + ": "))
            #expect(try Replica.snapshot(store) == before)
            return
        }
        let again = folder.file("reexport.caucus-changes")
        try Replica.export(store, to: again)
        let second = try Replica.make("fuzz-b")
        try Replica.import(again, into: second)
        #expect(try Replica.dump(second) == Replica.dump(store))
    }

    /// Plain form to a signed changeset, as the fuzz target's `resign` mode does it.
    static func signPlain(_ input: [UInt8]) -> [UInt8] {
        var content = input
        if input.count > 9, let (length, lengthEnd) = varint(input, at: 9), length <= UInt64(input.count),
           lengthEnd + Int(length) <= input.count {
            let headerEnd = lengthEnd + Int(length)
            var header = Array(input[lengthEnd..<headerEnd])
            patchKey(&header)
            let deflater = try! Deflater()
            var body: [UInt8] = []
            try! deflater.compress(Array(input[headerEnd...]), finish: true) { body += $0 }
            content = Array(input[..<lengthEnd]) + header + body
        }
        return ChangesetForge.sign(content, with: fuzzKey)
    }

    static func patchKey(_ header: inout [UInt8]) {
        guard var (_, at) = varint(header, at: 0) else { return }
        for _ in 0..<2 {
            guard let (length, end) = varint(header, at: at), length <= UInt64(header.count) else { return }
            at = end + Int(length)
        }
        guard let (keyLength, keyStart) = varint(header, at: at), keyLength == 32, keyStart + 32 <= header.count else { return }
        header.replaceSubrange(keyStart..<keyStart + 32, with: fuzzKey.publicKey.rawRepresentation)
    }

    /// The varint at `start` and the offset after it, read as the changeset reader reads varints.
    static func varint(_ bytes: [UInt8], at start: Int) -> (UInt64, Int)? {
        guard start <= bytes.count else { return nil }
        var source = ArrayByteSource(Array(bytes[start...]))
        guard let value = try? source.varint() else { return nil }
        return (value, start + source.offset)
    }
}

import CaucusCore
@testable import CaucusSync
import CaucusTestSupport
import Crypto
import Foundation
import Testing

/// Every kind of bad file is refused with one error naming the file, and the store is left exactly as it was.
@Suite struct BadInputTests {
    let folder = ScratchFolder("caucus-bad-input")

    /// A store with some state, the small changeset the mutations start from (one
    /// operation from Carol, whom the store has not met), and Carol's signing key.
    struct Setup {
        let store: PartyStore
        let small: [UInt8]
        let smallPath: String
        let carol: PartyStore
        let carolKey: Curve25519.Signing.PrivateKey
    }

    func setUp() throws -> Setup {
        let alice = try Replica.make("alice")
        try Replica.edit(alice, [
            #"{"op":"set","party":"ucpa","field":"membership","value":7000}"#,
            #"{"op":"add","party":"ucpa","field":"ideology","value":"Communism"}"#,
            #"{"op":"set","party":"old","field":"name","value":"Old"}"#,
            #"{"op":"delete","party":"old"}"#,
        ])
        let bob = try Replica.make("bob")
        try Replica.import(try exportFile(alice, "alice"), into: bob)
        try Replica.edit(bob, [#"{"op":"set","party":"ucpa","field":"membership","value":7100}"#])
        let carol = try Replica.make("carol")
        try Replica.edit(carol, [#"{"op":"set","party":"pp","field":"name","value":"Pirates"}"#])
        let path = try exportFile(carol, "carol")
        return Setup(store: bob, small: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), smallPath: path,
                     carol: carol, carolKey: try SigningIdentity.privateKey(of: carol))
    }

    func exportFile(_ store: PartyStore, _ name: String) throws -> String {
        let path = folder.file(name + ".caucus-changes")
        try Replica.export(store, to: path)
        return path
    }

    /// Imports `path` into the store, which must refuse it with a ``ChangesetError`` that names the file.
    @discardableResult
    func expectRefused(_ path: String, by store: PartyStore, sourceLocation: SourceLocation = #_sourceLocation) -> ChangesetError? {
        do {
            try Replica.import(path, into: store)
            Issue.record("\(path) was accepted", sourceLocation: sourceLocation)
            return nil
        } catch let error as ChangesetError {
            #expect(error.description.hasPrefix(path + ": "), "\(error)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("\(path): unexpected error \(type(of: error)): \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func smallChangeset_isAccepted_unmutated() throws {
        // The control for the tables below: the unmutated file imports.
        let s = try setUp()
        #expect(s.small.count < 400, "keep it small: the table tests try every offset and bit")
        #expect(try Replica.import(s.smallPath, into: s.store).added == 1)
    }

    @Test func truncation_atEveryOffset_isRefused_andStoreUnchanged() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let changes = try Replica.totalChanges(s.store)
        let path = folder.file("truncated.caucus-changes")
        for length in 0..<s.small.count {
            ChangesetForge.write(Array(s.small.prefix(length)), to: path)
            let error = expectRefused(path, by: s.store)
            if length == 0 { #expect(error == .empty(file: path)) }
            #expect(try Replica.totalChanges(s.store) == changes, "truncated to \(length) bytes: the store was written")
        }
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func everySingleBitFlip_isRefused_andStoreUnchanged() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let changes = try Replica.totalChanges(s.store)
        let path = folder.file("flipped.caucus-changes")
        var kinds: [String: Int] = [:]
        for offset in 0..<s.small.count {
            for bit in 0..<8 {
                var bytes = s.small
                bytes[offset] ^= 1 << bit
                ChangesetForge.write(bytes, to: path)
                if let error = expectRefused(path, by: s.store) {
                    kinds[Mirror(reflecting: error).children.first?.label ?? "\(error)", default: 0] += 1
                }
                #expect(try Replica.totalChanges(s.store) == changes, "bit \(bit) of byte \(offset): the store was written")
            }
        }
        #expect(try Replica.snapshot(s.store) == before)
        #expect(kinds["damaged"] ?? 0 > 0 && kinds["badSignature"] ?? 0 > 0, "\(kinds)")
    }

    // MARK: The table of bad files

    @Test func emptyMissingAndDirectory_areRefused() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let empty = ChangesetForge.write([], to: folder.file("empty"))
        #expect(expectRefused(empty, by: s.store) == .empty(file: empty))
        let missing = folder.file("no-such-file")
        #expect(expectRefused(missing, by: s.store) == .cannotRead(file: missing, reason: "no such file"))
        #expect(expectRefused(folder.path, by: s.store) == .isDirectory(file: folder.path))
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func otherFileTypes_areRefused_sayingWhatTheyLookLike() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let vv = ChangesetForge.write(Array(try s.store.versionVector().json.utf8), to: folder.file("bob.vv"))
        #expect(expectRefused(vv, by: s.store)?.description.contains("version vector") == true)
        let ndjson = ChangesetForge.write(Array(#"{"op":"set","party":"ucpa","field":"name","value":"X"}"#.utf8) + [0x0A],
                                          to: folder.file("edits.ndjson"))
        #expect(expectRefused(ndjson, by: s.store)?.description.contains("caucus apply") == true)
        var rng = SplitMix(seed: 42)
        let random = ChangesetForge.write((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }, to: folder.file("random.bin"))
        #expect(expectRefused(random, by: s.store) == .notAChangeset(file: random, looksLike: "unrecognised binary data"))
        let text = ChangesetForge.write(Array("Dear Bob,\nhere is my file.\n".utf8), to: folder.file("mail.txt"))
        #expect(expectRefused(text, by: s.store) == .notAChangeset(file: text, looksLike: "it looks like a text file"))
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func appendedGarbage_andCutTrailer_areRefused() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        for (name, bytes) in [
            ("appended", s.small + Array("garbage".utf8)),
            ("appended-trailer", s.small + s.small.suffix(100)),
            ("appended-copy", s.small + s.small),
            ("no-trailer", Array(s.small.dropLast(100))),
        ] {
            expectRefused(ChangesetForge.write(bytes, to: folder.file(name)), by: s.store)
        }
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func badSignatures_areRefused() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let content = Array(s.small.dropLast(100))
        // A valid checksum, signed by someone else than the key in the header.
        let other = ChangesetForge.write(ChangesetForge.sign(content, with: Curve25519.Signing.PrivateKey()), to: folder.file("other-signer"))
        #expect(expectRefused(other, by: s.store) == .badSignature(file: other))
        // A valid checksum and no signature at all.
        let zero = ChangesetForge.write(Array(s.small.dropLast(64)) + [UInt8](repeating: 0, count: 64), to: folder.file("zero-signature"))
        #expect(expectRefused(zero, by: s.store) == .badSignature(file: zero))
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func versionsThisBuildDoesNotRead_areRefused() throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        let decoded = try ChangesetForge.decode(s.smallPath)
        var header = decoded.header
        header.sender.publicKey = [UInt8](s.carolKey.publicKey.rawRepresentation)
        let body = ChangesetForge.rawBody(header, decoded.operations)

        let next = ChangesetFormat.version + 1
        let v4 = ChangesetForge.write(try ChangesetForge.assemble(version: next, headerBytes: header.encoded(), rawBody: body, signedBy: s.carolKey),
                                      to: folder.file("format-v\(next)"))
        #expect(expectRefused(v4, by: s.store) == .unsupportedVersion(file: v4, version: Int(next)))

        header.schemaVersion = PartySchema.standard.version + 1
        let newer = ChangesetForge.write(try ChangesetForge.assemble(headerBytes: header.encoded(), rawBody: body, signedBy: s.carolKey),
                                         to: folder.file("schema-next"))
        #expect(expectRefused(newer, by: s.store)
                == .newerSchema(file: newer, version: PartySchema.standard.version + 1, supported: PartySchema.standard.version))
        #expect(try Replica.snapshot(s.store) == before)
    }

    @Test func fileReplacedBetweenTheCheckAndTheRead_isRefused() throws {
        // Given: two files, each validly signed by Carol, with the same header and different bodies.
        let s = try setUp()
        // Vouched for, not signed by their author, so that the two headers are the same bytes.
        var (header, ops) = try ChangesetForge.vouched(s.smallPath, sender: s.carolKey)
        let checked = try ChangesetForge.forge(header, ops, signedBy: s.carolKey)
        ops[0].value = .text("Pyrates")
        let swapped = try ChangesetForge.forge(header, ops, signedBy: s.carolKey)
        let path = ChangesetForge.write(checked, to: folder.file("swapped.caucus-changes"))

        // When: the reader checks the first, and the file changes before the body is read.
        let reader = try ChangesetReader(path: path)
        ChangesetForge.write(swapped, to: path)

        // Then: the body read does not match what was checked (the import's transaction rolls back).
        #expect(checked.count == swapped.count)
        #expect(throws: ChangesetError.damaged(file: path)) { try reader.forEachOperation { _ in } }
    }

    /// Forged files: signed correctly by their sender, but breaking the format inside.
    @Test(arguments: ForgedCase.allCases)
    func forgedContent_isRefused_asMalformed(_ forgedCase: ForgedCase) throws {
        let s = try setUp()
        let before = try Replica.snapshot(s.store)
        var (header, ops) = try ChangesetForge.decode(s.smallPath)
        header.sender.publicKey = [UInt8](s.carolKey.publicKey.rawRepresentation)
        var headerBytes = header.encoded()
        var body = ChangesetForge.rawBody(header, ops)
        func replace(_ old: String, with new: [UInt8], in bytes: inout [UInt8]) {
            let needle = Array(old.utf8)
            let at = (0...(bytes.count - needle.count)).first { Array(bytes[$0..<$0 + needle.count]) == needle }!
            bytes.replaceSubrange(at..<at + needle.count, with: new)
        }
        switch forgedCase {
        case .invalidUTF8InPartyID: replace("pp", with: [0xC3, 0x28], in: &body)
        case .invalidUTF8InValue: replace("Pirates", with: [0x50, 0xFF, 0xFE, 0x61, 0x74, 0x65, 0x73], in: &body)
        case .invalidUTF8InEditor: replace("carol", with: [0x63, 0x61, 0xFF, 0x6F, 0x6C], in: &headerBytes)
        case .escapeSequenceInEditor: replace("carol", with: [0x1B, 0x5B, 0x32, 0x4A, 0x0A], in: &headerBytes)
        case .absurdOperationCount:
            header.operationCount = 1 << 34
            headerBytes = header.encoded()
        case .operationCountOverLimit:
            header.operationCount = 1 << 40
            headerBytes = header.encoded()
        case .fewerOperationsThanHeader:
            header.operationCount = 0
            headerBytes = header.encoded()
        case .absurdStringLength:
            // set | new replica | value; replica 0, counter 1, a new party whose id claims 2^40 bytes.
            body = [0x19, 0x00, 0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x70, 0x70]
        case .absurdPredCount:
            ops[0].pred = [ops[0].dot]
            body = ChangesetForge.rawBody(header, ops)
            body.removeLast(3)  // pred: count 1, replica 0, counter 1 → a count of 2^40
            body += [0x80, 0x80, 0x80, 0x80, 0x80, 0x20]
        case .duplicatedRecord:
            header.operationCount = 2
            headerBytes = header.encoded()
            body = ChangesetForge.rawBody(header, ops) + ChangesetForge.rawBody(header, ops)
        case .operationOutsideSenderVersionVector:
            ops[0].dot.counter = 5
            body = ChangesetForge.rawBody(header, ops)
        case .valueFailingTheSchema:
            ops[0].field = "membership"
            ops[0].value = .integer(-5)
            header.fields = ["membership"]
            headerBytes = header.encoded()
            body = ChangesetForge.rawBody(header, ops)
        case .notANumber:
            ops[0].field = "vote_share"
            ops[0].value = .real(.nan)
            header.fields = ["vote_share"]
            headerBytes = header.encoded()
            body = ChangesetForge.rawBody(header, ops)
        case .unknownOperationKind: body[0] = (body[0] & ~0x07) | 0x07
        case .bytesAfterTheLastOperation: body += [0x11, 0x01, 0x01, 0x01, 0x00]
        case .headerBytesAfterItsEnd: headerBytes += [0x00]
        case .senderMissingFromReplicaTable:
            header.replicas = [ReplicaInfo(id: ReplicaID.random(), editor: "dave")]
            header.batches = []
            headerBytes = header.encoded()
        case .repeatedFieldName:
            header.fields = ["name", "name"]
            headerBytes = header.encoded()
        }
        let path = ChangesetForge.write(try ChangesetForge.assemble(headerBytes: headerBytes, rawBody: body, signedBy: s.carolKey),
                                        to: folder.file("\(forgedCase).caucus-changes"))
        let error = expectRefused(path, by: s.store)
        if case .malformed = error {} else { Issue.record("\(forgedCase): expected a malformed error, got \(String(describing: error))") }
        #expect(try Replica.snapshot(s.store) == before)
    }

    enum ForgedCase: CaseIterable, Sendable {
        case invalidUTF8InPartyID, invalidUTF8InValue, invalidUTF8InEditor, escapeSequenceInEditor
        case absurdOperationCount, operationCountOverLimit, fewerOperationsThanHeader, absurdStringLength, absurdPredCount
        case duplicatedRecord, operationOutsideSenderVersionVector, valueFailingTheSchema, notANumber, unknownOperationKind
        case bytesAfterTheLastOperation, headerBytesAfterItsEnd, senderMissingFromReplicaTable, repeatedFieldName
    }
}

import Foundation
import Testing

/// `caucus import` and `caucus apply` refuse bad files, and `caucus export` a bad output path,
/// with one line naming the file, a non-zero exit, and the database file byte-for-byte as it was.
@Suite struct BadInputCommandTests {
    let folder = TestFolder("caucus-bad-cli")

    /// Bob's database with some state, and a small valid changeset from Alice.
    func setUp() throws -> (db: String, changeset: [UInt8]) {
        let db = folder.file("bob.caucus")
        let alice = folder.file("alice.caucus")
        try CaucusProcess.succeed(["--db", db, "init", "--editor", "bob"], in: folder.path)
        try CaucusProcess.succeed(["--db", alice, "init", "--editor", "alice"], in: folder.path)
        StoreState.write(StoreState.edits(8), to: folder.file("bob.ndjson"))
        try CaucusProcess.succeed(["--db", db, "apply", folder.file("bob.ndjson")], in: folder.path)
        StoreState.write(StoreState.edits(3, party: "a"), to: folder.file("alice.ndjson"))
        try CaucusProcess.succeed(["--db", alice, "apply", folder.file("alice.ndjson")], in: folder.path)
        try CaucusProcess.succeed(["--db", alice, "export", "-o", folder.file("alice.changes")], in: folder.path)
        return (db, [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file("alice.changes")))))
    }

    func fileBytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Runs `caucus ARGS` and checks the refusal: exit `status`, one error line starting with `prefix`, the database untouched.
    func expectRefusal(_ args: [String], db: String, status: Int32 = 3, prefix: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try fileBytes(db)
        let result = try CaucusProcess.run(["--db", db] + args, in: folder.path)
        #expect(result.status == status, "\(args): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("caucus: error: " + prefix), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one message: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: db + "-wal"), "the database was closed cleanly", sourceLocation: sourceLocation)
        #expect(try fileBytes(db) == before, "\(args): the database file changed", sourceLocation: sourceLocation)
        #expect(try StoreState.integrity(db) == "ok", sourceLocation: sourceLocation)
    }

    @Test func export_toAPipe_isRefusedBeforeAnythingIsSigned_andThePipeStaysAPipe() throws {
        let (db, _) = try setUp()
        let pipe = folder.file("pipe")
        #expect(mkfifo(pipe, 0o600) == 0)
        try expectRefusal(["export", "--output", pipe], db: db,
                          prefix: "\(pipe): cannot write the changeset: it is not a regular file")
        var status = stat()
        #expect(stat(pipe, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
        #expect(!FileManager.default.fileExists(atPath: pipe + ".partial"))
    }

    @Test func import_refusesBadFiles_withExit3_andDatabaseUnchanged() throws {
        let (db, good) = try setUp()
        let fingerprint = try StoreState.fingerprint(db)
        func file(_ name: String, _ bytes: [UInt8]) -> String {
            _ = FileManager.default.createFile(atPath: folder.file(name), contents: Data(bytes))
            return folder.file(name)
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x10
        var version = good
        version[8] = 9
        var rng = SystemRandomNumberGenerator()
        let cases: [(String, String)] = [
            (file("empty.changes", []), "the file is empty"),
            (file("truncated.changes", Array(good.prefix(good.count / 2))), "the changeset is truncated"),
            (file("flipped.changes", flipped), "the checksum does not match"),
            (file("appended.changes", good + Array("PS: garbage".utf8)), "the changeset is truncated"),
            (file("version.changes", version), "changeset format version 9 is not supported"),
            (file("zero-signature.changes", Array(good.dropLast(64)) + [UInt8](repeating: 0, count: 64)), "the signature is not valid"),
            (file("bob.vv", Array(#"{"0123456789abcdef0123456789abcdef":[[1,3]]}"#.utf8)), "not a Caucus changeset (it looks like JSON text"),
            (file("edits.ndjson", Array(StoreState.edits(2).utf8)), "not a Caucus changeset (it looks like NDJSON"),
            (file("random.bin", (0..<1000).map { _ in UInt8.random(in: 0...255, using: &rng) }), "not a Caucus changeset"),
            (folder.path, "is a directory"),
            (folder.file("missing.changes"), "cannot read the file: no such file"),
        ]
        for (path, message) in cases {
            try expectRefusal(["import", path], db: db, prefix: "\(path): \(message)")
        }
        #expect(try StoreState.fingerprint(db) == fingerprint)
        try CaucusProcess.succeed(["--db", db, "import", folder.file("alice.changes")], in: folder.path)
    }

    @Test func apply_refusesBadFiles_withTheLine_andDatabaseUnchanged() throws {
        let (db, good) = try setUp()
        func file(_ name: String, _ bytes: [UInt8]) -> String {
            _ = FileManager.default.createFile(atPath: folder.file(name), contents: Data(bytes))
            return folder.file(name)
        }
        let valid = Array(StoreState.edits(3).utf8)
        let cases: [(String, String, Int32)] = [
            (file("utf8.ndjson", valid + Array(#"{"op":"set","party":"x","field":"name","value":"a"#.utf8) + [0xFF, 0x22, 0x7D, 0x0A]), ":4: ", 3),
            (file("json.ndjson", valid + Array("{\"op\":\"set\",\n".utf8)), ":4: ", 3),
            (file("field.ndjson", valid + Array(#"{"op":"set","party":"x","field":"nmae","value":"a"}"#.utf8)), ":4: ", 3),
            (file("value.ndjson", Array(#"{"op":"set","party":"x","field":"founded","value":99999}"#.utf8)), ":1: ", 3),
            // Past several of the parser's 4,096-line chunks, blank lines counted: still the line, still nothing applied.
            (file("late.ndjson", Array((StoreState.edits(10_000) + "\n \n" + #"{"op":"set","party":"x","field":"nmae","value":"a"}"#).utf8)), ":10003: ", 3),
            (file("changeset.ndjson", good), ":1: ", 3),
            (folder.path, ": is a directory", 3),
            (folder.file("missing.ndjson"), ": no such file", 4),
        ]
        for (path, message, status) in cases {
            try expectRefusal(["apply", path], db: db, status: status, prefix: path + message)
        }
    }
}

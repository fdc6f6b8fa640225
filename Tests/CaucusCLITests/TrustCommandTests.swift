import Foundation
import Testing

/// `caucus key`, `caucus trust …` and the import's pinning notice, through the binary.
@Suite struct TrustCommandTests {
    let folder = TestFolder("caucus-trust-cli")

    func caucus(_ db: String, _ args: String...) throws -> CaucusProcess.Result {
        try CaucusProcess.run(["--db", folder.file(db)] + args, in: folder.path)
    }

    @Test func keyAddListRevokeAndStrictMode_endToEnd() throws {
        for editor in ["alice", "bob", "carol"] { #expect(try caucus(editor, "init", "--editor", editor).status == 0) }
        let aliceKey = try caucus("alice", "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(aliceKey.count == 64 && aliceKey.allSatisfy(\.isHexDigit))
        #expect(try caucus("alice", "key").stdout == aliceKey + "\n", "the key is stable")

        CaucusProcessEdits.write(folder, "a.ndjson", #"{"op":"set","party":"ucpa","field":"membership","value":7000}"#)
        #expect(try caucus("alice", "apply", folder.file("a.ndjson")).status == 0)
        #expect(try caucus("alice", "export", "-o", folder.file("a.changes")).status == 0)

        // Pin mode: the first changeset is accepted with a notice.
        let first = try caucus("bob", "import", folder.file("a.changes"))
        #expect(first.status == 0)
        #expect(first.stderr.contains("Notice: first changeset from editor alice; their key is now pinned."))
        let second = try caucus("bob", "import", folder.file("a.changes"))
        #expect(!second.stderr.contains("Notice"))
        let list = try caucus("bob", "trust", "list")
        #expect(list.stdout.contains("pinned\talice\t\(aliceKey)\t"))
        #expect(list.stdout.hasPrefix("self\tbob\t"))

        // Strict mode: Carol refuses Alice until she adds her key.
        #expect(try caucus("carol", "trust", "mode").stdout == "pin\n")
        #expect(try caucus("carol", "trust", "mode", "strict").status == 0)
        #expect(try caucus("carol", "trust", "mode").stdout == "strict\n")
        #expect(try caucus("carol", "trust", "mode", "lenient").status != 0)
        let refused = try caucus("carol", "import", folder.file("a.changes"))
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("\(folder.file("a.changes")): refused: editor alice"))
        #expect(refused.stderr.contains("caucus trust add"))
        #expect(try caucus("carol", "trust", "add", aliceKey, "--editor", "alice").status == 0)
        #expect(try caucus("carol", "import", folder.file("a.changes")).status == 0)
        #expect(try caucus("carol", "trust", "list").stdout.contains("trusted\talice\t\(aliceKey)"))

        // Bad keys and names are refused with exit 3.
        let bad = try caucus("carol", "trust", "add", "xyz", "--editor", "dave")
        #expect(bad.status == 3)
        #expect(bad.stderr.hasPrefix("caucus: error: \"xyz\" is not a public key"))

        // Revoked: Bob refuses Alice's next changeset.
        let revoked = try caucus("bob", "trust", "revoke", "alice")
        #expect(revoked.status == 0)
        #expect(revoked.stderr.contains("Revoked key \(aliceKey.prefix(16))… of editor alice."))
        let afterRevoke = try caucus("bob", "import", folder.file("a.changes"))
        #expect(afterRevoke.status == 3)
        #expect(afterRevoke.stderr.contains("was revoked"))
        #expect(try caucus("bob", "trust", "list").stdout.contains("revoked\talice\t\(aliceKey)"))
    }

    @Test func editorNamesWithControlCharacters_areRefused() throws {
        let result = try caucus("eve", "init", "--editor", "eve\u{1B}[2J\nNotice: all fine")
        #expect(result.status != 0)
        #expect(result.stderr.contains("no control characters"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("eve")))
        #expect(try caucus("carol", "init", "--editor", "carol").status == 0)
        let bad = try caucus("carol", "trust", "add", String(repeating: "ab", count: 32), "--editor", "dave\tx")
        #expect(bad.status == 3)
        #expect(bad.stderr.contains("is not an editor name"))
    }
}

enum CaucusProcessEdits {
    static func write(_ folder: TestFolder, _ name: String, _ lines: String...) {
        StoreState.write(lines.joined(separator: "\n") + "\n", to: folder.file(name))
    }
}

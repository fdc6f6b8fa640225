import ArgumentParser
@testable import CaucusCLI
import Foundation
import Testing

/// `caucus show`'s shortcut (``ShowShortcut``) behaves exactly as ArgumentParser's `show`.
@Suite struct ShowShortcutTests {
    @Test(arguments: [
        ["show", "ucpa"], ["show", "ucpa", "--json"], ["--db", "a.db", "show", "ucpa"], ["--db", "a.db", "show", "pf-6641", "--json"],
        ["show", "show"], ["show", "help"], ["--db", "show", "show", "x"], ["show", "UCPA"], ["--db", "dir/with space.db", "show", "a.b_c"],
    ])
    func recognisedLine_parsesAsArgumentParserParsesIt(arguments: [String]) throws {
        let fast = try #require(ShowShortcut(arguments))
        let parsed = try #require(try Caucus.parseAsRoot(arguments) as? Caucus.Show)
        #expect(fast.db == parsed.global.db)
        #expect(fast.party == parsed.target.party)
        #expect(fast.json == parsed.output.json)
    }

    @Test(arguments: [
        [], ["show"], ["--db", "a.db"], ["show", "--help"], ["show", "-h"], ["help", "show"], ["--version"], ["show", "--", "ucpa"],
        ["--db=a.db", "show", "ucpa"], ["--db", "a.db", "--db", "b.db", "show", "ucpa"], ["show", "ucpa", "extra"],
        ["show", "ucpa", "--json", "--json"], ["--json", "show", "ucpa"], ["show", "-x"], ["show", ""], ["--db", "", "show", "x"],
        ["--db", "-a.db", "show", "x"], ["show", "ucpa", "--db"], ["list"], ["dump", "show"], ["history", "ucpa"],
        ["show", "--json", "ucpa"], ["show", "--db", "a.db", "ucpa"], ["show", "ucpa", "--db", "a.db"], ["list", "ucpa"],
        ["--db", "a.db", "list", "ucpa"], ["show", "--json"], ["--db", "a.db", "show", "--json", "x"],
    ])
    func anyOtherLine_isLeftToArgumentParser(arguments: [String]) {
        #expect(ShowShortcut(arguments) == nil)
    }

    @Test func shortcutAndArgumentParser_printTheSameAndExitTheSame() throws {
        // Given: a replica with a party, another replica named by $CAUCUS_DB, and a deleted party.
        let cli = try CLI.withParty()
        try cli.ok("set", "ucpa", "membership", "7000", "--source", "party's own figure", "--as-of", "2005")
        try cli.ok("set", "kpd", "--new", "name=Kommunistische Partei", "description=Line one.\nLine two.")
        try cli.ok("delete", "kpd")
        try cli.ok("--db", "other.db", "init", "--editor", "bob")
        let db = cli.path("caucus.db")
        // When: each line runs as a script writes it (the shortcut) and in a shape only ArgumentParser takes.
        let pairs: [(fast: [String], reference: [String], env: [String: String])] = [
            (["show", "ucpa"], ["show", "--", "ucpa"], [:]),
            (["show", "ucpa", "--json"], ["show", "--json", "--", "ucpa"], [:]),
            (["--db", db, "show", "kpd"], ["--db=" + db, "show", "kpd"], [:]),
            (["--db", db, "show", "kpd", "--json"], ["show", "--json", "--db=" + db, "kpd"], [:]),
            (["show", "ucpb"], ["show", "--", "ucpb"], [:]),
            (["show", "UCPA"], ["show", "--", "UCPA"], [:]),
            (["show", "Kommunistische"], ["show", "--", "Kommunistische"], [:]),
            (["--db", "missing.db", "show", "ucpa"], ["--db=missing.db", "show", "ucpa"], [:]),
            (["show", "ucpa"], ["show", "--", "ucpa"], ["CAUCUS_DB": "other.db"]),
            (["show", "ucpa"], ["show", "--", "ucpa"], ["CAUCUS_DB": "missing.db"]),
        ]
        for (fast, reference, env) in pairs {
            #expect(ShowShortcut(fast) != nil && ShowShortcut(reference) == nil)
            let a = try cli.run(fast, env: env), b = try cli.run(reference, env: env)
            // Then: the same bytes on both streams and the same exit code.
            #expect(a.status == b.status && a.stdout == b.stdout && a.stderr == b.stderr,
                    "caucus \(fast.joined(separator: " ")):\n\(a)\nbut caucus \(reference.joined(separator: " ")):\n\(b)")
        }
        #expect(try cli.run("show", "ucpa").stdout.contains("party's own figure"))
        #expect(try cli.run("show", "ucpb").status == 4)
        #expect(try cli.run(["show", "ucpa"], env: ["CAUCUS_DB": "other.db"]).status == 4)
        // And: `show` closes the database before it exits (``PartyStore/closeForExit()``), so no -wal or -shm is left.
        #expect(try cli.run("show", "ucpa").status == 0)
        for suffix in ["-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: db + suffix), "\(db + suffix) is left") }
    }
}

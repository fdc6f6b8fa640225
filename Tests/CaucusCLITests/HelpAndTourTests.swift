import ArgumentParser
@testable import CaucusCLI
import Foundation
import Testing

/// Help, completions, the tour, and argument parsing in-process.
@Suite struct HelpAndTourTests {
    static let commands = ["init", "set", "claim", "retract", "rank", "clear", "add", "remove", "show", "list", "search", "conflicts", "resolve", "delete",
                           "restore", "history", "export", "import", "inspect", "status", "import-csv", "tour", "apply", "vv", "dump"]

    @Test(arguments: commands)
    func everyCommand_hasHelpWithAnExample(_ command: String) throws {
        let cli = try CLI()
        let r = try cli.run(command, "--help")
        #expect(r.status == 0)
        #expect(r.stdout.contains("Example"), "caucus \(command) --help has no example:\n\(r.stdout)")
        #expect(r.stdout.contains("OVERVIEW:"))
    }

    /// The entries of the ARGUMENTS and OPTIONS sections of a help text: first line and its continuation lines.
    static func entries(_ help: String) -> [String] {
        var out: [String] = []
        var inSection = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "ARGUMENTS:" || line == "OPTIONS:" { inSection = true; continue }
            if line.isEmpty || !line.hasPrefix(" ") { if !line.isEmpty { inSection = false }; continue }
            guard inSection else { continue }
            if line.hasPrefix("  -") || line.hasPrefix("  <") { out.append(String(line)) } else if !out.isEmpty { out[out.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    @Test(arguments: commands)
    func everyArgumentAndOption_hasHelpWithAnExample(_ command: String) throws {
        let help = try CLI().run(command, "--help").stdout
        let entries = Self.entries(help)
        #expect(!entries.isEmpty)
        for entry in entries where !entry.contains("--help") && !entry.contains("--version") {
            #expect(entry.contains("e.g.") || entry.contains("Example"), "caucus \(command): no example in: \(entry)")
            #expect(entry.contains("."), "caucus \(command): not a sentence: \(entry)")
        }
    }

    @Test func rootHelp_listsTheEditorsCommands() throws {
        let help = try CLI().run("--help").stdout
        for c in ["init", "set", "show", "list", "search", "conflicts", "resolve", "history", "delete", "restore", "export",
                  "import", "inspect", "status", "import-csv", "tour"] {
            #expect(help.contains("  \(c) ") || help.contains("  \(c)\n"), "root help lacks \(c)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts_areGenerated(_ shell: String) throws {
        let r = try CLI().run("--generate-completion-script", shell)
        #expect(r.status == 0)
        #expect(r.stdout.contains("import-csv"))
    }

    @Test func tour_keepsDisputedFactsAsClaims_andSettlesOnlyTheTrueConflict() throws {
        let cli = try CLI()
        let r = try cli.run("tour", "--dir", cli.path("tour"))
        #expect(r.status == 0, "\(r)")
        for line in ["alice$ caucus init --editor alice", "bob$ caucus init --editor bob",
                     "alice$ caucus set ucpa --new name=\"United Communist Party of Azerbaijan\"",
                     "alice$ caucus claim ucpa membership 7000 --as-of 2005 --source \"party's own figure\"",
                     "bob$ caucus claim ucpa membership 5000", "alice$ caucus conflicts",
                     "DISPUTED: 2 claims, none preferred", "CONFLICT: 2 candidates",
                     "alice$ caucus rank ucpa leader Tukanov preferred --start 1998",
                     "alice$ caucus resolve ucpa headquarters --pick 1", "Tukanov [preferred]",
                     "split_from  ucpa (United Communist Party of Azerbaijan)", "2005 parliamentary, District 12: 8.3%, place 2",
                     "Both replicas hold the same records"] {
            #expect(r.stdout.contains(line), "tour output lacks \(line)")
        }
        // `conflicts` lists the headquarters only: the disputed leader and membership are no conflict.
        let firstConflicts = r.stdout.components(separatedBy: "alice$ caucus conflicts")[1].components(separatedBy: "alice$ caucus show")[0]
        #expect(firstConflicts.contains("headquarters") && !firstConflicts.contains("leader") && !firstConflicts.contains("membership"))
        #expect(FileManager.default.fileExists(atPath: cli.path("tour/alice/caucus.db")))
        #expect(FileManager.default.fileExists(atPath: cli.path("tour/outbox/alice-3.caucus-changes")))
        let bob = try cli.run("--db", cli.path("tour/bob/caucus.db"), "dump")
        let alice = try cli.run("--db", cli.path("tour/alice/caucus.db"), "dump")
        // The root's --db is configuration only; subcommands take their own.
        _ = (bob, alice)
        let b = try cli.run("dump", "--db", cli.path("tour/bob/caucus.db")).stdout
        let a = try cli.run("dump", "--db", cli.path("tour/alice/caucus.db")).stdout
        #expect(a == b && a.contains(#"{"value":7000,"rank":"normal","sources":["party's own figure"],"as_of":"2005"}"#)
                && a.contains(#""leader":"Tukanov""#))
        expectOneLineError(try cli.run("tour", "--dir", cli.path("tour")), status: 3, contains: "is not empty")
    }

    @Test func parsing_setForms_inProcess() throws {
        #expect(try Caucus.SetFacts.pairs(["membership", "7000"], party: "p").map { "\($0.0)|\($0.1)" } == ["membership|7000"])
        #expect(try Caucus.SetFacts.pairs(["website", "https://x.org/?a=b"], party: "p").map(\.1) == ["https://x.org/?a=b"])
        #expect(try Caucus.SetFacts.pairs(["name=A = B", "founded=1993"], party: "p").map { "\($0.0)|\($0.1)" } == ["name|A = B", "founded|1993"])
        #expect(throws: CommandFailure.self) { try Caucus.SetFacts.pairs(["membership"], party: "p") }
        #expect(throws: (any Error).self) { try Caucus.parseAsRoot(["resolve", "ucpa", "membership", "6000", "--pick", "1"]) }
        #expect(throws: (any Error).self) { try Caucus.parseAsRoot(["export", "--for", "bob", "--since", "x.vv"]) }
        let parsed = try Caucus.parseAsRoot(["list", "--country", "AZE", "--sort", "founded", "-r", "--json"])
        let list = try #require(parsed as? Caucus.List)
        #expect(list.filter.country == ["AZE"] && list.sort == "founded" && list.reverse && list.output.json)
    }

    @Test func usageMistakes_areOneLineWithWhereToLook() throws {
        let cli = try CLI()
        // Our own texts are pinned whole: the mistyped command, and a check of our own.
        for (args, text) in [(["lst"], "no command 'lst'; did you mean 'list'? See `caucus --help`."),
                             (["resolve", "ucpa", "--restore", "--delete"], "give --restore or --delete, not both; see `caucus resolve --help`")] {
            let r = try cli.run(args)
            #expect(r.status == 64)
            #expect(r.stderr == "caucus: error: " + text + "\n", "\(r)")
        }
        // ArgumentParser's own messages are printed as it words them: only the line around them is ours.
        for (args, word, help) in [(["show", "ucpa", "--jsn"], "--jsn", "`caucus show --help`"),
                                   (["set", "ucpa"], "<field-and-value>", "`caucus set --help`"),
                                   (["list", "--limit", "x"], "--limit", "`caucus list --help`")] {
            let r = try cli.run(args)
            expectOneLineError(r, status: 64, contains: word)
            #expect(r.stderr.contains(help), "\(r)")
        }
    }

    @Test func usageError_addsTheHelpHint_afterTheMessage() {
        let commands = ["list", "set", "show"]
        #expect(UsageError(ValidationError("give a field"), arguments: ["set", "x"], commands: commands).description
                == "give a field; see `caucus set --help`")
        #expect(UsageError(ValidationError("Unknown option '--x'. Did you mean '--y'?"), arguments: ["show", "--x"], commands: commands).description
                == "Unknown option '--x'. Did you mean '--y'? See `caucus show --help`.")
        #expect(UsageError(ValidationError("two\n  lines"), arguments: [], commands: commands).description
                == "two lines; see `caucus --help`")
        #expect(UsageError(ValidationError("?"), arguments: ["lsit"], commands: commands).problem == .unknownCommand("lsit", nearest: "list"))
    }

    @Test func exitCodes_areDistinct() {
        let codes = [ExitCodes.failure, ExitCodes.conflictsRemain, ExitCodes.badInput, ExitCodes.notFound, ExitCodes.busy]
        #expect(Set(codes).count == codes.count)
        #expect(!codes.contains(0) && !codes.contains(ExitCode.validationFailure.rawValue))
    }
}

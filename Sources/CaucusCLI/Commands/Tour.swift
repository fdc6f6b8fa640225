import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus tour`: two editors record the seed's real story, in claims, and settle one true conflict.
    struct Tour: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "tour",
            abstract: "Watch two editors record a party's disputed facts as sourced claims, swap changesets, and settle a conflict.",
            discussion: """
                Runs in a new temporary folder (or --dir) and prints each command as an editor would type it, then \
                runs it for real: Alice and Bob start from the same record of the United Communist Party of \
                Azerbaijan, its 2005 District 12 result an election result of its own. Offline, each records a leader and a membership figure from their own sources: both \
                claims stand side by side, disputed, never lost. Only the headquarters, which both `set` without \
                seeing each other, is a conflict. Alice prefers the leader most members follow, settles the \
                conflict, and records the 1997 split as two new records. After one more swap both replicas agree. \
                Nothing outside the folder is touched.

                Example: caucus tour
                """
        )

        @Option(help: ArgumentHelp("Play the tour in this folder (created if needed, must be empty) and keep it, e.g. --dir /tmp/caucus-tour.", valueName: "path"))
        var dir: String?

        @Flag(help: ArgumentHelp("Keep the temporary folder afterwards and print where it is. Example: caucus tour --keep."))
        var keep = false

        /// `word` as an editor would type it in a POSIX shell: `name="United Communist Party"`, `"party's own figure"`.
        static func shellWord(_ word: String) -> String {
            guard word.contains(where: { " '\"$`\\!*?&;|<>()#~".contains($0) }) else { return word }
            // JSON reads best in single quotes, which a POSIX shell takes literally.
            if word.hasPrefix("{"), !word.contains("'") { return "'" + word + "'" }
            func quoted(_ s: some StringProtocol) -> String {
                "\"" + s.reduce(into: "") { out, c in
                    if "\"$`\\".contains(c) { out.append("\\") }
                    out.append(c)
                } + "\""
            }
            if let eq = word.firstIndex(of: "="), !word[..<eq].isEmpty, word[..<eq].allSatisfy({ $0.isLetter || $0 == "_" }) {
                return String(word[...eq]) + quoted(word[word.index(after: eq)...])
            }
            return quoted(word)
        }

        func execute() throws {
            let fm = FileManager.default
            let root: URL
            if let dir {
                root = URL(fileURLWithPath: dir).standardizedFileURL
                if fm.fileExists(atPath: root.path), let items = try? fm.contentsOfDirectory(atPath: root.path), !items.isEmpty {
                    throw CommandFailure(description: "\(root.path) is not empty; give an empty or new folder", exitCode: ExitCodes.badInput)
                }
            } else {
                root = fm.temporaryDirectory.appendingPathComponent("caucus-tour-\(UUID().uuidString.prefix(8))")
            }
            for sub in ["alice", "bob", "outbox"] {
                try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            let before = fm.currentDirectoryPath
            defer {
                _ = fm.changeCurrentDirectoryPath(before)
                if dir == nil && !keep { try? fm.removeItem(at: root) }
            }
            // The editors' own settings must not leak into the tour.
            unsetenv("CAUCUS_DB")

            func say(_ text: String) { Out.line(""); Out.line(Style.dim("# " + text)) }
            func run(_ who: String, _ args: [String]) throws {
                let shown = args.map(Self.shellWord).joined(separator: " ")
                Out.line(Style.bold("\(who)$ caucus \(shown)"))
                _ = fm.changeCurrentDirectoryPath(root.appendingPathComponent(who).path)
                do {
                    var command = try Caucus.parseAsRoot(args)
                    try command.run()
                } catch let code as ExitCode where code.rawValue == ExitCodes.conflictsRemain {
                    Out.line(Style.dim("(exit status 2: conflicts remain to settle)"))
                } catch let code as ExitCode {
                    throw CommandFailure(description: "the tour's step `caucus \(shown)` failed with exit status \(code.rawValue)")
                }
            }

            Out.line("A tour in \(root.path): Alice and Bob each keep a replica (alice/caucus.db, bob/caucus.db) and swap changeset files through outbox/.")
            say("Alice starts a replica and records the party.")
            try run("alice", ["init", "--editor", "alice"])
            try run("alice", ["set", "ucpa", "--new", "name=United Communist Party of Azerbaijan", "abbreviation=UCPA", "country=AZE",
                              "founded=1993", "registered=1995", "newspaper=Kommunist", "ideology=Communism",
                              "--source", "party registration file"])
            say("The 2005 result in District 12 is an election result of its own, not the party's national share.")
            try run("alice", ["claim", "ucpa", "election_result",
                              #"{"election":"2005 parliamentary","year":2005,"constituency":"District 12","share":8.3,"place":2}"#,
                              "--source", "Central Election Commission, 2005 results"])
            try run("alice", ["export", "--output", "../outbox/alice-1.caucus-changes"])
            say("Bob starts his own replica from Alice's changeset: both now hold the same record.")
            try run("bob", ["init", "--editor", "bob"])
            try run("bob", ["import", "../outbox/alice-1.caucus-changes"])
            say("Offline, each records the leadership and the membership from their own sources, as claims.")
            try run("alice", ["claim", "ucpa", "leader", "Sayadov", "--source", "Justice Ministry register",
                              "--note", "the leader the Justice Ministry recognises"])
            try run("alice", ["claim", "ucpa", "membership", "7000", "--as-of", "2005", "--source", "party's own figure"])
            try run("alice", ["set", "ucpa", "headquarters", "Baku", "--source", "party registration file"])
            Thread.sleep(forTimeInterval: 1.1)  // so that the history shows who came first, as it would in life
            try run("bob", ["claim", "ucpa", "leader", "Tukanov", "--start", "1998", "--source", "1998 party congress",
                            "--note", "elected at the congress; most members follow him"])
            try run("bob", ["claim", "ucpa", "membership", "5000", "--as-of", "2005", "--source", "regional press estimate"])
            try run("bob", ["set", "ucpa", "headquarters", "Baku, Nasimi district", "--source", "party website"])
            say("They swap changesets. Bob sends only what Alice lacks.")
            try run("alice", ["export", "--output", "../outbox/alice-2.caucus-changes"])
            try run("bob", ["export", "--for", "alice", "--output", "../outbox/bob-1.caucus-changes"])
            try run("alice", ["import", "../outbox/bob-1.caucus-changes"])
            try run("bob", ["import", "../outbox/alice-2.caucus-changes"])
            say("Two sources that disagree are data: both leaders and both estimates stand, the fields disputed. Only the headquarters, set by both without seeing each other, is a conflict.")
            try run("alice", ["conflicts"])
            try run("alice", ["show", "ucpa"])
            say("Alice prefers the leader most members follow (the other claim stays, with its source) and settles the conflict.")
            try run("alice", ["rank", "ucpa", "leader", "Tukanov", "preferred", "--start", "1998"])
            try run("alice", ["resolve", "ucpa", "headquarters", "--pick", "1"])
            say("The 1997 split made two parties that both use the name: two new records, each split from the first in 1997.")
            try run("alice", ["set", "avkp-1", "--new", "name=United Communist Party of Azerbaijan", "country=AZE", "registered=1997",
                              "leader=Sayadov", "--source", "Justice Ministry register"])
            try run("alice", ["claim", "avkp-1", "split_from", "ucpa", "--start", "1997", "--source", "Justice Ministry register"])
            try run("alice", ["set", "avkp-2", "--new", "name=United Communist Party of Azerbaijan", "country=AZE",
                              "leader=Tukanov", "--source", "1998 party congress"])
            try run("alice", ["claim", "avkp-2", "split_from", "ucpa", "--start", "1997", "--source", "1998 party congress",
                              "--note", "unregistered"])
            try run("alice", ["export", "--for", "bob", "--output", "../outbox/alice-3.caucus-changes"])
            try run("bob", ["import", "../outbox/alice-3.caucus-changes"])
            say("Bob's replica now agrees: the preferred leader first, both membership estimates side by side, the split named.")
            try run("bob", ["show", "ucpa"])
            try run("bob", ["show", "avkp-2"])
            try run("bob", ["history", "ucpa", "leader"])
            try run("bob", ["conflicts"])

            let alice = try PartyStore.open(at: root.appendingPathComponent("alice/caucus.db").path)
            let bob = try PartyStore.open(at: root.appendingPathComponent("bob/caucus.db").path)
            var a: [String] = [], b: [String] = []
            try alice.records { a.append($0.dumpLine) }
            try bob.records { b.append($0.dumpLine) }
            Out.line("")
            let pending = try alice.conflictCount()
            if a == b && pending == 0 {
                Out.line(Style.green("Both replicas hold the same records (`caucus dump` prints the same bytes) and no conflict remains."))
            } else {
                throw CommandFailure(description: "the tour ended with replicas that differ; please report this")
            }
            if dir != nil || keep { Out.line("The tour's files are in \(root.path).") }
        }
    }
}

import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus search`: full-text search.
    struct Search: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Find parties by words of their names, other names, abbreviations and descriptions, in any script.",
            discussion: """
                Every word must match; the last word also matches as a prefix. Accents are ignored. Best matches come \
                first (SQLite FTS5, names weighted above descriptions). The index is brought up to date with recent \
                edits and imports before each search. Deleted parties are not found.

                Examples:
                  caucus search communist azerbaijan
                  caucus search Коммунистическая
                  caucus search "حزب" --limit 5 --json
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The words to look for, e.g. communist azerbaijan.", valueName: "text"))
        var words: [String]

        @Option(help: ArgumentHelp("Print at most this many parties (default 20), e.g. --limit 5.", valueName: "n"))
        var limit: Int = 20

        func validate() throws {
            if words.isEmpty { throw ValidationError("give the words to look for, e.g. caucus search communist") }
            if limit < 1 { throw ValidationError("--limit must be 1 or more") }
        }

        func execute() throws {
            let store = try global.openStore()
            let hits = try store.search(words.joined(separator: " "), limit: limit)
            if output.json {
                for h in hits {
                    var o = JSONObject()
                    o.add("id", h.id)
                    o.add("name", h.name)
                    o.add("name_english", h.nameEnglish)
                    o.add("country", h.country)
                    o.add("rank", raw: JSONText.number(h.rank))
                    Out.line(o.text)
                }
                return
            }
            if hits.isEmpty {
                Console.message("No party matches \(JSONText.quoted(words.joined(separator: " "))).")
                return
            }
            var table = Table(["ID", "NAME", "ENGLISH NAME", "COUNTRY"])
            for h in hits { table.add([h.id, h.name ?? "", h.nameEnglish ?? "", h.country ?? ""]) }
            table.print()
        }
    }
}

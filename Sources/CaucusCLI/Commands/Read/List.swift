import ArgumentParser
import CaucusCore
import Foundation

extension Caucus {
    /// `caucus list`: records, filtered and sorted.
    struct List: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List parties, filtered by country, by fields present or missing, by conflicts or deletion, and sorted.",
            discussion: """
                Deleted parties are left out unless --deleted (only them) or --all is given. Records linked as \
                one party (`caucus link`) are marked, and counted once among the parties. With --json, each record \
                is one line in the same shape as `caucus dump`.

                Examples:
                  caucus list --country AZE --sort founded
                  caucus list --missing founded --has wikipedia --limit 20
                  caucus list --conflicts --json
                  caucus list --at 2025.1 --country AZE
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @OptionGroup var filter: RecordFilterOptions

        @Flag(help: ArgumentHelp("Only parties with a field in conflict or a delete-vs-edit conflict. Example: caucus list --conflicts."))
        var conflicts = false

        @Option(help: ArgumentHelp("A release name or a version vector file: the parties as they stood there. Example: --at 2025.1.", valueName: "release|vv-file"))
        var at: String?

        @Option(help: ArgumentHelp("Sort by id (the default) or by any field, e.g. --sort founded; numbers sort as numbers and missing values last.", valueName: "field"))
        var sort: String = "id"

        @Flag(name: [.short, .long], help: ArgumentHelp("Reverse the order. Example: caucus list --sort membership --reverse."))
        var reverse = false

        @Option(help: ArgumentHelp("Print at most this many parties, e.g. --limit 20.", valueName: "n"))
        var limit: Int?

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        }

        func execute() throws {
            let store = try global.openStore()
            try filter.check(store)
            if sort != "id" { _ = try store.requireField(sort) }
            var matches: [RecordState] = []
            func take(_ r: RecordState) { if filter.keeps(r, inConflict: conflicts) { matches.append(r) } }
            if let at {
                let version = try VersionReference.resolve(at, in: store)
                try store.records(at: version.versionVector, describedAs: version.name, includeDeleted: filter.includesDeleted, take)
            } else {
                try store.records(includeDeleted: filter.includesDeleted, take)
            }
            if sort != "id" {
                let key = sort
                matches.sort { a, b in
                    let va = RecordFilterOptions.values(a, key).first, vb = RecordFilterOptions.values(b, key).first
                    switch (va, vb) {
                    case (nil, nil): return a.id < b.id
                    case (nil, _): return false
                    case (_, nil): return true
                    case let (x?, y?):
                        if let dx = Self.number(x), let dy = Self.number(y), dx != dy { return dx < dy }
                        if x.description != y.description { return x.description.localizedStandardCompare(y.description) == .orderedAscending }
                        return a.id < b.id
                    }
                }
            }
            if reverse {
                // Missing values stay last.
                let present = matches.filter { sort == "id" || !RecordFilterOptions.values($0, sort).isEmpty }
                matches = present.reversed() + matches.filter { sort != "id" && RecordFilterOptions.values($0, sort).isEmpty }
            }
            if let limit { matches = Array(matches.prefix(limit)) }
            if output.json {
                let out = OutputBuffer()
                for r in matches { out.line(r.dumpLine) }
                out.flush()
                return
            }
            var table = Table(["ID", "NAME", "COUNTRY", "FOUNDED", "STATUS"])
            for r in matches {
                var status: [String] = []
                if r.deleted { status.append(Style.red("deleted")) }
                if !r.conflicts.isEmpty { status.append(Style.yellow("conflict: " + r.conflicts.keys.sorted().joined(separator: ","))) }
                if r.deleteConflict { status.append(Style.yellow("delete conflict")) }
                let same = SameParty.links(of: r)
                if !same.isEmpty { status.append("same party as " + same.joined(separator: ", ")) }
                func show(_ f: String) -> String { RecordFilterOptions.values(r, f).map(\.description).joined(separator: " / ") }
                table.add([r.id, show("name"), show("country"), show("founded"), status.joined(separator: " ")])
            }
            table.print()
            // Records linked as one party (rule 10) count once among the parties.
            let links = Dictionary(uniqueKeysWithValues: matches.map { ($0.id, SameParty.links(of: $0)) })
            let parties = Set(matches.map { SameParty.group(of: $0.id, links: links).first! }).count
            Console.message(parties == matches.count ? "\(matches.count) part\(matches.count == 1 ? "y" : "ies")."
                            : "\(plural(matches.count, "record")), \(parties) part\(parties == 1 ? "y" : "ies").")
        }

        static func number(_ v: FactValue) -> Double? {
            switch v {
            case .integer(let i): return Double(i)
            case .real(let d): return d
            case .text, .object: return nil
            }
        }
    }
}

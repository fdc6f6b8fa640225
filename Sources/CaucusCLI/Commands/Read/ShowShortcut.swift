/// The `caucus show` lines scripts run most, in exactly these shapes, run without ArgumentParser:
///
///     show PARTY                    --db PATH show PARTY
///     show PARTY --json             --db PATH show PARTY --json
///
/// (`PARTY` and `PATH` not empty and not starting with `-`). Any other line, in any other order
/// or with any other word, goes through ArgumentParser, which owns every message about usage.
///
/// Why it exists: ArgumentParser's first parse in a process costs more than the whole `show`
/// (protocol-conformance lookups over the binary's conformance records, whichever part of the
/// tree is built); Tools/bench/RESULTS.md has the measurements. A test checks that each shape
/// gives the values ArgumentParser parses from it, and the same output and exit code.
struct ShowShortcut: Equatable {
    /// The value of `--db`, if given.
    var db: String?
    /// The party id.
    var party: String
    /// Whether `--json` was given.
    var json: Bool

    /// The line's values if `arguments` (without the program name) has one of the shapes, or nil.
    init?(_ arguments: [String]) {
        var words = arguments
        let json = words.last == "--json"
        if json { words.removeLast() }
        let db: String?
        switch words.count {
        case 2 where words[0] == "show": db = nil
        case 4 where words[0] == "--db" && words[2] == "show": db = words[1]
        default: return nil
        }
        let party = words[words.count - 1]
        guard [db ?? "x", party].allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") }) else { return nil }
        self.db = db
        self.party = party
        self.json = json
    }

    /// Shows the party as `caucus show` does: the same output, messages and exit codes.
    ///
    /// - Throws: `ExitCode` with the command's exit code, after printing its message.
    func run() throws {
        try reportingErrors { try Caucus.Show.show(party, json: json, databasePath: GlobalOptions.databasePath(db)) }
    }
}

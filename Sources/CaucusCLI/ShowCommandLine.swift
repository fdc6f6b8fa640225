/// A `caucus show` command line in one of the plain shapes scripts use, recognised
/// without ArgumentParser.
///
/// Why it exists: `caucus show ID` must take at most twice as long as the sqlite3 shell
/// selecting the record's rows (issue 5), about 2.3 ms on the benchmark machine. Building
/// ArgumentParser's command tree for the first time in a process costs more than that on
/// its own: generic metadata instantiation, protocol conformance scans over the
/// binary's ~6,700 conformance records, and reflection of every command struct — about
/// 63% of a `show`'s CPU time in a perf profile. Measured back to back on the shared 2-core
/// machine (hyperfine -N, 60 runs, medians, scale-16 replica, `show pf-6641`): 13.5 ms
/// through ArgumentParser, 10.8 ms through this path; the sqlite3 shell took 2.7 ms.
///
/// The shapes: `[--db PATH] show [--db PATH] [--json] PARTY`, with the words after `show`
/// in any order, `--db` at most once, and `PATH` and `PARTY` not empty and not starting
/// with `-`. Anything else — help, `--version`, `--db=PATH`, `--`, an unknown or repeated
/// option, a missing party — returns nil and goes through ArgumentParser, which owns every
/// message about usage. A recognised line runs ``Caucus/Show/show(_:json:databasePath:)``
/// with the values ArgumentParser would have parsed (a test compares the two parses), and
/// reports errors through the same ``reportingErrors(_:)``: same output, same exit codes.
struct ShowCommandLine: Equatable {
    /// The value of `--db`, if given.
    var db: String?
    /// The party id.
    var party: String
    /// Whether `--json` was given.
    var json: Bool

    /// Recognises `arguments` (without the program name), or returns nil.
    init?(_ arguments: [String]) {
        func isValue(_ word: String) -> Bool { !word.isEmpty && !word.hasPrefix("-") }
        var db: String?, party: String?, json = false, sawShow = false
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            switch word {
            case "--db":
                guard db == nil, i + 1 < arguments.count, isValue(arguments[i + 1]) else { return nil }
                db = arguments[i + 1]
                i += 1
            case "--json":
                guard sawShow, !json else { return nil }
                json = true
            case "show" where !sawShow:
                sawShow = true
            default:
                guard sawShow, party == nil, isValue(word) else { return nil }
                party = word
            }
            i += 1
        }
        guard let party else { return nil }
        self.db = db
        self.party = party
        self.json = json
    }

    /// Shows the party, reporting errors as `caucus show` does.
    ///
    /// - Throws: `ExitCode` with the command's exit code, after printing its message.
    func run() throws {
        try reportingErrors {
            try Caucus.Show.show(party, json: json, databasePath: GlobalOptions.databasePath(option: db))
        }
    }
}

import ArgumentParser
import CaucusCore
import CaucusSync

extension Caucus {
    /// `caucus import`: merges changeset files.
    struct Import: CaucusCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Merge changeset files from other editors; each file is checked whole, then applied all or nothing.",
            discussion: """
                Prints for each file the operations new and already present, the records touched and the new \
                conflicts. Importing a file again changes nothing. With --dry-run, nothing is changed: the summary \
                says what would be. With --exit-code, exits with 2 when conflicts remain afterwards (see \
                `caucus conflicts`); without it, a successful import exits with 0.

                Examples:
                  caucus import from-alice.caucus-changes
                  caucus import --dry-run from-alice.caucus-changes
                """
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Flag(name: .customLong("dry-run"), help: ArgumentHelp("Check and merge, then roll back: show what would change and change nothing. Example: caucus import --dry-run x.caucus-changes."))
        var dryRun = false

        @Flag(name: .customLong("exit-code"), help: ArgumentHelp("Exit with 2 when conflicts remain after the import, for scripts. Example: caucus import --exit-code x.caucus-changes || caucus conflicts."))
        var exitCode = false

        @Argument(help: ArgumentHelp("The changeset files, imported in the order given, e.g. from-alice.caucus-changes.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name the changeset files to import, e.g. caucus import from-alice.caucus-changes") }
        }

        func execute() throws {
            let real = try global.openStore()
            // A dry run imports into a throwaway copy, through the same code as a real import.
            let copy = dryRun ? try real.temporaryCopy() : nil
            defer { copy?.remove() }
            let store = copy?.store ?? real
            var total = (added: 0, present: 0, touched: 0, conflicts: 0)
            for file in files {
                let deleteConflictsBefore = try store.deleteConflictCount()
                var r = try Importer.importChangeset(at: file, into: store, time: now())
                // The importer counts field conflicts; records deleted while edited count too.
                r.newConflicts += max(0, try store.deleteConflictCount() - deleteConflictsBefore)
                total.added += r.added; total.present += r.alreadyPresent; total.touched += r.partiesTouched; total.conflicts += r.newConflicts
                if output.json {
                    var o = JSONObject()
                    o.add("file", file)
                    o.add("dry_run", dryRun)
                    o.add("editor", r.sender.editor)
                    o.add("replica", r.sender.id.rawValue)
                    o.add("operations", r.operationsInFile)
                    o.add("new", r.added)
                    o.add("already_present", r.alreadyPresent)
                    o.add("records_touched", r.partiesTouched)
                    o.add("new_conflicts", r.newConflicts)
                    o.add("settled_conflicts", r.settledConflicts)
                    o.add("pinned_new_key", r.pinnedNewKey)
                    Out.line(o.text)
                    continue
                }
                if r.pinnedNewKey {
                    Console.message(dryRun ? "Notice: first changeset from editor \(r.sender.editor); their key would be pinned."
                                           : "Notice: first changeset from editor \(r.sender.editor); their key is now pinned.")
                }
                let verb = dryRun ? "would add" : "added"
                var line = "\(file) (from \(r.sender.editor)): \(verb) \(plural(r.added, "new operation")), \(r.alreadyPresent) already present, \(plural(r.partiesTouched, "record")) touched, \(r.newConflicts) new \(r.newConflicts == 1 ? "conflict" : "conflicts")"
                if r.settledConflicts > 0 { line += ", \(r.settledConflicts) settled" }
                Console.message(line + ".")
            }
            if dryRun {
                if !output.json { Console.message("Dry run: nothing was changed.") }
                return
            }
            if files.count > 1 && !output.json {
                Console.message("Total: \(plural(total.added, "new operation")), \(total.present) already present, \(plural(total.touched, "record")) touched, \(total.conflicts) new \(total.conflicts == 1 ? "conflict" : "conflicts").")
            }
            let pending = try store.conflictCount()
            if pending > 0 {
                if !output.json { Console.message("\(pending) conflict\(pending == 1 ? "" : "s") to settle: run `caucus conflicts`.") }
                if exitCode { throw ExitCode(ExitCodes.conflictsRemain) }
            }
        }
    }
}

import ArgumentParser

/// Options of every read command: `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(help: ArgumentHelp("Print JSON instead of a table: one object, or one object per line (NDJSON) for lists. The keys are documented in docs/WORKFLOW.md and stay stable. Example: caucus list --json."))
    var json = false
}

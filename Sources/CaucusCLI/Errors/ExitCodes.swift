/// The exit codes, documented in the README (docs/WORKFLOW.md).
enum ExitCodes {
    /// Something failed; the message says what.
    static let failure: Int32 = 1
    /// The command worked, and conflicts remain to settle (`conflicts`, `import --exit-code`).
    static let conflictsRemain: Int32 = 2
    /// A value, file or argument is not valid.
    static let badInput: Int32 = 3
    /// No such party, field, file or database.
    static let notFound: Int32 = 4
    /// Another process holds the database's write lock for too long.
    static let busy: Int32 = 5
    /// The hub cannot be reached, the connection broke, or the hub cannot serve now (`push`, `pull`, `sync`).
    static let hubUnreachable: Int32 = 6
}

import CSQLiteTuning
import CaucusCLI

// Before any database is opened: SQLite's memory statistics would make every allocation take a
// process-wide mutex, which an import's decoding thread and its merging thread contend for.
_ = caucus_sqlite_disable_memstatus()
Caucus.main()

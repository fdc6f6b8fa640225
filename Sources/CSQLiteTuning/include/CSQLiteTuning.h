#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Turns off SQLite's memory statistics for the whole process (SQLITE_CONFIG_MEMSTATUS),
/// before any connection is opened. With them on, every allocation SQLite makes takes one
/// process-wide mutex, which two threads reading and writing at once then contend for.
/// Returns SQLite's result code: SQLITE_OK, or SQLITE_MISUSE once SQLite is initialised.
int caucus_sqlite_disable_memstatus(void);

#endif

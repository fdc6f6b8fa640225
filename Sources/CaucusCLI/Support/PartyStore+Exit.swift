import CaucusCore

extension PartyStore {
    /// Closes the database connection and keeps the store object alive until the process
    /// ends, for a command that exits right after it.
    ///
    /// Releasing the store would tear down GRDB's queue: its `deinit` builds Foundation's
    /// `NotificationCenter` only to unregister from it, and disposing of its dispatch queue
    /// starts a libdispatch worker thread, work a process about to exit does not need (the
    /// cost is in Tools/bench/RESULTS.md). The connection itself is closed here, so the `-wal` and
    /// `-shm` files are removed as usual; when closing fails, the store is released as usual.
    func closeForExit() {
        guard (try? writer.close()) != nil else { return }
        _ = Unmanaged.passRetained(self)
    }
}

import GRDB

extension PartyStore {
    /// Merges operations like ``integrate(replicas:sender:time:_:)`` and computes
    /// the same summary (records touched, new and settled conflicts), then rolls
    /// everything back: the database is unchanged. For `import --dry-run`.
    ///
    /// - Returns: what the merge would change.
    /// - Throws: what `body` throws, or a ``StoreError``.
    public func previewIntegrate(replicas: [ReplicaInfo], time: Int64,
                                 _ body: (OperationIntegrator) throws -> Void) throws -> WriteSummary {
        struct Rollback: Error { var summary: WriteSummary }
        do {
            try write { db in
                let session = try StoreSession(db, schema: schema)
                for r in replicas { _ = try session.replicaIndex(r.id, editor: r.editor) }
                let integrator = OperationIntegrator(session: session)
                try body(integrator)
                let outcome = try session.finish()
                throw Rollback(summary: WriteSummary(operationsAdded: integrator.added, duplicates: integrator.duplicates,
                                                     partiesTouched: outcome.partiesTouched, newConflicts: outcome.newConflicts,
                                                     settledConflicts: outcome.settledConflicts))
            }
        } catch let rollback as Rollback {
            return rollback.summary
        }
        preconditionFailure("previewIntegrate always rolls back")
    }
}

import CaucusCore

/// Checks a body against its header's batch table (format 3) as the operations stream past:
/// every operation lies in a batch of its replica, a vouched batch holds exactly the
/// operations it names, and a signed batch's signature is its author's over the operations
/// the body holds in it.
///
/// Operations come in (replica, counter) order and batches in the same order, so one cursor
/// walks both: O(1) per batch and O(bytes) per operation, with one batch's digest in memory.
struct BatchVerifier {
    private let batches: [AuthorBatch]
    private let keys: [ReplicaID: [UInt8]]
    private var next = 0
    private var current: AuthorBatch?
    private var digest: BatchDigest?
    private var count: Int64 = 0

    init(_ header: ChangesetHeader) {
        batches = header.batches
        keys = Dictionary(header.replicas.compactMap { r in r.publicKey.map { (r.id, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Feeds the next operation of the body.
    mutating func add(_ op: FactOperation) throws {
        if let c = current, c.replica != op.dot.replica || c.counters.upperBound < op.dot.counter {
            try close()
        }
        if current == nil {
            // Ops are sorted, so a batch the cursor passes holds no operation of the body.
            while next < batches.count, batches[next].replica < op.dot.replica
                    || (batches[next].replica == op.dot.replica && batches[next].counters.upperBound < op.dot.counter) {
                openNext()
                try close()
            }
            guard next < batches.count, batches[next].replica == op.dot.replica, batches[next].counters.contains(op.dot.counter) else {
                throw FormatProblem.malformed("operation \(op.dot) is in no batch of the header")
            }
            openNext()
        }
        count += 1
        if digest != nil { digest!.add(op) }
    }

    /// Checks the batches after the last operation.
    mutating func finish() throws {
        if current != nil { try close() }
        while next < batches.count {
            openNext()
            try close()
        }
    }

    private mutating func openNext() {
        let batch = batches[next]
        next += 1
        current = batch
        count = 0
        digest = batch.isSigned ? BatchDigest(replica: batch.replica, first: batch.counters.lowerBound) : nil
    }

    private mutating func close() throws {
        guard let batch = current else { return }
        current = nil
        let name = "the batch of operations \(batch.counters.lowerBound)–\(batch.counters.upperBound) of replica \(batch.replica.rawValue.prefix(12))…"
        if let signature = batch.signature {
            guard digest!.isSigned(signature, by: keys[batch.replica]!, last: batch.counters.upperBound) else {
                throw FormatProblem.malformed("\(name) is not signed by its author's key: an operation in it was altered, added or left out")
            }
        } else if count != batch.counters.upperBound - batch.counters.lowerBound + 1 {
            throw FormatProblem.malformed("\(name) is vouched for, but the body holds \(count) of its operations")
        }
    }
}

import Foundation
import GRDB

/// The author batches a store holds (`op_batch`, m006), read and written inside one transaction.
///
/// A replica's batches are disjoint (invariant 8), so the batches that meet a range are the one
/// that starts at or before it, if it reaches the range, and those that start inside it: two
/// index seeks and a range scan, whatever the number of batches.
struct BatchDirectory {
    /// A batch as stored: its counters and, when signed, its signature.
    struct Stored: Equatable {
        var counters: ClosedRange<Int64>
        var signature: [UInt8]?
    }

    private let db: Database

    init(_ db: Database) { self.db = db }

    /// The batches of replica `idx` that meet any of `ranges`, in counter order.
    func batches(overlapping ranges: [ClosedRange<Int64>], of idx: Int64) throws -> [Stored] {
        var found: [Stored] = []
        for range in ranges {
            let straddling = try Row.fetchOne(db, sql: """
                SELECT first, last, signature FROM op_batch WHERE replica = ? AND first <= ? ORDER BY first DESC LIMIT 1
                """, arguments: [idx, range.lowerBound]).map(Self.stored)
            if let straddling, straddling.counters.upperBound >= range.lowerBound, found.last != straddling { found.append(straddling) }
            if range.upperBound > range.lowerBound {
                found += try Row.fetchAll(db, sql: """
                    SELECT first, last, signature FROM op_batch WHERE replica = ? AND first BETWEEN ? AND ? ORDER BY first
                    """, arguments: [idx, range.lowerBound + 1, range.upperBound]).map(Self.stored)
            }
        }
        return found
    }

    /// The signed batches of replica `idx` that meet any of `ranges`, in counter order.
    func signed(overlapping ranges: [ClosedRange<Int64>], of idx: Int64) throws -> [Stored] {
        try batches(overlapping: ranges, of: idx).filter { $0.signature != nil }
    }

    /// The first counter of replica `idx`'s first signed batch: from there on it signs every
    /// operation (invariant 9); nil when it has signed none here.
    func signsFrom(_ idx: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT min(first) FROM op_batch WHERE replica = ? AND signature IS NOT NULL", arguments: [idx])
    }

    /// How many operations of replica `idx` above `counter` its signed batches hold.
    func signedCount(above counter: Int64, of idx: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(sum(last - first + 1), 0) FROM op_batch WHERE replica = ? AND first > ? AND signature IS NOT NULL",
                           arguments: [idx, counter]) ?? 0
    }

    /// The last counter in any batch of replica `idx`, 0 when it has none.
    func lastBatched(_ idx: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(last) FROM op_batch WHERE replica = ?", arguments: [idx]) ?? 0
    }

    /// Stores a signed batch of replica `idx`, whose operations the store holds in no batch.
    func insertSigned(_ counters: ClosedRange<Int64>, signature: [UInt8], of idx: Int64) throws {
        try db.execute(sql: "INSERT INTO op_batch (replica, first, last, signature) VALUES (?, ?, ?, ?)",
                       arguments: [idx, counters.lowerBound, counters.upperBound, Data(signature)])
    }

    /// Marks operations of replica `idx` as vouched for by replica `voucher`.
    func insertVouched(_ counters: ClosedRange<Int64>, of idx: Int64, by voucher: Int64) throws {
        try db.execute(sql: "INSERT INTO op_batch (replica, first, last, vouched_by) VALUES (?, ?, ?, ?)",
                       arguments: [idx, counters.lowerBound, counters.upperBound, voucher])
    }

    private static func stored(_ row: Row) -> Stored {
        Stored(counters: (row[0] as Int64)...(row[1] as Int64), signature: (row[2] as Data?).map { [UInt8]($0) })
    }
}

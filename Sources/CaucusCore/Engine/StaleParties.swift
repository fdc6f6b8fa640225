import Foundation
import GRDB

/// The parties whose search text may have changed since the full-text index was
/// last refreshed, kept as bitmaps in `search_stale` (`m003_compact_op.sql`):
/// row `page` holds one bit per party id from `page * pageSize`, so marking
/// every party of a large import costs a few rows instead of one per party.
enum StaleParties {
    /// Parties per row: 8,192, a 1 KiB bitmap.
    static let pageSize: Int64 = 8192

    /// Marks `pids` stale.
    static func mark(_ pids: some Sequence<Int64>, in db: Database) throws {
        var pages: [Int64: [UInt8]] = [:]
        for pid in pids {
            let page = pid / pageSize, bit = Int(pid % pageSize)
            if pages[page] == nil {
                pages[page] = try [UInt8](Data.fetchOne(db, sql: "SELECT bits FROM search_stale WHERE page = ?", arguments: [page])
                                          ?? Data(count: Int(pageSize / 8)))
            }
            pages[page]![bit >> 3] |= 1 << UInt8(bit & 7)
        }
        for (page, bits) in pages {
            try db.execute(sql: "INSERT OR REPLACE INTO search_stale (page, bits) VALUES (?, ?)", arguments: [page, Data(bits)])
        }
    }

    /// Every stale party id, ascending.
    static func all(in db: Database) throws -> [Int64] {
        var pids: [Int64] = []
        for row in try Row.fetchAll(db, sql: "SELECT page, bits FROM search_stale ORDER BY page") {
            let page: Int64 = row[0], bits: Data = row[1]
            for (i, byte) in bits.enumerated() where byte != 0 {
                for b in 0..<8 where byte & (1 << b) != 0 { pids.append(page * pageSize + Int64(i * 8 + b)) }
            }
        }
        return pids
    }

    /// `caucus_stale_bits(pid % 8192)`: the bitmap of a page's parties, for `m003_compact_op.sql`.
    struct Bitmap: DatabaseAggregate {
        var bits = [UInt8](repeating: 0, count: Int(StaleParties.pageSize / 8))

        init() {}

        mutating func step(_ values: [DatabaseValue]) throws {
            guard let bit = Int.fromDatabaseValue(values[0]), bit >= 0, bit < Int(StaleParties.pageSize) else { return }
            bits[bit >> 3] |= 1 << UInt8(bit & 7)
        }

        func finalize() throws -> (any DatabaseValueConvertible)? { Data(bits) }
    }

    /// The aggregate ``Bitmap`` under the name the migration calls.
    static let bitmapFunction = DatabaseFunction("caucus_stale_bits", argumentCount: 1, aggregate: Bitmap.self)
}

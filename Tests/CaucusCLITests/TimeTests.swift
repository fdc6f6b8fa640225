@testable import CaucusCLI
import CaucusTestSupport
import Foundation
import Testing

/// The times commands print.
@Suite struct TimeTests {
    /// What Foundation's formatter prints for `t`, the reference for ``Time``.
    func reference(_ t: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    @Test func iso_printsWhatISO8601DateFormatterPrints_atCalendarEdges() {
        // 1970, leap days of 2000 (a leap year) and 2100 (not), the ends of years and days, before 1970.
        // (Not before 1582: there Foundation switches to the Julian calendar, and editors made no edits.)
        let times: [Int64] = [0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 951_868_800, 978_307_199,
                              1_700_000_000, 1_795_000_000, 4_107_456_000, 4_107_542_399, 4_107_542_400,
                              -1, -86_400, -86_401, -2_208_988_800, -12_219_292_800, 253_402_300_799]
        for t in times { #expect(Time.iso(t) == reference(t), "t = \(t)") }
    }

    @Test func iso_printsWhatISO8601DateFormatterPrints_atRandomTimes() {
        var rng = SplitMix(seed: 5)
        for _ in 0..<2000 {
            let t = Int64(bitPattern: rng.next() % 10_000_000_000) - 2_000_000_000
            #expect(Time.iso(t) == reference(t), "t = \(t)")
        }
    }

    @Test func short_isTheISOTimeToTheMinute_withASpace() {
        #expect(Time.short(1_764_391_759) == "2025-11-29 04:49")
        #expect(Time.iso(1_764_391_759) == "2025-11-29T04:49:19Z")
    }
}

/// Times as editors read them, in UTC.
///
/// Computed with integer arithmetic on the proleptic Gregorian calendar (the days-from-civil
/// algorithm of Howard Hinnant's date library) rather than with `ISO8601DateFormatter`, which
/// builds an ICU formatter per call, slow next to the rest of a `show`.
enum Time {
    /// `2026-11-29T04:49:19Z`.
    static func iso(_ t: Int64) -> String {
        let (date, hour, minute, second) = parts(t)
        return "\(date)T\(twoDigits(hour)):\(twoDigits(minute)):\(twoDigits(second))Z"
    }

    /// `2026-11-29 04:49` (UTC), for tables.
    static func short(_ t: Int64) -> String {
        let (date, hour, minute, _) = parts(t)
        return "\(date) \(twoDigits(hour)):\(twoDigits(minute))"
    }

    /// The date as `YYYY-MM-DD`, and the time of day, of `t` seconds since 1970.
    private static func parts(_ t: Int64) -> (date: String, hour: Int64, minute: Int64, second: Int64) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secondOfDay = t - days * 86_400
        // Days since 0000-03-01, split into 400-year eras of 146,097 days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year >= 0 && year < 10_000 ? String(String(year + 10_000).dropFirst()) : String(year)
        return ("\(yearText)-\(twoDigits(month))-\(twoDigits(day))", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    private static func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
}

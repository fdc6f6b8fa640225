import Foundation

/// The datasets whose party ids Caucus knows the form of, as Party Facts links them, and the
/// matching of ids against a pattern, for `external-id` fields (``FieldType/externalID``).
///
/// A team field named after a known dataset (`wikidata`, `parlgov`, …) takes that dataset's id
/// form unless its definition gives another pattern. The pattern is written into the field's
/// definition, so that every replica checks ids alike whatever this list says in a later build.
///
/// ```swift
/// ExternalDataset.pattern(for: "wikidata")                          // "Q[1-9][0-9]*"
/// ExternalDataset.matches("Q123", pattern: "Q[1-9][0-9]*")          // true
/// ```
public enum ExternalDataset {
    /// The id form of each known dataset, by the field name that holds its ids.
    public static let known: [(name: String, pattern: String, help: String)] = [
        ("wikidata", "Q[1-9][0-9]*", "the party's Wikidata item (Q…)"),
        ("parlgov", "[1-9][0-9]*", "the party's id in ParlGov"),
        ("partyfacts", "[1-9][0-9]*", "the party's id in Party Facts"),
        ("manifesto", "[0-9]{5}", "the party's five-digit code in the Manifesto Project"),
        ("ches", "[1-9][0-9]*", "the party's id in the Chapel Hill Expert Survey"),
        ("vparty", "[1-9][0-9]*", "the party's id in V-Party"),
        ("ess", "[1-9][0-9]*", "the party's id in the European Social Survey"),
    ]

    /// The id form of the dataset `name`, or nil when it is not a known one.
    public static func pattern(for name: String) -> String? { known.first { $0.name == name }?.pattern }

    /// Whether `pattern` can be a field's pattern: at most ``Limits/patternBytes``, and a regular
    /// expression this build compiles.
    public static func isValidPattern(_ pattern: String) -> Bool {
        !pattern.isEmpty && pattern.utf8.count <= Limits.patternBytes && compiled(pattern) != nil
    }

    /// Whether `text` matches `pattern` whole; false for a pattern that does not compile.
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = compiled(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    /// Compiles each pattern once: `import-csv` checks every row's ids against a few patterns.
    private static func compiled(_ pattern: String) -> Regex<AnyRegexOutput>? {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let hit = cache.regexes[pattern] { return hit }
        let regex = try? Regex(pattern)
        cache.regexes[pattern] = regex
        return regex
    }

    private static let cache = PatternCache()
}

/// The compiled patterns, behind a lock.
private final class PatternCache: @unchecked Sendable {
    let lock = NSLock()
    var regexes: [String: Regex<AnyRegexOutput>?] = [:]
}

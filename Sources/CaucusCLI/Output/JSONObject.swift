import CaucusCore

/// A JSON object built by hand so that key order (and so the output) is stable.
struct JSONObject {
    private var parts: [String] = []

    init() {}

    mutating func add(_ key: String, _ value: String?) { parts.append(JSONText.quoted(key) + ":" + (value.map(JSONText.quoted) ?? "null")) }
    mutating func add(_ key: String, _ value: Int64?) { parts.append(JSONText.quoted(key) + ":" + (value.map { String($0) } ?? "null")) }
    mutating func add(_ key: String, _ value: Int) { parts.append(JSONText.quoted(key) + ":" + String(value)) }
    mutating func add(_ key: String, _ value: Bool) { parts.append(JSONText.quoted(key) + ":" + (value ? "true" : "false")) }
    mutating func add(_ key: String, value: FactValue?) { parts.append(JSONText.quoted(key) + ":" + (value?.json ?? "null")) }
    /// Adds pre-encoded JSON.
    mutating func add(_ key: String, raw: String) { parts.append(JSONText.quoted(key) + ":" + raw) }

    var text: String { "{" + parts.joined(separator: ",") + "}" }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}

extension FactDetail {
    /// `{"value":…,"source":…,"as_of":…,"editor":…,"replica":…,"time":…}`
    var json: String {
        var o = JSONObject()
        o.add("value", value: value)
        o.add("source", source)
        o.add("as_of", asOf)
        o.add("editor", editor)
        o.add("replica", replica.rawValue)
        o.add("time", Time.iso(time))
        return o.text
    }
}

/// What a replica holds: for each replica it has heard from, the set of that
/// replica's operation counters it has stored, gaps included.
///
/// A version vector is exact, not a summary: `export --since` sends every
/// operation whose counter is outside the peer's set, so an operation that
/// arrived out of order is never assumed present.
///
/// JSON form (the `vv` command, `--since` files): an object from replica id to
/// a list of `[first, last]` ranges, keys sorted:
/// `{"3f2a…":[[1,120]],"9c1e…":[[1,40],[46,50]]}`.
public struct VersionVector: Sendable, Hashable {
    /// The counters held, by replica. Replicas with an empty set are left out.
    public private(set) var entries: [ReplicaID: CounterSet]

    /// The empty version vector: nothing seen.
    public init() { entries = [:] }

    /// A version vector from its entries (empty sets are dropped).
    public init(_ entries: [ReplicaID: CounterSet]) {
        self.entries = entries.filter { !$0.value.isEmpty }
    }

    /// The counters held of `replica` (empty when unknown).
    public subscript(replica: ReplicaID) -> CounterSet {
        get { entries[replica] ?? CounterSet() }
        set { entries[replica] = newValue.isEmpty ? nil : newValue }
    }

    /// Whether the operation `dot` is held.
    public func contains(_ dot: Dot) -> Bool { entries[dot.replica]?.contains(dot.counter) ?? false }

    /// Whether every operation held by `other` is held here too.
    public func includes(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { replica, set in set.subtracting(self[replica]).isEmpty }
    }

    /// Adds everything `other` holds.
    public mutating func formUnion(_ other: VersionVector) {
        for (replica, set) in other.entries { self[replica].formUnion(set) }
    }

    /// The total number of operations held.
    public var operationCount: Int64 { entries.values.reduce(0) { $0 + $1.count } }

    /// The canonical JSON text (see the type's documentation).
    public var json: String {
        let body = entries.keys.sorted().map { replica -> String in
            let ranges = entries[replica]!.ranges.map { (r: ClosedRange<Int64>) -> String in "[\(r.lowerBound),\(r.upperBound)]" }.joined(separator: ",")
            return "\(JSONText.quoted(replica.rawValue)):[\(ranges)]"
        }.joined(separator: ",")
        return "{\(body)}"
    }

    /// Reads the JSON form, through `JSONScanner`.
    ///
    /// - Throws: ``VersionVectorError`` naming what is wrong.
    public init(json bytes: some Collection<UInt8>) throws {
        do {
            self = try JSONScanner.scan(bytes) { try VersionVector(reading: &$0) }
        } catch is JSONReadError {
            throw VersionVectorError.notJSON
        }
    }

    /// Reads the JSON form as the next value of `json`: a version vector inside a larger text
    /// (a hub's pull request) is read by the same code as a `--since` file.
    ///
    /// - Throws: ``VersionVectorError`` for JSON of another shape, `JSONReadError` for text that is not JSON.
    public init(reading json: inout JSONScanner) throws {
        guard json.peek() == .object else {
            _ = try json.readValue()   // not JSON at all, or JSON of another shape
            throw VersionVectorError.notAnObject
        }
        var entries: [ReplicaID: CounterSet] = [:]
        try json.readObject { name, json in
            let key = name.text
            guard let replica = ReplicaID(key) else { throw VersionVectorError.badReplica(key) }
            guard json.peek() == .array else { throw VersionVectorError.badRanges(key) }
            var set = CounterSet()
            try json.readArray { json in
                var bounds: [Int64] = []
                guard json.peek() == .array else { throw VersionVectorError.badRanges(key) }
                try json.readArray { json in
                    guard json.peek() == .number, case .integer(let n) = try json.readNumber() else { throw VersionVectorError.badRanges(key) }
                    bounds.append(n)
                }
                guard bounds.count == 2, bounds[0] >= 1, bounds[1] >= bounds[0] else { throw VersionVectorError.badRanges(key) }
                set.formUnion(bounds[0]...bounds[1])
            }
            entries[replica] = set
        }
        self.init(entries)
    }
}

/// Why a version vector's JSON text was refused.
public enum VersionVectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not JSON.
    case notJSON
    /// The JSON is not an object.
    case notAnObject
    /// A key is not a replica id.
    case badReplica(String)
    /// A replica's value is not a list of `[first, last]` ranges with 1 <= first <= last.
    case badRanges(String)

    public var description: String {
        switch self {
        case .notJSON: return "not a version vector: the text is not JSON"
        case .notAnObject: return "not a version vector: expected a JSON object of replica ids"
        case .badReplica(let k): return "not a version vector: \(JSONText.quoted(k)) is not a replica id (32 hex digits)"
        case .badRanges(let k): return "not a version vector: the ranges of replica \(k) must be [[first,last],...] with 1 <= first <= last"
        }
    }
}

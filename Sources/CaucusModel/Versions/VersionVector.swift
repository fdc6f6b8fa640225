import Foundation

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

    /// Reads the JSON form.
    ///
    /// - Throws: ``VersionVectorError`` naming what is wrong.
    public init(json data: Data) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw VersionVectorError.notJSON
        }
        guard let dict = object as? [String: Any] else { throw VersionVectorError.notAnObject }
        var entries: [ReplicaID: CounterSet] = [:]
        for (key, value) in dict {
            guard let replica = ReplicaID(key) else { throw VersionVectorError.badReplica(key) }
            guard let list = value as? [[Any]] else { throw VersionVectorError.badRanges(key) }
            var set = CounterSet()
            for pair in list {
                guard pair.count == 2,
                      let a = (pair[0] as? NSNumber)?.int64Value, let b = (pair[1] as? NSNumber)?.int64Value,
                      a >= 1, b >= a
                else { throw VersionVectorError.badRanges(key) }
                set.formUnion(a...b)
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

/// The global identity of a replica: 32 lower-case hex digits, drawn at random
/// when the replica is created.
public struct ReplicaID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 hex digits.
    public let rawValue: String

    /// Checks and wraps `rawValue`; returns nil unless it is 32 lower-case hex digits.
    public init?(_ rawValue: String) {
        guard rawValue.utf8.count == 32,
              rawValue.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// A new random replica id.
    public static func random() -> ReplicaID {
        var rng = SystemRandomNumberGenerator()
        let hex = (0..<2).map { _ -> String in
            let s = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
        return ReplicaID(hex)!
    }

    public static func < (a: ReplicaID, b: ReplicaID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}

/// One operation's identity: the replica that made it and that replica's counter.
public struct Dot: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The replica that made the operation.
    public var replica: ReplicaID
    /// Its position in that replica's sequence, from 1.
    public var counter: Int64

    /// Creates a dot.
    public init(replica: ReplicaID, counter: Int64) {
        self.replica = replica
        self.counter = counter
    }

    public static func < (a: Dot, b: Dot) -> Bool {
        (a.replica, a.counter) < (b.replica, b.counter)
    }
    public var description: String { "\(replica.rawValue.prefix(8))#\(counter)" }
}

import CaucusCore
import Testing

/// The merge laws, per field kind: merging batches of operations is
/// commutative, associative and idempotent. Each law is checked on operation
/// batches made by three replicas editing the same facts concurrently.
@Suite struct MergeLawTests {
    enum Kind: String, CaseIterable, Sendable { case scalar, set, record }

    /// Three concurrent batches of operations (one per replica) on one kind of field, over a shared base.
    func batches(_ kind: Kind) throws -> (base: [FactOperation], batches: [[FactOperation]], replicas: [ReplicaInfo]) {
        let a = try TestReplica("alice"), b = try TestReplica("bob"), c = try TestReplica("carol")
        try a.set("ucpa", "membership", .integer(6000))
        try a.add("ucpa", "ideology", "Communism")
        try a.set("ucpa", "leader", .text("Rauf Gurbanov"))
        try b.pull(from: a)
        try c.pull(from: a)
        let base = try a.operations()
        switch kind {
        case .scalar:
            try a.set("ucpa", "membership", .integer(7000))
            try b.set("ucpa", "membership", .integer(5000))
            try b.set("ucpa", "membership", .integer(5100))
            try c.set("ucpa", "membership", .integer(7000))
            try c.edit(Edit(party: "ucpa", field: "leader", action: .clear))
        case .set:
            try a.remove("ucpa", "ideology", "Communism")
            try b.add("ucpa", "ideology", "Communism")
            try b.add("ucpa", "ideology", "Socialism")
            try c.add("ucpa", "ideology", "Socialism")
            try c.remove("ucpa", "ideology", "Socialism")
        case .record:
            try a.delete("ucpa")
            try b.set("ucpa", "leader", .text("Sayad Sayadov"))
            try c.delete("ucpa")
        }
        let batches = try [a, b, c].map { r in try r.operations().filter { op in !base.contains(op) } }
        let replicas = try [a, b, c].flatMap { try $0.replicaInfos() }
        return (base, batches, replicas)
    }

    /// A fresh replica that merged `groups` in order, one transaction per group.
    func merged(_ groups: [[FactOperation]], replicas: [ReplicaInfo]) throws -> [String] {
        let r = try TestReplica("observer")
        for g in groups { try r.integrate(g, from: replicas) }
        return try r.dump()
    }

    @Test(arguments: Kind.allCases)
    func merge_isCommutative(kind: Kind) throws {
        let (base, b, replicas) = try batches(kind)
        #expect(try merged([base, b[0], b[1]], replicas: replicas) == merged([base, b[1], b[0]], replicas: replicas))
        #expect(try merged([base, b[0], b[1], b[2]], replicas: replicas) == merged([b[2], b[1], base, b[0]], replicas: replicas))
    }

    @Test(arguments: Kind.allCases)
    func merge_isAssociative(kind: Kind) throws {
        let (base, b, replicas) = try batches(kind)
        #expect(try merged([base, b[0] + b[1], b[2]], replicas: replicas) == merged([base, b[0], b[1] + b[2]], replicas: replicas))
    }

    @Test(arguments: Kind.allCases)
    func merge_isIdempotent(kind: Kind) throws {
        let (base, b, replicas) = try batches(kind)
        let once = try merged([base] + b, replicas: replicas)
        #expect(try merged([base] + b + b + [base], replicas: replicas) == once)
        #expect(try merged([base + base, b[0] + b[0]] + b, replicas: replicas) == once)
    }

    @Test(arguments: Kind.allCases)
    func merge_keepsEveryConcurrentValue(kind: Kind) throws {
        let (base, b, replicas) = try batches(kind)
        let dump = try merged([base] + b, replicas: replicas).joined()
        switch kind {
        case .scalar: #expect(dump.contains(#""membership":[5100,7000]"#))
        case .set: #expect(dump.contains(#""ideology":["Communism","Socialism"]"#))
        case .record: #expect(dump.contains(#""deleted":true"#) && dump.contains(#""delete_conflict":true"#))
        }
    }
}

import CaucusCore
import CaucusTestSupport
import Testing

/// Randomised: several replicas edit a few records concurrently and swap
/// operations in random batches — out of order, duplicated, with gaps, merged
/// a random number at a time — and must all end with identical state, equal
/// to what the pure merge (``Merge``) computes.
@Suite struct ConvergenceTests {
    static let parties = ["ucpa", "ucpa-1", "pf-6641"]
    static let scalarValues: [(String, FactValue)] = [
        ("membership", .integer(5000)), ("membership", .integer(7000)), ("leader", .text("Sayad Sayadov")),
        ("leader", .text("Rauf Gurbanov")), ("vote_share", .real(8.3)), ("newspaper", .text("Kommunist")),
    ]
    static let members = ["Communism", "Marxism-Leninism", "Socialism"]

    /// One random local edit; edits the store refuses (e.g. on a deleted record) are skipped.
    func randomEdit(_ r: TestReplica, _ rng: inout SplitMix) throws {
        let party = Self.parties.randomElement(using: &rng)!
        let roll = Int.random(in: 0..<100, using: &rng)
        let edit: Edit
        switch roll {
        case 0..<45:
            let (field, value) = Self.scalarValues.randomElement(using: &rng)!
            edit = Edit(party: party, field: field, action: .set(value))
        case 45..<65: edit = Edit(party: party, field: "ideology", action: .add(.text(Self.members.randomElement(using: &rng)!)))
        case 65..<80: edit = Edit(party: party, field: "ideology", action: .remove(.text(Self.members.randomElement(using: &rng)!)))
        case 80..<85: edit = Edit(party: party, field: "membership", action: .clear)
        case 85..<93: edit = Edit(party: party, action: .delete)
        default: edit = Edit(party: party, action: .restore)
        }
        do { try r.edit(edit) } catch is StoreError {}
    }

    @Test(arguments: 0..<40)
    func randomEditsAndSyncs_converge_toThePureMerge(seed: UInt64) throws {
        try randomEditsAndSyncs(seed: seed, onFile: false)
    }

    /// The same on database files, where merges read ahead through snapshots.
    @Test(arguments: 100..<110)
    func randomEditsAndSyncsOnFiles_converge_toThePureMerge(seed: UInt64) throws {
        try randomEditsAndSyncs(seed: seed, onFile: true)
    }

    func randomEditsAndSyncs(seed: UInt64, onFile: Bool) throws {
        var rng = SplitMix(seed: seed)
        let replicas = try (0..<3).map { try TestReplica("editor\($0)", onFile: onFile) }
        let infos = try replicas.flatMap { try $0.replicaInfos() }
        for _ in 0..<40 {
            let r = replicas.randomElement(using: &rng)!
            if Bool.random(using: &rng) || Int.random(in: 0..<3, using: &rng) > 0 {
                try randomEdit(r, &rng)
            } else {
                // A partial, shuffled sync: a random subset of what the other holds, possibly leaving gaps.
                let other = replicas.randomElement(using: &rng)!
                let ops = try other.operations().filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }.shuffled(using: &rng)
                try r.integrate(ops, from: infos, batchSize: Int.random(in: 1...8, using: &rng))
            }
        }
        // Full exchange, in random orders and random batch sizes, with duplicates.
        let everything = try replicas.flatMap { try $0.operations() }
        var dumps: [[String]] = []
        for r in replicas {
            var ops = (everything + everything.prefix(Int.random(in: 0...everything.count, using: &rng))).shuffled(using: &rng)
            while !ops.isEmpty {
                let n = Int.random(in: 1...max(1, ops.count), using: &rng)
                try r.integrate(Array(ops.prefix(n)), from: infos, batchSize: Int.random(in: 1...8, using: &rng))
                ops.removeFirst(n)
            }
            dumps.append(try r.dump())
        }
        #expect(dumps[0] == dumps[1] && dumps[1] == dumps[2])
        #expect(dumps[0] == modelDump(everything))
        for r in replicas {
            let vv = try r.store.versionVector()
            #expect(vv.operationCount == Int64(Set(everything.map(\.dot)).count))
        }
    }
}

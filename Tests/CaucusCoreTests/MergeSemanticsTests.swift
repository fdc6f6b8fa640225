import CaucusCore
import Testing

/// The merge's rules, each shown with two or three replicas that swap operations.
@Suite struct MergeSemanticsTests {
    /// Two replicas holding the same base record.
    func twoReplicasWithBase() throws -> (TestReplica, TestReplica) {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "name", .text("United Communist Party of Azerbaijan"))
        try alice.set("ucpa", "membership", .integer(6000))
        try alice.add("ucpa", "ideology", "Communism")
        try bob.pull(from: alice)
        return (alice, bob)
    }

    @Test func concurrentEdits_sameField_keepBothValues() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.set("ucpa", "membership", .integer(7000), source: "party's own figure")
        try bob.set("ucpa", "membership", .integer(5000), source: "press estimate")
        try alice.pull(from: bob)
        try bob.pull(from: alice)
        #expect(try alice.record("ucpa").conflicts["membership"] == [.integer(5000), .integer(7000)])
        #expect(try alice.record("ucpa").fields["membership"] == nil)
        #expect(try alice.dump() == bob.dump())
    }

    @Test func laterWrite_thatSawTheConflict_settlesIt() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.set("ucpa", "membership", .integer(7000))
        try bob.set("ucpa", "membership", .integer(5000))
        try alice.pull(from: bob)
        try alice.set("ucpa", "membership", .integer(7000), source: "resolved")
        try bob.pull(from: alice)
        #expect(try bob.record("ucpa").fields["membership"] == .integer(7000))
        #expect(try bob.record("ucpa").conflicts.isEmpty)
        #expect(try alice.dump() == bob.dump())
    }

    @Test func equalConcurrentValues_areNotAConflict() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.set("ucpa", "membership", .integer(7000))
        try bob.set("ucpa", "membership", .integer(7000))
        try alice.pull(from: bob)
        #expect(try alice.record("ucpa").fields["membership"] == .integer(7000))
        #expect(try alice.record("ucpa").conflicts.isEmpty)
    }

    @Test func sequentialEdits_lastWriteWins() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.set("ucpa", "membership", .integer(7000))
        try bob.pull(from: alice)
        try bob.set("ucpa", "membership", .integer(7100))
        try alice.pull(from: bob)
        #expect(try alice.record("ucpa").fields["membership"] == .integer(7100))
    }

    @Test func concurrentAddAndRemove_ofSameMember_addWins() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.remove("ucpa", "ideology", "Communism")
        try bob.add("ucpa", "ideology", "Communism")
        try alice.pull(from: bob)
        try bob.pull(from: alice)
        #expect(try alice.record("ucpa").sets["ideology"] == [.text("Communism")])
        #expect(try alice.dump() == bob.dump())
    }

    @Test func removeThatSawTheAdd_removesTheMember() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.add("ucpa", "ideology", "Marxism-Leninism")
        try alice.remove("ucpa", "ideology", "Communism")
        try bob.pull(from: alice)
        #expect(try bob.record("ucpa").sets["ideology"] == [.text("Marxism-Leninism")])
    }

    @Test func deleteWithConcurrentEdit_isFlaggedAsDeleteVsEdit() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.delete("ucpa")
        try bob.set("ucpa", "leader", .text("Sayad Sayadov"))
        try alice.pull(from: bob)
        try bob.pull(from: alice)
        for r in [alice, bob] {
            let rec = try r.record("ucpa")
            #expect(rec.deleted && rec.deleteConflict)
        }
        #expect(try alice.dump() == bob.dump())
    }

    @Test func deleteThatSawEveryEdit_isNotAConflict() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try bob.set("ucpa", "leader", .text("Sayad Sayadov"))
        try alice.pull(from: bob)
        try alice.delete("ucpa")
        try bob.pull(from: alice)
        let rec = try bob.record("ucpa")
        #expect(rec.deleted && !rec.deleteConflict)
    }

    /// Carol overwrites Bob's value; Dave holds Carol's set but not Bob's (a gap) and deletes
    /// the record: the overwritten value is judged by the set that overwrote it, which Dave saw.
    @Test func deleteThatSawTheOverwritingSet_isNotAConflict_withoutTheOverwrittenValue() throws {
        let (alice, bob) = try twoReplicasWithBase()
        let carol = try TestReplica("carol"), dave = try TestReplica("dave")
        try carol.pull(from: alice)
        try dave.pull(from: alice)
        try bob.set("ucpa", "leader", .text("Sayad Sayadov"))
        try carol.pull(from: bob)
        try carol.set("ucpa", "leader", .text("Rauf Gurbanov"))
        let carolsSet = try carol.operations().filter { $0.dot.replica == carol.id }
        let known = try alice.replicaInfos() + bob.replicaInfos() + carol.replicaInfos()
        try dave.integrate(carolsSet, from: known)
        try dave.delete("ucpa")
        for r in [alice, bob, carol] { try r.pull(from: dave) }
        try alice.pull(from: carol)
        let rec = try alice.record("ucpa")
        #expect(rec.deleted && !rec.deleteConflict)
        #expect(try alice.dump() == modelDump(try alice.operations()))
    }

    @Test func deleteVsEdit_isSettledByRestoreOrByDeletingAgain() throws {
        let (alice, bob) = try twoReplicasWithBase()
        try alice.delete("ucpa")
        try bob.set("ucpa", "leader", .text("Sayad Sayadov"))
        try alice.pull(from: bob)
        try alice.restore("ucpa")
        #expect(try !alice.record("ucpa").deleted)
        #expect(try alice.record("ucpa").fields["leader"] == .text("Sayad Sayadov"))

        let (carol, dmitri) = try twoReplicasWithBase()
        try carol.delete("ucpa")
        try dmitri.set("ucpa", "leader", .text("Sayad Sayadov"))
        try carol.pull(from: dmitri)
        try carol.delete("ucpa")
        try dmitri.pull(from: carol)
        let rec = try dmitri.record("ucpa")
        #expect(rec.deleted && !rec.deleteConflict)
    }

    @Test func editingADeletedRecord_isRefusedUntilRestored() throws {
        let (alice, _) = try twoReplicasWithBase()
        try alice.delete("ucpa")
        #expect(throws: StoreError.partyDeleted("ucpa")) { try alice.set("ucpa", "leader", .text("X")) }
        try alice.restore("ucpa")
        try alice.set("ucpa", "leader", .text("X"))
        #expect(try alice.record("ucpa").fields["leader"] == .text("X"))
    }

    @Test func badEdit_appliesNothingFromItsTransaction() throws {
        let alice = try TestReplica("alice")
        #expect(throws: StoreError.self) {
            try alice.edit(Edit(party: "ucpa", field: "name", action: .set(.text("UCPA"))),
                           Edit(party: "ucpa", field: "membership", action: .set(.text("seven thousand"))))
        }
        #expect(try alice.dump().isEmpty)
        #expect(try alice.store.versionVector().operationCount == 0)
    }

    @Test func operationArrivingAfterItsSuccessor_staysSuperseded() throws {
        // alice writes 1 then 2 (2 supersedes 1); bob receives 2 first, then 1.
        let alice = try TestReplica("alice"), bob = try TestReplica("bob")
        try alice.set("ucpa", "membership", .integer(1))
        try alice.set("ucpa", "membership", .integer(2))
        let ops = try alice.operations()
        try bob.integrate([ops[1]], from: try alice.replicaInfos())
        #expect(try bob.record("ucpa").fields["membership"] == .integer(2))
        try bob.integrate([ops[0]], from: try alice.replicaInfos())
        #expect(try bob.record("ucpa").fields["membership"] == .integer(2))
        #expect(try bob.dump() == alice.dump())
    }

    @Test func versionVector_describesGaps_andExportSinceFillsThem() throws {
        let alice = try TestReplica("alice"), bob = try TestReplica("bob"), carol = try TestReplica("carol")
        for i in 1...6 { try alice.set("p\(i)", "membership", .integer(Int64(i))) }
        let ops = try alice.operations()
        try bob.integrate(Array(ops[3...]), from: try alice.replicaInfos())   // counters 4...6 only
        #expect(try bob.store.versionVector()[alice.id].ranges == [4...6])
        // carol holds everything; exporting for bob's vv sends exactly 1...3.
        try carol.pull(from: alice)
        let missing = try carol.operations(since: try bob.store.versionVector())
        #expect(missing.map(\.dot.counter) == [1, 2, 3])
        try bob.integrate(missing, from: try alice.replicaInfos())
        #expect(try bob.store.versionVector()[alice.id].ranges == [1...6])
        #expect(try bob.dump() == alice.dump())
    }
}

@Suite struct StoredValueTests {
    @Test func values_comeBackWithTheTypeTheyWereWrittenWith() throws {
        let alice = try TestReplica("alice")
        try alice.set("ucpa", "abbreviation", .text("1993"))
        try alice.set("ucpa", "vote_share", .real(12.0))
        try alice.set("ucpa", "membership", .integer(7000))
        let rec = try alice.record("ucpa")
        #expect(rec.fields["abbreviation"] == .text("1993"))
        #expect(rec.fields["vote_share"] == .real(12.0))
        #expect(rec.fields["membership"] == .integer(7000))
        #expect(rec.dumpLine.contains(#""abbreviation":"1993""#) && rec.dumpLine.contains(#""vote_share":12.0"#))
    }
}

@Suite struct ForeignPredTests {
    /// A writer (forged or buggy) whose pred names an op of another record: the
    /// victim's record must end the same whichever arrives first.
    @Test func predNamingAnotherRecordsDelete_givesTheSameStateInEitherOrder() throws {
        let alice = try TestReplica("alice")
        try alice.set("q", "name", .text("Q"))
        try alice.delete("q")
        let aliceOps = try alice.operations()
        let delete = try #require(aliceOps.first { $0.kind == .delete })
        let mallory = ReplicaInfo(id: ReplicaID("ffffffffffffffffffffffffffffffff")!, editor: "mallory")
        let forged = FactOperation(dot: Dot(replica: mallory.id, counter: 1), party: "p", field: "leader", kind: .set,
                                   value: .text("X"), pred: [delete.dot], time: 1)
        let known = try alice.replicaInfos() + [mallory]

        let first = try TestReplica("one"), second = try TestReplica("two")
        try first.integrate(aliceOps, from: known)
        #expect(try first.record("q").deleted)
        try first.integrate([forged], from: known)
        try second.integrate([forged], from: known)
        try second.integrate(aliceOps, from: known)
        #expect(try first.dump() == second.dump())
        #expect(try first.dump() == modelDump(aliceOps + [forged]))
        #expect(try !first.record("q").deleted)
    }
}

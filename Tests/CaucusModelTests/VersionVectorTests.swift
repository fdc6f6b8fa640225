import CaucusModel
import Foundation
import Testing

@Suite struct CounterSetTests {
    @Test func unionOfAdjacentRanges_mergesThem() {
        var s = CounterSet(upTo: 5)
        s.formUnion(6...9)
        #expect(s.ranges == [1...9])
    }

    @Test func outOfOrderRanges_keepTheGapUntilFilled() {
        var s = CounterSet()
        s.formUnion(10...12)
        s.formUnion(1...3)
        #expect(s.ranges == [1...3, 10...12])
        #expect(s.count == 6)
        #expect(!s.contains(5) && s.contains(11))
        s.formUnion(4...9)
        #expect(s.ranges == [1...12])
    }

    @Test func subtracting_returnsExactlyTheMissingRanges() {
        let mine = CounterSet(ranges: [1...20])
        let peer = CounterSet(ranges: [1...5, 8...10, 15...30])
        #expect(mine.subtracting(peer) == [6...7, 11...14])
        #expect(peer.subtracting(mine) == [21...30])
        #expect(mine.subtracting(CounterSet()) == [1...20])
    }

    @Test func randomUnions_matchASetOfIntegers() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var s = CounterSet()
            var reference = Set<Int64>()
            for _ in 0..<10 {
                let lo = Int64.random(in: 1...60, using: &rng), len = Int64.random(in: 0...5, using: &rng)
                s.formUnion(lo...(lo + len))
                for c in lo...(lo + len) { reference.insert(c) }
            }
            #expect(s.count == Int64(reference.count))
            for c in Int64(1)...70 { #expect(s.contains(c) == reference.contains(c)) }
            for (a, b) in zip(s.ranges, s.ranges.dropFirst()) { #expect(a.upperBound + 1 < b.lowerBound) }
        }
    }
}

@Suite struct VersionVectorTests {
    let a = ReplicaID("0123456789abcdef0123456789abcdef")!
    let b = ReplicaID("fedcba9876543210fedcba9876543210")!

    @Test func json_roundTripsWithGaps() throws {
        var vv = VersionVector()
        vv[a] = CounterSet(upTo: 120)
        vv[b] = CounterSet(ranges: [1...40, 46...50])
        #expect(vv.json == #"{"0123456789abcdef0123456789abcdef":[[1,120]],"fedcba9876543210fedcba9876543210":[[1,40],[46,50]]}"#)
        #expect(try VersionVector(json: Data(vv.json.utf8)) == vv)
    }

    @Test func includes_respectsGaps() {
        var full = VersionVector(), gappy = VersionVector()
        full[a] = CounterSet(upTo: 10)
        gappy[a] = CounterSet(ranges: [1...3, 7...10])
        #expect(full.includes(gappy))
        #expect(!gappy.includes(full))
    }

    @Test(arguments: [
        ("not json", VersionVectorError.notJSON),
        ("[1,2]", .notAnObject),
        (#"{"xyz":[[1,2]]}"#, .badReplica("xyz")),
        (#"{"0123456789abcdef0123456789abcdef":[[3,1]]}"#, .badRanges("0123456789abcdef0123456789abcdef")),
        (#"{"0123456789abcdef0123456789abcdef":[[0,1]]}"#, .badRanges("0123456789abcdef0123456789abcdef")),
    ])
    func badText_isRefusedWithTheReason(text: String, error: VersionVectorError) {
        #expect(throws: error) { try VersionVector(json: Data(text.utf8)) }
    }
}

@testable import CaucusCore
import Testing

/// Delete contexts as an export reads them from the store: the canonical text directly,
/// any other JSON spelling of a version vector through the JSON reader.
@Suite struct ContextTextTests {
    static let alice = ReplicaID("0000000000000000000000000000a11c")!
    static let bob = ReplicaID("8000000000000000000000000000000b")!
    static let carol = ReplicaID("f00000000000000000000000000000ff")!
    /// The export's replica table: positions 0 (alice) and 1 (bob); carol is unknown to it.
    static let table = [alice, bob].map { Array($0.rawValue.utf8) }

    func entries(_ text: String) -> [[Int64]]? {
        var text = text
        return text.withUTF8 { ContextText.entries($0, replicas: Self.table) }?.map { entry in
            [Int64(entry.replica)] + entry.ranges.flatMap { [$0.lowerBound, $0.upperBound] }
        }
    }

    @Test func canonicalText_givesTheRangesByPosition_leavingOutUnknownReplicas() {
        var vv = VersionVector()
        vv[Self.alice] = CounterSet(ranges: [1...3, 5...857_962])
        vv[Self.bob] = CounterSet(upTo: 4)
        vv[Self.carol] = CounterSet(upTo: 9)
        var text = vv.json
        #expect(text.withUTF8 { ContextText.parseCanonical($0, replicas: Self.table) } != nil)
        #expect(entries(vv.json) == [[0, 1, 3, 5, 857_962], [1, 1, 4]])
        #expect(entries("{}") == [])
    }

    @Test func otherJSONSpellings_giveTheSameEntries() {
        let spaced = "{ \"\(Self.bob.rawValue)\": [[1, 4]], \"\(Self.alice.rawValue)\": [[5, 9], [1, 3]] }"
        var text = spaced
        #expect(text.withUTF8 { ContextText.parseCanonical($0, replicas: Self.table) } == nil)
        #expect(entries(spaced) == [[0, 1, 3, 5, 9], [1, 1, 4]])
    }

    @Test func textThatIsNoVersionVector_givesNil() {
        #expect(entries("") == nil)
        #expect(entries("{\"\(Self.alice.rawValue)\":[[3,1]]}") == nil)
        #expect(entries("[1,2]") == nil)
        #expect(entries("{\"\(Self.alice.rawValue)\":[[1,2]]") == nil)
    }
}

@testable import CaucusCore
import Testing

/// The packed `op.extra` blob (m003): what goes in comes out, and most ops store nothing.
@Suite struct OpExtraTests {
    @Test func opWithNothingRare_storesNoBlob() {
        #expect(OpExtra().encoded() == nil)
    }

    @Test(arguments: [
        OpExtra(predIDs: [OpID.make(2, 857_962)]),
        OpExtra(time: -1),
        OpExtra(time: 1_800_000_000),
        OpExtra(time: Int64.min),
        OpExtra(predIDs: [OpID.make(1, 1), OpID.make(7, OpID.counterMask)], qualifiers: ClaimQualifiers(source: "party's own figure", dates: ClaimDates(asOf: "2005-11-06")),
                context: [.init(replica: 1, ranges: [1...2, 5...OpID.counterMask]), .init(replica: 3, ranges: [7...7])], time: 42),
        OpExtra(context: []),
        OpExtra(qualifiers: ClaimQualifiers(source: "Azərbaycan — «Kommunist»")),
        OpExtra(qualifiers: ClaimQualifiers(dates: ClaimDates(asOf: "2005"))),
        OpExtra(qualifiers: ClaimQualifiers(dates: ClaimDates(start: "1998", end: "2000-05"), note: "according to the Justice Ministry")),
        OpExtra(qualifiers: ClaimQualifiers(rank: .normal)),
        OpExtra(qualifiers: ClaimQualifiers(rank: .deprecated)),
        OpExtra(predIDs: [OpID.make(3, 4)], qualifiers: ClaimQualifiers(source: "s", dates: ClaimDates(end: "1997"), rank: .preferred), time: -5),
    ])
    func packedParts_comeBackUnchanged(_ extra: OpExtra) throws {
        let bytes = try #require(extra.encoded())
        #expect(bytes.withUnsafeBytes { OpExtra($0) } == extra)
    }

    @Test func opWithoutClaimQualifiers_storesTheBytesItStoredBeforeM005() throws {
        // The layout of m003: tag (one pred, a source), the pred, the source.
        let extra = OpExtra(predIDs: [OpID.make(2, 5)], qualifiers: ClaimQualifiers(source: "s"))
        #expect(extra.encoded() == [1 << 4 | 1, 2, 5, 1, UInt8(ascii: "s")])
    }

    @Test func qualifiersOnlyRead_skipsPredAndContext_andKeepsTheClaim() throws {
        let whole = OpExtra(predIDs: [OpID.make(1, 9)], qualifiers: ClaimQualifiers(source: "s", dates: ClaimDates(start: "1998"), note: "n", rank: .preferred),
                            context: [.init(replica: 1, ranges: [1...3])], time: 7)
        let bytes = try #require(whole.encoded())
        let read = bytes.withUnsafeBytes { OpExtra($0, qualifiersOnly: true) }
        #expect(read.qualifiers == whole.qualifiers && read.predIDs.isEmpty && read.context == nil && read.time == 7)
    }

    @Test func truncatedBlob_yieldsThePartsBeforeTheCut_withoutTrapping() throws {
        let whole = OpExtra(predIDs: [OpID.make(2, 5)], qualifiers: ClaimQualifiers(source: "press estimate"), time: 9)
        let bytes = try #require(whole.encoded())
        for n in 0..<bytes.count {
            let partial = Array(bytes.prefix(n)).withUnsafeBytes { OpExtra($0) }
            #expect(partial.time == 0 && (partial.source == nil || partial.source == whole.source))
            #expect(partial.predIDs.isEmpty || partial.predIDs == whole.predIDs)
        }
    }

    @Test func storedKindCodes_areTheRawValues_andNothingElseDecodes() {
        for kind in OperationKind.allCases {
            #expect(OperationKind.stored(Int64(kind.rawValue)) == kind)
        }
        // m003's codes for superseded ops (0, 8) are gone after m004; 7 is m005's rank.
        for code: Int64 in [0, 8, 9, -1, 256 + 1] { #expect(OperationKind.stored(code) == nil) }
    }

    @Test func m003ReplicaIndexes_readAsAnObjectOfIntegers_andAnythingElseIsRefused() throws {
        #expect(try OpExtra.replicaIndexes(#"{"a1":1, "b2":7}"#) == ["a1": 1, "b2": 7])
        #expect(try OpExtra.replicaIndexes("{}") == [:])
        for bad in ["[1]", #"{"a1":"1"}"#, #"{"a1":1.5}"#, #"{"a1":1,"a1":2}"#, "{"] {
            #expect(throws: (any Error).self) { try OpExtra.replicaIndexes(bad) }
        }
    }
}

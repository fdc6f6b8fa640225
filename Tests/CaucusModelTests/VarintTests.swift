@testable import CaucusModel
import Testing

/// The one varint: what is appended reads back, and nothing past 64 bits reads at all.
@Suite struct VarintTests {
    func read(_ bytes: [UInt8]) throws -> UInt64 {
        var i = 0
        return try Varint.read {
            guard i < bytes.count else { throw CancellationError() }
            defer { i += 1 }
            return bytes[i]
        }
    }

    @Test(arguments: [0, 1, 127, 128, 300, 1 << 40 - 1, UInt64.max] as [UInt64])
    func anAppendedValue_readsBack(value: UInt64) throws {
        var bytes: [UInt8] = []
        Varint.append(value, to: &bytes)
        #expect(bytes.count == max(1, (64 - value.leadingZeroBitCount + 6) / 7))
        #expect(try read(bytes) == value)
    }

    @Test(arguments: [Int64.min, -1, 0, 1, Int64.max])
    func zigZag_roundTrips(value: Int64) {
        #expect(Varint.unZigZag(Varint.zigZag(value)) == value)
    }

    @Test func aVarintPast64Bits_isRefused_notWrapped() {
        #expect(throws: Varint.Overflow.self) { try read(Array(repeating: 0xFF, count: 9) + [0x02]) }
        #expect(throws: Varint.Overflow.self) { try read(Array(repeating: 0x80, count: 10) + [0x00]) }
        #expect(throws: CancellationError.self) { try read([0x80]) }
    }
}

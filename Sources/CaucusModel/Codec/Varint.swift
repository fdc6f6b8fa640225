/// LEB128 varints and zig-zag signed varints: the one encoding of integers in changeset files
/// and in the store's packed operation rows (`op.extra`).
///
/// A varint holds 7 bits a byte, low bits first, with the high bit set on every byte but the
/// last; at most 10 bytes hold a `UInt64`.
package enum Varint {
    /// A varint that does not fit in 64 bits.
    package struct Overflow: Error, CustomStringConvertible {
        /// Whether it ran past 10 bytes (rather than setting bits past the 64th in its 10th).
        package var tooLong: Bool
        package var description: String { tooLong ? "varint longer than 10 bytes" : "varint overflows 64 bits" }
    }

    /// Appends `value`.
    ///
    /// - Complexity: O(1): at most 10 bytes.
    @inlinable
    package static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// `value` mapped to an unsigned one whose varint is short when `value` is near zero.
    @inlinable
    package static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    /// The signed value that ``zigZag(_:)`` mapped to `value`.
    @inlinable
    package static func unZigZag(_ value: UInt64) -> Int64 { Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))) }

    /// Reads one varint, taking its bytes from `next`, which throws (its own error) at the end of input.
    ///
    /// - Throws: ``Overflow`` for a varint past 64 bits, or what `next` throws.
    @inlinable
    package static func read(_ next: () throws -> UInt8) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try next()
            if shift == 63 && b > 1 { throw Overflow(tooLong: false) }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw Overflow(tooLong: true) }
        }
    }
}

import CaucusCore

/// Appends the primitive encodings of the changeset format to a byte buffer:
/// LEB128 varints, zig-zag signed varints, length-prefixed strings.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func varint(_ value: UInt64) { Varint.append(value, to: &bytes) }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    mutating func signed(_ value: Int64) { varint(Varint.zigZag(value)) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string($0) }
    }

    /// A length-prefixed string given as its UTF-8 bytes.
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        varint(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func double(_ d: Double) {
        withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads what ``ByteWriter`` writes, from any source of bytes, refusing
/// anything malformed with a ``FormatProblem`` (never a crash).
protocol ByteSource {
    /// The next byte, or a `.truncated` problem at the end of input.
    mutating func byte() throws -> UInt8
    /// The next `count` bytes.
    mutating func bytes(_ count: Int) throws -> [UInt8]
    /// Calls `body` with the next `count` bytes (a source may lend them without copying).
    mutating func withBytes<T>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T
}

extension ByteSource {
    mutating func varint() throws -> UInt64 {
        do {
            return try Varint.read { try byte() }
        } catch let overflow as Varint.Overflow {
            throw FormatProblem.malformed(overflow.description)
        }
    }

    /// A varint that must be at most `limit`, as an Int.
    mutating func count(max limit: Int, _ what: @autoclosure () -> String) throws -> Int {
        let v = try varint()
        guard v <= UInt64(limit) else { throw FormatProblem.malformed("\(what()) is \(v), more than the limit of \(limit)") }
        return Int(v)
    }

    mutating func signed() throws -> Int64 {
        Varint.unZigZag(try varint())
    }

    mutating func string(max limit: Int = 1 << 20, _ what: @autoclosure () -> String) throws -> String {
        let n = try count(max: limit, "length of \(what())")
        guard let s = try withBytes(n, { String(validating: $0, as: UTF8.self) }) else {
            throw FormatProblem.malformed("\(what()) is not valid UTF-8")
        }
        return s
    }

    /// Calls `body` with the next `count` bytes; by default through a copy (see ``InflatingSource``).
    mutating func withBytes<T>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        try bytes(count).withUnsafeBufferPointer(body)
    }

    mutating func double() throws -> Double {
        let raw = try bytes(8)
        var bits: UInt64 = 0
        for (i, b) in raw.enumerated() { bits |= UInt64(b) << (8 * UInt64(i)) }
        return Double(bitPattern: bits)
    }
}

/// A byte source over an array in memory (the header).
struct ArrayByteSource: ByteSource {
    let data: [UInt8]
    var offset = 0

    init(_ data: [UInt8]) { self.data = data }

    var isAtEnd: Bool { offset == data.count }

    mutating func byte() throws -> UInt8 {
        guard offset < data.count else { throw FormatProblem.truncated("header") }
        defer { offset += 1 }
        return data[offset]
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count <= data.count - offset else { throw FormatProblem.truncated("header") }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }
}

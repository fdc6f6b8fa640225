import CZlib

/// Streaming zlib compression of the changeset body.
final class Deflater {
    private var stream = z_stream()
    private var finished = false
    /// Where deflate writes, reused for every call.
    private let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)

    /// - Parameter level: zlib's level; 1 (fastest) is the default: on changeset bodies the
    ///   time saved is worth more than the bytes (see `Tools/bench/RESULTS.md`).
    init(level: Int32 = 1) throws {
        let status = deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw FormatProblem.malformed("zlib deflateInit failed (\(status))") }
    }

    deinit {
        deflateEnd(&stream)
        output.deallocate()
    }

    /// Compresses `input` (and, with `finish`, ends the stream), passing output chunks to `sink`.
    func compress(_ input: [UInt8], finish: Bool, _ sink: ([UInt8]) throws -> Void) throws {
        precondition(!finished, "compress called after the stream was finished")
        try input.withUnsafeBufferPointer { inBuf in
            // zlib reads through next_in and never writes it.
            stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
            stream.avail_in = uInt(inBuf.count)
            defer { stream.next_in = nil }
            while true {
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(output.count)
                let status = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw FormatProblem.malformed("zlib deflate failed (\(status))")
                }
                let produced = output.count - Int(stream.avail_out)
                if produced > 0 { try sink(Array(UnsafeBufferPointer(rebasing: output[0..<produced]))) }
                if finish ? status == Z_STREAM_END : (stream.avail_in == 0 && stream.avail_out > 0) { break }
            }
        }
        if finish { finished = true }
    }
}

/// Streaming zlib decompression of the changeset body: a ``ByteSource`` that
/// pulls compressed bytes from `next` as it needs them.
struct InflatingSource: ByteSource {
    /// zlib's stream and the compressed input it points into. The input lives in
    /// memory owned here, so the pointer zlib keeps between calls stays valid.
    private final class State {
        var stream = z_stream()
        var ended = false
        var input: UnsafeMutableBufferPointer<UInt8>
        let output: UnsafeMutableBufferPointer<UInt8>
        init() throws {
            input = .allocate(capacity: 1 << 16)
            output = .allocate(capacity: 1 << 17)
            let status = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                input.deallocate(); output.deallocate()
                throw FormatProblem.malformed("zlib inflateInit failed (\(status))")
            }
        }
        func load(_ chunk: [UInt8]) {
            if chunk.count > input.count {
                input.deallocate()
                input = .allocate(capacity: chunk.count)
            }
            _ = input.initialize(fromContentsOf: chunk)
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(chunk.count)
        }
        deinit {
            inflateEnd(&stream)
            input.deallocate()
            output.deallocate()
        }
    }

    private let state: State
    private var buffer: [UInt8] = []
    private var position = 0
    private let next: () throws -> [UInt8]?
    /// Decompressed bytes handed out so far (for error offsets).
    private(set) var offset = 0

    /// - Parameter next: returns the next chunk of compressed bytes, or nil at the end of the body.
    init(next: @escaping () throws -> [UInt8]?) throws {
        state = try State()
        self.next = next
    }

    /// Whether the compressed stream ended exactly and every decompressed byte was read.
    mutating func isAtEnd() throws -> Bool {
        if position < buffer.count { return false }
        try refill()
        return position >= buffer.count && state.ended
    }

    private mutating func refill() throws {
        buffer.removeAll(keepingCapacity: true)
        position = 0
        while buffer.isEmpty && !state.ended {
            if state.stream.avail_in == 0 {
                guard let chunk = try next() else { throw FormatProblem.truncated("the compressed body ends early") }
                if chunk.isEmpty { continue }
                state.load(chunk)
            }
            state.stream.next_out = state.output.baseAddress
            state.stream.avail_out = uInt(state.output.count)
            let status = inflate(&state.stream, Z_NO_FLUSH)
            let produced = state.output.count - Int(state.stream.avail_out)
            switch status {
            case Z_OK: break
            case Z_BUF_ERROR where produced == 0 && state.stream.avail_in > 0:
                throw FormatProblem.malformed("the compressed body is damaged")
            case Z_BUF_ERROR: break
            case Z_STREAM_END:
                state.ended = true
                if state.stream.avail_in > 0 { throw FormatProblem.malformed("bytes after the end of the compressed body") }
                while let more = try next() {
                    if !more.isEmpty { throw FormatProblem.malformed("bytes after the end of the compressed body") }
                }
            default: throw FormatProblem.malformed("the compressed body is damaged (zlib error \(status))")
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: state.output[0..<produced]))
        }
    }

    mutating func byte() throws -> UInt8 {
        if position >= buffer.count {
            try refill()
            guard position < buffer.count else { throw FormatProblem.truncated("body ends in the middle of an operation") }
        }
        defer { position += 1; offset += 1 }
        return buffer[position]
    }

    mutating func withBytes<T>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        // Fast path: the bytes are all in the current buffer, lent without a copy.
        guard count <= buffer.count - position else { return try bytes(count).withUnsafeBufferPointer(body) }
        let start = position
        position += count
        offset += count
        return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if position >= buffer.count {
                try refill()
                guard position < buffer.count else { throw FormatProblem.truncated("body ends in the middle of an operation") }
            }
            let take = Swift.min(count - out.count, buffer.count - position)
            out.append(contentsOf: buffer[position..<position + take])
            position += take
            offset += take
        }
        return out
    }
}

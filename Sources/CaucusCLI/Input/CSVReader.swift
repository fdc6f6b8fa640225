import Foundation

/// A streaming RFC 4180 CSV reader: quoted fields with `""` escapes, commas and
/// line breaks (LF or CRLF) inside quotes, a UTF-8 byte order mark ignored.
/// Reads the file in chunks, so memory stays flat however large it is.
///
/// It is lenient where RFC 4180 is strict but the meaning is clear (a quote
/// inside an unquoted field is kept as text; the last line needs no line break),
/// and strict where a guess could corrupt data (text after a closing quote, an
/// unterminated quoted field, bytes that are not UTF-8): those throw
/// ``CSVReader/Problem`` with the line number.
///
/// ```swift
/// let csv = try CSVReader(path: "parties.csv")
/// while let record = try csv.next() { print(record.line, record.fields) }
/// ```
final class CSVReader {
    /// Why the file could not be read as CSV.
    struct Problem: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// One record: its fields and the line it starts on (1-based).
    struct Record {
        var fields: [String]
        var line: Int
    }

    private let nextChunk: () throws -> [UInt8]?
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var first = true
    /// Bytes read so far (for progress).
    private(set) var bytesRead = 0

    /// Reads the file at `path`.
    ///
    /// - Throws: a `CommandFailure` when it cannot be opened.
    convenience init(path: String) throws {
        try LineFile.requireFile(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(description: "\(path): cannot read it (permission denied?)", exitCode: ExitCodes.badInput)
        }
        self.init { () -> [UInt8]? in
            guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else { try? handle.close(); return nil }
            return [UInt8](data)
        }
    }

    /// Reads CSV text held in memory (for tests).
    convenience init(text: String) {
        var chunks = [Array(text.utf8)]
        self.init { chunks.isEmpty ? nil : chunks.removeFirst() }
    }

    init(chunks: @escaping () throws -> [UInt8]?) { nextChunk = chunks }

    private func peek() throws -> UInt8? {
        if position < buffer.count { return buffer[position] }
        if atEnd { return nil }
        while true {
            guard let chunk = try nextChunk() else { atEnd = true; return nil }
            if chunk.isEmpty { continue }
            bytesRead += chunk.count
            buffer = chunk
            position = 0
            return buffer[0]
        }
    }

    private func advance() { position += 1 }

    /// The next record, or nil at the end of the file.
    func next() throws -> Record? {
        if first {
            first = false
            // Skip a UTF-8 byte order mark.
            if try peek() == 0xEF {
                var bom: [UInt8] = []
                for _ in 0..<3 { if let b = try peek() { bom.append(b); advance() } }
                if bom != [0xEF, 0xBB, 0xBF] { throw Problem(line: 1, message: "the file is not UTF-8 text") }
            }
        }
        guard try peek() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        func finishField() throws {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw Problem(line: line, message: "field \(fields.count + 1) is not UTF-8 text; save the file as UTF-8")
            }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
        }
        while true {
            guard var b = try peek() else { try finishField(); return Record(fields: fields, line: startLine) }
            if b == UInt8(ascii: "\"") && field.isEmpty {
                // A quoted field.
                advance()
                let quoteLine = line
                while true {
                    guard let c = try peek() else {
                        throw Problem(line: quoteLine, message: "a quoted field starting here never ends (a missing closing \")")
                    }
                    advance()
                    if c == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") { field.append(c); advance(); continue }
                        break
                    }
                    if c == 0x0A { line += 1 }
                    field.append(c)
                }
                guard let after = try peek() else { try finishField(); return Record(fields: fields, line: startLine) }
                b = after
                if b != UInt8(ascii: ",") && b != 0x0A && b != 0x0D {
                    throw Problem(line: line, message: "unexpected text after the closing quote of field \(fields.count + 1)")
                }
                continue
            }
            advance()
            switch b {
            case UInt8(ascii: ","):
                try finishField()
            case 0x0D:
                if try peek() == 0x0A { advance() }
                line += 1
                try finishField()
                return Record(fields: fields, line: startLine)
            case 0x0A:
                line += 1
                try finishField()
                return Record(fields: fields, line: startLine)
            default:
                field.append(b)
            }
        }
    }
}

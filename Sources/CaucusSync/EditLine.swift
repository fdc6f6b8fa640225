import CaucusCore

/// One line of an NDJSON edit file, as `caucus apply` reads it:
/// `{"op":"set"|"add"|"remove"|"delete"|"clear"|"restore","party":ID,"field":F,"value":V,"source":S,"as_of":D}`.
///
/// The parser is hand-written for speed (it is on the load path) and strict:
/// any line that is not one flat JSON object of these keys is refused with the
/// reason.
public enum EditLine {
    /// Why a line was refused.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, in words.
        public var message: String
        /// The ``message``.
        public var description: String { message }
    }

    /// Parses one line into an ``CaucusCore/Edit``.
    ///
    /// - Throws: ``Problem`` saying what is wrong.
    public static func parse(_ line: some Collection<UInt8>) throws -> Edit {
        if let edit = try line.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) { return edit }
        return try Array(line).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> Edit {
        var p = JSONLineParser(buffer)
        var op: String?, party: String?, field: String?, value: FactValue?, source: String?, asOf: String?
        try p.parseObject { key, v in
            switch key {
            case .op: op = try v.string(key)
            case .party: party = try v.string(key)
            case .field: field = try v.string(key)
            case .value:
                switch v {
                case .string(let s): value = .text(s)
                case .integer(let i): value = .integer(i)
                case .real(let d): value = .real(d)
                case .null: value = nil
                }
            case .source: source = try v.optionalString(key)
            case .asOf: asOf = try v.optionalString(key)
            }
        }
        guard let op else { throw Problem(message: "missing \"op\"") }
        guard let party else { throw Problem(message: "missing \"party\"") }
        func needField() throws -> String {
            guard let field else { throw Problem(message: "\(op) needs a \"field\"") }
            return field
        }
        func needValue() throws -> FactValue {
            guard let value else { throw Problem(message: "\(op) needs a \"value\"") }
            return value
        }
        let action: Edit.Action
        switch op {
        case "set": action = .set(try needValue())
        case "add": action = .add(try needValue())
        case "remove": action = .remove(try needValue())
        case "clear": action = .clear
        case "delete": action = .delete
        case "restore": action = .restore
        default: throw Problem(message: "unknown op \(JSONText.quoted(op)); expected set, add, remove, clear, delete or restore")
        }
        let f = (op == "delete" || op == "restore") ? (field ?? "") : try needField()
        return Edit(party: party, field: f, action: action, source: source, asOf: asOf)
    }
}

/// A minimal JSON reader for one flat object of strings, numbers and nulls,
/// reading the line's bytes in place.
struct JSONLineParser {
    /// The keys an edit line may have.
    enum Key: String, CaseIterable, CustomStringConvertible {
        case op, party, field, value, source, asOf = "as_of"

        var description: String { rawValue }

        /// The key's bit in a set of keys seen.
        var bit: UInt8 {
            switch self {
            case .op: return 1
            case .party: return 2
            case .field: return 4
            case .value: return 8
            case .source: return 16
            case .asOf: return 32
            }
        }

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            let candidate: Key
            switch (bytes.count, bytes.first) {
            case (2, UInt8(ascii: "o")?): candidate = .op
            case (5, UInt8(ascii: "p")?): candidate = .party
            case (5, UInt8(ascii: "f")?): candidate = .field
            case (5, UInt8(ascii: "v")?): candidate = .value
            case (6, UInt8(ascii: "s")?): candidate = .source
            case (5, UInt8(ascii: "a")?): candidate = .asOf
            default: return nil
            }
            guard candidate.rawValue.utf8.elementsEqual(bytes) else { return nil }
            self = candidate
        }
    }

    enum Value {
        case string(String), integer(Int64), real(Double), null

        func string(_ key: Key) throws -> String {
            guard case .string(let s) = self else { throw EditLine.Problem(message: "\"\(key)\" must be a string") }
            return s
        }

        func optionalString(_ key: Key) throws -> String? {
            if case .null = self { return nil }
            return try string(key)
        }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ message: String) -> EditLine.Problem { EditLine.Problem(message: "not a JSON object: \(message) at column \(i + 1)") }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }

    private mutating func expect(_ c: UInt8) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))'") }
        i += 1
    }

    /// Reads the object, calling `each` with every key and value in order.
    mutating func parseObject(_ each: (Key, Value) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        var seen: UInt8 = 0
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1 } else {
            while true {
                skipSpace()
                let key = try parseKey()
                guard seen & key.bit == 0 else { throw EditLine.Problem(message: "key \(JSONText.quoted(key.description)) appears twice") }
                seen |= key.bit
                try expect(UInt8(ascii: ":"))
                try each(key, try parseValue())
                skipSpace()
                guard i < bytes.count else { throw fail("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipSpace()
        guard i == bytes.count else { throw fail("text after the object") }
    }

    /// A key: compared as bytes when it has no escapes (always, in practice).
    private mutating func parseKey() throws -> Key {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            var end = i + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\""), let key = Key(UnsafeBufferPointer(rebasing: bytes[start + 1..<end])) {
                i = end + 1
                return key
            }
        }
        let text = try parseString()
        guard let key = Key.allCases.first(where: { $0.description == text }) else {
            throw EditLine.Problem(message: "unknown key \(JSONText.quoted(text))")
        }
        return key
    }

    private mutating func parseValue() throws -> Value {
        skipSpace()
        guard i < bytes.count else { throw fail("missing value") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "n"):
            guard bytes.count - i >= 4, bytes[i..<i + 4].elementsEqual("null".utf8) else { throw fail("bad literal") }
            i += 4
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unsupported value (only strings, numbers and null)")
        }
    }

    private mutating func parseNumber() throws -> Value {
        let start = i
        var isReal = false
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count {
            let c = bytes[i]
            if (0x30...0x39).contains(c) { i += 1 } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                isReal = true
                i += 1
            } else { break }
        }
        if !isReal, let n = Self.integer(UnsafeBufferPointer(rebasing: bytes[start..<i])) { return .integer(n) }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw fail("bad number \(text)") }
        return .real(d)
    }

    /// An optional minus sign then decimal digits, without overflow; nil otherwise.
    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = UnsafeBufferPointer(rebasing: text[(negative ? 1 : 0)...])
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var n: Int64 = 0
        for d in digits {
            guard (0x30...0x39).contains(d) else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (r, o2) = negative ? m.subtractingReportingOverflow(Int64(d - 0x30)) : m.addingReportingOverflow(Int64(d - 0x30))
            if o1 || o2 { return nil }
            n = r
        }
        return n
    }

    private mutating func parseString() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
            guard bytes[i] >= 0x20 else { throw fail("control character in a string") }
            i += 1
        }
        guard i < bytes.count else { throw fail("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
            // ASCII is valid UTF-8: only other text needs the full check.
            if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
            guard let s = String(validating: raw, as: UTF8.self) else { throw EditLine.Problem(message: "invalid UTF-8 in a string") }
            return s
        }
        var out = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in a string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { throw fail("lone surrogate") }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = UnicodeScalar(scalar) else { throw fail("bad \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("bad escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw EditLine.Problem(message: "invalid UTF-8 in a string") }
        return s
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - i >= 4 else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Character(UnicodeScalar(bytes[i])).hexDigitValue else { throw fail("bad \\u escape") }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }
}

/// The one JSON parser of Caucus: strict (RFC 8259), reading UTF-8 bytes in place, value by value.
///
/// Edit lines, version-vector files and the schema compiler all read JSON through it, so that
/// they accept exactly the same texts: objects, arrays, strings with every escape, numbers,
/// `true`, `false` and `null`. Anything else is refused with a ``JSONReadError`` that says what and
/// where: a duplicate key, a control character or invalid UTF-8 in a string, a lone surrogate
/// escape, a number JSON does not allow (`01`, `1.`), text after the value, nesting deeper than
/// ``maxDepth``.
///
/// A reader pulls the values it expects, so that a flat object is read without building a tree:
///
/// ```swift
/// let (op, value) = try JSONScanner.scan(Array(#"{"op":"set","value":7000}"#.utf8)) { json in
///     var op = "", value: JSONValue = .null
///     try json.readObject { key, json in
///         switch key {
///         case "op": op = try json.readString()
///         default: value = try json.readValue()
///         }
///     }
///     return (op, value)
/// }
/// ```
public struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted.
    public static let maxDepth = 64

    private var cursor: Cursor

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { cursor = Cursor(bytes: bytes) }

    /// Runs `body` with a scanner over `bytes`, then checks that only whitespace follows what it read.
    ///
    /// The scanner reads `bytes` in place: it is valid only during the call.
    ///
    /// - Throws: ``JSONReadError`` when the bytes are not well-formed JSON, or what `body` throws.
    public static func scan<T>(_ bytes: some Collection<UInt8>, _ body: (inout JSONScanner) throws -> T) throws -> T {
        func run(_ buffer: UnsafeBufferPointer<UInt8>) throws -> T {
            var scanner = JSONScanner(buffer)
            let result = try body(&scanner)
            scanner.cursor.skipWhitespace()
            guard scanner.cursor.atEnd else { throw scanner.cursor.error(.textAfterValue) }
            return result
        }
        if let result = try bytes.withContiguousStorageIfAvailable({ try run($0) }) { return result }
        return try Array(bytes).withUnsafeBufferPointer { try run($0) }
    }

    /// Reads `bytes` as one JSON value, with optional whitespace around it.
    ///
    /// - Throws: ``JSONReadError`` when the bytes are not one well-formed JSON value.
    public static func value(of bytes: some Collection<UInt8>) throws -> JSONValue {
        try scan(bytes) { try $0.readValue() }
    }

    /// The kind of the next value, or nil at the end of the text or before a character that starts none.
    public mutating func peek() -> JSONValue.Kind? {
        cursor.skipWhitespace()
        switch cursor.current {
        case UInt8(ascii: "{")?: return .object
        case UInt8(ascii: "[")?: return .array
        case UInt8(ascii: "\"")?: return .string
        case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: return .number
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?: return .bool
        case UInt8(ascii: "n")?: return .null
        default: return nil
        }
    }

    /// Reads the next value, whatever it is, as a tree.
    public mutating func readValue() throws -> JSONValue { try cursor.value(depth: cursor.depth) }

    /// Reads a string.
    ///
    /// - Throws: ``JSONReadError`` when the next value is not a string, or not a well-formed one.
    public mutating func readString() throws -> String {
        try expect(.string)
        return try cursor.string()
    }

    /// Reads a number: ``JSONValue/integer(_:)`` when it is written without a fraction or exponent
    /// and fits in 64 bits, ``JSONValue/real(_:)`` otherwise.
    public mutating func readNumber() throws -> JSONValue {
        try expect(.number)
        return try cursor.number()
    }

    /// Reads `null` if it comes next; whether it did.
    public mutating func readNull() throws -> Bool {
        guard peek() == .null else { return false }
        try cursor.literal("null")
        return true
    }

    /// Reads an object, calling `member` with each key in order. `member` reads the key's value; a
    /// value it leaves unread is skipped.
    ///
    /// - Throws: ``JSONReadError`` for a malformed object or a key given twice, or what `member` throws.
    public mutating func readObject(_ member: (_ key: JSONKey, _ json: inout JSONScanner) throws -> Void) throws {
        try expect(.object)
        try cursor.enter()
        defer { cursor.depth -= 1 }
        var keys: [JSONKey] = []
        cursor.offset += 1
        cursor.skipWhitespace()
        if cursor.current == UInt8(ascii: "}") { cursor.offset += 1; return }
        while true {
            cursor.skipWhitespace()
            guard cursor.current == UInt8(ascii: "\"") else { throw cursor.error(cursor.atEnd ? .unexpectedEnd : .expectedKey) }
            let keyOffset = cursor.offset
            let key = try cursor.key()
            // Objects read this way are small: a list finds a repeated key faster than a set.
            guard !keys.contains(where: { $0.sameBytes(as: key) }) else {
                throw JSONReadError(problem: .duplicateKey(key.text), offset: keyOffset)
            }
            keys.append(key)
            try cursor.consume(UInt8(ascii: ":"), else: .expectedColon)
            guard try readMember(closing: UInt8(ascii: "}"), { try member(key, &$0) }) else { return }
        }
    }

    /// Reads an array, calling `element` for each element in order; an element it leaves unread is skipped.
    ///
    /// - Throws: ``JSONReadError`` for a malformed array, or what `element` throws.
    public mutating func readArray(_ element: (_ json: inout JSONScanner) throws -> Void) throws {
        try expect(.array)
        try cursor.enter()
        defer { cursor.depth -= 1 }
        cursor.offset += 1
        cursor.skipWhitespace()
        if cursor.current == UInt8(ascii: "]") { cursor.offset += 1; return }
        while try readMember(closing: UInt8(ascii: "]"), element) {}
    }

    /// Lets `read` read one member's or element's value (skipping it if `read` does not), then
    /// consumes the `,` after it (true: another follows) or the `close` bracket (false).
    private mutating func readMember(closing close: UInt8, _ read: (inout JSONScanner) throws -> Void) throws -> Bool {
        cursor.skipWhitespace()
        let valueOffset = cursor.offset
        try read(&self)
        if cursor.offset == valueOffset { _ = try cursor.value(depth: cursor.depth) }
        cursor.skipWhitespace()
        guard let c = cursor.current else { throw cursor.error(.unexpectedEnd) }
        cursor.offset += 1
        if c == close { return false }
        guard c == UInt8(ascii: ",") else { cursor.offset -= 1; throw cursor.error(.expectedCommaOrEnd) }
        return true
    }

    /// A ``JSONReadError`` at the next value, for a reader that finds it is not what it expects.
    public mutating func mismatch(expected: String) -> JSONReadError {
        cursor.skipWhitespace()
        return cursor.error(cursor.atEnd ? .unexpectedEnd : .unexpectedKind(expected: expected))
    }

    private mutating func expect(_ kind: JSONValue.Kind) throws {
        let next = peek()
        guard next == kind else {
            if next == nil && !cursor.atEnd { throw cursor.error(.unexpectedCharacter) }
            throw mismatch(expected: kind.description)
        }
    }

    /// A position in the bytes being read.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        /// How many objects and arrays enclose the next value.
        var depth = 0

        /// Counts one more level of nesting, refusing more than ``JSONScanner/maxDepth``.
        mutating func enter() throws {
            guard depth < JSONScanner.maxDepth else { throw error(.tooDeep) }
            depth += 1
        }

        var atEnd: Bool { offset == bytes.count }
        var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        func error(_ problem: JSONReadError.Problem) -> JSONReadError { JSONReadError(problem: problem, offset: offset) }

        mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1 }
        }

        /// Consumes `byte` (after whitespace), or fails with `problem`.
        mutating func consume(_ byte: UInt8, else problem: JSONReadError.Problem) throws {
            skipWhitespace()
            guard current == byte else { throw error(atEnd ? .unexpectedEnd : problem) }
            offset += 1
        }

        mutating func value(depth: Int) throws -> JSONValue {
            skipWhitespace()
            guard let c = current else { throw error(.unexpectedEnd) }
            switch c {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: throw error(.unexpectedCharacter)
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard bytes.count - offset >= n,
                  UnsafeBufferPointer(rebasing: bytes[offset..<offset + n]).elementsEqual(
                      UnsafeBufferPointer(start: word.utf8Start, count: n))
            else { throw error(.unexpectedCharacter) }
            offset += n
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSONScanner.maxDepth else { throw error(.tooDeep) }
            offset += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") { offset += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error(atEnd ? .unexpectedEnd : .expectedKey) }
                let keyOffset = offset
                let key = try string()
                try consume(UInt8(ascii: ":"), else: .expectedColon)
                let member = try value(depth: depth)
                guard members.updateValue(member, forKey: key) == nil else {
                    throw JSONReadError(problem: .duplicateKey(key), offset: keyOffset)
                }
                skipWhitespace()
                guard let c = current else { throw error(.unexpectedEnd) }
                offset += 1
                if c == UInt8(ascii: "}") { return .object(members) }
                guard c == UInt8(ascii: ",") else { offset -= 1; throw error(.expectedCommaOrEnd) }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSONScanner.maxDepth else { throw error(.tooDeep) }
            offset += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { offset += 1; return .array(elements) }
            while true {
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard let c = current else { throw error(.unexpectedEnd) }
                offset += 1
                if c == UInt8(ascii: "]") { return .array(elements) }
                guard c == UInt8(ascii: ",") else { offset -= 1; throw error(.expectedCommaOrEnd) }
            }
        }

        /// An object's key: lent in place when it has no escape (the common case), else decoded.
        mutating func key() throws -> JSONKey {
            var end = offset + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20, bytes[end] < 0x80 {
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                defer { offset = end + 1 }
                return JSONKey(raw: UnsafeBufferPointer(rebasing: bytes[offset + 1..<end]))
            }
            return JSONKey(decoded: try string())
        }

        /// A string literal, from its opening quote to past its closing one.
        mutating func string() throws -> String {
            offset += 1
            // Most strings have no escape: made from the bytes in place.
            var end = offset, ascii = true
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
                ascii = ascii && bytes[end] < 0x80
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[offset..<end])
                // ASCII is valid UTF-8; any other text is validated, never repaired.
                guard let text = ascii ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self) else {
                    throw error(.invalidUTF8)
                }
                offset = end + 1
                return text
            }
            var utf8: [UInt8] = []
            while true {
                guard let c = current else { throw error(.unexpectedEnd) }
                switch c {
                case UInt8(ascii: "\""):
                    offset += 1
                    guard let text = String(validating: utf8, as: UTF8.self) else {
                        throw error(.invalidUTF8)
                    }
                    return text
                case UInt8(ascii: "\\"):
                    offset += 1
                    try escape(into: &utf8)
                case 0..<0x20:
                    throw error(.controlCharacter)
                default:
                    utf8.append(c)
                    offset += 1
                }
            }
        }

        /// The escape after a backslash, appended as UTF-8.
        mutating func escape(into utf8: inout [UInt8]) throws {
            guard let c = current else { throw error(.unexpectedEnd) }
            let simple: UInt8?
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = c
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"): simple = nil
            default: throw error(.badEscape)
            }
            offset += 1
            if let simple { utf8.append(simple); return }
            let start = offset - 2
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard bytes.count - offset >= 2, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                else { throw JSONReadError(problem: .loneSurrogate, offset: start) }
                offset += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw JSONReadError(problem: .loneSurrogate, offset: start) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw JSONReadError(problem: .loneSurrogate, offset: start) }
            utf8.append(contentsOf: UTF8.encode(unicode)!)
        }

        /// Four hex digits.
        mutating func hex4() throws -> UInt32 {
            var n: UInt32 = 0
            for _ in 0..<4 {
                guard let c = current, let digit = Self.hexValue(c) else { throw error(atEnd ? .unexpectedEnd : .badEscape) }
                n = n << 4 | digit
                offset += 1
            }
            return n
        }

        static func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws -> JSONValue {
            let start = offset
            var isInteger = true
            if current == UInt8(ascii: "-") { offset += 1 }
            if current == UInt8(ascii: "0") {
                offset += 1
            } else {
                guard digits() > 0 else { throw error(atEnd ? .unexpectedEnd : .badNumber) }
            }
            if current == UInt8(ascii: ".") {
                offset += 1
                isInteger = false
                guard digits() > 0 else { throw error(atEnd ? .unexpectedEnd : .badNumber) }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                offset += 1
                isInteger = false
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
                guard digits() > 0 else { throw error(atEnd ? .unexpectedEnd : .badNumber) }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            if isInteger, let n = Int64(text) { return .integer(n) }
            guard let d = Double(text), d.isFinite else { throw JSONReadError(problem: .badNumber, offset: start) }
            return .real(d)
        }

        /// Skips decimal digits and returns how many there were.
        mutating func digits() -> Int {
            let start = offset
            while let c = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { offset += 1 }
            return offset - start
        }
    }
}

/// An object's key, as ``JSONScanner/readObject(_:)`` lends it: compare it with a name without
/// making a `String` of it (`case "op":` in a `switch`), or take its ``text``. Keys compare by
/// their bytes. It is valid only during the call that receives it.
public struct JSONKey {
    /// The key's ASCII bytes, read in place, when it has no escape; else nil.
    private let raw: UnsafeBufferPointer<UInt8>?
    /// The key decoded, when it has an escape or other than ASCII.
    private let decoded: String?

    fileprivate init(raw: UnsafeBufferPointer<UInt8>) {
        self.raw = raw
        decoded = nil
    }

    fileprivate init(decoded: String) {
        raw = nil
        self.decoded = decoded
    }

    /// The key as text.
    public var text: String { decoded ?? String(decoding: raw!, as: UTF8.self) }

    /// Whether the key is `name`, byte for byte.
    public static func ~= (name: StaticString, key: JSONKey) -> Bool {
        let bytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        if let raw = key.raw { return same(raw, bytes) }
        return key.decoded!.utf8.elementsEqual(bytes)
    }

    /// Whether two byte runs are equal: lengths first, since most keys differ in length.
    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    /// Whether the two keys have the same bytes.
    fileprivate func sameBytes(as other: JSONKey) -> Bool {
        switch (raw, other.raw) {
        case (let a?, let b?): return Self.same(a, b)
        case (let a?, nil): return other.decoded!.utf8.elementsEqual(a)
        case (nil, let b?): return decoded!.utf8.elementsEqual(b)
        case (nil, nil): return decoded!.utf8.elementsEqual(other.decoded!.utf8)
        }
    }
}

/// Why ``JSONScanner`` refused its input, and where.
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// The text ends in the middle of a value.
        case unexpectedEnd
        /// A character that cannot start or continue a value here.
        case unexpectedCharacter
        /// An object member does not start with a string key.
        case expectedKey
        /// A key is not followed by `:`.
        case expectedColon
        /// A member or element is not followed by `,` or the closing bracket.
        case expectedCommaOrEnd
        /// An object has the same key twice.
        case duplicateKey(String)
        /// A backslash escape that JSON does not have, or a `\u` without four hex digits.
        case badEscape
        /// A `\u` surrogate escape without its other half.
        case loneSurrogate
        /// A raw control character (below U+0020) in a string.
        case controlCharacter
        /// A string's bytes are not valid UTF-8.
        case invalidUTF8
        /// A number JSON does not allow (`01`, `1.`, `-`), or one too large for a double.
        case badNumber
        /// Objects and arrays nested deeper than ``JSONScanner/maxDepth``.
        case tooDeep
        /// More than whitespace after the value.
        case textAfterValue
        /// A well-formed value of another kind than the reader expects here.
        case unexpectedKind(expected: String)
    }

    /// What is wrong.
    public let problem: Problem
    /// The byte offset (from 0) where the reader found it.
    public let offset: Int

    /// What is wrong, in words, without the offset.
    public var problemDescription: String {
        let what: String
        switch problem {
        case .unexpectedEnd: what = "the text ends in the middle of a value"
        case .unexpectedCharacter: what = "unexpected character"
        case .expectedKey: what = "expected a string key"
        case .expectedColon: what = "expected ':' after a key"
        case .expectedCommaOrEnd: what = "expected ',' or a closing bracket"
        case .duplicateKey(let key): what = "the key \(JSONText.quoted(key)) appears twice"
        case .badEscape: what = "bad escape in a string"
        case .loneSurrogate: what = "a \\u surrogate escape without its other half"
        case .controlCharacter: what = "a control character in a string (escape it)"
        case .invalidUTF8: what = "invalid UTF-8 in a string"
        case .badNumber: what = "not a JSON number"
        case .tooDeep: what = "nested deeper than \(JSONScanner.maxDepth) levels"
        case .textAfterValue: what = "text after the JSON value"
        case .unexpectedKind(let expected): what = "expected \(expected)"
        }
        return what
    }

    public var description: String { "\(problemDescription) at byte \(offset)" }
}

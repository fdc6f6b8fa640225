import CaucusCore

/// One line of an NDJSON edit file, as `caucus apply` reads it:
/// `{"op":"set"|"add"|"remove"|"claim"|"retract"|"rank"|"delete"|"clear"|"restore","party":ID,"field":F,"value":V,"source":S,"as_of":D,"start":D,"end":D,"note":T}`,
/// where a `rank` gives `"rank":"preferred"|"normal"|"deprecated"`, and a delete may say why
/// with `"reason":T` instead of `"source"` (it is kept as the delete's source). A value `V` is a
/// string, a number, or (for an election result) a flat object of strings and numbers.
///
/// Lines are read with `JSONScanner`, the one JSON parser, so a line is refused for
/// exactly what any other JSON input is refused for; then any line that is not one flat object of
/// these keys is refused with the reason.
public enum EditLine {
    /// Why a line was refused.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, in words.
        public var message: String
        /// The ``message``.
        public var description: String { message }
    }

    /// Parses one line into an `Edit`.
    ///
    /// - Throws: ``Problem`` saying what is wrong.
    public static func parse(_ line: some Collection<UInt8>) throws -> Edit {
        var op: String?, party: String?, field: String?, value: FactValue?, source: String?, reason: String?
        var dates = ClaimDates(), note: String?, rank: String?
        do {
            try JSONScanner.scan(line) { json in
                guard json.peek() == .object else { throw json.mismatch(expected: "an object") }
                try json.readObject { key, json in
                    switch key {
                    case "op": op = try string("op", &json)
                    case "party": party = try string("party", &json)
                    case "field": field = try string("field", &json)
                    case "value": value = try factValue(&json)
                    case "source": source = try optionalString("source", &json)
                    case "as_of": dates.asOf = try optionalString("as_of", &json)
                    case "start": dates.start = try optionalString("start", &json)
                    case "end": dates.end = try optionalString("end", &json)
                    case "note": note = try optionalString("note", &json)
                    case "rank": rank = try optionalString("rank", &json)
                    case "reason": reason = try optionalString("reason", &json)
                    default: throw Problem(message: "unknown key \(JSONText.quoted(key.text))")
                    }
                }
            }
        } catch let error as JSONReadError {
            throw Problem(message: "not a JSON object: \(error.problemDescription) at column \(error.offset + 1)")
        }
        if let reason {
            guard op == "delete" else { throw Problem(message: "only a delete takes a \"reason\"; give other edits a \"source\"") }
            guard source == nil else { throw Problem(message: "a delete's \"reason\" is its source: give one of \"reason\" and \"source\"") }
            source = reason
        }
        if note != nil, !["set", "add", "claim"].contains(op) { throw Problem(message: "only set, add and claim take a \"note\"") }
        if rank != nil, op != "rank" { throw Problem(message: "only a rank takes a \"rank\"") }
        if source != nil, op == "retract" || op == "rank" { throw Problem(message: "a \(op!) takes no \"source\": it names a claim by its value and dates") }
        var edit = try edit(op: op, party: party, field: field, value: value, rank: rank)
        edit.source = source
        edit.dates = dates
        edit.note = note
        return edit
    }

    private static func string(_ key: String, _ json: inout JSONScanner) throws -> String {
        guard json.peek() == .string else { throw Problem(message: "\"\(key)\" must be a string") }
        return try json.readString()
    }

    private static func optionalString(_ key: String, _ json: inout JSONScanner) throws -> String? {
        if try json.readNull() { return nil }
        return try string(key, &json)
    }

    private static func factValue(_ json: inout JSONScanner) throws -> FactValue? {
        switch json.peek() {
        case .string?: return .text(try json.readString())
        case .number?:
            switch try json.readNumber() {
            case .integer(let i): return .integer(i)
            case .real(let d): return .real(d)
            default: return nil
            }
        case .object?:
            do {
                return .object(try FactObject(reading: &json))
            } catch let error as FactObjectError {
                throw Problem(message: "\"value\": \(error)")
            }
        case .null?:
            _ = try json.readNull()
            return nil
        case nil: return nil   // the scanner says what is wrong when the object reads on
        default: throw Problem(message: "unsupported value (only strings, numbers, flat objects of those, and null)")
        }
    }

    private static func edit(op: String?, party: String?, field: String?, value: FactValue?, rank: String?) throws -> Edit {
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
        case "claim": action = .claim(try needValue())
        case "retract": action = .retract(try needValue())
        case "rank":
            guard let rank else { throw Problem(message: "rank needs a \"rank\": preferred, normal or deprecated") }
            guard let r = ClaimRank(name: rank) else { throw Problem(message: "unknown rank \(JSONText.quoted(rank)); expected preferred, normal or deprecated") }
            action = .rank(try needValue(), r)
        case "clear": action = .clear
        case "delete": action = .delete
        case "restore": action = .restore
        default: throw Problem(message: "unknown op \(JSONText.quoted(op)); expected set, add, remove, claim, retract, rank, clear, delete or restore")
        }
        let f = (op == "delete" || op == "restore") ? (field ?? "") : try needField()
        return Edit(party: party, field: f, action: action)
    }
}

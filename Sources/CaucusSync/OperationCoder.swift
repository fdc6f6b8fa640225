import CaucusCore

/// An operation as ``OperationEncoder`` reads it: replicas and fields as
/// positions in the changeset header's tables, parties by a small number
/// that is the same for every operation of a party.
///
/// `OperationRow` is one: the store's rows go to the encoder
/// without becoming `FactOperation` values.
protocol EncodableOperation {
    /// The operation's replica: a position in the header's replica table.
    var replica: Int { get }
    /// Its counter on that replica.
    var counter: Int64 { get }
    /// A number for its party, the same for every operation of the party, from 0 below
    /// the encoder's `partyNumbers`.
    var party: Int64 { get }
    /// Calls `body` with the party's id as UTF-8; asked once per party and file.
    func withPartyID<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T
    /// The field, a position in the header's field table; nil for record-level kinds.
    var field: Int? { get }
    /// What it does.
    var kind: OperationKind { get }
    /// When it was made, in seconds since 1970.
    var time: Int64 { get }
    /// The value, its text as UTF-8 lent for the call.
    func withValue<T>(_ body: (FactValueBytes?) throws -> T) rethrows -> T
    /// The number of operations it supersedes.
    var predCount: Int { get }
    /// Calls `body` with the replica (a header position) and counter of each operation it supersedes.
    func forEachPred(_ body: (_ replica: Int, _ counter: Int64) throws -> Void) rethrows
    /// Where the fact comes from.
    var source: String? { get }
    /// The date the fact holds at.
    var asOf: String? { get }
    /// The first date the claim holds.
    var start: String? { get }
    /// The last date the claim holds.
    var end: String? { get }
    /// The note on the claim.
    var note: String? { get }
    /// For a rank, the rank it gives.
    var rank: ClaimRank? { get }
    /// For a delete, its writer's version vector by header position (increasing).
    func context() -> [(replica: Int, ranges: [ClosedRange<Int64>])]?
}

extension OperationRow: EncodableOperation {
    func withValue<T>(_ body: (FactValueBytes?) throws -> T) rethrows -> T { try body(valueBytes) }
}

/// Encodes operations as body records (see ``ChangesetFormat``).
struct OperationEncoder {
    /// The records written, after whatever the caller wrote before them.
    var buffer = ByteWriter()
    /// By the operations' party number: the file's (from 1, in order of first appearance), or 0 before it.
    private var parties: [Int32]
    private var partiesSeen: Int32 = 0
    private var previousReplica = -1
    private var previousCounter: Int64 = 0
    private var previousTime: Int64 = 0

    /// An encoder for operations whose party numbers are below `partyNumbers`.
    init(partyNumbers: Int) {
        parties = Array(repeating: 0, count: partyNumbers)
    }

    /// Empties the buffer, keeping its capacity, and starts again as at the first record of a file.
    mutating func restart() {
        buffer.bytes.removeAll(keepingCapacity: true)
        for i in parties.indices { parties[i] = 0 }
        partiesSeen = 0
        previousReplica = -1
        previousCounter = 0
        previousTime = 0
    }

    mutating func takeBuffer() -> [UInt8] {
        defer { buffer.bytes.removeAll(keepingCapacity: true) }
        return buffer.bytes
    }

    mutating func encode(_ op: some EncodableOperation) throws {
        let replica = op.replica, counter = op.counter, kind = op.kind
        let source = op.source, asOf = op.asOf, start = op.start, end = op.end, note = op.note
        var which = op.rank.map { ($0.rawValue + 1) << 5 } ?? 0
        if source != nil { which |= 1 }
        if asOf != nil { which |= 2 }
        if start != nil { which |= 4 }
        if end != nil { which |= 8 }
        if note != nil { which |= 16 }
        let context = op.context()
        let predCount = op.predCount
        try op.withValue { value in
            var flags = kind.rawValue
            if replica != previousReplica { flags |= ChangesetFormat.Flag.newReplica }
            if value != nil { flags |= ChangesetFormat.Flag.value }
            if predCount > 0 { flags |= ChangesetFormat.Flag.pred }
            if which != 0 { flags |= ChangesetFormat.Flag.provenance }
            if context != nil { flags |= ChangesetFormat.Flag.context }
            buffer.byte(flags)
            if replica != previousReplica {
                buffer.varint(replica)
                buffer.varint(UInt64(counter))
                previousReplica = replica
            } else {
                buffer.varint(UInt64(counter - previousCounter))
            }
            previousCounter = counter
            let party = Int(op.party)
            if parties[party] > 0 {
                buffer.varint(UInt64(parties[party]))
            } else {
                buffer.varint(0)
                try op.withPartyID { buffer.string($0) }
                partiesSeen += 1
                parties[party] = partiesSeen
            }
            buffer.varint(kind.isRecordLevel ? 0 : op.field! + 1)
            let time = op.time
            buffer.signed(time - previousTime)
            previousTime = time
            switch value {
            case .text(let s)?: buffer.byte(ChangesetFormat.ValueTag.text); buffer.string(s)
            case .integer(let i)?: buffer.byte(ChangesetFormat.ValueTag.integer); buffer.signed(i)
            case .real(let d)?: buffer.byte(ChangesetFormat.ValueTag.real); buffer.double(d)
            case .object(let json)?: buffer.byte(ChangesetFormat.ValueTag.object); buffer.string(json)
            case nil: break
            }
        }
        if predCount > 0 {
            buffer.varint(predCount)
            op.forEachPred { replica, counter in
                buffer.varint(replica)
                buffer.varint(UInt64(counter))
            }
        }
        if which != 0 {
            buffer.byte(which)
            // The decoder reads the texts in bit order; they are written in the same order.
            if let source { buffer.string(source) }
            if let asOf { buffer.string(asOf) }
            if let start { buffer.string(start) }
            if let end { buffer.string(end) }
            if let note { buffer.string(note) }
        }
        if let context {
            ChangesetHeader.encode(entries: context, into: &buffer)
        }
    }
}

/// Decodes and checks body records. Anything that breaks the format or the
/// schema's checks is a ``FormatProblem``; the decoder never traps on input.
struct OperationDecoder {
    private let replicas: [ReplicaInfo]
    private let fields: [String]
    /// The schema values are checked against: the one given, with the field definitions met so far.
    private var schema: PartySchema {
        didSet { definitions = Array(repeating: nil, count: fields.count) }
    }
    /// By field table index, the field's definition in ``schema`` and whether it is built in, looked
    /// up on the field's first operation: a file has few fields and many operations.
    private var definitions: [(definition: FieldDefinition?, builtIn: Bool)?]
    /// Values of fields that no definition named when they were read, to check once the file is
    /// read (``checkPending()``): a definition may follow a value of its field in a file, which is
    /// sorted by author and not by cause. Grows with those values only.
    private var pending: [(dot: Dot, party: String, field: String, kind: OperationKind, value: FactValue)] = []
    /// What the sender held; nil when no sender's vector bounds the operations (a canonical operation).
    private let senderHolds: VersionVector?
    /// The file's format version: version 1 has no claims beyond plain values.
    private let version: UInt8
    private var parties: [String] = []
    private var previousReplica = -1
    private var previousCounter: Int64 = 0
    private var previousTime: Int64 = 0

    init(header: ChangesetHeader, schema: PartySchema, version: UInt8) {
        self.init(replicas: header.replicas, fields: header.fields, schema: schema, version: version, within: header.versionVector)
    }

    /// A decoder against these tables, of operations inside `within` when it is given.
    init(replicas: [ReplicaInfo], fields: [String], schema: PartySchema, version: UInt8, within: VersionVector?) {
        self.version = version
        self.replicas = replicas
        self.fields = fields
        self.schema = schema
        definitions = Array(repeating: nil, count: fields.count)
        senderHolds = within
    }

    /// The definition of the field at table index `fieldRef` - 1 and whether it is built in; nil for field 0.
    private mutating func definition(_ fieldRef: Int) -> (FieldDefinition?, Bool)? {
        guard fieldRef > 0 else { return nil }
        if let known = definitions[fieldRef - 1] { return known }
        let name = fields[fieldRef - 1]
        let found = (definition: schema.field(name), builtIn: schema.isBuiltIn(name))
        definitions[fieldRef - 1] = found
        return found
    }

    /// A value of a field `def` defines, in its canonical form.
    ///
    /// - Parameter builtIn: whether the field is built in: only then is its kind fixed, for a
    ///   team field's writer may have held a definition of another kind (merge rule 9).
    private static func check(_ v: FactValue, kind: OperationKind, of def: FieldDefinition, builtIn: Bool, version: UInt8,
                              dot: Dot, party: String) throws -> FactValue {
        // A set field takes no set; before version 2 a single-valued field took no add or remove.
        guard !builtIn || (!(def.isSet && kind == .set) && (version >= 2 || def.isSet == (kind != .set))) else {
            throw FormatProblem.malformed("\(kind.article) \(kind.name) operation on field \(def.name)")
        }
        do {
            return try def.check(v)
        } catch let e as ValueError {
            throw FormatProblem.malformed("operation \(dot) on \(party): \(e)")
        }
    }

    /// Checks the values read before any definition of their field was known against the
    /// definitions known now, once every operation of the file is read. A value checked this
    /// late has already been passed on as it was, so it must be in its canonical form.
    func checkPending() throws {
        for p in pending {
            guard let def = schema.field(p.field) else { continue }
            guard try Self.check(p.value, kind: p.kind, of: def, builtIn: false, version: version, dot: p.dot, party: p.party) == p.value else {
                throw FormatProblem.malformed("operation \(p.dot) on \(p.party): the value of \(p.field) is not in its canonical form")
            }
        }
    }

    mutating func decode(_ r: inout some ByteSource) throws -> FactOperation {
        let flags = try r.byte()
        guard let kind = OperationKind(rawValue: flags & 0x07), version >= 2 || kind != .rank else {
            throw FormatProblem.malformed("unknown operation kind \(flags & 0x07)")
        }
        let replica: Int
        let counter: Int64
        if flags & ChangesetFormat.Flag.newReplica != 0 {
            replica = try r.count(max: replicas.count - 1, "replica index")
            guard replica > previousReplica else { throw FormatProblem.malformed("operations are not sorted by replica") }
            counter = Int64(try r.count(max: Int(Limits.maxCounter), "counter"))
            guard counter >= 1 else { throw FormatProblem.malformed("counter 0") }
        } else {
            guard previousReplica >= 0 else { throw FormatProblem.malformed("the first operation does not name its replica") }
            replica = previousReplica
            let gap = Int64(try r.count(max: Int(Limits.maxCounter), "counter gap"))
            guard gap >= 1 else { throw FormatProblem.malformed("an operation repeats or goes back in its replica's sequence") }
            counter = previousCounter + gap
            guard counter <= Limits.maxCounter else { throw FormatProblem.malformed("counter out of range") }
        }
        previousReplica = replica
        previousCounter = counter
        let dot = Dot(replica: replicas[replica].id, counter: counter)
        guard senderHolds?.contains(dot) ?? true else { throw FormatProblem.malformed("operation \(dot) is outside the sender's version vector") }

        let partyRef = try r.count(max: parties.count, "party reference")
        let party: String
        if partyRef == 0 {
            party = try r.string(max: Limits.partyIDBytes, "party id")
            guard PartySchema.isValidPartyID(party) || (version >= 4 && party == DatasetRecord.id) else {
                throw FormatProblem.malformed("\(JSONText.quoted(party)) is not a valid party id")
            }
            parties.append(party)
        } else {
            party = parties[partyRef - 1]
        }
        let fieldRef = try r.count(max: fields.count, "field index")
        guard (fieldRef == 0) == kind.isRecordLevel else { throw FormatProblem.malformed("\(kind.article) \(kind.name) operation with a wrong field") }
        let field = fieldRef == 0 ? "" : fields[fieldRef - 1]
        let time = previousTime &+ (try r.signed())
        previousTime = time

        var value: FactValue?
        if flags & ChangesetFormat.Flag.value != 0 {
            switch try r.byte() {
            case ChangesetFormat.ValueTag.text: value = .text(try r.string(max: Limits.textValueBytes, "value"))
            case ChangesetFormat.ValueTag.integer: value = .integer(try r.signed())
            case ChangesetFormat.ValueTag.real: value = .real(try r.double())
            case ChangesetFormat.ValueTag.object where version >= 2: value = .object(try Self.object(try r.string(max: Limits.textValueBytes, "value")))
            case let t: throw FormatProblem.malformed("unknown value type \(t)")
            }
        }
        guard (value != nil) == kind.hasValue else { throw FormatProblem.malformed("\(kind.article) \(kind.name) operation \(kind.hasValue ? "without" : "with") a value") }
        if party == DatasetRecord.id {
            do { try DatasetRecord.check(field: field, kind: kind, value: value) } catch {
                throw FormatProblem.malformed("operation \(dot) on the dataset record: \(error)")
            }
            if let name = DatasetRecord.definedFieldName(field: field), let value, let def = try? FieldDefinition(name: name, value: value) {
                schema = schema.adding(def)
            }
        } else if DatasetRecord.releaseName(field: field) != nil || DatasetRecord.definedFieldName(field: field) != nil {
            throw FormatProblem.malformed("operation \(dot) on \(party): a party has no fact \(JSONText.quoted(field)); only the dataset record does")
        } else if let v = value, let (def, builtIn) = definition(fieldRef), let def {
            value = try Self.check(v, kind: kind, of: def, builtIn: builtIn, version: version, dot: dot, party: party)
        } else if let v = value, case .real(let d) = v, !d.isFinite {
            throw FormatProblem.malformed("a value is not a finite number")
        } else if let v = value {
            pending.append((dot, party, field, kind, v))
        }
        var pred: [Dot] = []
        if flags & ChangesetFormat.Flag.pred != 0 {
            let n = try r.count(max: Limits.predCount, "pred count")
            guard n >= 1 else { throw FormatProblem.malformed("an empty pred list") }
            pred.reserveCapacity(n)
            for _ in 0..<n {
                let i = try r.count(max: replicas.count - 1, "pred replica index")
                let c = Int64(try r.count(max: Int(Limits.maxCounter), "pred counter"))
                guard c >= 1 else { throw FormatProblem.malformed("pred counter 0") }
                pred.append(Dot(replica: replicas[i].id, counter: c))
            }
        }
        var qualifiers = ClaimQualifiers()
        if flags & ChangesetFormat.Flag.provenance != 0 {
            let which = try r.byte()
            guard which >= 1, which <= (version >= 2 ? 0x7F : 3) else { throw FormatProblem.malformed("bad provenance flags \(which)") }
            func date(_ name: String) throws -> String {
                let d = try r.string(max: Limits.dateBytes, "\(name) date")
                guard ClaimDates.isValidDate(d) else { throw FormatProblem.malformed("\(JSONText.quoted(d)) is not a\(name == "as-of" ? "n" : "") \(name) date") }
                return d
            }
            if which & 1 != 0 { qualifiers.source = try r.string(max: Limits.sourceBytes, "source") }
            if which & 2 != 0 { qualifiers.dates.asOf = try date("as-of") }
            if which & 4 != 0 { qualifiers.dates.start = try date("start") }
            if which & 8 != 0 { qualifiers.dates.end = try date("end") }
            if which & 16 != 0 { qualifiers.note = try r.string(max: Limits.noteBytes, "note") }
            if which >> 5 != 0 { qualifiers.rank = ClaimRank(rawValue: (which >> 5) - 1) }
            if qualifiers.dates.problem != nil { throw FormatProblem.malformed("a span that ends before it starts") }
        }
        guard (qualifiers.rank != nil) == (kind == .rank) else {
            throw FormatProblem.malformed("\(kind.article) \(kind.name) operation \(kind == .rank ? "without" : "with") a rank")
        }
        var context: VersionVector?
        if flags & ChangesetFormat.Flag.context != 0 {
            context = try ChangesetHeader.decodeVersionVector(&r, replicas: replicas)
        }
        guard (context != nil) == (kind == .delete) else { throw FormatProblem.malformed("\(kind.article) \(kind.name) operation \(kind == .delete ? "without" : "with") a delete context") }
        var op = FactOperation(dot: dot, party: party, field: field, kind: kind, value: value, pred: pred, context: context, time: time)
        op.qualifiers = qualifiers
        return op
    }

    /// The object value whose canonical JSON text is `json`.
    ///
    /// A writer sends the canonical text (``FactObject/json``), so any other text, even of an
    /// equal object, is refused: a value has one encoding in a file.
    private static func object(_ json: String) throws -> FactObject {
        let object: FactObject
        do {
            object = try FactObject(json: json.utf8)
        } catch {
            throw FormatProblem.malformed("an object value that is not one: \(error)")
        }
        guard object.json.utf8.elementsEqual(json.utf8) else {
            throw FormatProblem.malformed("an object value not in its canonical form: \(JSONText.quoted(json))")
        }
        return object
    }
}

extension OperationKind {
    /// The article before the kind's name in a message: "an add", "a set".
    var article: String { name.first == "a" ? "an" : "a" }
}

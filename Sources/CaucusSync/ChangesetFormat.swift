import CaucusCore
import Crypto
/// CHANGESET FORMAT, version 5 (also in `Schema/CHANGESET-FORMAT.md`).
///
/// This build reads versions 1 to 5, and writes the oldest version that can carry a file's
/// operations, which its version byte states: the oldest reader that can apply it
/// (``oldestReader(fields:)``). Version 5 carries the team's own fields: definitions, as `set`s
/// of dataset record facts named `field/NAME` (``FieldDefinition/init(name:value:)``), and values
/// of fields that are not built in, which a version 4 reader would merge without their
/// definitions (a set field as single-valued), among them the built-in `same_as`, which version 4's
/// schema lacks. The layout is version 4's; a file without either is written as version 4. Version 4 carries releases: operations
/// on the dataset record, whose id `:dataset` (``DatasetRecord``) no party id can be, on facts
/// named `release/NAME`; each is a `set` of a release value (``Release``) or a `clear`. The
/// layout is version 3's. Version 3 carries each author's
/// signatures over the batches of its own operations (``AuthorBatch``, ``BatchDigest``):
/// keys in the replica table and a batch table at the end of the header. Version 2 carries claims (merge
/// rules 2, 3 and 7 on `Merge`): spans, notes, ranks (kind 7), and `add` and `remove` on
/// single-valued fields. Version 1 is what builds before claims wrote: kinds 1–6, value types
/// 1–3, provenance bits 0 and 1 only, and `add` and `remove` only on set fields (of the fields
/// the schema knows); a version 1 file that breaks these is refused as malformed. A build that
/// reads only version 1 refuses a version 2 file: "changeset format version 2 is not supported
/// by this caucus (it reads version 1); upgrade caucus".
///
/// A changeset file is three parts:
///
///     magic    8 bytes  0x89 'C' 'A' 'U' 'C' 'U' 'S' 0x0A
///     version  1 byte   the format version, 4 (1 to 3 in older files)
///     header   varint length, then that many bytes (below)
///     body     a zlib stream (RFC 1950) of operation records (below)
///     trailer  100 bytes: 'C' 'S' 'I' 'G', the SHA-256 of every byte before
///              the trailer (32 bytes), and the sender's Ed25519 signature of
///              that digest (64 bytes)
///
/// Integers are LEB128 varints; signed ones are zig-zag encoded first;
/// strings are a varint byte count then UTF-8; doubles are 8 bytes, little-endian IEEE 754;
/// dates are strings `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each standing for the period it names.
///
/// Header (the same in versions 1 and 2): schema version; sender replica id (string), editor
/// (string) and Ed25519 public key (varint length 32, then the key); creation time
/// (signed, seconds since 1970); flags (bit 0: `since` present; version 4, bit 1: a shallow
/// snapshot of the heads at the sender's vector, never with bit 0); the
/// replica table (count, then id and editor of each, sorted by id); the
/// field table (count, then each name); the sender's version vector and,
/// with flag bit 0, the `since` vector it was exported against (each: count
/// of entries, then per entry a replica table index, a range count, and per
/// range the gap from the previous range's end and the length minus one);
/// and the number of operations in the body. Version 3: each replica-table entry ends with a
/// key (varint length 0 or 32, then the key) for the authors of signed batches, and the header
/// ends with the batch table (count, then per batch a replica index, the first counter, last
/// minus first, and a kind byte: 1 signed, then the 64-byte signature, or 2 vouched).
///
/// Body: one record per operation, sorted by (replica index, counter), strictly
/// increasing — a file never holds an operation twice:
///
///     flags    1 byte: bits 0-2 kind (1 set, 2 clear, 3 add, 4 remove, 5 delete,
///              6 restore, 7 rank; version 1: 1-6); bit 3 a new replica index
///              follows; bit 4 a value follows; bit 5 pred follows; bit 6
///              provenance follows; bit 7 a delete context follows
///     replica  (bit 3) varint replica table index; the counter below is then absolute
///     counter  varint: the gap from the previous counter of the same replica
///     party    varint: 0 then a new party id string, or k > 0 for the k-th id
///              introduced earlier in this file
///     field    varint field table index + 1, or 0 for record-level kinds
///     time     signed: the difference from the previous operation's time
///     value    (bit 4; exactly for set, add, remove, rank) 1 byte type (1 text,
///              2 integer, 3 double; version 2: type 4, a structured value (an
///              election result) as a string of its canonical JSON) then the value
///     pred     (bit 5) varint count, then per dot a replica index and a counter
///     provenance (bit 6) a presence byte, not 0, then its strings in bit order:
///              bit 0 source (at most `Limits.sourceBytes`; a delete's reason),
///              bit 1 as-of date; version 2 also: bit 2 start date, bit 3 end
///              date, bit 4 note (at most `Limits.noteBytes`), bits 5-6 the rank
///              plus one (1 normal, 2 preferred, 3 deprecated); bit 7 is 0
///     context  (bit 7; exactly for delete) a version vector, as in the header
///
/// A rank is required exactly for kind 7, and a span may not end before it starts.
/// On a field the schema knows, a set is only on a single-valued field, and (version 1)
/// add and remove only on set fields.
///
/// What a writer names in `pred`: a set or clear every set, add and rank head of its field;
/// an add the heads writing the same claim (value and dates) from the same source, or, when
/// none writes it, that claim's remaining ranks; a set field's remove every head of the value;
/// a retract (remove of one claim) every head of that value and those dates; a rank the rank
/// heads of its claim; a delete or restore the record's head deletes. A reader cannot check
/// these, and takes any pred.
///
/// A reader refuses, without changing anything: a wrong magic, an unknown
/// version, a newer schema, a checksum or signature mismatch, and any record
/// that breaks the rules above, the file's version, or the schema's checks.
enum ChangesetFormat {
    /// The eight bytes every changeset starts with.
    static let magic: [UInt8] = [0x89, 0x43, 0x41, 0x55, 0x43, 0x55, 0x53, 0x0A]
    /// The newest format version this build writes.
    static let version: UInt8 = 5
    /// The format versions this build reads: version 1 files carry plain values only, files
    /// before version 3 no authors' signatures, files before version 4 no releases, and files
    /// before version 5 no team fields.
    static let readableVersions: ClosedRange<UInt8> = 1...5

    /// The version a file whose field table is `fields` is written as: 5 when it names a field
    /// definition fact or a field that is not built in, else 4, the version this build's
    /// predecessor wrote, so that it can still apply what needs nothing newer.
    static func oldestReader(fields: [String]) -> UInt8 {
        let standard = PartySchema.standard
        let needsTeamFields = fields.contains { field in
            DatasetRecord.definedFieldName(field: field) != nil || builtInSinceVersion5.contains(field)
                || (DatasetRecord.releaseName(field: field) == nil && !standard.isBuiltIn(field))
        }
        return needsTeamFields ? 5 : 4
    }

    /// The built-in fields that a version 4 reader's schema lacks, which it would merge as
    /// single-valued fields it does not know: a file holding them is version 5.
    static let builtInSinceVersion5: Set<String> = ["same_as"]
    /// The trailer's first four bytes.
    static let trailerMagic: [UInt8] = Array("CSIG".utf8)
    /// The trailer's size: marker, SHA-256 digest, Ed25519 signature.
    static let trailerSize = 4 + 32 + 64
    /// The largest header accepted.
    static let maxHeaderSize = 64 << 20
    /// The largest number of operations accepted in one file.
    static let maxOperations: Int = 1 << 34

    enum Flag {
        static let newReplica: UInt8 = 1 << 3
        static let value: UInt8 = 1 << 4
        static let pred: UInt8 = 1 << 5
        static let provenance: UInt8 = 1 << 6
        static let context: UInt8 = 1 << 7
    }

    enum ValueTag {
        static let text: UInt8 = 1
        static let integer: UInt8 = 2
        static let real: UInt8 = 3
        /// An object value: a string holding its canonical JSON text; from format version 2.
        static let object: UInt8 = 4
    }

    /// The bytes before the body: magic, version, the header's length, and the header.
    static func framed(_ header: ChangesetHeader) -> [UInt8] {
        var w = ByteWriter()
        w.raw(magic)
        let version = oldestReader(fields: header.fields)
        w.byte(version)
        let headerBytes = header.encoded(version: version)
        w.varint(headerBytes.count)
        w.raw(headerBytes)
        return w.bytes
    }

    /// The trailer over `digest`, the SHA-256 of every byte before it, signed with `key`.
    static func trailer(digest: [UInt8], key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        trailerMagic + digest + [UInt8](try key.signature(for: digest))
    }
}

/// The changeset format versions this build writes and reads, as a hub's `GET /v1/info` tells them.
public enum ChangesetFormatVersions {
    /// The newest version this build writes (it writes an older one when the file needs nothing newer).
    public static var written: Int { Int(ChangesetFormat.version) }
    /// The versions this build reads.
    public static var readable: ClosedRange<Int> { Int(ChangesetFormat.readableVersions.lowerBound)...Int(ChangesetFormat.readableVersions.upperBound) }
}

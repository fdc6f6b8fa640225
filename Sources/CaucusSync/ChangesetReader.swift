import CaucusCore
import Crypto
import Foundation

/// Reads a changeset file, checking all of it before anything is applied.
///
/// Opening the reader checks the magic, the format version, the header, the
/// SHA-256 of the whole content and the sender's signature, reading the file
/// once in chunks. ``forEachOperation(_:)`` then decodes the body, streaming:
/// memory stays flat however large the file.
///
/// ```swift
/// let reader = try ChangesetReader(path: "from-alice.caucus-changes")
/// try reader.forEachOperation { op in print(op.dot) }
/// ```
public final class ChangesetReader: Sendable {
    /// The file as messages name it: its path, or the name given to ``init(path:named:schema:)``.
    public let file: String
    /// The header.
    public let header: ChangesetHeader
    /// The file's size in bytes.
    public let size: Int
    private let path: String
    private let bodyStart: Int
    private let schema: PartySchema
    /// The SHA-256 the trailer holds, checked again as the body is read (the file may change between the two reads).
    private let digest: [UInt8]
    /// The file's format version (one of ``ChangesetFormat/readableVersions``).
    public let formatVersion: Int
    static let chunkSize = 1 << 20

    /// Opens and checks `path`; messages name it `name` when one is given (a hub names a pushed
    /// body, not the temporary file that holds it).
    ///
    /// - Throws: ``ChangesetError`` naming the file and the problem.
    public init(path: String, named name: String? = nil, schema: PartySchema = .standard) throws {
        let file = name ?? path
        self.file = file
        self.path = path
        self.schema = schema
        switch PathKind(path) {
        case .missing: throw ChangesetError.cannotRead(file: file, reason: "no such file")
        case .directory: throw ChangesetError.isDirectory(file: file)
        case .file: break
        }
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)) } catch {
            throw ChangesetError.cannotRead(file: file, reason: "permission denied or unreadable")
        }
        defer { try? handle.close() }
        let size: Int
        do { size = Int(try handle.seekToEnd()); try handle.seek(toOffset: 0) } catch {
            throw ChangesetError.cannotRead(file: file, reason: "\(error.localizedDescription)")
        }
        self.size = size
        if size == 0 { throw ChangesetError.empty(file: file) }
        let start = Self.read(handle, upTo: 32, file: file)
        let magic = ChangesetFormat.magic
        guard start.count >= magic.count, Array(start.prefix(magic.count)) == magic else {
            if magic.starts(with: start) { throw ChangesetError.truncated(file: file, detail: "only \(size) bytes") }
            throw ChangesetError.notAChangeset(file: file, looksLike: Self.describe(start))
        }
        guard start.count > magic.count else { throw ChangesetError.truncated(file: file, detail: "only \(size) bytes") }
        let version = start[magic.count]
        guard ChangesetFormat.readableVersions.contains(version) else { throw ChangesetError.unsupportedVersion(file: file, version: Int(version)) }
        formatVersion = Int(version)
        var lengthSource = ArrayByteSource(Array(start[(magic.count + 1)...]))
        let headerLength: Int
        do {
            headerLength = try lengthSource.count(max: ChangesetFormat.maxHeaderSize, "header length")
        } catch FormatProblem.truncated {
            throw ChangesetError.truncated(file: file, detail: "only \(size) bytes")
        } catch {
            throw ChangesetError.malformed(file: file, offset: magic.count + 1, detail: "\(error)")
        }
        let headerStart = magic.count + 1 + lengthSource.offset
        bodyStart = headerStart + headerLength
        guard bodyStart + ChangesetFormat.trailerSize <= size else {
            throw ChangesetError.truncated(file: file, detail: "\(size) bytes, too short for its \(headerLength)-byte header and trailer")
        }
        // The checksum over everything before the trailer, in one streaming pass.
        let contentEnd = size - ChangesetFormat.trailerSize
        var hasher = SHA256()
        var headerBytes: [UInt8] = []
        var offset = 0
        do { try handle.seek(toOffset: 0) } catch { throw ChangesetError.cannotRead(file: file, reason: "\(error)") }
        while offset < contentEnd {
            let chunk = Self.read(handle, upTo: min(Self.chunkSize, contentEnd - offset), file: file)
            if chunk.isEmpty { throw ChangesetError.truncated(file: file, detail: "the file shrank while being read") }
            hasher.update(data: chunk)
            if offset < bodyStart {
                let lo = max(headerStart - offset, 0), hi = min(bodyStart - offset, chunk.count)
                if lo < hi { headerBytes += chunk[lo..<hi] }
            }
            offset += chunk.count
        }
        let trailer = Self.read(handle, upTo: ChangesetFormat.trailerSize, file: file)
        guard trailer.count == ChangesetFormat.trailerSize, Array(trailer.prefix(4)) == ChangesetFormat.trailerMagic else {
            throw ChangesetError.truncated(file: file, detail: "its end marker is missing: the file was cut short or has bytes appended")
        }
        let digest = [UInt8](hasher.finalize())
        guard Array(trailer[4..<36]) == digest else { throw ChangesetError.damaged(file: file) }
        self.digest = digest
        do {
            header = try ChangesetHeader.decode(headerBytes, version: version)
        } catch let problem as FormatProblem {
            throw Self.error(problem, file: file, offset: headerStart)
        }
        guard let keyBytes = header.sender.publicKey,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes),
              key.isValidSignature(Array(trailer[36...]), for: digest) else {
            throw ChangesetError.badSignature(file: file)
        }
        if header.schemaVersion > schema.version {
            throw ChangesetError.newerSchema(file: file, version: header.schemaVersion, supported: schema.version)
        }
    }

    /// Decodes and checks every operation of the body, in file order, calling `body` for each.
    ///
    /// The bytes are hashed again as they are read, and checked against the
    /// digest verified when the reader opened: a file changed on disk between
    /// the two reads is refused at the end, before the caller commits.
    ///
    /// Decoding runs on a thread of its own, a few thousand operations ahead of
    /// `body`, which runs on the caller's thread (see `ReadAhead`).
    /// - Throws: ``ChangesetError`` at the first problem, or what `body` throws.
    public func forEachOperation(_ body: (FactOperation) throws -> Void) throws {
        try ReadAhead<FactOperation> { emit in try self.decodeBody(emit) }.forEach(body)
    }

    /// Decodes and checks every operation as ``forEachOperation(_:)`` does, and looks up each
    /// one's party with `lookahead` on the decoding thread.
    func forEachOperation(lookingUp lookahead: PartyLookahead, _ body: (FactOperation, KnownParty) throws -> Void) throws {
        try ReadAhead<(FactOperation, KnownParty)> { emit in
            try lookahead.run { find in try self.decodeBody { op in try emit((op, try find(op.party))) } }
        }.forEach(body)
    }

    /// Decodes and checks the body, calling `emit` for each operation (see ``forEachOperation(_:)``).
    private func decodeBody(_ emit: (FactOperation) throws -> Void) throws {
        let handle: FileHandle
        var hasher = SHA256()
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            var prefix = bodyStart
            while prefix > 0 {
                let chunk = Self.read(handle, upTo: min(Self.chunkSize, prefix), file: file)
                if chunk.isEmpty { throw ChangesetError.damaged(file: file) }
                hasher.update(data: chunk)
                prefix -= chunk.count
            }
        } catch let error as ChangesetError {
            throw error
        } catch {
            throw ChangesetError.cannotRead(file: file, reason: "\(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var remaining = size - ChangesetFormat.trailerSize - bodyStart
        let file = self.file
        var source = try InflatingSource {
            guard remaining > 0 else { return nil }
            let chunk = Self.read(handle, upTo: min(Self.chunkSize, remaining), file: file)
            if chunk.isEmpty { throw FormatProblem.truncated("the file shrank while being read") }
            hasher.update(data: chunk)
            remaining -= chunk.count
            return chunk
        }
        var decoder = OperationDecoder(header: header, schema: schema, version: UInt8(formatVersion))
        var batches = formatVersion >= 3 ? BatchVerifier(header) : nil
        var count = 0
        do {
            while count < header.operationCount {
                let op = try decoder.decode(&source)
                count += 1
                try batches?.add(op)
                try emit(op)
            }
            try batches?.finish()
            try decoder.checkPending()
            guard try source.isAtEnd() else {
                throw FormatProblem.malformed("the body holds more operations than the header's \(header.operationCount)")
            }
            guard remaining == 0, [UInt8](hasher.finalize()) == digest else { throw ChangesetError.damaged(file: file) }
        } catch let problem as FormatProblem {
            if case .truncated = problem, count < header.operationCount {
                throw ChangesetError.malformed(file: file, offset: source.offset,
                                               detail: "the body ends after \(count) of its \(header.operationCount) operations")
            }
            throw Self.error(problem, file: file, offset: source.offset)
        }
    }

    private static func error(_ problem: FormatProblem, file: String, offset: Int) -> ChangesetError {
        switch problem {
        case .truncated(let d), .malformed(let d): return .malformed(file: file, offset: offset, detail: d)
        }
    }

    private static func read(_ handle: FileHandle, upTo count: Int, file: String) -> [UInt8] {
        guard count > 0, let data = try? handle.read(upToCount: count) else { return [] }
        return [UInt8](data)
    }

    /// What a file that is not a changeset seems to be, for the error message.
    static func describe(_ start: [UInt8]) -> String {
        let text = String(decoding: start, as: UTF8.self)
        if start.starts(with: Array("SQLite format 3".utf8)) { return "it is a SQLite database — perhaps a replica's database, not a changeset" }
        if let first = text.first(where: { !$0.isWhitespace }) {
            if first == "{" || first == "[" {
                if text.contains("\"op\"") { return "it looks like NDJSON edit operations; load those with `caucus apply`" }
                return "it looks like JSON text, perhaps a version vector file"
            }
        }
        if String(validating: start, as: UTF8.self) != nil && start.allSatisfy({ $0 >= 0x09 }) { return "it looks like a text file" }
        return "unrecognised binary data"
    }
}

// The libFuzzer entry point over the changeset reader and the merge.
//
// Two modes, chosen with CAUCUS_FUZZ_MODE (see Tools/fuzz/README.md):
//
// - `reader` (the default): the input is a whole changeset file. It goes through
//   `Importer.importChangeset` into a fresh store, exactly as `caucus import`
//   reads a file: magic, version, header, checksum, signature, then the body.
//   Almost every mutation fails the checksum, so this mode hardens the checks
//   that come before it.
// - `resign`: the input is a changeset in plain form: magic, version, header
//   length, header, then the body records UNcompressed, and no trailer. The
//   target puts its own public key into the header, compresses the body,
//   appends the SHA-256 and signs it, so every mutation reaches the header and
//   body decoders and, when they accept it, the merge. `Tools/fuzz/plain.py`
//   turns real changesets into this form for the seed corpus.
//
// Whatever an import accepts must survive a round trip: the store is exported
// and the export imported into a second fresh store, which must succeed and
// end in the same state. A crash, an error of a type the importer does not
// document, or a failed round trip is a finding.

import CaucusCore
import CaucusSync
import CZlibFuzz
import Crypto
import Foundation
import GRDB

/// What the target keeps between inputs: the mode, the signing key, empty stores to copy.
enum FuzzTarget {
    static let resign = ProcessInfo.processInfo.environment["CAUCUS_FUZZ_MODE"] == "resign"

    /// A fixed key, so that a crashing input replays the same way.
    nonisolated(unsafe) static let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))

    /// Where inputs are written for the reader, which reads files (tmpfs when there is one).
    static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = base + "/caucus-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Two empty stores of different replicas: the importer's, and the round trip's.
    static let templates: [DatabaseQueue] = ["fuzz-a", "fuzz-b"].map { editor in
        let queue = try! DatabaseQueue()
        _ = try! PartyStore(writer: queue, editor: editor)
        return queue
    }

    /// A fresh in-memory store, copied from template `n` (faster than migrating anew).
    static func freshStore(_ n: Int) -> PartyStore {
        let queue = try! DatabaseQueue()
        try! templates[n].backup(to: queue)
        return try! PartyStore(writer: queue)
    }

    static func write(_ bytes: [UInt8], to path: String) {
        let ok = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        precondition(ok, "cannot write \(path)")
    }

    /// Runs one input.
    static func run(_ input: [UInt8]) {
        let file = directory + "/input.caucus-changes"
        write(resign ? signPlain(input) : input, to: file)
        // Most inputs fail the reader's checks: find that out before paying for a store.
        do {
            _ = try ChangesetReader(path: file)
        } catch is ChangesetError {
            return
        } catch {
            fatalError("the reader threw an undocumented error \(type(of: error)): \(error)")
        }
        let store = freshStore(0)
        let report: Importer.Report
        do {
            report = try Importer.importChangeset(at: file, into: store, time: 0)
        } catch is ChangesetError {
            return
        } catch is StoreError {
            return
        } catch {
            fatalError("import threw an undocumented error \(type(of: error)): \(error)")
        }
        if report.added > 0 { roundTrip(store) }
    }

    /// Exports what `store` accepted and imports it into a second store: it must be accepted, with the same result.
    static func roundTrip(_ store: PartyStore) {
        let file = directory + "/reexport.caucus-changes"
        do {
            _ = try ChangesetWriter.export(from: store, since: nil, to: file, time: 0)
        } catch {
            fatalError("re-export of an accepted changeset failed: \(error)")
        }
        let second = freshStore(1)
        do {
            _ = try Importer.importChangeset(at: file, into: second, time: 0)
        } catch {
            fatalError("re-import of a re-exported changeset failed: \(error)")
        }
        let a = dump(store), b = dump(second)
        if a != b { fatalError("the round trip changed the state:\n\(a.joined(separator: "\n"))\n---\n\(b.joined(separator: "\n"))") }
    }

    static func dump(_ store: PartyStore) -> [String] {
        var lines: [String] = []
        try! store.records { lines.append($0.dumpLine) }
        return lines
    }

    // MARK: Re-signing

    /// Plain form to a signed changeset: puts `key` in the header, compresses the body, appends the trailer.
    /// Input too short or too odd to parse is signed as it is (and is refused, as it should be).
    static func signPlain(_ input: [UInt8]) -> [UInt8] {
        var content = input
        if input.count > 9, let (headerLength, lengthEnd) = varint(input, at: 9), headerLength <= UInt64(input.count) {
            let headerEnd = lengthEnd + Int(headerLength)
            if headerEnd <= input.count {
                var header = Array(input[lengthEnd..<headerEnd])
                patchKey(&header)
                content = Array(input[..<lengthEnd]) + header + deflate(Array(input[headerEnd...]))
            }
        }
        let digest = [UInt8](SHA256.hash(data: content))
        let signature = try! key.signature(for: digest)
        return content + Array("CSIG".utf8) + digest + [UInt8](signature)
    }

    /// Overwrites the sender's public key in header bytes: after the schema version, the sender id and editor.
    static func patchKey(_ header: inout [UInt8]) {
        guard var (_, at) = varint(header, at: 0) else { return }
        for _ in 0..<2 {
            guard let (length, end) = varint(header, at: at), length <= UInt64(header.count) else { return }
            at = end + Int(length)
        }
        guard let (keyLength, keyStart) = varint(header, at: at), keyLength == 32, keyStart + 32 <= header.count else { return }
        header.replaceSubrange(keyStart..<keyStart + 32, with: key.publicKey.rawRepresentation)
    }

    static func varint(_ bytes: [UInt8], at start: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0, shift: UInt64 = 0, i = start
        while i < bytes.count, shift < 64 {
            let b = bytes[i]
            value |= UInt64(b & 0x7F) << shift
            i += 1
            if b < 0x80 { return (value, i) }
            shift += 7
        }
        return nil
    }

    /// A zlib stream (RFC 1950) of `bytes`.
    static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(length))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in compress2(o.baseAddress, &length, i.baseAddress, uLong(i.count), 6) }
        }
        precondition(status == Z_OK, "compress2 failed: \(status)")
        return Array(out[..<Int(length)])
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChangeset(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

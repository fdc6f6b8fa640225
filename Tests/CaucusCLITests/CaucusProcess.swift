import CaucusCore
import Foundation
import GRDB
import Testing

/// Runs the built `caucus` binary, as an editor's shell would, for the end-to-end tests.
struct CaucusProcess {
    /// The `caucus` executable `swift build` put next to the test bundle ($CAUCUS_BIN overrides).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["CAUCUS_BIN"], !path.isEmpty { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("caucus").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/caucus").path
    }()

    /// What a finished run printed and returned.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether the process was ended by a signal.
        var signalled: Bool
    }

    let process = Process()
    private let outPath: String
    private let errPath: String

    /// Starts `caucus ARGS`, output to files in `folder`.
    init(_ arguments: [String], in folder: String) throws {
        let id = UUID().uuidString.prefix(8)
        outPath = folder + "/.out-\(id)"
        errPath = folder + "/.err-\(id)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["CAUCUS_DB"] = nil
        env["NO_COLOR"] = "1"
        env["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
    }

    /// Sends SIGKILL.
    func kill() { _ = Foundation.kill(process.processIdentifier, SIGKILL) }

    /// Waits for the process and collects its output.
    func wait() -> Result {
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: outPath); try? FileManager.default.removeItem(atPath: errPath) }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                      signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs `caucus ARGS` to the end.
    @discardableResult
    static func run(_ arguments: [String], in folder: String) throws -> Result {
        try CaucusProcess(arguments, in: folder).wait()
    }

    /// Runs `caucus ARGS`, which must succeed.
    @discardableResult
    static func succeed(_ arguments: [String], in folder: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let result = try run(arguments, in: folder)
        #expect(result.status == 0, "caucus \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }
}

/// A database's state as an editor sees it, and the database's own health.
enum StoreState {
    /// `PRAGMA integrity_check`, opening the file as the next command would (recovering a hot WAL).
    static func integrity(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: ",") }
    }

    /// The canonical dump, the version vector and the trust table: equal fingerprints
    /// mean the same records, the same operations and the same keys.
    static func fingerprint(_ path: String) throws -> String {
        let store = try PartyStore(writer: try DatabaseQueue(path: path), path: path)
        var out = try store.versionVector().json + "\n"
        for r in try store.replicas() { out += "\(r.info.id) \(r.info.editor) \(r.trust) \(r.operationCount) \(r.info.publicKey?.count ?? 0)\n" }
        try store.records { out += $0.dumpLine + "\n" }
        return out
    }

    /// NDJSON edit lines setting `count` facts on parties `p0`, `p1`, … (prefix `party`).
    static func edits(_ count: Int, party: String = "p", value: Int = 1) -> String {
        (0..<count).map { i in
            #"{"op":"set","party":"\#(party)\#(i / 4)","field":"\#(["membership", "founded", "name", "leader"][i % 4])","value":\#(i % 4 == 0 ? "\(value + i)" : i % 4 == 1 ? "\(1900 + i % 100)" : "\"N\(value)-\(i)\"")}"#
        }.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    /// Copies a database file (closed, so checkpointed: no -wal) to `path`, replacing what is there.
    static func copy(_ source: String, to path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.copyItem(atPath: source, toPath: path)
    }
}

/// A folder that is removed when the value goes away.
final class TestFolder {
    let path: String

    init(_ name: String) {
        path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

import Foundation
import Testing

/// Runs the built `caucus` binary the way an editor does, in a folder of its own.
struct CLI {
    /// What one command printed and how it exited.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
        /// Stdout lines, each parsed as a JSON object.
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        var json: [String: Any] { jsonLines.first ?? [:] }
    }

    /// The folder the commands run in (removed at deinit of the test's scope is left to the OS tmp cleaner).
    let folder: URL
    var environment: [String: String]

    /// The built binary, next to the test bundle's build products.
    static let binary: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/caucus", ".build/release/caucus"] {
            let url = root.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/caucus")
    }()

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-cli-test-\(UUID().uuidString.prefix(12))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["CAUCUS_DB"] = nil
        env["CAUCUS_EDITOR"] = nil
        env["NO_COLOR"] = "1"
        environment = env
    }

    /// Runs `caucus ARGS` in ``folder``.
    @discardableResult
    func run(_ args: String..., input: String? = nil, env: [String: String] = [:]) throws -> Result {
        try run(args, input: input, env: env)
    }

    @discardableResult
    func run(_ args: [String], input: String? = nil, env: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        process.currentDirectoryURL = folder
        process.environment = environment.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inPipe = Pipe()
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes while the process runs, so large outputs cannot block it.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a command that must succeed (exit 0).
    @discardableResult
    func ok(_ args: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        try ok(args, sourceLocation: sourceLocation)
    }

    @discardableResult
    func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let r = try run(args)
        #expect(r.status == 0, "caucus \(args.joined(separator: " ")) failed: \(r)", sourceLocation: sourceLocation)
        return r
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// A new replica of `editor` that imported the changeset `file` of `source`'s folder.
    static func importing(_ file: String, from source: CLI, editor: String = "bob") throws -> CLI {
        let cli = try CLI()
        try cli.ok("init", "--editor", editor)
        try cli.ok("import", source.path(file))
        return cli
    }

    /// A replica at ./caucus.db with the tour's party.
    static func withParty(editor: String = "alice") throws -> CLI {
        let cli = try CLI()
        try cli.ok("init", "--editor", editor)
        try cli.ok("set", "ucpa", "--new", "name=United Communist Party of Azerbaijan", "country=AZE", "founded=1993",
                   "newspaper=Kommunist", "--source", "registration file")
        return cli
    }
}

/// A user-facing error is one line on stderr, no usage dump, no trace.
func expectOneLineError(_ r: CLI.Result, status: Int32, contains text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == status, "\(r)", sourceLocation: sourceLocation)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "expected one line: \(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("caucus: error: "), "\(r)", sourceLocation: sourceLocation)
    #expect(r.stderr.contains(text), "expected \(text): \(r)", sourceLocation: sourceLocation)
    #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack"), sourceLocation: sourceLocation)
}

import Foundation
import Testing

/// Runs the built `caucus` executable, as an editor or a script would.
struct CaucusBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root (this file is Tests/CaucusCLITests/CaucusBinary.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository: the workload generator and the Party Facts data.
    static let shared = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The executable next to the test bundle.
    static let path: String = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("caucus")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/caucus").path
    }()

    let directory: URL

    /// A new empty working folder.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs `caucus args…` in the working folder.
    @discardableResult
    func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        try Self.run(Self.path, args, in: directory, stdin: stdin, environment: environment)
    }

    /// Runs `caucus args…` and expects success.
    @discardableResult
    func ok(_ args: String...) throws -> String {
        let r = try run(args)
        #expect(r.status == 0, "caucus \(args.joined(separator: " ")) failed: \(r.stderr)")
        return r.stdout
    }

    static func run(_ executable: String, _ args: [String], in directory: URL, stdin: Data? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "CAUCUS_DB")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so that a large output cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

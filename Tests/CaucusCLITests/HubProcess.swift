import Foundation
import Testing

/// A `caucus-hub serve` process, as an operator runs it, on a SQLite data folder or a
/// PostgreSQL database, on a port of its own choosing (read from its log).
final class HubProcess {
    /// The `caucus-hub` executable beside the `caucus` one the CLI tests run.
    static let binary = CLI.binary.deletingLastPathComponent().appendingPathComponent("caucus-hub")

    let arguments: [String]
    let log: String
    private(set) var process: Process?
    /// The hub's URL, known once it serves.
    private(set) var url = ""

    /// A hub on `storage` (`["--data", DIR]` or `["--postgres", URL]`), its log in `folder`.
    init(storage: [String], folder: URL, name: String = "hub") {
        arguments = ["serve", "--port", "0"] + storage
        log = folder.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6)).log").path
    }

    /// Starts the hub and waits until it serves; a restarted hub keeps its port.
    func start() throws {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = url.isEmpty ? arguments : arguments.map { $0 == "0" ? String(url.split(separator: ":").last!) : $0 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle(forWritingAtPath: log)
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"on http://127\.0\.0\.1:\d+"#, options: .regularExpression) {
                url = String(text[range].dropFirst(3))
                return
            }
            guard p.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw CLIHubError.didNotStart(try String(contentsOfFile: log, encoding: .utf8))
    }

    /// Ends the hub with `signal` and waits for it; a hub that is still running 15 s after a
    /// SIGTERM is a failure of the test, and is killed so that the suite goes on.
    func stop(_ signal: Int32 = SIGTERM, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            Issue.record("caucus-hub did not stop within 15 s of signal \(signal)", sourceLocation: sourceLocation)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    deinit { stop(SIGKILL) }
}

enum CLIHubError: Error { case didNotStart(String) }

extension CLI {
    /// Runs `caucus-hub ARGS` in the CLI's folder.
    @discardableResult
    func hub(_ args: String...) throws -> Result { try hub(args) }

    @discardableResult
    func hub(_ args: [String]) throws -> Result {
        let process = Process()
        process.executableURL = HubProcess.binary
        process.arguments = args
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}

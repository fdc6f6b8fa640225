import CaucusCore
import Foundation
import Testing

/// Behaviour on a real terminal, through util-linux `script`, which gives the command a pseudo-terminal.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs /usr/bin/script for a pseudo-terminal"))
struct TerminalTests {
    /// Runs `caucus ARGS` on a pseudo-terminal; returns everything the terminal showed.
    func onTerminal(_ cli: CLI, _ args: [String], noColor: Bool) throws -> String {
        let quoted = ([CLI.binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        var env = cli.environment
        env["NO_COLOR"] = noColor ? "1" : nil
        env["TERM"] = "xterm"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted, "/dev/null"]
        process.currentDirectoryURL = cli.folder
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func colour_onATerminal_butNeverWithNO_COLOR() throws {
        let cli = try CLI.withParty()
        let coloured = try onTerminal(cli, ["show", "ucpa"], noColor: false)
        #expect(coloured.contains("\u{1B}[1m"), "no bold header on a terminal: \(coloured.debugDescription)")
        let plain = try onTerminal(cli, ["show", "ucpa"], noColor: true)
        #expect(plain.contains("United Communist Party of Azerbaijan"))
        #expect(!plain.contains("\u{1B}["), "colour despite NO_COLOR: \(plain.debugDescription)")
    }

    @Test func colouredCells_takeNoRoom_soColumnsStillLineUp() throws {
        // Given a record deleted here while bob edited it: `conflicts` shows "deleted" in red, then the source.
        let cli = try CLI.withParty()
        try cli.ok("delete", "ucpa", "--source", "duplicate")
        let store = try PartyStore.open(at: cli.path("caucus.db"))
        let other = ReplicaID.random()
        try store.integrate(replicas: [ReplicaInfo(id: other, editor: "bob")], sender: nil, time: 1_800_000_000) { i in
            try i.integrate(FactOperation(dot: Dot(replica: other, counter: 1), party: "ucpa", field: "membership",
                                          kind: .set, value: .integer(5000), time: 1_800_000_000))
        }
        let shown = try onTerminal(cli, ["conflicts"], noColor: false)
        #expect(shown.contains("\u{1B}[31mdeleted"), "\(shown.debugDescription)")
        let rows = shown.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map {
            $0.replacingOccurrences(of: #"\u001B\[[0-9;]*m"#, with: "", options: .regularExpression)
        }
        let header = try #require(rows.first { $0.hasPrefix("PARTY") })
        let row = try #require(rows.first { $0.contains("deleted") })
        #expect(row.range(of: "duplicate")?.lowerBound.utf16Offset(in: row) == header.range(of: "SOURCE")?.lowerBound.utf16Offset(in: header),
                "\(rows)")
    }
}

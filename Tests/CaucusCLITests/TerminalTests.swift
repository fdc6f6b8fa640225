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

    @Test func importCSV_showsProgressOnATerminalOnly() throws {
        let cli = try CLI()
        try cli.ok("init", "--editor", "e")
        let rows = (1...1200).map { "p\($0),Party \($0)" }.joined(separator: "\n")
        try cli.write("big.csv", "id,name\n" + rows + "\n")
        let shown = try onTerminal(cli, ["import-csv", "big.csv"], noColor: true)
        #expect(shown.contains("Reading big.csv: 1000 rows"), "\(shown.debugDescription)")
        #expect(shown.contains("Imported 1200 parties"))
        try cli.write("big2.csv", "id,name\n" + rows.replacingOccurrences(of: "Party", with: "Partei") + "\n")
        let piped = try cli.run("import-csv", "big2.csv")
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("Reading"))
    }
}

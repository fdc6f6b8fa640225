import ArgumentParser
import CaucusCore
import CaucusSync
import Foundation

extension Caucus {
    /// `caucus export`: writes a signed changeset.
    struct Export: CaucusCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a signed changeset of the operations a peer lacks (or of everything).",
            discussion: "Example: caucus export --since bob.vv --output for-bob.caucus-changes"
        )

        @OptionGroup var global: GlobalOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The changeset file to write.", valueName: "file"))
        var output: String

        @Option(help: ArgumentHelp("A version vector file (from the peer's `caucus vv`); only what it lacks is exported.", valueName: "vv-file"))
        var since: String?

        func execute() throws {
            let store = try global.openStore()
            var peer: VersionVector?
            if let since {
                let data = try LineFile.read(since)
                do { peer = try VersionVector(json: data) } catch let e as VersionVectorError {
                    throw CommandFailure(description: "\(since): \(e.description)", exitCode: ExitCodes.badInput)
                }
            }
            let report = try ChangesetWriter.export(from: store, since: peer, to: output, time: now())
            Console.message("Wrote \(report.operationCount) operations (\(report.bytes) bytes) to \(output).")
        }
    }
}

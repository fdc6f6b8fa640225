import Foundation

/// A folder of changesets an older writer made, under `Fixtures/`, with the dump that build printed.
struct ChangesetFixture {
    /// The folder.
    let directory: URL

    /// The fixtures of `Fixtures/NAME` (`v1`, `v2`, `v3`).
    init(_ name: String, filePath: String = #filePath) {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
    }

    /// The path of the fixture file `name`.
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The lines of `expected-dump.ndjson`: what that build's `dump` printed.
    func expectedDump() throws -> [String] {
        try String(contentsOf: directory.appendingPathComponent("expected-dump.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }
}

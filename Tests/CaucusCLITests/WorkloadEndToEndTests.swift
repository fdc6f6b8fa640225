import Foundation
import Testing

/// The shared workload (`../shared/bench/gen_workload.py`) through the built
/// binary: three editors load, clone, edit offline, swap deltas, and must all
/// reach `expected.json` exactly.
@Suite(.serialized) struct WorkloadEndToEndTests {
    static let editors = ["alice", "bob", "carol"]

    /// `../shared` beside the repository: the workload generator.
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    func generateWorkload(in dir: URL) throws {
        let script = Self.shared.appendingPathComponent("bench/gen_workload.py").path
        try #require(FileManager.default.fileExists(atPath: script), "the shared workload generator is missing at \(script)")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", script, "--out", dir.path, "--scale", "1", "--edits", "2000"]
        python.standardOutput = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "gen_workload.py failed")
    }

    @Test func threeEditors_exchangeDeltas_andReachTheExpectedState() throws {
        let cli = try CLI()
        let wl = cli.folder.appendingPathComponent("workload")
        try FileManager.default.createDirectory(at: wl, withIntermediateDirectories: true)
        try generateWorkload(in: wl)
        func db(_ e: String) -> String { cli.folder.appendingPathComponent("\(e).caucus").path }
        func file(_ name: String) -> String { cli.path(name) }

        // load and clone
        try cli.ok("--db", db("alice"), "init", "--editor", "alice")
        try cli.ok("--db", db("alice"), "apply", wl.appendingPathComponent("base.ndjson").path)
        try cli.ok("--db", db("alice"), "export", "--output", file("base.changes"))
        for e in Self.editors.dropFirst() {
            try cli.ok("--db", db(e), "init", "--editor", e)
            try cli.ok("--db", db(e), "import", file("base.changes"))
        }
        // edit offline, export deltas since the clone point
        for e in Self.editors {
            try cli.ok("--db", db(e), "vv").stdout.write(toFile: file("\(e).vv"), atomically: true, encoding: .utf8)
            try cli.ok("--db", db(e), "apply", wl.appendingPathComponent("edits-\(e).ndjson").path)
            try cli.ok("--db", db(e), "export", "--output", file("\(e).delta"), "--since", file("\(e).vv"))
        }
        // merge
        for e in Self.editors {
            for other in Self.editors where other != e {
                try cli.ok("--db", db(e), "import", file("\(other).delta"))
            }
        }
        let dumps = try Self.editors.map { try cli.ok("--db", db($0), "dump").stdout }
        #expect(dumps[0] == dumps[1] && dumps[1] == dumps[2], "replicas did not converge")
        try checkAgainstExpected(dump: dumps[0], expected: wl.appendingPathComponent("expected.json"))

        // Deltas in reverse order, twice, with the base last: the same bytes.
        try cli.ok("--db", db("dave"), "init", "--editor", "dave")
        for _ in 0..<2 {
            for e in Self.editors.reversed() { try cli.ok("--db", db("dave"), "import", file("\(e).delta")) }
        }
        try cli.ok("--db", db("dave"), "import", file("base.changes"))
        #expect(try cli.ok("--db", db("dave"), "dump").stdout == dumps[0])
        // And dave's vv is exactly alice's.
        #expect(try cli.ok("--db", db("dave"), "vv").stdout == cli.ok("--db", db("alice"), "vv").stdout)
    }

    /// Checks every settled field, set, conflict candidate, delete and delete-vs-edit flag.
    func checkAgainstExpected(dump: String, expected url: URL) throws {
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var got: [String: [String: Any]] = [:]
        for line in dump.split(separator: "\n") {
            let rec = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            got[rec["id"] as! String] = rec
        }
        let records = expected["records"] as! [String: [String: Any]]
        let deleted = Set(expected["deleted"] as! [String])
        let deleteConflicts = Set(expected["delete_edit_conflicts"] as! [String])
        var conflictsByParty: [String: [String: [Any]]] = [:]
        for c in expected["field_conflicts"] as! [[String: Any]] {
            conflictsByParty[c["party"] as! String, default: [:]][c["field"] as! String] = c["values"] as? [Any]
        }
        var wrong: [String] = []
        for (pid, want) in records {
            guard let rec = got[pid] else { wrong.append("\(pid): missing"); continue }
            if rec["deleted"] as? Bool == true { wrong.append("\(pid): deleted but expected live") }
            var fields = rec["fields"] as! [String: Any]
            let ideology = (fields.removeValue(forKey: "ideology") as? [String]) ?? []
            var wantFields = want
            let wantIdeology = (wantFields.removeValue(forKey: "ideology") as? [String]) ?? []
            if ideology != wantIdeology { wrong.append("\(pid): ideology \(ideology) != \(wantIdeology)") }
            if !NSDictionary(dictionary: fields).isEqual(to: wantFields) { wrong.append("\(pid): fields \(fields) != \(wantFields)") }
            let conflicts = rec["conflicts"] as! [String: [Any]]
            let wantConflicts = conflictsByParty[pid] ?? [:]
            if !NSDictionary(dictionary: conflicts).isEqual(to: wantConflicts) {
                wrong.append("\(pid): conflicts \(conflicts) != \(wantConflicts)")
            }
            if rec["delete_conflict"] as? Bool == true { wrong.append("\(pid): unexpected delete conflict") }
        }
        for pid in deleted {
            guard let rec = got[pid] else { wrong.append("\(pid): deleted record missing from dump"); continue }
            if rec["deleted"] as? Bool != true { wrong.append("\(pid): not deleted") }
            if (rec["delete_conflict"] as? Bool == true) != deleteConflicts.contains(pid) {
                wrong.append("\(pid): delete_conflict is \(rec["delete_conflict"]!), expected \(deleteConflicts.contains(pid))")
            }
        }
        for (pid, rec) in got where records[pid] == nil && rec["deleted"] as? Bool != true {
            wrong.append("\(pid): live record not in expected.json")
        }
        #expect(wrong.isEmpty, "\(wrong.count) differences, first: \(wrong.prefix(5))")
        #expect(!records.isEmpty && !deleted.isEmpty && !deleteConflicts.isEmpty && !conflictsByParty.isEmpty)
    }
}

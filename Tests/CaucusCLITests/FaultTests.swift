import CaucusTestSupport
import Foundation
import GRDB
import Testing

/// Crashes, concurrent writers and a full disk never corrupt a database or lose a confirmed change.
@Suite(.serialized) struct FaultTests {
    let folder = TestFolder("caucus-faults")

    /// Bob's database with some records (closed, so a single checkpointed file), a changeset
    /// from Alice of `importSize` operations, and an NDJSON file of `applySize` edits for Bob.
    struct Setup {
        let template: String
        let changeset: String
        let edits: String
    }

    func setUp(importSize: Int, applySize: Int) throws -> Setup {
        let template = folder.file("template.caucus")
        let alice = folder.file("alice.caucus")
        try CaucusProcess.succeed(["--db", template, "init", "--editor", "bob"], in: folder.path)
        try CaucusProcess.succeed(["--db", alice, "init", "--editor", "alice"], in: folder.path)
        StoreState.write(StoreState.edits(200, party: "b"), to: folder.file("base.ndjson"))
        try CaucusProcess.succeed(["--db", template, "apply", folder.file("base.ndjson")], in: folder.path)
        StoreState.write(StoreState.edits(importSize, party: "a"), to: folder.file("alice.ndjson"))
        try CaucusProcess.succeed(["--db", alice, "apply", folder.file("alice.ndjson")], in: folder.path)
        try CaucusProcess.succeed(["--db", alice, "export", "-o", folder.file("alice.changes")], in: folder.path)
        StoreState.write(StoreState.edits(applySize, party: "b", value: 5), to: folder.file("bob.ndjson"))
        return Setup(template: template, changeset: folder.file("alice.changes"), edits: folder.file("bob.ndjson"))
    }

    /// Runs `caucus ARGS` on a fresh copy of the template to the end: the state after, and how long it took.
    func reference(_ setup: Setup, _ args: [String]) throws -> (state: String, seconds: Double) {
        let db = folder.file("reference.caucus")
        try StoreState.copy(setup.template, to: db)
        let start = Date()
        try CaucusProcess.succeed(["--db", db] + args, in: folder.path)
        let seconds = Date().timeIntervalSince(start)
        return (try StoreState.fingerprint(db), seconds)
    }

    @Test func sigkill_duringImportAndApply_leavesStateBeforeOrAfter_andRetryCompletes() throws {
        // Given
        let setup = try setUp(importSize: 1500, applySize: 1000)
        let before = try StoreState.fingerprint(setup.template)
        let commands: [(name: String, args: [String], idempotent: Bool)] = [
            ("import", ["import", setup.changeset], true),
            ("apply", ["apply", setup.edits], false),
        ]
        var outcomes: [String: (before: Int, after: Int)] = [:]
        var rng = SplitMix(seed: UInt64(Date().timeIntervalSince1970))
        let started = Date()
        let db = folder.file("victim.caucus")

        for command in commands {
            let (after, seconds) = try reference(setup, command.args)
            #expect(after != before)
            for round in 0..<50 {
                // When: the command is killed at a random moment of its run (or just after).
                try StoreState.copy(setup.template, to: db)
                let process = try CaucusProcess(["--db", db] + command.args, in: folder.path)
                usleep(UInt32(Double.random(in: 0...(seconds * 1.1), using: &rng) * 1_000_000))
                process.kill()
                let result = process.wait()

                // Then: the database is sound, and exactly as before or exactly as after.
                #expect(try StoreState.integrity(db) == "ok", "\(command.name) round \(round)")
                let state = try StoreState.fingerprint(db)
                #expect(state == before || state == after, "\(command.name) round \(round): a partial state after SIGKILL")
                if state == before {
                    outcomes[command.name, default: (0, 0)].before += 1
                } else {
                    outcomes[command.name, default: (0, 0)].after += 1
                    #expect(result.signalled || result.status == 0)
                }
                // And a retry completes.
                if state == before || command.idempotent {
                    try CaucusProcess.succeed(["--db", db] + command.args, in: folder.path)
                    #expect(try StoreState.fingerprint(db) == after, "\(command.name) round \(round): the retry")
                }
            }
        }
        // The kills landed both before and after the commit, or the test proves little.
        for command in commands {
            let o = outcomes[command.name] ?? (0, 0)
            #expect(o.before + o.after == 50)
            #expect(o.before >= 5, "\(command.name): \(o)")
        }
        print("SIGKILL outcomes (killed before commit, after commit): \(outcomes) in \(Int(Date().timeIntervalSince(started))) s")
    }

    @Test func importWhileApplyRuns_bothSucceed_orOneSaysBusy_andNothingIsLost() throws {
        let setup = try setUp(importSize: 3000, applySize: 3000)
        let db = folder.file("shared.caucus")
        for round in 0..<4 {
            try StoreState.copy(setup.template, to: db)
            let apply = try CaucusProcess(["--db", db, "apply", setup.edits], in: folder.path)
            usleep(UInt32(round) * 20_000)
            let importing = try CaucusProcess(["--db", db, "import", setup.changeset], in: folder.path)
            let results = [("apply", apply.wait()), ("import", importing.wait())]
            for (name, r) in results {
                #expect(r.status == 0 || (r.status == 5 && r.stderr.contains("database busy")), "\(name): \(r.status) \(r.stderr)")
            }
            #expect(try StoreState.integrity(db) == "ok")
            // Nothing lost: what each successful command reported is in the database.
            let state = try StoreState.fingerprint(db)
            if results[0].1.status == 0 { #expect(state.contains(#""name":"N5-2""#), "the applied edits are there") }
            if results[1].1.status == 0 { #expect(state.contains(#""id":"a0""#), "the imported records are there") }
            #expect(results[0].1.status == 0 || results[1].1.status == 0)
        }
    }

    @Test func writer_waitsForAnotherWriter_thenSaysDatabaseBusy() throws {
        let setup = try setUp(importSize: 10, applySize: 10)
        let db = folder.file("held.caucus")
        try StoreState.copy(setup.template, to: db)
        let before = try StoreState.fingerprint(db)
        // Another process (here: this one) holds the write lock longer than caucus waits (10 s).
        let holder = try DatabaseQueue(path: db)
        let started = Date()
        let result: CaucusProcess.Result = try holder.writeWithoutTransaction { conn in
            try conn.execute(sql: "BEGIN IMMEDIATE")
            defer { try? conn.execute(sql: "ROLLBACK") }
            return try CaucusProcess.run(["--db", db, "import", setup.changeset], in: folder.path)
        }
        #expect(Date().timeIntervalSince(started) >= 9, "caucus waits before giving up")
        #expect(result.status == 5)
        #expect(result.stderr.hasPrefix("caucus: error: database busy: another caucus process is writing \(db)"))
        try holder.close()
        #expect(try StoreState.fingerprint(db) == before)
        try CaucusProcess.succeed(["--db", db, "import", setup.changeset], in: folder.path)
    }

    @Test(.enabled(if: SmallDisk.canMount, "needs root to mount a tmpfs"))
    func fullDisk_givesAClearError_andLeavesTheDatabaseIntact() throws {
        let setup = try setUp(importSize: 8000, applySize: 10)
        let disk = try SmallDisk(at: folder.file("disk"), bytes: (try FileManager.default.attributesOfItem(atPath: setup.template)[.size] as! Int) + 96 * 1024)
        defer { disk.unmount() }
        let db = disk.path + "/bob.caucus"
        try StoreState.copy(setup.template, to: db)
        let before = try StoreState.fingerprint(db)

        // Importing more than fits fails cleanly.
        let result = try CaucusProcess.run(["--db", db, "import", setup.changeset], in: folder.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("is full"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try StoreState.integrity(db) == "ok")
        #expect(try StoreState.fingerprint(db) == before)

        // Exporting to a full disk fails cleanly and leaves no partial file.
        let big = folder.file("big.caucus")
        try StoreState.copy(setup.template, to: big)
        try CaucusProcess.succeed(["--db", big, "import", setup.changeset], in: folder.path)
        disk.fill()
        let export = try CaucusProcess.run(["--db", big, "export", "-o", disk.path + "/out.changes"], in: folder.path)
        #expect(export.status != 0)
        #expect(export.stderr.contains("out.changes: cannot write"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: disk.path + "/out.changes"))
        #expect(!FileManager.default.fileExists(atPath: disk.path + "/out.changes.partial"))
        // On a disk with no byte free, SQLite cannot even make the WAL index to read: free space, as the editor would.
        try FileManager.default.removeItem(atPath: disk.path + "/filler")
        #expect(try StoreState.integrity(db) == "ok")
        #expect(try StoreState.fingerprint(db) == before)
    }
}

/// A small tmpfs, to fill up. Mounting needs root (CAP_SYS_ADMIN); the test that uses it is skipped without.
struct SmallDisk {
    let path: String

    init(at path: String, bytes: Int) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", path])
        guard status == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }

    func unmount() { _ = Self.run("/bin/umount", [path]) }

    /// Writes a filler file until the disk is full.
    func fill() {
        _ = FileManager.default.createFile(atPath: path + "/filler", contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path + "/filler") else { return }
        let chunk = Data(count: 4096)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()
    }

    static func run(_ tool: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Whether a tmpfs can be mounted here: tried once, on a scratch folder.
    static let canMount: Bool = {
        let probe = NSTemporaryDirectory() + "caucus-mount-probe-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard let disk = try? SmallDisk(at: probe, bytes: 64 * 1024) else { return false }
        disk.unmount()
        return true
    }()
}

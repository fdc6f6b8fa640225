import Foundation
import Testing

/// `caucus remote`, `push`, `pull` and `sync` against a real `caucus-hub` process, and the exit
/// codes scripts rely on: 0 on success, 3 when the hub refuses, 6 when it cannot be reached.
@Suite(.serialized) struct HubCommandTests {
    func key(_ cli: CLI, _ db: String) throws -> String {
        try cli.ok("--db", db, "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Replicas EDITOR.db for `editors`, each a writer on the roster of the hub's storage
    /// (`roster`: `--data DIR` or `--postgres URL`) with the hub as `origin`.
    func writers(_ editors: [String], _ cli: CLI, roster: [String], hub: HubProcess) throws {
        for e in editors {
            try cli.ok("--db", "\(e).db", "init", "--editor", e)
            #expect(try cli.hub(["roster", "add", try key(cli, "\(e).db"), "--role", "writer", "--editor", e] + roster).status == 0)
            try cli.ok("--db", "\(e).db", "remote", "add", "origin", hub.url)
        }
    }

    @Test func pushPullAndSync_exitZero_andTheHubRefusesWithThree_andIsUnreachableWithSix() throws {
        let cli = try CLI()
        let data = cli.path("hub-data")
        let hub = HubProcess(storage: ["--data", data], folder: cli.folder)
        try hub.start()
        for e in ["alice", "bob", "carol"] { try cli.ok("--db", "\(e).db", "init", "--editor", e) }
        try cli.hub("roster", "add", try key(cli, "alice.db"), "--role", "writer", "--editor", "alice", "--data", data)
        try cli.hub("roster", "add", try key(cli, "bob.db"), "--role", "reader", "--editor", "bob", "--data", data)
        let roster = try cli.hub("roster", "list", "--json", "--data", data)
        #expect(roster.status == 0 && roster.stdout.contains(#""role":"reader""#))
        for e in ["alice", "bob", "carol"] { try cli.ok("--db", "\(e).db", "remote", "add", "origin", hub.url) }
        #expect(try cli.ok("--db", "alice.db", "remote", "list").stdout == "origin\t\(hub.url)\n")

        try cli.ok("--db", "alice.db", "set", "ucpa", "--new", "name=United Communist Party of Azerbaijan", "founded=1993", "membership=7000")
        let pushed = try cli.ok("--db", "alice.db", "push", "--json").json
        #expect(pushed["pushed"] as? Int == 3 && pushed["added"] as? Int == 3)
        let pulled = try cli.ok("--db", "bob.db", "pull", "origin", "--json").json
        #expect(pulled["new"] as? Int == 3)
        #expect(try cli.ok("--db", "bob.db", "dump").stdout == cli.ok("--db", "alice.db", "dump").stdout)

        try cli.ok("--db", "bob.db", "set", "ucpa", "leader=Rauf Gurbanov")
        let reader = try cli.run("--db", "bob.db", "push")
        #expect(reader.status == 3 && reader.stderr.contains("reader_cannot_push"), "\(reader)")
        try cli.ok("--db", "carol.db", "set", "ucpa", "--new", "leader=Sayad Sayadov")
        let stranger = try cli.run("--db", "carol.db", "sync")
        #expect(stranger.status == 3 && stranger.stderr.contains("not_on_roster"), "\(stranger)")
        try cli.hub("roster", "remove", try key(cli, "alice.db"), "--data", data)
        try cli.ok("--db", "alice.db", "set", "ucpa", "newspaper=Kommunist")
        let revoked = try cli.run("--db", "alice.db", "push")
        #expect(revoked.status == 3 && revoked.stderr.contains("revoked_key"), "\(revoked)")

        hub.stop()
        let down = try cli.run("--db", "alice.db", "sync")
        #expect(down.status == 6 && down.stderr.contains("cannot be reached"), "\(down)")
        let noRemote = try cli.run("--db", "dave.db", "init", "--editor", "dave")
        #expect(noRemote.status == 0)
        #expect(try cli.run("--db", "dave.db", "push").status == 4)
        #expect(try cli.run("--db", "dave.db", "remote", "add", "origin", "https://hub.example").status == 3)
    }

    @Test func aReplicaThatSyncsThroughAHub_stillExportsAndImportsFiles() throws {
        let cli = try CLI()
        let data = cli.path("hub-data")
        let hub = HubProcess(storage: ["--data", data], folder: cli.folder)
        try hub.start()
        try writers(["alice", "bob"], cli, roster: ["--data", data], hub: hub)
        try cli.ok("--db", "alice.db", "set", "ucpa", "--new", "founded=1993")
        try cli.ok("--db", "alice.db", "sync")
        try cli.ok("--db", "bob.db", "sync")
        try cli.ok("--db", "bob.db", "set", "ucpa", "registered=1995")
        try cli.ok("--db", "bob.db", "export", "--output", "bob.caucus-changes")
        try cli.ok("--db", "alice.db", "import", "bob.caucus-changes")
        try cli.ok("--db", "alice.db", "sync")
        #expect(try cli.ok("--db", "bob.db", "dump").stdout == cli.ok("--db", "alice.db", "dump").stdout)
    }

    @Test func aRelease_travelsThroughTheHubOnSQLite_andReadsTheSameOnTheOtherSide() throws {
        let cli = try CLI()
        let data = cli.path("hub-data")
        try releaseThroughHub(cli, HubProcess(storage: ["--data", data], folder: cli.folder), roster: ["--data", data])
    }

    @Test(.enabled(if: testPostgres != nil, "CAUCUS_TEST_POSTGRES names no PostgreSQL server"))
    func aRelease_travelsThroughTheHubOnPostgreSQL_andReadsTheSameOnTheOtherSide() throws {
        let cli = try CLI()
        let database = try PostgresDatabase.create(testPostgres!)
        defer { PostgresDatabase.drop(testPostgres!, database) }
        let url = PostgresDatabase.url(testPostgres!, database)
        try releaseThroughHub(cli, HubProcess(storage: ["--postgres", url], folder: cli.folder), roster: ["--postgres", url])
    }

    /// Alice releases, edits on and syncs; Bob syncs and reads the release as she does.
    func releaseThroughHub(_ cli: CLI, _ hub: HubProcess, roster: [String]) throws {
        try hub.start()
        try writers(["alice", "bob"], cli, roster: roster, hub: hub)
        try cli.ok("--db", "alice.db", "set", "ucpa", "--new", "founded=1993", "membership=7000")
        try cli.ok("--db", "alice.db", "release", "create", "2025.1", "--note", "the January release")
        try cli.ok("--db", "alice.db", "set", "ucpa", "membership=6500")
        try cli.ok("--db", "alice.db", "sync")
        try cli.ok("--db", "bob.db", "sync")
        #expect(try cli.ok("--db", "bob.db", "release", "list", "--json").stdout == cli.ok("--db", "alice.db", "release", "list", "--json").stdout)
        let atBob = try cli.ok("--db", "bob.db", "dump", "--at", "2025.1").stdout
        #expect(atBob == (try cli.ok("--db", "alice.db", "dump", "--at", "2025.1").stdout) && atBob.contains("\"membership\":7000"))
    }

    @Test func sigterm_stopsTheHubPromptly_evenWithAClientWaitingOnTheFeed() throws {
        let cli = try CLI()
        let data = cli.path("hub-data")
        let hub = HubProcess(storage: ["--data", data], folder: cli.folder)
        try hub.start()
        try cli.ok("--db", "alice.db", "init", "--editor", "alice")
        try cli.hub("roster", "add", try key(cli, "alice.db"), "--role", "writer", "--data", data)
        try cli.ok("--db", "alice.db", "remote", "add", "origin", hub.url)
        let watch = try CaucusProcess(["--db", cli.path("alice.db"), "sync", "--watch"], in: cli.folder.path)
        Thread.sleep(forTimeInterval: 1.5)
        let start = Date()
        hub.stop(SIGTERM)
        let took = Date().timeIntervalSince(start)
        #expect(hub.process?.terminationStatus == 0, "the hub did not exit cleanly on SIGTERM")
        #expect(took < 5, "SIGTERM took \(took) s: the hub waited for its feed's clients")
        watch.kill()
        _ = watch.wait()
        try hub.start()
        #expect(try cli.ok("--db", "alice.db", "sync").status == 0)
        hub.stop()
    }

    @Test func syncWatch_pushesAnEditMadeWhileItWatches() throws {
        let cli = try CLI()
        let data = cli.path("hub-data")
        let hub = HubProcess(storage: ["--data", data], folder: cli.folder)
        try hub.start()
        for (e, role) in [("alice", "writer"), ("bob", "reader")] {
            try cli.ok("--db", "\(e).db", "init", "--editor", e)
            try cli.hub("roster", "add", try key(cli, "\(e).db"), "--role", role, "--data", data)
            try cli.ok("--db", "\(e).db", "remote", "add", "origin", hub.url)
        }
        let watch = try CaucusProcess(["--db", cli.path("alice.db"), "sync", "--watch"], in: cli.folder.path)
        Thread.sleep(forTimeInterval: 1)
        try cli.ok("--db", "alice.db", "set", "ucpa", "--new", "membership=7000", "--source", "the party's own figure")
        let deadline = Date().addingTimeInterval(30)
        var pulled = ""
        while Date() < deadline {
            try cli.ok("--db", "bob.db", "pull")
            pulled = try cli.ok("--db", "bob.db", "dump").stdout
            if pulled.contains("7000") { break }
            Thread.sleep(forTimeInterval: 1)
        }
        watch.kill()
        let watched = watch.wait()
        #expect(pulled.contains("7000"), "an edit made while sync --watch ran did not reach the hub; it said: \(watched.stderr.suffix(1000))")
        hub.stop()
    }
}

import CaucusTestSupport
import Foundation
import Testing

/// SIGKILL of the hub at random moments of a push, a pull and a feed, in loops: what the hub
/// acknowledged survives, what it did not leaves nothing partial, and every client converges.
@Suite(.serialized) struct HubKillTests {
    @Test func killingTheHubMidPushMidPullAndMidFeed_losesNothing_andEveryoneConverges() throws {
        var random = SplitMix(seed: 14)
        let cli = try CLI()
        let wl = cli.folder.appendingPathComponent("workload")
        try FileManager.default.createDirectory(at: wl, withIntermediateDirectories: true)
        try WorkloadEndToEndTests().generateWorkload(in: wl)
        try cli.ok("--db", "alice.db", "init", "--editor", "alice")
        try cli.ok("--db", "alice.db", "apply", wl.appendingPathComponent("base.ndjson").path)
        let aliceKey = try cli.ok("--db", "alice.db", "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let aliceDump = try cli.ok("--db", "alice.db", "dump").stdout

        // Mid-push: each round a new hub, killed while alice pushes the whole base.
        var cut = (pushes: 0, pulls: 0)
        for round in 0..<4 {
            let data = cli.path("push-hub-\(round)")
            let hub = HubProcess(storage: ["--data", data], folder: cli.folder, name: "push\(round)")
            try hub.start()
            try cli.hub("roster", "add", aliceKey, "--role", "writer", "--editor", "alice", "--data", data)
            try cli.ok("--db", "alice.db", "remote", "add", "r\(round)", hub.url)
            let push = try CaucusProcess(["--db", cli.path("alice.db"), "push", "r\(round)"], in: cli.folder.path)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.5, using: &random))
            hub.stop(SIGKILL)
            let pushed = push.wait()
            #expect(pushed.status == 0 || pushed.status == 6, "push: \(pushed.stderr)")
            try hub.start()
            let reader = "reader-\(round).db"
            try cli.ok("--db", reader, "init", "--editor", "reader\(round)")
            try cli.hub("roster", "add", try cli.ok("--db", reader, "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                        "--role", "reader", "--data", data)
            try cli.ok("--db", reader, "remote", "add", "origin", hub.url)
            try cli.ok("--db", reader, "pull")
            let held = try cli.ok("--db", reader, "dump").stdout
            if pushed.status == 0 {
                #expect(held == aliceDump, "round \(round): a push the hub acknowledged did not survive SIGKILL")
            } else {
                cut.pushes += 1
                #expect(held.isEmpty, "round \(round): a push the hub did not acknowledge left operations behind")
                try cli.ok("--db", "alice.db", "push", "r\(round)")
                try cli.ok("--db", reader, "pull")
                #expect(try cli.ok("--db", reader, "dump").stdout == aliceDump)
            }
            hub.stop()
        }

        // Mid-pull: a hub that holds everything, killed while new replicas pull it all.
        let data = cli.path("hub")
        let hub = HubProcess(storage: ["--data", data], folder: cli.folder)
        try hub.start()
        try cli.hub("roster", "add", aliceKey, "--role", "writer", "--editor", "alice", "--data", data)
        try cli.ok("--db", "alice.db", "remote", "add", "origin", hub.url)
        try cli.ok("--db", "alice.db", "push", "origin")
        for round in 0..<4 {
            let db = "bob-\(round).db"
            try cli.ok("--db", db, "init", "--editor", "bob\(round)")
            try cli.hub("roster", "add", try cli.ok("--db", db, "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                        "--role", "reader", "--data", data)
            try cli.ok("--db", db, "remote", "add", "origin", hub.url)
            let pull = try CaucusProcess(["--db", cli.path(db), "pull"], in: cli.folder.path)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.5, using: &random))
            hub.stop(SIGKILL)
            let pulled = pull.wait()
            #expect(pulled.status == 0 || pulled.status == 6, "pull: \(pulled.stderr)")
            if pulled.status == 6 { cut.pulls += 1 }
            try hub.start()
            try cli.ok("--db", db, "pull")
            #expect(try cli.ok("--db", db, "dump").stdout == aliceDump, "round \(round): a pull cut by SIGKILL did not resume to the same state")
        }

        #expect(cut.pushes > 0 && cut.pulls > 0, "no kill landed inside a transfer: \(cut)")

        // Mid-feed: carol waits on the feed with `sync --watch` while the hub is killed and
        // restarted; a push after the restart still reaches her.
        try cli.ok("--db", "carol.db", "init", "--editor", "carol")
        try cli.hub("roster", "add", try cli.ok("--db", "carol.db", "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                    "--role", "reader", "--data", data)
        try cli.ok("--db", "carol.db", "remote", "add", "origin", hub.url)
        let watch = try CaucusProcess(["--db", cli.path("carol.db"), "sync", "--watch"], in: cli.folder.path)
        for round in 0..<3 {
            Thread.sleep(forTimeInterval: Double.random(in: 0.2...1.0, using: &random))
            hub.stop(SIGKILL)
            Thread.sleep(forTimeInterval: Double.random(in: 0.1...1.0, using: &random))
            try hub.start()
            try cli.ok("--db", "alice.db", "set", "pf-6641", "membership=\(7000 + round)")
            try cli.ok("--db", "alice.db", "push", "origin")
        }
        let want = try cli.ok("--db", "alice.db", "dump").stdout
        let deadline = Date().addingTimeInterval(60)
        var got = ""
        while Date() < deadline {
            got = try cli.ok("--db", "carol.db", "dump").stdout
            if got == want { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        watch.kill()
        let watched = watch.wait()
        #expect(got == want, "sync --watch did not converge after the hub was killed under it; it said: \(watched.stderr.suffix(2000))")
        hub.stop()
    }
}

import Foundation
import Testing

/// A hub on a PostgreSQL server that crashes and comes back: what the hub acknowledged is still
/// there, the same hub process serves again without being restarted, and a new one finds it all.
@Suite(.serialized) struct HubPostgresRestartTests {
    @Test(.enabled(if: testPostgres != nil, "CAUCUS_TEST_POSTGRES names no PostgreSQL server"))
    func aPushTheHubAcknowledged_survivesAPostgreSQLCrash_andTheSameHubServesAgainOnceTheServerIsBack() throws {
        let cli = try CLI()
        // A server of this test's own, so that crashing it leaves the other suites' server alone.
        let cluster = try PrivateCluster()
        defer { cluster.stop() }
        let hub = HubProcess(storage: ["--postgres", cluster.url], folder: cli.folder)
        try hub.start()
        defer { hub.stop() }
        for (name, role) in [("alice", "writer"), ("bob", "reader")] {
            try cli.ok("--db", "\(name).db", "init", "--editor", name)
            let key = try cli.ok("--db", "\(name).db", "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try cli.hub("roster", "add", key, "--role", role, "--editor", name, "--postgres", cluster.url)
            try cli.ok("--db", "\(name).db", "remote", "add", "origin", hub.url)
        }
        try cli.ok("--db", "alice.db", "set", "ucpa", "--new", "name=United Communist Party of Azerbaijan", "founded=1993")
        try cli.ok("--db", "alice.db", "push")

        // When: the server is killed without a checkpoint (recovery replays its WAL), and started again.
        try cluster.crashAndRestart()

        // Then: the hub answers 503 (exit 6) until its connections are back, and then serves the push it acknowledged.
        let deadline = Date().addingTimeInterval(60)
        var pull = try cli.run("--db", "bob.db", "pull")
        while pull.status != 0 && Date() < deadline {
            #expect(pull.status == 6, "pull after the restart: \(pull)")
            Thread.sleep(forTimeInterval: 0.5)
            pull = try cli.run("--db", "bob.db", "pull")
        }
        #expect(pull.status == 0, "the hub did not serve again within a minute of the server's restart: \(pull)")
        let alice = try cli.ok("--db", "alice.db", "dump").stdout
        #expect(try cli.ok("--db", "bob.db", "dump").stdout == alice)

        // And: it takes new pushes, which reach the reader.
        try cli.ok("--db", "alice.db", "set", "ucpa", "membership=7000")
        try cli.ok("--db", "alice.db", "push")
        try cli.ok("--db", "bob.db", "pull")
        #expect(try cli.ok("--db", "bob.db", "dump").stdout == cli.ok("--db", "alice.db", "dump").stdout)

        // And: a new hub process, with no cache of the old one's, serves all of it from the database.
        hub.stop()
        try hub.start()
        try cli.ok("--db", "carol.db", "init", "--editor", "carol")
        let carol = try cli.ok("--db", "carol.db", "key").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.hub("roster", "add", carol, "--role", "reader", "--editor", "carol", "--postgres", cluster.url)
        try cli.ok("--db", "carol.db", "remote", "add", "origin", hub.url)
        try cli.ok("--db", "carol.db", "pull")
        #expect(try cli.ok("--db", "carol.db", "dump").stdout == cli.ok("--db", "alice.db", "dump").stdout)
    }
}

/// A throwaway PostgreSQL cluster on a free loopback port, run by `Tools/postgres/cluster.sh`.
final class PrivateCluster {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/postgres/cluster.sh").path

    let directory: String
    let port: Int
    private(set) var url = ""

    init() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-pg-\(UUID().uuidString.prefix(8))")
        // The server runs as the postgres user, which must reach its folder.
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        directory = parent.appendingPathComponent("data").path
        do {
            port = try Self.freePort()
            url = try run("start", directory, String(port)).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            try? FileManager.default.removeItem(at: parent)
            throw error
        }
    }

    /// Stops the server as a crash would (`pg_ctl stop -m immediate`), then starts it on the same port.
    func crashAndRestart() throws {
        _ = try run("stop", directory, "immediate")
        _ = try run("start", directory, String(port))
    }

    func stop() {
        _ = try? run("stop", directory, "fast")
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    /// Runs `cluster.sh ARGS` and returns its standard output. It is spawned and waited for with
    /// `posix_spawn` and `waitpid`: Foundation's `Process.waitUntilExit` was seen never to return
    /// for a script that leaves a daemon (the server) behind.
    @discardableResult
    private func run(_ args: String...) throws -> String {
        let output = NSTemporaryDirectory() + "cluster-\(UUID().uuidString.prefix(8))"
        defer { unlink(output + ".out"); unlink(output + ".err") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = (["/bin/bash", Self.script] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ) == 0 else { throw ClusterError.failed("cannot run \(Self.script)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let stdout = (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let stderr = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw ClusterError.failed("cluster.sh \(args.joined(separator: " ")): \(stderr)")
        }
        return stdout
    }

    /// A loopback port no one listens on: the kernel's pick for a socket bound to port 0.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError.failed("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClusterError.failed("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

enum ClusterError: Error { case failed(String) }

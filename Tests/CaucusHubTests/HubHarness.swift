@testable import CaucusSync
import CaucusCore
import CaucusHub
import Crypto
import Foundation
import GRDB
import Logging
import Synchronization
import Testing

/// A hub served on a free loopback port for the length of one test, on a SQLite storage in a
/// folder of its own, with a clock the test can move.
struct HubHarness: Sendable {
    let directory: String
    let storage: any HubStorage
    let url: String
    let clock: TestClock

    /// The SQLite storage's file, for tests of the embedded default.
    var sqlitePath: String { (storage as! SQLiteHubStorage).path }

    /// Runs `body` against a fresh hub on a SQLite storage, and stops the hub after.
    static func with<T: Sendable>(limits: HubLimits = HubLimits(), _ body: (HubHarness) async throws -> T) async throws -> T {
        let directory = newDirectory()
        return try await with(storage: try SQLiteHubStorage(directory: directory), directory: directory, limits: limits, body)
    }

    /// A new, empty folder.
    static func newDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("caucus-hub-test-\(UUID().uuidString.prefix(12))").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` against a hub on `storage`, and stops the hub after.
    static func with<T: Sendable>(storage: any HubStorage, directory: String, limits: HubLimits = HubLimits(), clock: TestClock = TestClock(),
                                  _ body: (HubHarness) async throws -> T) async throws -> T {
        let server = HubServer(storage: storage, limits: limits, scratch: directory, clock: { clock.now() })
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let silent = Logger(label: "caucus-hub-test") { _ in SwiftLogNoOpLogHandler() }
        let app = server.application(host: "127.0.0.1", port: 0, logger: silent, onRunning: { announce.yield($0) })
        // The hub's tasks run on threads of their own: the other suites' tests, run in parallel on
        // the cooperative pool, would otherwise starve it until the clients' requests time out.
        let task = Task(executorPreference: DedicatedTaskExecutor.shared) { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HubClientError.unreachable("hub", reason: "did not start") }
        let harness = HubHarness(directory: directory, storage: storage, url: "http://127.0.0.1:\(port)", clock: clock)
        do {
            let result = try await body(harness)
            task.cancel()
            _ = try? await task.value
            return result
        } catch {
            task.cancel()
            _ = try? await task.value
            throw error
        }
    }

    /// A new editor on this hub's roster with `role`, whose replica's built-in fields are `schema`'s.
    func editor(_ name: String, role: HubRole?, schema: PartySchema = .standard) async throws -> Editor {
        let editor = try Editor(name, in: directory, schema: schema)
        if let role { _ = try await storage.addToRoster(RosterEntry(key: editor.publicKey, editor: name, role: role, added: clock.now())) }
        return editor
    }

    /// A raw exchange with the hub, for requests the client would never send. Its minute of
    /// patience is for a machine busy with the other suites: the requests' timing is not tested here.
    var exchange: HTTPExchange { HTTPExchange(url: try! HubURL(url), timeout: 60) }
}

/// Seconds since 1970, moved by tests.
final class TestClock: Sendable {
    private let offset = Mutex<Int64>(0)
    func now() -> Int64 { Int64(Date().timeIntervalSince1970) + offset.withLock { $0 } }
    func move(by seconds: Int64) { offset.withLock { $0 += seconds } }
}

/// An editor's replica, in a database file, with its signing key.
struct Editor: Sendable {
    let store: PartyStore
    let key: [UInt8]
    let publicKey: [UInt8]

    init(_ name: String, in directory: String, schema: PartySchema = .standard) throws {
        let path = (directory as NSString).appendingPathComponent("\(name)-\(UUID().uuidString.prefix(6)).caucus")
        store = try PartyStore(writer: DatabasePool(path: path), editor: name, schema: schema, checkingInvariants: true)
        let signing = try SigningIdentity.privateKey(of: store)
        key = [UInt8](signing.rawRepresentation)
        publicKey = [UInt8](signing.publicKey.rawRepresentation)
    }

    var signingKey: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: key) }

    /// A client of the hub at `url` with this editor's key.
    func client(_ url: String) throws -> HubClient { try HubClient(url: url, key: signingKey, timeout: 60) }

    /// A sync of this replica with the hub at `url`.
    func sync(_ url: String) throws -> HubSync {
        HubSync(store: store, client: try client(url), scratch: NSTemporaryDirectory())
    }

    /// Sets `field` of `party` to `value`.
    func set(_ party: String, _ field: String, _ value: FactValue) throws {
        try store.applyEdits(time: Int64(Date().timeIntervalSince1970)) { try $0.apply(Edit(party: party, field: field, action: .set(value))) }
    }

    /// Everything the replica holds, as `caucus dump` compares replicas.
    func dump() throws -> [String] {
        var lines: [String] = []
        try store.records { lines.append($0.dumpLine) }
        return lines
    }
}

/// Runs blocking work (the client's sockets) off the cooperative pool, so that the hub's own
/// tasks keep their threads.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// Expects `body` to fail as the hub's refusal with `status` and `code`.
func expectRefusal(_ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: @escaping @Sendable () throws -> Void) async throws {
    let outcome: HubClientError? = try await blocking {
        do { try body(); return nil } catch let error as HubClientError { return error }
    }
    guard case .refused(_, let s, let c, _)? = outcome else {
        Issue.record("expected \(status) \(code), got \(outcome.map(String.init(describing:)) ?? "success")", sourceLocation: sourceLocation)
        return
    }
    #expect(s == status && c == code, sourceLocation: sourceLocation)
}

extension HubHarness {
    /// Sends a request signed by `editor` and returns the raw answer. A test spoils a part of the
    /// signature with the optional arguments: the target signed, the time, the body digest, or
    /// headers replayed from an earlier request.
    func signed(_ editor: Editor, _ method: String, _ target: String, body: [UInt8] = [], contentType: String? = nil,
                signedTarget: String? = nil, time: Int64? = nil, digest: [UInt8]? = nil,
                replaying replay: [(String, String)]? = nil) async throws -> (response: HTTPExchange.Response, headers: [(String, String)]) {
        let signature = try HubRequestSignature.sign(method: method, target: signedTarget ?? target,
                                                     bodyDigest: digest ?? [UInt8](SHA256.hash(data: body)),
                                                     key: editor.signingKey, time: time ?? clock.now())
        let headers = replay ?? signature.headers.map { ($0.name, $0.value) }
        let sent = headers + (contentType.map { [("Content-Type", $0)] } ?? [])
        let exchange = self.exchange
        return (try await blocking { try exchange.send(method: method, target: target, headers: sent, body: body) }, headers)
    }
}

/// Runs tasks on a thread of its own. libdispatch's global queues share the cooperative pool's
/// threads, which the other suites' long tests can hold for many seconds; a serial queue gets a
/// thread that is not counted against them.
final class DedicatedTaskExecutor: TaskExecutor {
    static let shared = DedicatedTaskExecutor()
    private let queue = DispatchQueue(label: "caucus-hub-tests")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// Runs `body` as a task on ``DedicatedTaskExecutor``, for tests whose timings must be the code's.
func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task(executorPreference: DedicatedTaskExecutor.shared, operation: body).value
}

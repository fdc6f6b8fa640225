import CaucusCore
import CaucusJSON
import CaucusSync
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The hub's HTTP service (`Schema/HUB-PROTOCOL.md`): the routes, on a storage.
///
/// ```swift
/// let storage = try SQLiteHubStorage(directory: "hub-data")
/// let app = HubServer(storage: storage, scratch: "hub-data/incoming").application(host: "127.0.0.1", port: 8080)
/// try await app.runService()
/// ```
///
/// The server keeps nothing of its own between requests: every answer comes from the storage,
/// so that several processes on one shared storage serve one hub.
public struct HubServer: Sendable {
    /// Where everything is kept.
    public let storage: any HubStorage
    /// The limits.
    public let limits: HubLimits
    /// A folder for pushed bodies while they are checked.
    public let scratch: String
    /// Seconds since 1970; tests move it.
    public let clock: @Sendable () -> Int64

    /// A server on `storage`, receiving pushes into `scratch`.
    public init(storage: any HubStorage, limits: HubLimits = HubLimits(), scratch: String,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.storage = storage
        self.limits = limits
        self.scratch = scratch
        self.clock = clock
    }

    /// The application listening on `host` and `port` (0 picks a free port, which `onRunning`
    /// is told), which closes connections silent for ``HubLimits/idleSeconds``.
    public func application(host: String, port: Int, logger: Logger = Logger(label: "caucus-hub"),
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), server: .http1(configuration: .init(idleTimeout: .seconds(HubLimits.idleSeconds))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "caucus-hub"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }

    /// The routes, for tests that answer requests without a socket.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: HubErrorMiddleware())
        let auth = HubAuthenticator(storage: storage, clock: clock)
        let body = HubRequestBody(limits: limits, clock: clock)
        let routes = HubRoutes(server: self, auth: auth, body: body)
        router.get("/health") { _, _ in try await routes.health() }
        router.get("/v1/info") { _, _ in routes.info() }
        router.get("/v1/version-vector") { request, _ in try await routes.versionVector(request) }
        router.post("/v1/changesets") { request, _ in try await routes.push(request) }
        router.post("/v1/pull") { request, _ in try await routes.pull(request) }
        router.get("/v1/feed") { request, _ in try await routes.feed(request) }
        router.put("/v1/acks") { request, _ in try await routes.acknowledge(request) }
        router.get("/v1/acks") { request, _ in try await routes.acknowledgements(request) }
        router.get("/v1/roster") { request, _ in try await routes.roster(request) }
        router.post("/v1/roster") { request, _ in try await routes.addToRoster(request) }
        router.delete("/v1/roster/:key") { request, context in try await routes.revoke(request, key: context.parameters.get("key") ?? "") }
        return router
    }
}

import ArgumentParser
import CaucusHub
import Foundation
import Logging

/// `caucus-hub serve`: runs the hub until SIGTERM or SIGINT, then stops taking requests and
/// finishes the ones it has.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hub on a data folder (SQLite) or a PostgreSQL database, until SIGTERM or SIGINT.",
        discussion: """
            GET /health answers 200 once the hub takes requests. Logs go to standard error.

            Example:
              caucus-hub serve --data /var/lib/caucus-hub --port 8080
            """
    )

    @OptionGroup var storage: StorageOptions

    @Option(help: ArgumentHelp("The port to listen on (env CAUCUS_HUB_PORT; default 8080; 0 picks a free one, which the log names).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("The address to listen on (env CAUCUS_HUB_HOST; default 127.0.0.1; 0.0.0.0 for every interface).", valueName: "host"))
    var host: String?

    @Option(name: .customLong("max-body-bytes"), help: ArgumentHelp("The largest changeset a push may send (env CAUCUS_HUB_MAX_BODY_BYTES; default 268435456).", valueName: "bytes"))
    var maxBodyBytes: Int?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env CAUCUS_HUB_LOG_LEVEL; default info).", valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if let text = environment("CAUCUS_HUB_PORT"), port == nil, Int(text) == nil { throw ValidationError("CAUCUS_HUB_PORT must be a port number") }
        guard (0...65535).contains(resolvedPort) else { throw ValidationError("the port must be 0 to 65535") }
        guard resolvedMaxBody > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard Logger.Level(rawValue: resolvedLogLevel) != nil else { throw ValidationError("unknown log level \(resolvedLogLevel)") }
    }

    private var resolvedPort: Int { port ?? environment("CAUCUS_HUB_PORT").flatMap(Int.init) ?? 8080 }
    private var resolvedMaxBody: Int { maxBodyBytes ?? environment("CAUCUS_HUB_MAX_BODY_BYTES").flatMap(Int.init) ?? HubLimits().maxBodyBytes }
    private var resolvedLogLevel: String { logLevel ?? environment("CAUCUS_HUB_LOG_LEVEL") ?? "info" }

    func run() async throws {
        try await reporting {
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            let logger = {
                var logger = Logger(label: "caucus-hub")
                logger.logLevel = Logger.Level(rawValue: resolvedLogLevel)!
                return logger
            }()
            let scratch = storage.scratch
            try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let limits = HubLimits(maxBodyBytes: resolvedMaxBody)
            let host = self.host ?? environment("CAUCUS_HUB_HOST") ?? "127.0.0.1"
            let port = resolvedPort, location = storage.location
            try await storage.with(logger: logger, serving: true) { store in
                let app = HubServer(storage: store, limits: limits, scratch: scratch).application(host: host, port: port, logger: logger) { port in
                    logger.info("caucus-hub serving \(location) on http://\(host):\(port)")
                }
                try await app.runService()
            }
        }
    }
}

// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Caucus",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CaucusModel", targets: ["CaucusModel"]),
        .library(name: "CaucusCore", targets: ["CaucusCore"]),
        .library(name: "CaucusSync", targets: ["CaucusSync"]),
        .library(name: "CaucusHub", targets: ["CaucusHub"]),
        .executable(name: "caucus", targets: ["caucus"]),
        .executable(name: "caucus-hub", targets: ["caucus-hub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The one SQLite setting Swift cannot make: `sqlite3_config` is variadic.
        .target(name: "CSQLiteTuning"),
        // The migrations under Schema/ are the source of truth; this target compiles them in.
        .target(
            name: "CaucusSchema",
            path: "Schema",
            exclude: ["README.md", "CHANGESET-FORMAT.md", "HUB-PROTOCOL.md", "party.schema.json", "hub-openapi.json"],
            sources: ["SchemaFiles.swift"],
            resources: [
                .embedInCode("migrations/m001_store.sql"),
                .embedInCode("migrations/m002_trust.sql"),
                .embedInCode("migrations/m003_compact_op.sql"),
                .embedInCode("migrations/m004_fact_op.sql"),
                .embedInCode("migrations/m005_claims.sql"),
                .embedInCode("migrations/m006_authorship.sql"),
                .embedInCode("migrations/m007_trigram.sql"),
                .embedInCode("hub/h001_hub.sqlite.sql"),
                .embedInCode("hub/h001_hub.postgres.sql"),
                .embedInCode("hub/h002_author_batches.sqlite.sql"),
                .embedInCode("hub/h002_author_batches.postgres.sql"),
                .embedInCode("hub/h003_definitions.sqlite.sql"),
                .embedInCode("hub/h003_definitions.postgres.sql"),
            ]
        ),
        // The one JSON parser (and writer of canonical JSON text).
        .target(name: "CaucusJSON"),
        // Reads Schema/party.schema.json when the package is built (PartySchemaPlugin).
        .target(name: "CaucusSchemaCompiler", dependencies: ["CaucusJSON"]),
        .executableTarget(name: "caucus-schema-compiler", dependencies: ["CaucusSchemaCompiler"]),
        .plugin(name: "PartySchemaPlugin", capability: .buildTool(), dependencies: ["caucus-schema-compiler"]),
        // The merge as pure values: no GRDB here, so the compiler keeps it pure.
        .target(name: "CaucusModel", dependencies: ["CaucusJSON"], plugins: ["PartySchemaPlugin"]),
        .target(
            name: "CaucusCore",
            dependencies: [
                "CaucusModel", "CaucusSchema",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CaucusSync",
            dependencies: [
                "CaucusCore", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CaucusCLI",
            dependencies: [
                "CaucusCore", "CaucusSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The hub: a relay of changesets over HTTP (Schema/HUB-PROTOCOL.md), on CaucusSync.
        .target(
            name: "CaucusHub",
            dependencies: [
                "CaucusSync", "CaucusCore", "CaucusSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "caucus-hub",
            dependencies: ["CaucusHub", "CaucusSync", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Linked as one static, non-PIE executable (the Swift runtime, Foundation, and the
        // system's libsqlite3.a and libz.a): loading the Swift libraries and relocating a PIE
        // cost more than a `show` does (Tools/bench/RESULTS.md, "Moved from source comments").
        .executableTarget(
            name: "caucus", dependencies: ["CaucusCLI", "CSQLiteTuning"],
            swiftSettings: [.unsafeFlags(["-static-executable"])],
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        // Helpers shared by the test targets.
        .target(
            name: "CaucusTestSupport",
            dependencies: ["CaucusModel", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/CaucusTestSupport"
        ),
        .testTarget(
            name: "CaucusModelTests",
            dependencies: ["CaucusModel", "CaucusTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "CaucusSchemaCompilerTests", dependencies: ["CaucusSchemaCompiler", "CaucusModel"]),
        .testTarget(
            name: "CaucusCoreTests",
            dependencies: [
                "CaucusCore", "CaucusSchema", "CaucusTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CaucusSyncTests",
            dependencies: [
                "CaucusSync", "CaucusCore", "CaucusTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CaucusHubTests",
            dependencies: ["CaucusHub", "CaucusSync", "CaucusCore", "CaucusTestSupport", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "CaucusCLITests",
            dependencies: ["CaucusCLI", "CaucusSync", "CaucusCore", "CaucusTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)

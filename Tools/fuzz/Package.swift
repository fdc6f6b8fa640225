// swift-tools-version: 6.1
// The libFuzzer target over the changeset reader and the merge, kept in its own
// package so that the main package's `swift build` and `swift test` never build
// it. Build and run it with `Tools/fuzz/run.sh` (see `Tools/fuzz/README.md`).
import PackageDescription

let package = Package(
    name: "CaucusFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Caucus", path: "../.."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CZlibFuzz", path: "Sources/CZlibFuzz"),
        // Not main.swift: libFuzzer provides main; this file exports LLVMFuzzerTestOneInput.
        .executableTarget(
            name: "caucus-fuzz",
            dependencies: [
                "CZlibFuzz",
                .product(name: "CaucusCore", package: "Caucus"),
                .product(name: "CaucusSync", package: "Caucus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/CaucusFuzz"
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

/// Atelier: a self-hosted dashboard for AI generation relays.
///
/// Layering (arrows point one way):
///   executables → AtelierWeb → FastCGI → CFastCGI
///   executables → AtelierWeb → AtelierStore (GRDB, swift-crypto)
///   executables → AtelierWeb → AtelierMedia (downloads of provider outputs)
///   AtelierWeb → TemplateRuntime; plugin CompileTemplates → TemplateCompiler → TemplateCompilerCore
///   executables → RelayClient (the shared client core; knows no HTML and no SQL)
///   relay-sim   → RelaySim (a local simulator of the relay protocols)
let package = Package(
    name: "Atelier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "atelier-server", targets: ["AtelierServer"]),
        .executable(name: "atelier", targets: ["AtelierCLI"]),
        .executable(name: "relay-sim", targets: ["RelaySimServer"]),
        .library(name: "RelayClient", targets: ["RelayClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Ink.git", exact: "0.6.0"),
    ],
    targets: [
        // MARK: Transport: libfcgi and the FastCGI bridge
        .systemLibrary(
            name: "CFastCGI",
            pkgConfig: nil,
            providers: [.apt(["libfcgi-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "FastCGI",
            dependencies: [
                "CFastCGI",
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Store: SQLite through GRDB, passwords, sealed keys
        // MARK: SQLite's process-wide settings made before it starts (sqlite3_config is variadic)
        .target(name: "CSQLiteConfig", linkerSettings: [.linkedLibrary("sqlite3")]),

        .target(
            name: "AtelierStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for list rows read column by column (`StatementColumns`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "CSQLiteConfig",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),

        // MARK: Network addresses: resolution and the ranges that are not the public internet
        .target(
            name: "NetworkAddresses",
            dependencies: [.product(name: "NIOPosix", package: "swift-nio")]
        ),

        // MARK: Engine: providers from the store as RelayClients, balance refresh
        .target(
            name: "AtelierEngine",
            dependencies: [
                "AtelierStore",
                "NetworkAddresses",
                "RelayClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Media: provider outputs downloaded and kept (address guard, size cap, type check)
        .target(
            name: "AtelierMedia",
            dependencies: [
                "NetworkAddresses",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Tasks: submit, poll, callbacks, outputs kept, usage
        .target(
            name: "TaskEngine",
            dependencies: [
                "AtelierStore",
                "AtelierEngine",
                "AtelierMedia",
                "RelayClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Web: routing, templates, pages
        .target(
            name: "AtelierWeb",
            dependencies: [
                "FastCGI",
                "AtelierStore",
                "AtelierEngine",
                "AtelierMedia",
                "TaskEngine",
                "RelayClient",
                "TemplateRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Ink", package: "Ink"),
            ],
            plugins: [.plugin(name: "CompileTemplates")]
        ),

        // MARK: Compiled templates: Templates/*.mustache turned into Swift at build time
        .target(name: "TemplateRuntime"),
        .target(name: "TemplateCompilerCore"),
        .executableTarget(name: "TemplateCompiler", dependencies: ["TemplateCompilerCore"]),
        .plugin(name: "CompileTemplates", capability: .buildTool(), dependencies: ["TemplateCompiler"]),

        .executableTarget(
            name: "AtelierServer",
            dependencies: [
                "AtelierWeb",
                "AtelierMedia",
                "TaskEngine",
                "AtelierStore",
                "AtelierEngine",
                "RelayClient",
                "FastCGI",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Relay client core, simulator and CLI
        .target(
            name: "RelayClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "RelaySim",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "RelaySimServer",
            dependencies: [
                "RelaySim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "AtelierCLI",
            dependencies: [
                "RelayClient",
                "AtelierStore",
                "AtelierEngine",
                "AtelierMedia",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI"]),
        .testTarget(name: "TemplateCompilerTests", dependencies: ["TemplateCompilerCore", "TemplateRuntime"]),
        .testTarget(name: "AtelierStoreTests", dependencies: ["AtelierStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AtelierWebTests", dependencies: [
            "AtelierWeb", "AtelierStore", "AtelierEngine", "AtelierMedia", "TaskEngine", "RelayClient", "RelaySim", "FastCGI", "TemplateRuntime",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .target(name: "TestSupport", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/TestSupport"),
        .testTarget(name: "EndToEndTests", dependencies: [
            "FastCGI", "AtelierStore", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RelayClientTests", dependencies: ["RelayClient", "RelaySim"]),
        .testTarget(name: "RelaySimTests", dependencies: [
            "RelaySim",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "AtelierEngineTests", dependencies: ["AtelierEngine", "AtelierStore", "RelayClient", "RelaySim", "TestSupport"]),
        .testTarget(name: "AtelierMediaTests", dependencies: [
            "AtelierMedia", "NetworkAddresses", "RelaySim", "TestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "TaskEngineTests", dependencies: [
            "TaskEngine", "AtelierEngine", "AtelierStore", "AtelierMedia", "RelayClient", "RelaySim", "TestSupport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "AtelierCLITests", dependencies: ["AtelierStore", "RelaySim", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

// swift-tools-version:6.1
import Foundation
import PackageDescription

/// CI builds with warnings as errors (`GATEHOUSE_STRICT=1`, set by scripts/test.sh). Kept out of the default so
/// the package stays usable as a dependency (SwiftPM refuses unsafe flags in dependencies).
let strictFlags: [SwiftSetting] =
    ProcessInfo.processInfo.environment["GATEHOUSE_STRICT"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : []

/// One settings list for every target: Swift 6 language mode (complete concurrency checking) plus the
/// upcoming features the house style asks for (STYLE.md §2).
let swiftSettings: [SwiftSetting] =
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    ] + strictFlags

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GatehouseJSON", targets: ["GatehouseJSON"]),
        .library(name: "TokenVerification", targets: ["TokenVerification"]),
        .library(name: "MCPCore", targets: ["MCPCore"]),
        .library(name: "MCPHTTP", targets: ["MCPHTTP"]),
        .library(name: "ProtectedResource", targets: ["ProtectedResource"]),
        .library(name: "GatehouseTesting", targets: ["GatehouseTesting"]),
        .library(name: "MCPGateway", targets: ["MCPGateway"]),
        .library(name: "GatehouseServer", targets: ["GatehouseServer"]),
        .library(name: "DevelopmentAuthorization", targets: ["DevelopmentAuthorization"]),
        .library(name: "GatehouseDoctor", targets: ["GatehouseDoctor"]),
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .plugin(name: "SchemaComments", targets: ["SchemaComments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // A strict JSON reader and writer shared by the verifier and the protocol (no dependencies).
        .target(name: "GatehouseJSON", swiftSettings: swiftSettings),
        // Verification of OAuth 2.1 / RFC 9068 JWT access tokens. Knows nothing of web frameworks.
        .target(
            name: "TokenVerification",
            dependencies: [
                "GatehouseJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Model Context Protocol: JSON-RPC, every supported revision, the tool backend. Knows nothing of HTTP.
        .target(
            name: "MCPCore",
            dependencies: [
                "GatehouseJSON",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // RFC 9728 protected-resource metadata and RFC 6750 challenges (no web framework).
        .target(name: "ProtectedResource", dependencies: ["GatehouseJSON"], swiftSettings: swiftSettings),
        // Streamable HTTP for every revision, on Hummingbird 2.
        .target(
            name: "MCPHTTP",
            dependencies: [
                "MCPCore",
                "GatehouseJSON",
                "TokenVerification",
                "ProtectedResource",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        // The development issuer's keys: load the PEM folder, publish the public JWK Set (no signing).
        .target(
            name: "DevelopmentKeys",
            dependencies: [
                "TokenVerification",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers for tests (ours and users'): sign tokens with development keys.
        .target(
            name: "GatehouseTesting",
            dependencies: [
                "TokenVerification",
                "DevelopmentKeys",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The development issuer's sign-in (authorization code + PKCE, refresh, registration, consent page): for
        // local development only; it signs with the development keys, so the server target never links it.
        .target(
            name: "DevelopmentAuthorization",
            dependencies: [
                "GatehouseJSON", "TokenVerification", "GatehouseTesting", "GatehouseServer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The example tools `gatehouse serve` offers (notes, whoami, server time); wired in by the executable.
        .target(
            name: "GatehouseExample",
            dependencies: ["MCPCore", "GatehouseJSON"],
            swiftSettings: swiftSettings,
            plugins: ["SchemaComments"]
        ),
        // Doc comments of SchemaDerivable properties → their JSON Schema descriptions, at build time and without
        // swift-syntax (docs/decisions/0002): a tokenizer and declaration scanner, the plugin's tool, the plugin.
        .target(name: "SchemaCommentsScanner", swiftSettings: swiftSettings),
        .executableTarget(
            name: "gatehouse-schema-comments",
            dependencies: ["SchemaCommentsScanner"],
            swiftSettings: swiftSettings
        ),
        .plugin(
            name: "SchemaComments",
            capability: .buildTool(),
            dependencies: ["gatehouse-schema-comments"]
        ),
        // The gateway: an MCP client (Streamable HTTP, stdio child processes) and a backend serving existing MCP
        // servers through Gatehouse's endpoints, with the gateway's own upstream credentials (no token passthrough).
        .target(
            name: "MCPGateway",
            dependencies: [
                "MCPCore", "GatehouseJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings
        ),
        // The server product: configuration, the embedded default, observability, health, graceful shutdown.
        .target(
            name: "GatehouseServer",
            dependencies: [
                "MCPHTTP", "MCPCore", "MCPGateway", "GatehouseJSON", "TokenVerification", "ProtectedResource",
                "DevelopmentKeys",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // `gatehouse doctor`: diagnoses any MCP server's authorization as a client meets it.
        .target(
            name: "GatehouseDoctor",
            dependencies: [
                "GatehouseJSON", "ProtectedResource", "TokenVerification",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test-only: the conformance backend over HTTP without auth, for the real-client tests.
        .executableTarget(
            name: "MCPTestServer",
            dependencies: [
                "MCPCore", "MCPHTTP", "GatehouseJSON", "TokenVerification", "ProtectedResource", "GatehouseTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "TokenVerification",
                "GatehouseTesting",
                "DevelopmentAuthorization",
                "GatehouseServer",
                "GatehouseExample",
                "GatehouseDoctor",
                "MCPCore",
                "MCPGateway",
                "GatehouseJSON",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // libjwt (Debian's libjwt-dev), used only by the tests as an independent signature oracle.
        .systemLibrary(
            name: "CJWT",
            pkgConfig: "libjwt",
            providers: [.apt(["libjwt-dev"])]
        ),
        .testTarget(
            name: "MCPCoreTests",
            dependencies: ["MCPCore", "GatehouseJSON", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseServerTests",
            dependencies: [
                "GatehouseServer", "GatehouseExample", "MCPHTTP", "MCPCore", "GatehouseJSON", "TokenVerification",
                "GatehouseTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MCPGatewayTests",
            dependencies: [
                "MCPGateway", "MCPCore", "MCPHTTP", "GatehouseJSON", "TokenVerification", "GatehouseTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DevelopmentAuthorizationTests",
            dependencies: [
                "DevelopmentAuthorization", "GatehouseJSON", "TokenVerification", "GatehouseTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Test-only: sources written the ways users write them, compiled with the SchemaComments plugin.
        .target(
            name: "SchemaCommentsFixture",
            dependencies: ["MCPCore"],
            path: "Tests/SchemaCommentsFixture",
            swiftSettings: swiftSettings,
            plugins: ["SchemaComments"]
        ),
        .testTarget(
            name: "SchemaCommentsTests",
            dependencies: ["SchemaCommentsScanner", "SchemaCommentsFixture", "MCPCore", "GatehouseJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseDoctorTests",
            dependencies: ["GatehouseDoctor", "GatehouseJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProtectedResourceTests",
            dependencies: ["ProtectedResource", "GatehouseJSON"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MCPHTTPTests",
            dependencies: [
                "MCPHTTP", "MCPCore", "GatehouseJSON", "TokenVerification", "ProtectedResource", "GatehouseTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TokenVerificationTests",
            dependencies: [
                "TokenVerification",
                "GatehouseTesting",
                "CJWT",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
    ]
)

// The libFuzzer target exists only when asked for (`GATEHOUSE_FUZZ=1`, set by scripts/fuzz.sh): it has no `main`
// of its own (libFuzzer supplies it), so an ordinary build could not link it.
if ProcessInfo.processInfo.environment["GATEHOUSE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "TokenFuzzer",
            dependencies: ["TokenVerification", "GatehouseTesting"],
            path: "Fuzz/TokenFuzzer",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]
        )
    )
}

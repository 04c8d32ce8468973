// swift-tools-version:6.1
import PackageDescription

/// The official Swift MCP SDK as an independent client of Gatehouse (used by scripts/test-clients.sh).
let package = Package(
    name: "swift-sdk-client-check",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1")
    ],
    targets: [
        .executableTarget(
            name: "SwiftSDKClientCheck",
            dependencies: [.product(name: "MCP", package: "swift-sdk")]
        )
    ]
)

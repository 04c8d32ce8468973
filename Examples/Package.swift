// swift-tools-version:6.1
// Two ways to use Gatehouse from your own package (run from the repository root so Keys/ is found):
//   swift run --package-path Examples notes-server     — your tools, served by GatehouseServer (library)
//   swift run --package-path Examples existing-app     — MCP + bearer middleware inside an existing Hummingbird app
import PackageDescription

let package = Package(
    name: "gatehouse-examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "gatehouse", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "notes-server",
            dependencies: [
                .product(name: "GatehouseServer", package: "gatehouse"),
                .product(name: "MCPCore", package: "gatehouse"),
            ],
            path: "Sources/NotesServer",
            // Doc comments of SchemaDerivable properties become their JSON Schema descriptions.
            plugins: [.plugin(name: "SchemaComments", package: "gatehouse")]
        ),
        .executableTarget(
            name: "existing-app",
            dependencies: [
                .product(name: "MCPHTTP", package: "gatehouse"),
                .product(name: "MCPCore", package: "gatehouse"),
                .product(name: "TokenVerification", package: "gatehouse"),
                .product(name: "ProtectedResource", package: "gatehouse"),
                .product(name: "GatehouseTesting", package: "gatehouse"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/ExistingApp"
        ),
    ]
)

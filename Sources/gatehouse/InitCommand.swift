import ArgumentParser
import Crypto
import Foundation
import GatehouseServer

/// `gatehouse init NAME`: a new Swift package for an MCP server on Gatehouse (``ProjectTemplate``), with its own
/// development keys.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a Swift package for your own MCP server on Gatehouse.",
        discussion: """
            Writes a package with a server using Gatehouse as a library, two typed tools (schemas derived from \
            their Swift types), in-process tests, gatehouse.yaml, a Dockerfile, a README and a .gitignore, plus \
            freshly generated development keys (Keys/). Templates: basic (your tools), oauth (your tools and a \
            production.yaml for your authorization server, which the Dockerfile runs), gateway (existing MCP \
            servers behind Gatehouse).
            """
    )

    @Argument(help: "The package name: a letter, then letters, digits, - or _ (at most 64).")
    var name: String

    @Option(help: "basic, oauth or gateway.")
    var template = "basic"

    @Option(help: "The folder to create (default: ./NAME). It must not exist, or be empty.")
    var output: String?

    @Option(help: "Depend on the Gatehouse checkout at this path.")
    var gatehousePath: String?

    @Option(help: "Depend on Gatehouse's release \(GatehouseVersion.current) from this Git URL.")
    var gatehouseURL: String?

    func run() throws {
        guard name.range(of: #"^[A-Za-z][A-Za-z0-9_-]{0,63}$"#, options: .regularExpression) != nil else {
            throw Self.fail("the name \"\(name)\" must be a letter, then letters, digits, - or _ (at most 64)")
        }
        guard let kind = ProjectTemplate.Kind(rawValue: template) else {
            throw Self.fail(
                "unknown template \"\(template)\"; choose "
                    + ProjectTemplate.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let project = ProjectTemplate(name: name, kind: kind, dependency: try dependency())
        let folder = URL(fileURLWithPath: output ?? name).standardizedFileURL
        try Self.prepare(folder)
        for file in project.files {
            try Self.write(file.contents, to: folder.appendingPathComponent(file.path))
        }
        let key = P256.Signing.PrivateKey().pemRepresentation + "\n"
        try Self.write(key, to: folder.appendingPathComponent("Keys/dev-es256.pem"), permissions: 0o600)
        print(
            """
            Created \(folder.path) (template \(kind.rawValue)).
              cd \(StartupBanner.quoted(folder.path))
              swift run \(name)     # the server on 127.0.0.1:8080, development sign-in
              swift test         # its tests
            """)
    }

    /// The Gatehouse dependency: the path or URL given, else the checkout this executable was built in.
    private func dependency() throws -> ProjectTemplate.Dependency {
        switch (gatehousePath, gatehouseURL) {
        case (let path?, nil):
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            guard Self.isGatehouseCheckout(absolute) else {
                throw Self.fail(
                    "--gatehouse-path \(absolute) is not a Gatehouse checkout (no Package.swift naming \"gatehouse\")")
            }
            return .path(absolute)
        case (nil, let url?):
            guard let parsed = URL(string: url), parsed.scheme != nil else {
                throw Self.fail("--gatehouse-url \"\(url)\" is not a URL")
            }
            // SwiftPM names a URL dependency after the URL's last component; the products are named from "gatehouse".
            let last = parsed.lastPathComponent
            guard last == "gatehouse" || last == "gatehouse.git" else {
                throw Self.fail(
                    "--gatehouse-url must end in /gatehouse or /gatehouse.git (SwiftPM names the package after it)")
            }
            return .version(url: url, from: GatehouseVersion.current)
        case (nil, nil):
            // …/gatehouse/.build/<triple>/debug/gatehouse → the checkout it was built in.
            var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            for _ in 0..<5 {
                folder.deleteLastPathComponent()
                if Self.isGatehouseCheckout(folder.path) { return .path(folder.path) }
            }
            throw Self.fail(
                "say where the Gatehouse package comes from: --gatehouse-path DIR (a checkout) or --gatehouse-url URL "
                    + "(release \(GatehouseVersion.current) from that Git URL)")
        default:
            throw Self.fail("give --gatehouse-path or --gatehouse-url, not both")
        }
    }

    private static func isGatehouseCheckout(_ path: String) -> Bool {
        guard let manifest = try? String(contentsOfFile: path + "/Package.swift", encoding: .utf8) else { return false }
        return manifest.contains("name: \"gatehouse\"")
    }

    /// Creates `folder`, or accepts it when it exists and is empty.
    private static func prepare(_ folder: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? manager.contentsOfDirectory(atPath: folder.path))?.isEmpty == true else {
                throw fail("\(folder.path) already exists and is not an empty folder; choose another with --output")
            }
            return
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create \(folder.path): check that its parent exists and is writable")
        }
    }

    private static func write(_ contents: String, to file: URL, permissions: Int? = nil) throws {
        do {
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
            if let permissions {
                try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: file.path)
            }
        } catch {
            throw fail("cannot write \(file.path): check that the folder is writable")
        }
    }

    private static func fail(_ message: String) -> ExitCode { ServeCommand.fail(message, status: 64) }
}

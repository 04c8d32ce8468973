import Foundation
import PackagePlugin

/// Makes the doc comments of a target's `SchemaDerivable` properties their JSON Schema descriptions: before the
/// target compiles, `gatehouse-schema-comments` reads its Swift files and adds one generated file with a
/// `schemaFieldComments` for each such type. Apply it with
/// `plugins: [.plugin(name: "SchemaComments", package: "gatehouse")]`.
@main
struct SchemaCommentsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SwiftSourceModuleTarget else { return [] }
        let inputs = target.sourceFiles(withSuffix: "swift").map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "GatehouseSchemaFieldComments.generated.swift")
        return [
            .buildCommand(
                displayName: "Schema descriptions from the doc comments of \(target.name)",
                executable: try context.tool(named: "gatehouse-schema-comments").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

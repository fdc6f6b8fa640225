import Foundation
import PackagePlugin

/// Compiles `Schema/party.schema.json` into `PartySchema.standard` for the target that uses it
/// (`CaucusModel`), again whenever the file changes.
@main
struct PartySchemaPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "Schema/party.schema.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "PartySchema+Standard.swift")
        return [
            .buildCommand(
                displayName: "Compiling the party schema",
                executable: try context.tool(named: "caucus-schema-compiler").url,
                arguments: [input.path, output.path],
                inputFiles: [input],
                outputFiles: [output]
            ),
        ]
    }
}

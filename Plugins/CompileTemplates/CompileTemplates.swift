import Foundation
import PackagePlugin

/// Compiles the package's `Templates/` into Swift on every build of the target it is applied to:
/// runs `TemplateCompiler Templates/ <work>/CompiledTemplates.swift`. Every template and locale
/// file is an input, so editing one regenerates the file and rebuilds the target.
@main
struct CompileTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "CompiledTemplates.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil) {
            for case let file as URL in walker where file.pathExtension == "mustache" || file.pathExtension == "json" {
                inputs.append(file)
            }
        }
        return [
            .buildCommand(
                displayName: "Compiling templates in \(templates.path)",
                executable: try context.tool(named: "TemplateCompiler").url,
                arguments: [templates.path, output.path, "--default-locale", "en"],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output]
            ),
        ]
    }
}

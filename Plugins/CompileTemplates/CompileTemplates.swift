import Foundation
import PackagePlugin

/// Compiles the package's `Templates/` into Swift on every build of the target it is applied to:
/// runs `TemplateCompiler Templates/ <work>/CompiledTemplates.swift`. Every template and locale
/// file, and every folder under `Templates/`, is an input, so editing or adding one regenerates the
/// file and rebuilds the target.
///
/// SwiftPM asks the plugin for its inputs again only when the package's structure changes (a
/// Swift file added or removed, `Package.swift` touched): after deleting a template the build
/// reports it as a missing input until then; `touch Package.swift` fixes that.
@main
struct CompileTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let templates = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "CompiledTemplates.swift")
        // The folders too: adding a template changes its folder, so the compiler runs and sees it.
        var inputs: [URL] = [templates]
        if let walker = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let file as URL in walker {
                let isFolder = (try? file.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if isFolder || file.pathExtension == "mustache" || file.pathExtension == "json" { inputs.append(file) }
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

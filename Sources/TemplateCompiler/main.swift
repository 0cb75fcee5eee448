import Foundation
import TemplateCompilerCore

// TemplateCompiler TEMPLATES_DIR OUTPUT_FILE [--default-locale CODE] [--enum NAME]
//
// Reads every `.mustache` file under TEMPLATES_DIR and `TEMPLATES_DIR/locales/*.json`, and writes
// the Swift source of the compiled pages (see `TemplateCompilation`) and of the locales' strings
// (`CompiledTranslations`, see `TranslationTableGenerator`) to OUTPUT_FILE. Run by the
// `CompileTemplates` build-tool plugin on every build; an error names the template file and line.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, default value: String, in arguments: inout [String]) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    let found = arguments[index + 1]
    arguments.removeSubrange(index...index + 1)
    return found
}
let defaultLocale = option("--default-locale", default: "en", in: &arguments)
let enumName = option("--enum", default: "CompiledTemplates", in: &arguments)
guard arguments.count == 2 else { fail("usage: TemplateCompiler TEMPLATES_DIR OUTPUT_FILE [--default-locale CODE] [--enum NAME]") }
let directory = URL(fileURLWithPath: arguments[0]).standardizedFileURL
let output = URL(fileURLWithPath: arguments[1])

var templates: [String: (source: String, path: String)] = [:]
var locales: [String: [String: String]] = [:]
guard let walker = FileManager.default.enumerator(atPath: directory.path) else { fail("cannot read \(directory.path)") }
for case let relative as String in walker {
    let path = directory.path + "/" + relative
    if relative.hasSuffix(".mustache") {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { fail("\(path): cannot read") }
        templates[String(relative.dropLast(".mustache".count))] = (source, path)
    } else if relative.hasPrefix("locales/"), relative.hasSuffix(".json") {
        guard let data = FileManager.default.contents(atPath: path),
              let strings = try? JSONDecoder().decode([String: String].self, from: data)
        else { fail("\(path):1: error: not a flat JSON object of strings") }
        locales[String(relative.dropFirst("locales/".count).dropLast(".json".count))] = strings
    }
}

do {
    let source = try TemplateCompilation(templates: templates, locales: locales, defaultLocale: defaultLocale)
        .swiftSource(enumName: enumName)
        + TranslationTableGenerator(locales: locales, defaultLocale: defaultLocale).swiftSource(enumName: "CompiledTranslations")
    // Rewrite only on change, so an unrelated template edit does not recompile the module twice.
    if (try? String(contentsOf: output, encoding: .utf8)) != source {
        try source.write(to: output, atomically: true, encoding: .utf8)
    }
} catch let error as TemplateError {
    fail(error.description)
} catch {
    fail("\(error)")
}

import TemplateCompilerCore
import Testing

/// The locales' strings compiled into Swift: escaped as Swift literals, and a locale lacking a key
/// of the default locale stops the build naming the file and the keys.
@Suite struct TranslationTableGeneratorTests {
    @Test func everyLocaleBecomesATableOfSwiftLiterals() throws {
        let source = try TranslationTableGenerator(
            locales: ["en": ["greeting": "Say \"hi\" \\ \\(x)\n", "b": "B"], "zh-Hans": ["greeting": "你好", "b": "乙", "extra": "多"]],
            defaultLocale: "en"
        ).swiftSource(enumName: "Strings")
        #expect(source.contains("enum Strings {"))
        #expect(source.contains("static let tables: [String: [String: String]] = ["))
        #expect(source.contains(#""greeting": "Say \"hi\" \\ \\(x)\n","#))
        #expect(source.contains(#""zh-Hans": ["#))
        #expect(source.contains(#""greeting": "你好","#))
        #expect(source.contains(#""extra": "多","#))
    }

    @Test func aLocaleLackingAKeyStopsTheBuild() {
        let generator = TranslationTableGenerator(locales: ["en": ["a": "A", "b": "B"], "zh-Hans": ["a": "甲"]], defaultLocale: "en")
        #expect(throws: TemplateError(file: "locales/zh-Hans.json", line: 1, message: "lacks keys of en: b")) {
            try generator.swiftSource(enumName: "Strings")
        }
        #expect(throws: TemplateError.self) {
            try TranslationTableGenerator(locales: ["zh-Hans": [:]], defaultLocale: "en").swiftSource(enumName: "Strings")
        }
    }
}

/// Writes every locale's strings as Swift (`enum <enumName> { static let tables }`), so the text
/// Atelier makes in Swift (`PageRenderer.text`) is in the binary like the compiled pages: the
/// server reads no file at start-up. A locale lacking a key of the default locale stops the build.
public struct TranslationTableGenerator {
    public let locales: [String: [String: String]]
    public let defaultLocale: String

    public init(locales: [String: [String: String]], defaultLocale: String) {
        self.locales = locales
        self.defaultLocale = defaultLocale
    }

    /// The Swift source of the tables, keys sorted so the output only changes with the locales.
    public func swiftSource(enumName: String) throws -> String {
        guard let reference = locales[defaultLocale] else {
            throw TemplateError(file: "locales/\(defaultLocale).json", line: 1, message: "the default locale \(defaultLocale) has no file")
        }
        var out = """

        /// Every locale's UI strings by locale code, from `Templates/locales/*.json`.
        enum \(enumName) {
            static let tables: [String: [String: String]] = [

        """
        for locale in locales.keys.sorted() {
            let strings = locales[locale] ?? [:]
            let missing = Set(reference.keys).subtracting(strings.keys)
            guard missing.isEmpty else {
                throw TemplateError(file: "locales/\(locale).json", line: 1,
                                    message: "lacks keys of \(defaultLocale): \(missing.sorted().joined(separator: ", "))")
            }
            out += "        \(SwiftNames.literal(locale)): [\n"
            for key in strings.keys.sorted() {
                out += "            \(SwiftNames.literal(key)): \(SwiftNames.literal(strings[key] ?? "")),\n"
            }
            out += "        ],\n"
        }
        return out + "    ]\n}\n"
    }
}

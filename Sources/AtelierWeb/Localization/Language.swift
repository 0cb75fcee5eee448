import FastCGI

/// The languages Atelier's pages speak.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case simplifiedChinese = "zh-Hans"

    /// The name of the language in itself, for the language switch.
    public var nativeName: String {
        switch self {
        case .english: return "English"
        case .simplifiedChinese: return "简体中文"
        }
    }

    /// The value of the HTML `lang` attribute.
    public var htmlTag: String { rawValue }

    /// The cookie that remembers a reader's choice.
    public static let cookieName = "lang"

    /// The language a signed-in member chose, when they chose one the pages speak; otherwise
    /// `preferred(cookie:acceptLanguage:)`.
    public static func preferred(member: String?, cookie: String?, acceptLanguage: String?) -> Language {
        if let member, let chosen = Language(rawValue: member) { return chosen }
        return preferred(cookie: cookie, acceptLanguage: acceptLanguage)
    }

    /// Picks the language from the `lang` cookie, else from `Accept-Language` (by q-value), else English.
    public static func preferred(cookie: String?, acceptLanguage: String?) -> Language {
        if let cookie, let chosen = Language(rawValue: cookie) { return chosen }
        guard let acceptLanguage else { return .english }
        let ranked = acceptLanguage.split(separator: ",").compactMap { item -> (tag: String, q: Double)? in
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingBlanks.lowercased(), !tag.isEmpty else { return nil }
            let q = parts.dropFirst().compactMap { part -> Double? in
                let pair = part.trimmingBlanks
                return pair.hasPrefix("q=") ? Double(pair.dropFirst(2)) : nil
            }.first ?? 1
            return (tag, q)
        }.sorted { $0.q > $1.q }
        for (tag, q) in ranked where q > 0 {
            if tag.hasPrefix("zh") { return .simplifiedChinese }
            if tag.hasPrefix("en") { return .english }
        }
        return .english
    }
}

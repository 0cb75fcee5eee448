/// Replaces each `{{t.key}}` tag (blanks allowed inside the braces) by one language's text,
/// HTML-escaped, before the template is parsed: the same rule as the interpreted path's
/// `TranslationTags`, so both print the same page. A key the language lacks is an error.
public enum TranslationInliner {
    /// `source` with its tags replaced from `strings`; `file` and `locale` name a missing key.
    public static func inline(_ source: String, strings: [String: String], file: String, locale: String) throws -> String {
        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var line = 1
        while index < bytes.count {
            if let (key, end) = tag(in: bytes, at: index) {
                guard let text = strings[key] else {
                    throw TemplateError(file: file, line: line, message: "{{t.\(key)}}: no key \"\(key)\" in locales/\(locale).json")
                }
                output.append(contentsOf: HTMLText.escape(text).utf8)
                line += bytes[index..<end].filter { $0 == UInt8(ascii: "\n") }.count
                index = end
            } else {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func tag(in bytes: [UInt8], at start: Int) -> (key: String, end: Int)? {
        var index = start
        func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func skipBlanks() { while index < bytes.count, isBlank(bytes[index]) { index += 1 } }
        guard skip(UInt8(ascii: "{")), skip(UInt8(ascii: "{")) else { return nil }
        skipBlanks()
        guard skip(UInt8(ascii: "t")), skip(UInt8(ascii: ".")) else { return nil }
        let keyStart = index
        while index < bytes.count, isKeyByte(bytes[index]) { index += 1 }
        guard index > keyStart else { return nil }
        let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
        skipBlanks()
        guard skip(UInt8(ascii: "}")), skip(UInt8(ascii: "}")) else { return nil }
        return (key, index)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"): true
        default: false
        }
    }
}

/// Finds the `{{t.key}}` tags of a template (blanks allowed inside the braces: `{{ t.key }}`),
/// the ones `LocalizedTemplates` fills in at load time. A plain scan of the bytes: the regex
/// engine it replaces kept half a megabyte of code resident for this one pattern.
enum TranslationTags {
    /// `source` with every tag replaced by `text(key)`; anything else is copied as it is.
    static func replacing(in source: String, with text: (String) throws -> String) rethrows -> String {
        let bytes = Array(source.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let (key, end) = tag(in: bytes, at: index) {
                output.append(contentsOf: try text(key).utf8)
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The key of the tag starting at `start` and the index just past it, or nil when no tag starts there.
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

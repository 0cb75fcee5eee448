extension Substring {
    /// The text without the spaces and tabs around it (HTTP's optional whitespace), found on the
    /// UTF-8 bytes instead of through Foundation's `CharacterSet`.
    public var trimmingBlanks: Substring {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}

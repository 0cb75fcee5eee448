/// How long a text field may be: at most `bytes` of UTF-8 (what is stored, logged and sent on)
/// and at most `characters` as a reader counts them. Both count: one "character" can hold
/// 500,000 combining accents, so a limit in characters alone bounds nothing.
///
/// Bytes are counted first (cheap), and characters are only ever counted within the byte cap,
/// so checking a huge value costs no more than checking one at the limit. Every text field a
/// form or a query gives is checked or cut with one of the kinds below before it is stored or
/// logged.
public struct TextLimit: Sendable, Hashable {
    public let characters: Int
    public let bytes: Int

    /// `bytes` defaults to four per character (the longest UTF-8 character).
    public init(characters: Int, bytes: Int? = nil) {
        self.characters = characters
        self.bytes = bytes ?? characters * 4
    }

    /// Why `value` does not fit, named by `field`: `too_long` (limit in characters) when a
    /// reader would count too many characters, otherwise `too_many_bytes` (limit in bytes); nil
    /// when it fits.
    public func problem(_ value: String, field: String) -> FieldError? {
        guard value.utf8.count > bytes else {
            return value.count > characters ? FieldError(field: field, code: "too_long", limit: characters) : nil
        }
        return Self.withinBytes(value, bytes).count > characters
            ? FieldError(field: field, code: "too_long", limit: characters)
            : FieldError(field: field, code: "too_many_bytes", limit: bytes)
    }

    /// True when `value` fits.
    public func allows(_ value: String) -> Bool {
        value.utf8.count <= bytes && value.count <= characters
    }

    /// `value` cut to fit: at most `bytes` bytes, on a scalar boundary, then at most
    /// `characters` characters.
    public func cut(_ value: String) -> String {
        if allows(value) { return value }
        return String(Self.withinBytes(value, bytes).prefix(characters))
    }

    /// The longest prefix of `value` of at most `limit` bytes that ends on a scalar boundary.
    private static func withinBytes(_ value: String, _ limit: Int) -> String {
        let utf8 = value.utf8
        guard utf8.count > limit else { return value }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        // Back off continuation bytes (10xxxxxx) so no scalar is split.
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}

extension TextLimit {
    /// A member's sign-in name (also what a sign-in form's name is cut to).
    public static let memberName = TextLimit(characters: 40)
    /// A member's display name.
    public static let displayName = TextLimit(characters: 80)
    /// A password (never shown; bytes bound the hashing and the form).
    public static let password = TextLimit(characters: 200, bytes: 800)
    /// A provider's name.
    public static let providerName = TextLimit(characters: 60)
    /// A URL (base URLs), ASCII in practice.
    public static let url = TextLimit(characters: 300)
    /// A short identifier typed by hand: a model, a dashboard user id, a Midjourney mode, a header name.
    public static let identifier = TextLimit(characters: 120)
    /// A model's name.
    public static let model = TextLimit(characters: 100)
    /// An API key's label.
    public static let keyLabel = TextLimit(characters: 60)
    /// An API key, a key secret or a dashboard token.
    public static let secret = TextLimit(characters: 512, bytes: 2048)
    /// A studio prompt, and the prompt of a Midjourney action that needs one.
    public static let prompt = TextLimit(characters: 8000)
    /// A negative prompt.
    public static let negativePrompt = TextLimit(characters: 2000)
    /// Song lyrics.
    public static let lyrics = TextLimit(characters: 5000)
    /// A song's title or style.
    public static let title = TextLimit(characters: 200)
    /// A chat message.
    public static let chatMessage = TextLimit(characters: 20_000)
    /// A date, a number or a choice typed into a form.
    public static let shortValue = TextLimit(characters: 40)
}

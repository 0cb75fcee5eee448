import Foundation

/// Removes secrets from text and JSON before it is logged, stored or shown.
enum Redactor {
    static let mask = "[redacted]"
    /// Object keys whose values are always hidden.
    static let secretKeys: Set<String> = [
        "authorization", "api_key", "apikey", "api-key", "key", "token", "access_token", "secret",
        "accesskeysecret", "x-request-req-accesskeysecret", "mj-api-secret", "password",
    ]
    /// Longest string kept whole in a stored raw response (longer ones are base64 images, mostly).
    static let maxStoredString = 512
    /// Longest raw response kept on a task.
    static let maxStoredResponse = 32 * 1024

    /// `text` with every given secret, every `sk-…` key and every `Bearer …` token masked.
    static func scrub(_ text: String, secrets: [String] = []) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: mask)
        }
        out = maskPattern(in: out, prefix: "sk-", minimumTail: 6)
        out = maskPattern(in: out, prefix: "Bearer ", minimumTail: 4)
        return out
    }

    /// Replaces `prefix` followed by at least `minimumTail` key characters with the prefix and a mask.
    private static func maskPattern(in text: String, prefix: String, minimumTail: Int) -> String {
        guard text.contains(prefix) else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: prefix) {
            result += rest[..<range.upperBound]
            var end = range.upperBound
            var count = 0
            while end < rest.endIndex, isKeyCharacter(rest[end]) {
                end = rest.index(after: end)
                count += 1
            }
            if count >= minimumTail {
                result += mask
            } else {
                result += rest[range.upperBound..<end]
            }
            rest = rest[end...]
        }
        result += rest
        return result
    }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." )
    }

    /// A copy of `value` with secret-named members masked, secrets scrubbed from strings and long
    /// strings (base64 payloads) shortened.
    static func sanitize(_ value: JSONValue, secrets: [String]) -> JSONValue {
        switch value {
        case .string(let s):
            if s.utf8.count > maxStoredString {
                return .string(String(s.prefix(64)) + "…[\(s.utf8.count) bytes]")
            }
            return .string(scrub(s, secrets: secrets))
        case .array(let items):
            return .array(items.map { sanitize($0, secrets: secrets) })
        case .object(let members):
            return .object(members.map { key, v in
                secretKeys.contains(key.lowercased()) && v.isPresent ? (key, .string(mask)) : (key, sanitize(v, secrets: secrets))
            })
        default:
            return value
        }
    }

    /// The stored form of a raw answer: sanitized JSON text, or the scrubbed start of a non-JSON body.
    static func snapshot(_ value: JSONValue, secrets: [String]) -> String {
        let text = sanitize(value, secrets: secrets).serialized()
        return text.utf8.count > maxStoredResponse ? String(text.prefix(maxStoredResponse)) + "…" : text
    }

    /// The scrubbed start of a non-JSON body, for error messages.
    static func excerpt(_ body: Data, secrets: [String], limit: Int = 200) -> String {
        let head = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        let collapsed = head.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
        let short = collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
        return scrub(short, secrets: secrets)
    }
}

import Foundation

/// Removes secrets from text and JSON before it is logged, stored or shown.
enum Redactor {
    static let mask = "[redacted]"
    /// Longest string kept whole in a stored raw response (longer ones are base64 images, mostly).
    static let maxStoredString = 512
    /// Longest raw response kept on a task.
    static let maxStoredResponse = 32 * 1024

    /// `text` with every given secret, every `sk-…` key and every `Bearer …` token masked.
    static func scrub(_ text: String, secrets: [String] = []) -> String {
        var out = text
        for secret in secrets where secret.utf8.count >= 4 && TextScan.contains(out, secret) {
            out = out.replacingOccurrences(of: secret, with: mask)
        }
        guard TextScan.containsKeyPattern(out) else { return out }
        out = maskPattern(in: out, prefix: "sk-", minimumTail: 6)
        out = maskPattern(in: out, prefix: "Bearer ", minimumTail: 4)
        return out
    }

    /// Replaces `prefix` followed by at least `minimumTail` key characters with the prefix and a mask.
    private static func maskPattern(in text: String, prefix: String, minimumTail: Int) -> String {
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

    /// True when an object member of this name holds a credential (case-insensitive):
    /// `authorization`, `api_key`/`apikey`/`api-key`, `key`, `token`, `access_token`, `secret`,
    /// `accesskeysecret`, `x-request-req-accesskeysecret`, `mj-api-secret`, `password`.
    /// Dispatching on the length first rules out most names without comparing strings.
    static func isSecretKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            /// ASCII case-insensitive equality with a lower-case name.
            func equals(_ name: StaticString) -> Bool {
                let n = name.utf8Start
                for i in 0..<bytes.count where (bytes[i] >= 0x41 && bytes[i] <= 0x5A ? bytes[i] + 32 : bytes[i]) != n[i] {
                    return false
                }
                return true
            }
            switch bytes.count {
            case 3: return equals("key")
            case 5: return equals("token")
            case 6: return equals("apikey") || equals("secret")
            case 7: return equals("api_key") || equals("api-key")
            case 8: return equals("password")
            case 12: return equals("access_token")
            case 13: return equals("authorization") || equals("mj-api-secret")
            case 15: return equals("accesskeysecret")
            case 29: return equals("x-request-req-accesskeysecret")
            default: return false
            }
        }
    }

    /// The stored form of a raw answer: compact JSON with secret-named members masked, secrets
    /// scrubbed from strings and long strings (base64 payloads) shortened; at most
    /// `maxStoredResponse` bytes. One pass, straight to bytes.
    static func snapshot(_ value: JSONValue, secrets: [String]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        writeSanitized(value, secrets: secrets, into: &out)
        if out.count > maxStoredResponse {
            out.removeSubrange(maxStoredResponse...)
            // Do not cut a UTF-8 sequence in half.
            while let last = out.last, last & 0xC0 == 0x80 { out.removeLast() }
            if let last = out.last, last >= 0xC0 { out.removeLast() }
            out.append(contentsOf: "…".utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The stored form of an answer whose raw bytes are at hand: when the parser saw nothing to
    /// hide (`clean`: no secret-named member, no long string) and the bytes hold no key or
    /// token pattern, the provider's own text is kept as it came; otherwise `snapshot(_:secrets:)`.
    static func snapshot(body: Data, json: JSONValue, clean: Bool, secrets: [String]) -> String {
        if clean, body.count <= maxStoredResponse {
            let text = String(decoding: body, as: UTF8.self)
            if !TextScan.containsKeyPattern(text),
               !secrets.contains(where: { $0.utf8.count >= 4 && TextScan.contains(text, $0) })
            {
                return text
            }
        }
        return snapshot(json, secrets: secrets)
    }

    private static func writeSanitized(_ value: JSONValue, secrets: [String], into out: inout [UInt8]) {
        switch value {
        case .string(let s):
            let count = s.utf8.count
            if count > maxStoredString {
                JSONValue.writeString(String(s.prefix(64)) + "…[\(count) bytes]", into: &out)
            } else {
                JSONValue.writeString(scrub(s, secrets: secrets), into: &out)
            }
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeSanitized(item, secrets: secrets, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, member)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if member.isPresent && isSecretKey(key) {
                    JSONValue.writeString(mask, into: &out)
                } else {
                    writeSanitized(member, secrets: secrets, into: &out)
                }
            }
            out.append(UInt8(ascii: "}"))
        case .null, .bool, .number:
            value.write(into: &out)
        }
    }

    /// The scrubbed start of a non-JSON body, for error messages.
    static func excerpt(_ body: Data, secrets: [String], limit: Int = 200) -> String {
        let head = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        let collapsed = head.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
        let short = collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
        return scrub(short, secrets: secrets)
    }
}

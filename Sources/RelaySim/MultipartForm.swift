import Foundation

/// A small `multipart/form-data` reader for the upload endpoints (image edits, transcriptions).
struct MultipartForm: Sendable {
    struct Part: Sendable {
        let name: String
        let filename: String?
        let data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    let parts: [Part]

    /// Parses `body` using the boundary of `contentType`; `nil` when it is not multipart.
    init?(contentType: String?, body: [UInt8]) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let range = contentType.range(of: "boundary=")
        else { return nil }
        var boundary = String(contentType[range.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [Part] = []
        var cursor = Self.find(delimiter, in: body, from: 0)
        while let start = cursor {
            let contentStart = start + delimiter.count + 2  // skip the delimiter and its CRLF
            guard contentStart <= body.count, let next = Self.find(delimiter, in: body, from: contentStart) else { break }
            let section = Array(body[contentStart..<max(contentStart, next - 2)])  // drop the CRLF before the next delimiter
            if let part = Self.part(section) { parts.append(part) }
            cursor = next
        }
        self.parts = parts
    }

    func value(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map(\.text)
    }

    /// File parts named `name` (also `name[]`).
    func files(_ name: String) -> [Part] {
        parts.filter { ($0.name == name || $0.name == name + "[]") && $0.filename != nil }
    }

    private static func part(_ section: [UInt8]) -> Part? {
        guard let split = find(Array("\r\n\r\n".utf8), in: section, from: 0) else { return nil }
        let head = String(decoding: section[..<split], as: UTF8.self)
        let data = Array(section[(split + 4)...])
        guard let name = attribute("name", in: head) else { return nil }
        return Part(name: name, filename: attribute("filename", in: head), data: data)
    }

    private static func attribute(_ key: String, in head: String) -> String? {
        for piece in head.components(separatedBy: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.hasPrefix("\(key)=\"") {
                return String(trimmed.dropFirst(key.count + 2).prefix { $0 != "\"" })
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}

import Foundation

/// The forms and links of a rendered page, read the way a browser submits them, so a test can
/// post every form the pages really offer (and notice a new one without being told).
struct HTMLForm {
    /// One named control and the value a browser would send for it untouched.
    struct Field {
        enum Kind { case hidden, text, select, textarea, checkbox, file, other }
        let name: String
        var value: String
        let kind: Kind
        /// Numeric in the page's own terms (`inputmode`/`type=number`), or a hidden field or
        /// choice whose value is an id (`12`, `12|route`).
        let isNumeric: Bool
    }

    let method: String
    let action: String
    let isMultipart: Bool
    var fields: [Field]

    /// The names of the fields a test should fill with extreme numbers.
    var numericFieldNames: [String] { fields.filter(\.isNumeric).map(\.name) }

    /// Every `<form>` in `html`.
    static func all(in html: String) -> [HTMLForm] {
        matches(#"<form\b([^>]*)>(.*?)</form>"#, in: html).map { groups in
            let attributes = attributesOf(groups[1])
            return HTMLForm(method: (attributes["method"] ?? "get").lowercased(), action: attributes["action"] ?? "",
                            isMultipart: attributes["enctype"]?.lowercased() == "multipart/form-data",
                            fields: fields(in: groups[2]))
        }
    }

    /// Every same-site link (`href="/…"`) in `html`, without fragments.
    static func links(in html: String) -> [String] {
        matches(##"<a\b[^>]*\bhref="(/[^"#]*)"##, in: html).map { decodeEntities($0[1]) }.filter { !$0.hasPrefix("//") }
    }

    /// The form's fields with `name` set to `value` (added when absent).
    func with(_ name: String, _ value: String) -> [(String, String)] {
        var pairs = fields.filter { $0.kind != .file }.map { ($0.name, $0.name == name ? value : $0.value) }
        if !fields.contains(where: { $0.name == name }) { pairs.append((name, value)) }
        return pairs
    }

    /// The names of the file inputs (a browser sends an empty part for each).
    var fileFieldNames: [String] { fields.filter { $0.kind == .file }.map(\.name) }

    /// A request body as a browser encodes this form: urlencoded, or multipart with an empty
    /// part (no file name, no bytes) for every file input, as Chromium sends one.
    func body(_ pairs: [(String, String)]) -> (contentType: String, bytes: [UInt8]) {
        guard isMultipart else {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
            let text = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
            return ("application/x-www-form-urlencoded", Array(text.utf8))
        }
        let boundary = "----AtelierFormBoundary7MA4YWxkTrZu0gW"
        var text = ""
        for (name, value) in pairs {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for name in fileFieldNames {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\r\n"
        }
        text += "--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", Array(text.utf8))
    }

    private static func fields(in html: String) -> [Field] {
        var found: [(offset: Int, field: Field)] = []
        for (offset, groups) in matchesWithOffsets(#"<input\b([^>]*)>"#, in: html) {
            let attributes = attributesOf(groups[1])
            guard let name = attributes["name"] else { continue }
            let type = (attributes["type"] ?? "text").lowercased()
            let value = attributes["value"] ?? (type == "checkbox" ? "on" : "")
            let kind: Field.Kind
            switch type {
            case "hidden": kind = .hidden
            case "checkbox", "radio": kind = .checkbox
            case "file": kind = .file
            case "text", "search", "number", "password", "url", "email": kind = .text
            default: kind = .other
            }
            if kind == .checkbox && attributes["checked"] == nil { continue }
            let mode = attributes["inputmode"]?.lowercased()
            let numeric = type == "number" || mode == "numeric" || mode == "decimal" || (kind == .hidden && name != "_csrf" && isID(value))
            found.append((offset, Field(name: name, value: value, kind: kind, isNumeric: numeric)))
        }
        for (offset, groups) in matchesWithOffsets(#"<select\b([^>]*)>(.*?)</select>"#, in: html) {
            guard let name = attributesOf(groups[1])["name"] else { continue }
            let options = matches(#"<option\b([^>]*)>"#, in: groups[2]).map { attributesOf($0[1]) }
            let chosen = options.first { $0["selected"] != nil } ?? options.first
            let value = chosen?["value"] ?? ""
            found.append((offset, Field(name: name, value: value, kind: .select, isNumeric: isID(value))))
        }
        for (offset, groups) in matchesWithOffsets(#"<textarea\b([^>]*)>(.*?)</textarea>"#, in: html) {
            guard let name = attributesOf(groups[1])["name"] else { continue }
            found.append((offset, Field(name: name, value: decodeEntities(groups[2]), kind: .textarea, isNumeric: false)))
        }
        return found.sorted { $0.offset < $1.offset }.map(\.field)
    }

    /// `12` or `12|route`: a record id chosen by the page.
    private static func isID(_ value: String) -> Bool {
        value.range(of: #"^[0-9]+([|:].*)?$"#, options: .regularExpression) != nil
    }

    private static func attributesOf(_ text: String) -> [String: String] {
        var attributes: [String: String] = [:]
        for groups in matches(#"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#, in: text) {
            let value = [groups[2], groups[3], groups[4]].first { !$0.isEmpty } ?? ""
            attributes[groups[1].lowercased()] = decodeEntities(value)
        }
        return attributes
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x60;", with: "`")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func matches(_ pattern: String, in text: String) -> [[String]] {
        matchesWithOffsets(pattern, in: text).map(\.groups)
    }

    private static func matchesWithOffsets(_ pattern: String, in text: String) -> [(offset: Int, groups: [String])] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators, .caseInsensitive]) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let groups = (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
            return (match.range.location, groups)
        }
    }
}

/// A search typed into the gallery, made safe for SQLite: each whitespace-separated term is
/// matched as a literal substring of the prompt, title, lyrics or text, or tags (every term
/// must occur). Nothing the member types is read as FTS5 syntax: a term of three characters or
/// more becomes an FTS string (`"…"`, embedded quotes doubled) for the trigram index; a shorter
/// one (two Chinese characters, `OR`) cannot use trigrams and is matched with `LIKE` (its `%`,
/// `_` and `\` escaped) over the same columns: a scan of the text table. The `ESCAPE` clause
/// also keeps SQLite from handing such a `LIKE` to the trigram index, which (SQLite 3.40) finds
/// nothing for a pattern of fewer than three characters.
public struct GallerySearch: Sendable, Hashable {
    /// The terms as typed (at most `maximumTerms`, each at most `maximumTermLength` characters).
    public let terms: [String]

    /// The most terms a search keeps; the longest search accepted in characters.
    public static let maximumTerms = 8
    public static let maximumLength = 200
    static let maximumTermLength = 64

    /// Nil for a blank search; throws `FieldError` (`search`, `too_long`) past `maximumLength`.
    public init?(_ text: String) throws {
        guard text.utf8.count <= Self.maximumLength * 4, text.count <= Self.maximumLength else {
            throw FieldError(field: "search", code: "too_long", limit: Self.maximumLength)
        }
        let terms = text.split(whereSeparator: { $0.isWhitespace }).map { String($0.prefix(Self.maximumTermLength)) }
        guard !terms.isEmpty else { return nil }
        var unique: [String] = []
        for term in terms where !unique.contains(term) { unique.append(term) }
        self.terms = Array(unique.prefix(Self.maximumTerms))
    }

    /// The terms the trigram index can serve (three characters or more).
    var indexedTerms: [String] { terms.filter { $0.count >= 3 } }
    /// The terms matched by `LIKE` (one or two characters).
    var shortTerms: [String] { terms.filter { $0.count < 3 } }

    /// The FTS5 query of `indexedTerms`: each an FTS string, all required; nil when there is none.
    var matchExpression: String? {
        let terms = indexedTerms
        guard !terms.isEmpty else { return nil }
        return terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    /// A `LIKE` pattern (escape character `\`) finding `term` anywhere.
    static func likePattern(_ term: String) -> String {
        var escaped = ""
        for character in term {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}

import AtelierStore
import FastCGI
import Foundation

/// A gallery list as its link says it: the filters (`kind provider model member scope from to
/// fav collection tag q sort`) and the page (`after` / `before`, a `GalleryCursor` token).
/// Every link the gallery makes (tabs, pager, an asset page's previous/next and back) keeps
/// the filters through `query(…)`.
///
/// A value outside its field's domain (an unknown kind, sort or scope, a member or collection
/// id that is not a number, a day that does not exist, a malformed tag or search) is a 400
/// naming the field, as is a date range whose start comes after its end.
struct GalleryQuery {
    /// The filters as typed, field by field (only those given), to write links and refill the form.
    private(set) var fields: [(name: String, value: String)] = []
    var filter = GalleryFilter()
    var position = GalleryPosition.first

    /// The fields that make up a filter, in the order links write them.
    static let filterFields = ["scope", "kind", "q", "provider", "model", "member", "from", "to", "tag", "collection", "fav", "sort"]

    init(_ request: Request) throws {
        func value(_ name: String) -> String? {
            guard let text = request.queryValue(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func invalid(_ field: String) -> WebError { .badRequest(messageKey: "error_invalid_field", detail: field) }
        for name in Self.filterFields {
            guard let text = value(name) else { continue }
            guard TextLimit(characters: GallerySearch.maximumLength).allows(text) else { throw invalid(name) }
            switch name {
            case "scope":
                guard text == "mine" || text == "team" else { throw invalid(name) }
                filter.mine = text == "mine"
            case "kind":
                guard let kind = GalleryKind(rawValue: text) else { throw invalid(name) }
                filter.kind = kind
            case "q":
                do { filter.search = try GallerySearch(text) } catch { throw invalid(name) }
            case "provider":
                guard TextLimit.providerName.allows(text) else { throw invalid(name) }
                filter.provider = text
            case "model":
                guard TextLimit.model.allows(text) else { throw invalid(name) }
                filter.model = text
            case "member":
                guard let id = Int64(text), id > 0 else { throw invalid(name) }
                filter.memberID = id
            case "from", "to":
                guard let day = UTCCalendar.date(day: text) else { throw invalid(name) }
                if name == "from" { filter.from = day } else { filter.to = day.addingTimeInterval(86_400) }
            case "tag":
                do { filter.tag = try GalleryNames.tag(text) } catch { throw invalid(name) }
            case "collection":
                guard let id = Int64(text), id > 0 else { throw invalid(name) }
                filter.collectionID = id
            case "fav":
                guard text == "1" else { throw invalid(name) }
                filter.favourites = true
            default:
                guard let sort = GallerySort(rawValue: text) else { throw invalid(name) }
                filter.sort = sort
            }
            fields.append((name, text))
        }
        if let from = filter.from, let to = filter.to, from >= to {
            throw WebError.badRequest(messageKey: "gallery_error_dates", detail: "from, to")
        }
        if let after = value("after") {
            guard let cursor = GalleryCursor(token: after) else { throw invalid("after") }
            position = .after(cursor)
        } else if let before = value("before") {
            guard let cursor = GalleryCursor(token: before) else { throw invalid("before") }
            position = .before(cursor)
        }
    }

    /// The value typed for a filter field ("" when none).
    func value(_ name: String) -> String { fields.first { $0.name == name }?.value ?? "" }

    /// The query string of these filters with some changed (`changing`: a value, or nil to
    /// drop the field) and a page position, "" or starting with `?`.
    func query(changing changes: [String: String?] = [:], position: GalleryPosition = .first) -> String {
        var parts: [String] = []
        for name in Self.filterFields {
            let value = changes[name].map { $0 ?? "" } ?? self.value(name)
            if !value.isEmpty { parts.append(name + "=" + value.queryValueEscaped) }
        }
        switch position {
        case .first: break
        case .after(let cursor): parts.append("after=" + cursor.token)
        case .before(let cursor): parts.append("before=" + cursor.token)
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

import Foundation

/// The kinds of output the gallery's tabs show (`RelayClient.OutputKind`'s raw values).
public enum GalleryKind: String, Sendable, CaseIterable {
    case image, audio, video, text
}

/// The order of a gallery list, by the order outputs were kept in.
public enum GallerySort: String, Sendable, CaseIterable {
    case newest, oldest
}

/// What a gallery list shows, beyond what the viewer may see (the store always applies the
/// privacy rule: team assets, and the viewer's own private ones).
public struct GalleryFilter: Sendable, Hashable {
    public var kind: GalleryKind?
    public var provider: String?
    public var model: String?
    /// One member's outputs (the "member" filter).
    public var memberID: Int64?
    /// The viewer's own outputs only ("Mine").
    public var mine: Bool
    /// Tasks made at or after `from` and before `to`.
    public var from: Date?
    public var to: Date?
    public var favourites: Bool
    /// A collection the viewer may open (their own or a shared one); checked by the store.
    public var collectionID: Int64?
    public var tag: String?
    public var search: GallerySearch?
    public var sort: GallerySort

    public init(kind: GalleryKind? = nil, provider: String? = nil, model: String? = nil, memberID: Int64? = nil, mine: Bool = false,
                from: Date? = nil, to: Date? = nil, favourites: Bool = false, collectionID: Int64? = nil, tag: String? = nil,
                search: GallerySearch? = nil, sort: GallerySort = .newest) {
        self.kind = kind
        self.provider = provider
        self.model = model
        self.memberID = memberID
        self.mine = mine
        self.from = from
        self.to = to
        self.favourites = favourites
        self.collectionID = collectionID
        self.tag = tag
        self.search = search
        self.sort = sort
    }
}

/// Where a page of a gallery list starts, in the list's own order.
public enum GalleryPosition: Sendable, Hashable {
    case first
    /// The assets after this one (the "Next" link).
    case after(GalleryCursor)
    /// The assets before this one (the "Previous" link).
    case before(GalleryCursor)
}

/// One page of a gallery list, with the positions of the pages around it (nil when there is none).
public struct GalleryPage: Sendable {
    public var tiles: [GalleryTile]
    public var next: GalleryPosition?
    public var previous: GalleryPosition?
}

/// A gallery request the store refuses: a collection the viewer may not open, or a cursor made
/// for another member. `field` names the query field.
public struct GalleryRefusal: Error, Sendable, Hashable {
    public let field: String
    public init(field: String) { self.field = field }
}

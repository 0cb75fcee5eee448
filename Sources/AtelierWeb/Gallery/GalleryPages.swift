/// The view of `gallery.mustache`: the grid of one filtered list, a page at a time, with the
/// filters' form, the tabs (team / mine, kinds) and the bulk actions' form.
struct GalleryPage {
    let flash: String?
    let problem: String?
    let scopes: [GalleryLink]
    let kinds: [GalleryLink]
    /// Filters the form has no visible field for (scope, kind), kept as hidden fields.
    let keep: [GalleryHiddenField]
    let query: String
    let model: String
    let from: String
    let to: String
    let tag: String
    let favourites: Bool
    let providers: [SelectOption]
    let members: [SelectOption]
    let collections: [SelectOption]
    let sorts: [SelectOption]
    let tiles: [GalleryTileView]
    let isEmpty: Bool
    /// This list's own link, where bulk actions come back to.
    let here: String
    let canCurate: Bool
    let isLead: Bool
    /// The viewer's own collections, for the bulk "add to collection".
    let ownCollections: [SelectOption]
    let next: String
    let hasNext: Bool
    let previous: String
    let hasPrevious: Bool
    let isPaged: Bool
}

/// A tab or a link with its label, marked when it is the current one.
struct GalleryLink {
    let href: String
    let label: String
    let active: Bool
}

/// A hidden form field.
struct GalleryHiddenField {
    let name: String
    let value: String
}

/// One tile of the grid.
struct GalleryTileView {
    let outputID: Int64
    let kind: String
    /// The list's filters, kept by the link to the asset page (`/gallery/<id><query>`).
    let query: String
    /// The output's file route is `/files/<taskID>/<position>` (audio and video play the
    /// original in place), with `/small` for the thumbnail when one was made (the original
    /// stands in before that, sized by its facts) and `/poster` for a poster.
    let taskID: String
    let position: Int
    let hasSmallThumbnail: Bool
    let hasSize: Bool
    let width: Int?
    let height: Int?
    let hasPoster: Bool
    let isImage: Bool
    let isAudio: Bool
    let isVideo: Bool
    let isText: Bool
    /// A clip's or a text's title (not `title`: that name is the layout's, from any depth).
    let clipTitle: String
    let hasClipTitle: Bool
    let prompt: String
    let text: String
    let member: String
    let provider: String
    let model: String
    let duration: String
    let hasDuration: Bool
    let isPrivate: Bool
    let isFavourite: Bool
    /// The viewer may pick it for a bulk action (members and the lead).
    let canSelect: Bool
}

/// The view of `gallery-asset.mustache`: one output with its facts and what the viewer may do.
struct GalleryAssetPage {
    let flash: String?
    let problem: String?
    let heading: String
    let outputID: String
    let taskID: String
    let route: String
    let back: String
    let previous: String
    let hasPrevious: Bool
    let next: String
    let hasNext: Bool
    let isImage: Bool
    let isAudio: Bool
    let isVideo: Bool
    let isText: Bool
    let file: String
    let hasFile: Bool
    /// What the page shows of an image: the large thumbnail, or the original.
    let display: String
    let hasSize: Bool
    let width: String
    let height: String
    let poster: String
    let hasPoster: Bool
    let text: String
    let prompt: String
    let download: String
    let again: String
    let hasAgain: Bool
    let provider: String
    let model: String
    let member: String
    let created: MinuteTime
    let elapsed: String
    let cost: String
    let providerTaskID: String
    let hasProviderTaskID: Bool
    /// The request's parameters (size, ratio, seed, style, …) and the file's facts.
    let facts: [GalleryFact]
    let parent: String
    let hasParent: Bool
    let ledTo: [TaskRow]
    let hasLedTo: Bool
    let buttons: [TaskButton]
    let hasButtons: Bool
    let tags: [GalleryTagView]
    let collections: [GalleryCollectionLink]
    let hasCollections: Bool
    let ownCollections: [SelectOption]
    let hasOwnCollections: Bool
    let canCurate: Bool
    let isFavourite: Bool
    let isOwner: Bool
    let isPrivate: Bool
    let canDelete: Bool
}

/// A labelled value of the asset page.
struct GalleryFact {
    let label: String
    let value: String
}

/// A tag, linking to the gallery filtered by it.
struct GalleryTagView {
    let name: String
    let href: String
}

/// A collection, linking to the gallery filtered by it.
struct GalleryCollectionLink {
    let name: String
    let href: String
}

/// The view of `gallery-delete.mustache`: "delete these outputs?" before anything goes.
struct GalleryDeletePage {
    let flash: String?
    let problem: String?
    let ids: [String]
    let question: String
    let back: String
}

/// The view of `gallery-collections.mustache`: the viewer's collections and the shared ones.
struct GalleryCollectionsPage {
    let flash: String?
    let problem: String?
    let collections: [GalleryCollectionRow]
    let isEmpty: Bool
    let canCreate: Bool
    /// The name typed into the "new collection" form, kept when it had a problem.
    let name: String
    let nameError: String?
}

/// One collection in the collections' table.
struct GalleryCollectionRow {
    let id: String
    let name: String
    let href: String
    let owner: String
    let items: String
    let isShared: Bool
    let isOwn: Bool
}

/// The view of `gallery-storage.mustache`: storage per member and kind (the lead's).
struct GalleryStoragePage {
    let lines: [GalleryStorageRow]
    let totalOutputs: String
    let totalSize: String
}

/// One line of the storage table.
struct GalleryStorageRow {
    let member: String
    let kind: String
    let outputs: String
    let size: String
}

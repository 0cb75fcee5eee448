import AtelierStore
import FastCGI
import Foundation
import RelayClient
import TaskEngine

/// The gallery: `/gallery` (every output the viewer may see, filtered, searched and paged),
/// `/gallery/<output id>` (one asset with its facts, links and actions) and, for the lead,
/// `/gallery/storage`. Curation lives in `GalleryCurationController`.
struct GalleryController: Sendable {
    let renderer: PageRenderer
    let team: Team
    let gallery: GalleryStore

    /// Tiles on a page of the grid.
    static let pageSize = 48

    func register(in router: inout Router) {
        router.get("/gallery", access: .atLeast(.viewer)) { context in try await list(context) }
        router.get("/gallery/storage", access: .atLeast(.lead)) { context in try await storage(context) }
        router.get("/gallery/:id", access: .atLeast(.viewer)) { context in try await show(context) }
    }

    private func list(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let viewerID = viewer.member.id else { throw WebError.forbidden }
        let query = try GalleryQuery(context.request)
        let listed = try await Self.refusingForeign { try await gallery.page(viewerID: viewerID, filter: query.filter, from: query.position, limit: Self.pageSize) }
        let language = context.language
        let canCurate = viewer.member.role != .viewer
        let here = "/gallery" + query.query(position: query.position)
        let tileQuery = query.query()
        let tiles = listed.tiles.map { GalleryTiles.view($0, query: tileQuery, canSelect: canCurate) }
        let scopes = [("team", "gallery_team"), ("mine", "gallery_mine")].map { scope, key in
            GalleryLink(href: "/gallery" + query.query(changing: ["scope": scope == "team" ? nil : scope]), label: renderer.text(key, in: language),
                        active: (scope == "mine") == query.filter.mine)
        }
        let kinds = [GalleryLink(href: "/gallery" + query.query(changing: ["kind": nil]), label: renderer.text("gallery_kind_all", in: language),
                                 active: query.filter.kind == nil)]
            + GalleryKind.allCases.map { kind in
                GalleryLink(href: "/gallery" + query.query(changing: ["kind": kind.rawValue]),
                            label: renderer.text("gallery_kind_\(kind.rawValue)", in: language), active: query.filter.kind == kind)
            }
        let keep = ["scope", "kind"].compactMap { name in query.value(name).isEmpty ? nil : GalleryHiddenField(name: name, value: query.value(name)) }
        let providers = try await team.providers.all().map { SelectOption(value: $0.name, label: $0.name, selected: $0.name == query.filter.provider) }
        let members = try await team.members.all().compactMap { member in
            member.id.map { SelectOption(value: String($0), label: member.displayName, selected: $0 == query.filter.memberID) }
        }
        let collections = try await gallery.collections(viewerID: viewerID)
        let sorts = GallerySort.allCases.map {
            SelectOption(value: $0.rawValue, label: renderer.text("gallery_sort_\($0.rawValue)", in: language), selected: $0 == query.filter.sort)
        }
        let page = GalleryPage(
            flash: Flash.message(context, renderer: renderer), problem: nil, scopes: scopes, kinds: kinds, keep: keep,
            query: query.value("q"), model: query.value("model"), from: query.value("from"), to: query.value("to"), tag: query.value("tag"),
            favourites: query.filter.favourites, providers: providers, members: members,
            collections: collections.map { SelectOption(value: String($0.id), label: Self.collectionLabel($0, viewerID: viewerID),
                                                        selected: $0.id == query.filter.collectionID) },
            sorts: sorts, tiles: tiles, isEmpty: tiles.isEmpty, here: here, canCurate: canCurate, isLead: viewer.isLead,
            ownCollections: collections.filter { $0.memberID == viewerID }.map { SelectOption(value: String($0.id), label: $0.name, selected: false) },
            next: listed.next.map { "/gallery" + query.query(position: $0) } ?? "", hasNext: listed.next != nil,
            previous: listed.previous.map { "/gallery" + query.query(position: $0) } ?? "", hasPrevious: listed.previous != nil,
            isPaged: listed.next != nil || listed.previous != nil)
        let title = renderer.text("gallery_title", in: language)
        return renderer.respond {
            CompiledTemplates.gallery(page, layout: renderer.layout(title: title, context: context), locale: language.rawValue, into: &$0)
        }
    }

    /// A collection in a select: its name, and its owner's for a shared one of someone else.
    static func collectionLabel(_ collection: GalleryCollection, viewerID: Int64) -> String {
        collection.memberID == viewerID ? collection.name : collection.name + " (" + collection.ownerName + ")"
    }

    /// Runs a store call, turning its refusals (a cursor of another member, a collection the
    /// viewer may not open) into a 400 naming the field.
    static func refusingForeign<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as GalleryRefusal {
            throw WebError.badRequest(messageKey: refusal.field == "collection" ? "gallery_error_collection" : "gallery_error_cursor",
                                      detail: refusal.field)
        }
    }

    private func show(_ context: RequestContext) async throws -> Response {
        let viewer = try context.requireViewer()
        guard let viewerID = viewer.member.id else { throw WebError.forbidden }
        let outputID = try context.id()
        guard let asset = try await gallery.asset(outputID: outputID, viewerID: viewerID) else { throw WebError.notFound }
        let query = try GalleryQuery(context.request)
        let neighbours = try await Self.refusingForeign { try await gallery.neighbours(of: outputID, viewerID: viewerID, filter: query.filter) }
        let ownCollections = try await gallery.collections(viewerID: viewerID).filter { $0.memberID == viewerID }
        let view = GalleryAssetView(asset: asset, renderer: renderer, language: context.language, viewer: viewer, viewerID: viewerID)
        let page = view.page(flash: Flash.message(context, renderer: renderer), query: query, previous: neighbours.previous,
                             next: neighbours.next, ownCollections: ownCollections)
        return renderer.respond {
            CompiledTemplates.gallery_asset(page, layout: renderer.layout(title: page.heading, context: context),
                                            locale: context.language.rawValue, into: &$0)
        }
    }

    private func storage(_ context: RequestContext) async throws -> Response {
        let lines = try await gallery.storage()
        let language = context.language
        let page = GalleryStoragePage(
            lines: lines.map { line in
                GalleryStorageRow(member: line.memberName, kind: renderer.text("gallery_kind_\(GalleryKind(rawValue: line.kind)?.rawValue ?? "text")", in: language),
                                  outputs: String(line.outputs), size: Formatting.fileSize(line.bytes))
            },
            totalOutputs: String(lines.reduce(0) { $0 + $1.outputs }),
            totalSize: Formatting.fileSize(lines.reduce(Int64(0)) { $0.addingReportingOverflow($1.bytes).partialValue }))
        let title = renderer.text("gallery_storage", in: language)
        return renderer.respond {
            CompiledTemplates.gallery_storage(page, layout: renderer.layout(title: title, context: context), locale: language.rawValue, into: &$0)
        }
    }
}

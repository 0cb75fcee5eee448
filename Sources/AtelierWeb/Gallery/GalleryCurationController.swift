import AtelierStore
import FastCGI
import Foundation

/// What members do with the gallery's assets: private or team, favourite, tags, collections,
/// delete (after a confirmation page; a member their own, the lead any they can see; files
/// too, when no other output uses them), and the same as bulk actions from the grid, at most
/// `GalleryStore.bulkLimit` outputs at once.
struct GalleryCurationController: Sendable {
    let renderer: PageRenderer
    let gallery: GalleryStore
    /// The media folder, where deleted outputs' files are removed from.
    let mediaFolder: URL

    func register(in router: inout Router) {
        // Collections first: their literal segment must win over an asset id.
        router.get("/gallery/collections", access: .atLeast(.viewer)) { context in try await collections(context) }
        router.post("/gallery/collections", access: .atLeast(.member)) { context in try await createCollection(context) }
        router.post("/gallery/collections/:collection", access: .atLeast(.member)) { context in try await updateCollection(context) }
        router.post("/gallery/collections/:collection/delete", access: .atLeast(.member)) { context in
            let viewerID = try Self.viewerID(context)
            guard try await gallery.deleteCollection(try context.id("collection"), ownerID: viewerID) else { throw WebError.notFound }
            return .redirect(to: Flash.redirect("/gallery/collections", done: "gallery_collection_deleted"))
        }
        router.post("/gallery/delete", access: .atLeast(.member)) { context in try await delete(context) }
        router.post("/gallery/bulk", access: .atLeast(.member)) { context in try await bulk(context) }
        router.get("/gallery/:id/delete", access: .atLeast(.member)) { context in
            let id = try context.id()
            return try await confirmDeletion(context, ids: [id], back: "/gallery/\(id)")
        }
        router.post("/gallery/:id/visibility", access: .atLeast(.member)) { context in
            let id = try context.id()
            let isPrivate = context.request.form["private"] == "1"
            guard try await gallery.setPrivate(isPrivate, outputID: id, ownerID: try Self.viewerID(context)) else { throw WebError.notFound }
            return .redirect(to: Flash.redirect("/gallery/\(id)", done: isPrivate ? "gallery_made_private" : "gallery_made_team"))
        }
        router.post("/gallery/:id/favourite", access: .atLeast(.member)) { context in
            let id = try context.id()
            guard try await gallery.setFavourite(context.request.form["on"] != "0", outputID: id, memberID: try Self.viewerID(context))
            else { throw WebError.notFound }
            return .redirect(to: "/gallery/\(id)")
        }
        router.post("/gallery/:id/tag", access: .atLeast(.member)) { context in
            let id = try context.id()
            guard try await gallery.addTag(try Self.tag(context), to: [id], viewerID: try Self.viewerID(context)) == 1 else { throw WebError.notFound }
            return .redirect(to: Flash.redirect("/gallery/\(id)", done: "gallery_tagged"))
        }
        router.post("/gallery/:id/untag", access: .atLeast(.member)) { context in
            let id = try context.id()
            guard try await gallery.removeTag(try Self.tag(context), from: id, viewerID: try Self.viewerID(context)) else { throw WebError.notFound }
            return .redirect(to: "/gallery/\(id)")
        }
        router.post("/gallery/:id/collect", access: .atLeast(.member)) { context in
            let id = try context.id()
            let found = try await collect([id], context: context)
            guard found == 1 else { throw WebError.notFound }
            return .redirect(to: Flash.redirect("/gallery/\(id)", done: "gallery_collected"))
        }
    }

    static func viewerID(_ context: RequestContext) throws -> Int64 {
        guard let id = try context.requireViewer().member.id else { throw WebError.forbidden }
        return id
    }

    /// The form's tag, normalized, or a 400 naming `tag`.
    private static func tag(_ context: RequestContext) throws -> String {
        do { return try GalleryNames.tag(context.request.form["tag"] ?? "") } catch {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "tag")
        }
    }

    /// The form's output ids: at least one, at most `GalleryStore.bulkLimit` (a clear 400 past
    /// it, before anything is read), each a number.
    static func ids(_ context: RequestContext) throws -> [Int64] {
        let values = context.request.form.values("ids")
        guard !values.isEmpty else { throw WebError.badRequest(messageKey: "gallery_error_none_selected", detail: "ids") }
        guard values.count <= GalleryStore.bulkLimit else {
            throw WebError.badRequest(messageKey: "gallery_error_too_many", detail: String(GalleryStore.bulkLimit))
        }
        return try values.map { value in
            guard let id = Int64(value), id > 0 else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "ids") }
            return id
        }
    }

    /// Where a gallery form came from (its `back`), a local gallery path or the gallery itself.
    private static func back(_ context: RequestContext) -> String {
        let back = ReturnPath.safe(context.request.form["back"])
        return back.hasPrefix("/gallery") ? back : "/gallery"
    }

    /// Adds outputs to the viewer's collection named by the form; a collection not theirs is a 400.
    private func collect(_ ids: [Int64], context: RequestContext) async throws -> Int {
        guard let text = context.request.form["collection"], let collection = Int64(text), collection > 0 else {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "collection")
        }
        let viewerID = try Self.viewerID(context)
        return try await GalleryController.refusingForeign { try await gallery.collect(ids, into: collection, ownerID: viewerID) }
    }

    private func bulk(_ context: RequestContext) async throws -> Response {
        let ids = try Self.ids(context)
        let back = Self.back(context)
        switch context.request.form["action"] ?? "" {
        case "delete":
            return try await confirmDeletion(context, ids: ids, back: back)
        case "collect":
            _ = try await collect(ids, context: context)
            return .redirect(to: Flash.redirect(back, done: "gallery_collected"))
        case "tag":
            _ = try await gallery.addTag(try Self.tag(context), to: ids, viewerID: try Self.viewerID(context))
            return .redirect(to: Flash.redirect(back, done: "gallery_tagged"))
        default:
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "action")
        }
    }

    /// "Delete these outputs?": nothing is deleted before the member confirms.
    private func confirmDeletion(_ context: RequestContext, ids: [Int64], back: String) async throws -> Response {
        let language = context.language
        let page = GalleryDeletePage(flash: nil, problem: nil, ids: ids.map(String.init),
                                     question: renderer.text("gallery_delete_question", in: language, filling: ["count": String(ids.count)]),
                                     back: back)
        let title = renderer.text("gallery_delete_title", in: language)
        return renderer.respond {
            CompiledTemplates.gallery_delete(page, layout: renderer.layout(title: title, context: context), locale: language.rawValue, into: &$0)
        }
    }

    private func delete(_ context: RequestContext) async throws -> Response {
        let ids = try Self.ids(context)
        guard context.request.form["confirm"] == "yes" else { return try await confirmDeletion(context, ids: ids, back: Self.back(context)) }
        let viewer = try context.requireViewer()
        let deletion = try await gallery.delete(ids, by: try context.actor(), viewerID: try Self.viewerID(context), isLead: viewer.isLead)
        guard deletion.deleted > 0 else { throw WebError.notFound }
        for path in deletion.unusedFiles where !path.hasPrefix("/") && !path.split(separator: "/").contains("..") {
            try? FileManager.default.removeItem(at: mediaFolder.appendingPathComponent(path))
        }
        var back = Self.back(context)
        // The deleted asset's own page is gone: back to the list.
        if ids.contains(where: { back.hasPrefix("/gallery/\($0)") }) { back = "/gallery" }
        return .redirect(to: Flash.redirect(back, done: "gallery_deleted"))
    }

    private func collections(_ context: RequestContext, name: String = "", nameError: String? = nil,
                             status: HTTPStatus = .ok) async throws -> Response {
        let viewer = try context.requireViewer()
        let viewerID = try Self.viewerID(context)
        let rows = try await gallery.collections(viewerID: viewerID).map { collection in
            GalleryCollectionRow(id: String(collection.id), name: collection.name, href: "/gallery?collection=\(collection.id)",
                                 owner: collection.ownerName, items: String(collection.itemCount), isShared: collection.isShared,
                                 isOwn: collection.memberID == viewerID)
        }
        let page = GalleryCollectionsPage(flash: Flash.message(context, renderer: renderer), problem: nil, collections: rows, isEmpty: rows.isEmpty,
                                          canCreate: viewer.member.role != .viewer, name: name, nameError: nameError)
        let title = renderer.text("gallery_collections", in: context.language)
        return renderer.respond(status: status) {
            CompiledTemplates.gallery_collections(page, layout: renderer.layout(title: title, context: context),
                                                  locale: context.language.rawValue, into: &$0)
        }
    }

    private func createCollection(_ context: RequestContext) async throws -> Response {
        let form = context.request.form
        let typed = form["name"] ?? ""
        let name: String
        do { name = try GalleryNames.collection(typed) } catch let problem as FieldError {
            let message = renderer.text("gallery_error_collection_name", in: context.language, filling: ["limit": String(GalleryNames.collectionLimit.characters)])
            return try await collections(context, name: problem.code == "required" ? "" : String(typed.prefix(GalleryNames.collectionLimit.characters)),
                                         nameError: message, status: .unprocessableContent)
        }
        _ = try await gallery.createCollection(name: name, isShared: form["shared"] == "1", ownerID: try Self.viewerID(context))
        return .redirect(to: Flash.redirect("/gallery/collections", done: "gallery_collection_saved"))
    }

    private func updateCollection(_ context: RequestContext) async throws -> Response {
        let form = context.request.form
        let name: String
        do { name = try GalleryNames.collection(form["name"] ?? "") } catch {
            throw WebError.badRequest(messageKey: "error_invalid_field", detail: "name")
        }
        guard try await gallery.updateCollection(try context.id("collection"), name: name, isShared: form["shared"] == "1",
                                                 ownerID: try Self.viewerID(context))
        else { throw WebError.notFound }
        return .redirect(to: Flash.redirect("/gallery/collections", done: "gallery_collection_saved"))
    }
}

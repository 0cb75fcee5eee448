import AtelierStore
import FastCGI

/// Kept outputs and what the gallery made of them: `/files/<task>/<n>` (the original; with
/// `?download=1` as an attachment named after the model and task) and `/files/<task>/<n>/small`,
/// `/large` and `/poster`. Atelier checks the viewer may see the output (another member's
/// private one answers 404, as if it did not exist), then nginx sends the bytes from its
/// internal `/media/` location (`X-Accel-Redirect`), HTTP ranges included. A thumbnail not made
/// yet is answered with the original; a missing poster is a 404.
struct FilesController: Sendable {
    let team: Team
    let gallery: GalleryStore

    func register(in router: inout Router) {
        router.get("/files/:task/:position", access: .atLeast(.viewer)) { context in try await send(context, variant: nil) }
        router.get("/files/:task/:position/:variant", access: .atLeast(.viewer)) { context in
            guard let variant = context.parameters["variant"].flatMap(Variant.init(rawValue:)) else { throw WebError.notFound }
            return try await send(context, variant: variant)
        }
    }

    /// The derivatives a file route offers beside the original.
    enum Variant: String {
        case small, large, poster
    }

    private func send(_ context: RequestContext, variant: Variant?) async throws -> Response {
        guard let viewerID = try context.requireViewer().member.id,
              let taskID = context.parameters["task"], taskID.utf8.count <= 64,
              let positionText = context.parameters["position"], positionText.utf8.count <= 6, let position = Int(positionText),
              let output = try await gallery.keptFile(taskID: taskID, position: position, viewerID: viewerID),
              let original = output.relativePath, let originalType = output.mimeType
        else { throw WebError.notFound }
        let path: String, type: String
        switch variant {
        case nil:
            (path, type) = (original, originalType)
        case .small?, .large?:
            let thumbnail = variant == .small ? output.thumbnailSmallPath : output.thumbnailLargePath
            (path, type) = thumbnail.map { ($0, Self.imageType(of: $0)) } ?? (original, originalType)
        case .poster?:
            guard let poster = output.posterPath else { throw WebError.notFound }
            (path, type) = (poster, Self.imageType(of: poster))
        }
        var response = Response(status: .ok)
        response.headers.set("x-accel-redirect", "/media/" + path)
        response.headers.set("content-type", type)
        response.headers.set("cache-control", "private, max-age=86400")
        if variant == nil, context.request.queryValue("download") == "1" {
            let name = GalleryTiles.downloadName(model: (try await team.tasks.task(id: taskID))?.model ?? "",
                                                 taskID: taskID, position: position, relativePath: original)
            response.headers.set("content-disposition", "attachment; filename=\"\(name)\"")
        }
        return response
    }

    /// The type of a thumbnail or poster, by its extension.
    static func imageType(of path: String) -> String {
        if path.hasSuffix(".webp") { return "image/webp" }
        if path.hasSuffix(".png") { return "image/png" }
        return "image/jpeg"
    }
}

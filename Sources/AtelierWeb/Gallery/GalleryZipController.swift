import AtelierStore
import FastCGI
import Foundation

/// "Download as ZIP" from the grid's selection: the kept files the viewer may see among the
/// chosen outputs, with a `metadata.csv`, streamed (`ZipDownload`) and never held in memory.
/// A download may take minutes, so the route holds its worker under the long-request limits.
struct GalleryZipController: Sendable {
    let gallery: GalleryStore
    /// Where kept files live.
    let mediaFolder: URL

    func register(in router: inout Router) {
        router.post("/gallery/zip", access: .atLeast(.viewer), holdsWorker: true) { context in try await download(context) }
    }

    private func download(_ context: RequestContext) async throws -> Response {
        let ids = try GalleryCurationController.ids(context)
        let files = try await gallery.zipFiles(ids, viewerID: try GalleryCurationController.viewerID(context))
        guard !files.isEmpty else { throw WebError.badRequest(messageKey: "gallery_error_nothing_to_zip", detail: "ids") }
        let entries = files.compactMap { file -> ZipDownloadEntry? in
            guard !file.relativePath.hasPrefix("/"), !file.relativePath.split(separator: "/").contains("..") else { return nil }
            return ZipDownloadEntry(
                fileName: GalleryTiles.downloadName(model: file.model, taskID: file.taskID, position: file.position,
                                                    relativePath: file.relativePath),
                file: mediaFolder.appendingPathComponent(file.relativePath), prompt: file.prompt, model: file.model,
                provider: file.providerName, member: file.memberName,
                cost: file.cost.map { Formatting.amount($0) + " " + (file.costUnit ?? "") } ?? "", time: file.createdAt)
        }
        do {
            return try ZipDownload(entries: entries).response(downloadName: "atelier-" + String(Formatting.iso8601(Date()).prefix(10)))
        } catch ZipDownloadError.unreadable(let fileName) {
            throw WebError.badRequest(messageKey: "gallery_error_file_missing", detail: fileName)
        }
    }
}

import AtelierStore
import Foundation

/// How the grid shows a tile, and the file links of an output.
enum GalleryTiles {
    /// The file route of an output (`variant`: `small`, `large`, `poster`, or nil for the original).
    static func file(taskID: String, position: Int, variant: String? = nil) -> String {
        "/files/\(taskID)/\(position)" + (variant.map { "/" + $0 } ?? "")
    }

    /// The tile of `tile`, linking to its asset page with the list's filters (`query`).
    static func view(_ tile: GalleryTile, query: String, canSelect: Bool) -> GalleryTileView {
        let title = tile.title ?? ""
        return GalleryTileView(
            outputID: tile.outputID, kind: tile.kind, query: query, taskID: tile.taskID, position: tile.position,
            hasSmallThumbnail: tile.hasSmallThumbnail, hasSize: tile.width != nil && tile.height != nil, width: tile.width, height: tile.height,
            hasPoster: tile.hasPoster,
            isImage: tile.kind == "image", isAudio: tile.kind == "audio", isVideo: tile.kind == "video", isText: tile.kind == "text",
            clipTitle: title, hasClipTitle: !title.isEmpty, prompt: tile.promptPrefix, text: tile.textPrefix ?? "",
            member: tile.memberName, provider: tile.providerName, model: tile.model,
            duration: tile.duration.map(duration) ?? "", hasDuration: tile.duration != nil,
            isPrivate: tile.isPrivate, isFavourite: tile.isFavourite, canSelect: canSelect)
    }

    /// `2:05`, `1:02:03` (`Formatting.clock`); whole seconds, any non-finite or negative length as `0:00`.
    static func duration(_ seconds: Double) -> String {
        Formatting.clock(seconds: seconds.isFinite && seconds > 0 ? Int(min(seconds, 359_999).rounded()) : 0)
    }

    /// A download name for an output: `<model>-<first 8 of the task id>-<n>.<ext>`, ASCII letters,
    /// digits, `-` and `.` only.
    static func downloadName(model: String, taskID: String, position: Int, relativePath: String) -> String {
        func clean(_ text: String) -> String {
            let kept = text.lowercased().unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "-" }
            return String(String(kept).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-").prefix(40))
        }
        let ext = clean(String(relativePath.split(separator: ".").last ?? "bin"))
        let model = clean(model)
        return (model.isEmpty ? "atelier" : model) + "-" + clean(String(taskID.prefix(8))) + "-\(position + 1)." + (ext.isEmpty ? "bin" : ext)
    }
}

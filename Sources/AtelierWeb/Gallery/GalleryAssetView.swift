import AtelierStore
import Foundation
import RelayClient
import TaskEngine

/// An asset as its page shows it: the media, the prompt and the request's parameters, the
/// task's facts, the links to the task it came from and those it led to, the Midjourney
/// buttons, "run again" and what the viewer may do with it.
struct GalleryAssetView {
    let asset: GalleryAsset
    let renderer: PageRenderer
    let language: Language
    let viewer: Viewer
    let viewerID: Int64

    func page(flash: String?, query: GalleryQuery, previous: GalleryTile?, next: GalleryTile?,
              ownCollections: [GalleryCollection]) -> GalleryAssetPage {
        let task = asset.task, output = asset.output
        let row = TaskView(task: task, renderer: renderer, language: language).row()
        let request = try? JSONDecoder().decode(StudioRequest.self, from: Data(task.request.utf8))
        let isKept = output.state == .kept
        let file = GalleryTiles.file(taskID: task.id, position: output.position)
        let filters = query.query()
        let canCurate = viewer.member.role != .viewer
        let title = output.title ?? ""
        return GalleryAssetPage(
            flash: flash, problem: nil,
            heading: title.isEmpty ? renderer.text("route_\(task.operation)", in: language) : title,
            outputID: String(output.id ?? 0), taskID: task.id, route: row.route,
            back: "/gallery" + filters,
            previous: previous.map { "/gallery/\($0.outputID)" + filters } ?? "", hasPrevious: previous != nil,
            next: next.map { "/gallery/\($0.outputID)" + filters } ?? "", hasNext: next != nil,
            isImage: isKept && output.kind == "image", isAudio: isKept && output.kind == "audio",
            isVideo: isKept && output.kind == "video", isText: output.state == .text,
            file: file, hasFile: isKept,
            display: output.thumbnailLargePath != nil ? GalleryTiles.file(taskID: task.id, position: output.position, variant: "large") : file,
            hasSize: output.width != nil && output.height != nil,
            width: output.width.map(String.init) ?? "", height: output.height.map(String.init) ?? "",
            poster: GalleryTiles.file(taskID: task.id, position: output.position, variant: "poster"), hasPoster: output.posterPath != nil,
            text: output.text ?? "", prompt: task.prompt,
            download: file + "?download=1",
            again: request.flatMap(again) ?? "", hasAgain: canCurate && request.flatMap(again) != nil,
            provider: task.providerName, model: task.model, member: task.memberName, created: row.created, elapsed: row.elapsed,
            cost: row.cost, providerTaskID: task.providerTaskId ?? "", hasProviderTaskID: task.providerTaskId != nil,
            facts: facts(request: request),
            parent: task.parentId ?? "", hasParent: task.parentId != nil,
            ledTo: asset.ledTo.map { [texts = PageTexts(renderer: renderer, language: language)] in TaskView.row($0, texts: texts) }, hasLedTo: !asset.ledTo.isEmpty,
            buttons: buttons, hasButtons: !buttons.isEmpty,
            tags: asset.tags.map { GalleryTagView(name: $0, href: "/gallery?tag=" + $0.queryValueEscaped) },
            collections: asset.collections.map { GalleryCollectionLink(name: $0.name, href: "/gallery?collection=\($0.id)") },
            hasCollections: !asset.collections.isEmpty,
            ownCollections: ownCollections.map { SelectOption(value: String($0.id), label: $0.name, selected: false) },
            hasOwnCollections: !ownCollections.isEmpty,
            canCurate: canCurate, isFavourite: asset.isFavourite,
            isOwner: asset.isOwned(by: viewerID), isPrivate: asset.isPrivate,
            canDelete: asset.isOwned(by: viewerID) || viewer.isLead)
    }

    /// The studio form filled in with this task's request (`/studio/<page>?choice=…&prompt=…`),
    /// or nil for a request the form cannot make again (a Midjourney button, a provider gone).
    private func again(_ request: StudioRequest) -> String? {
        guard request.route != .midjourneyAction, let providerID = asset.task.providerId else { return nil }
        var fields: [(String, String?)] = [("choice", "\(providerID)|\(request.route.rawValue)"), ("model", request.model),
                                           ("prompt", request.prompt), ("negative_prompt", request.negativePrompt), ("size", request.size),
                                           ("aspect_ratio", request.aspectRatio), ("count", request.count.map(String.init)),
                                           ("seed", request.seed.map(String.init)), ("lyrics", request.lyrics), ("style", request.style),
                                           ("title", request.title), ("duration", request.duration.map(String.init)), ("voice", request.voice)]
        if request.instrumental { fields.append(("instrumental", "on")) }
        let query = fields.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : name + "=" + $0.queryValueEscaped } }
        return "/studio/\(request.route.page.rawValue)?" + query.joined(separator: "&")
    }

    /// The request's parameters and the file's facts, labelled in the page's language.
    private func facts(request: StudioRequest?) -> [GalleryFact] {
        var facts: [GalleryFact] = []
        func add(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(GalleryFact(label: renderer.text(key, in: language), value: value)) }
        }
        if let request {
            add("studio_negative_prompt", request.negativePrompt)
            add("studio_size", request.size)
            add("gallery_fact_ratio", request.aspectRatio)
            add("gallery_fact_seed", request.seed.map(String.init))
            add("gallery_fact_style", request.style)
            add("gallery_fact_voice", request.voice)
        }
        let output = asset.output
        if let width = output.width, let height = output.height { add("gallery_fact_dimensions", "\(width) × \(height)") }
        add("gallery_fact_duration", output.duration.map(GalleryTiles.duration))
        add("gallery_fact_size", output.byteCount.map(Formatting.fileSize))
        add("gallery_fact_type", output.mimeType)
        return facts
    }

    /// The Midjourney buttons of a finished grid, as the task page offers them.
    private var buttons: [TaskButton] {
        TaskButton.offered(for: asset.task, relay: RelayStateSummary.of(asset.task.relayState), viewer: viewer, renderer: renderer,
                           language: language)
    }
}

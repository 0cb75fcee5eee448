import AtelierStore
import Foundation
import RelayClient
import TaskEngine

/// Finished tasks with kept outputs written through the task store, as the engine writes them,
/// for the gallery's page tests.
struct GallerySeeds {
    let team: Team

    struct Output {
        var kind = "image"
        var path: String?
        var small: String?
        var large: String?
        var poster: String?
        var width: Int?
        var height: Int?
        var duration: Double?
        var title: String?
        var text: String?
    }

    /// A succeeded task of `member` with `outputs`; answers the outputs' gallery ids (their row ids).
    @discardableResult
    func task(_ id: String, member: Member, prompt: String, providerID: Int64? = nil, providerName: String = "Sim",
              model: String = "midjourney", request: StudioRequest? = nil, parentID: String? = nil, providerTaskID: String? = nil,
              actions: [TaskAction] = [], createdAt: Date, outputs: [Output] = [Output()]) async throws -> [Int64] {
        let relay = try String(decoding: JSONEncoder().encode(RelayTask(family: .midjourney, operation: "imagine", kind: .image,
                                                                        status: .succeeded, actions: actions)), as: UTF8.self)
        let body = try request.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) } ?? "{}"
        _ = try await team.tasks.create(TaskRecord(
            id: id, memberId: member.id, memberName: member.name, providerId: providerID, providerName: providerName,
            family: "midjourney", operation: "mj-imagine", kind: outputs.first?.kind ?? "image", model: model, prompt: prompt,
            request: body, idempotencyKey: "key-\(id)", parentId: parentID, createdAt: createdAt, deadlineAt: createdAt.addingTimeInterval(600)))
        let records = outputs.enumerated().map { index, output -> TaskOutputRecord in
            var record = TaskOutputRecord(taskId: id, position: index, kind: output.kind, sourceURL: output.kind == "text" ? nil : "https://relay/\(id)",
                                          text: output.text, title: output.title, width: output.width, height: output.height,
                                          duration: output.duration)
            if output.kind != "text" {
                record.state = .kept
                record.relativePath = output.path ?? "ab/cd/\(id)-\(index).\(output.kind == "image" ? "png" : output.kind == "audio" ? "wav" : "mp4")"
                record.mimeType = output.kind == "image" ? "image/png" : output.kind == "audio" ? "audio/wav" : "video/mp4"
                record.byteCount = 2048
                record.thumbnailSmallPath = output.small
                record.thumbnailLargePath = output.large
                record.posterPath = output.poster
            }
            return record
        }
        _ = try await team.tasks.transition(id, from: .queued, outputs: records) { task in
            task.status = .succeeded
            task.progress = 100
            task.providerTaskId = providerTaskID
            task.relayState = relay
        }
        let gallery = GalleryStore(database: team.database)
        guard let viewer = member.id else { return [] }
        var ids: [Int64] = []
        var position = GalleryPosition.first
        // The ids of this task's outputs, from the gallery itself.
        while true {
            let page = try await gallery.page(viewerID: viewer, filter: GalleryFilter(), from: position, limit: 200)
            ids += page.tiles.filter { $0.taskID == id }.sorted { $0.position < $1.position }.map(\.outputID)
            guard let next = page.next else { break }
            position = next
        }
        return ids
    }

    /// `task(…)` with one output: its gallery id.
    func one(_ id: String, member: Member, prompt: String, createdAt: Date, outputs: [Output] = [Output()]) async throws -> Int64 {
        let ids = try await task(id, member: member, prompt: prompt, createdAt: createdAt, outputs: outputs)
        guard let first = ids.first else { throw SeedError(id: id) }
        return first
    }

    /// A seeded task whose output the gallery does not list.
    struct SeedError: Error {
        let id: String
    }
}

import AtelierMedia
import AtelierStore
import Foundation
import RelayClient

extension TaskEngine {
    /// Makes a kept output's thumbnails, poster and facts (``DerivativeMaker``) and records them
    /// in `output`: `derivativesState` becomes `made`, or `failed` with a log line when a tool is
    /// missing, a file unreadable or an audio clip's cover could not be kept. Never throws; the
    /// caller saves the row.
    func makeDerivatives(_ output: inout TaskOutputRecord, allowedHosts: Set<String>) async {
        guard let path = output.relativePath, let kind = MediaKind(OutputKind(rawValue: output.kind) ?? .text) else { return }
        var problem: String?
        do {
            let made: Derivatives
            switch kind {
            case .image:
                made = try await derivatives.image(at: path)
            case .video:
                made = try await derivatives.video(at: path)
            case .audio:
                var cover: String?
                if let coverURL = output.coverSourceURL, !coverURL.isEmpty {
                    do {
                        cover = try await limiter.run {
                            try await media.keep(url: coverURL, expecting: .image, allowedHosts: allowedHosts)
                        }.relativePath
                    } catch {
                        problem = "its cover art was not kept: " + MediaMessages.describe(error)
                    }
                }
                made = try await derivatives.audio(at: path, coverPath: cover)
            }
            output.thumbnailSmallPath = made.thumbnailSmallPath
            output.thumbnailLargePath = made.thumbnailLargePath
            output.posterPath = made.posterPath
            output.width = made.facts.width ?? output.width
            output.height = made.facts.height ?? output.height
            output.duration = made.facts.duration ?? output.duration
        } catch let error as DerivativeError {
            problem = error.message
        } catch {
            problem = "\(error)"
        }
        output.derivativesState = problem == nil ? .made : .failed
        if let problem {
            logger.warning("derivatives not made", metadata: ["task": "\(output.taskId)", "output": "\(output.position)", "reason": "\(problem)"])
        }
    }

    /// The background pass over outputs kept before derivatives existed (kept, no
    /// `derivativesState`): in batches of `batchSize`, oldest first, with progress in the log
    /// ("derivatives: 120/5000"). Runs until every such output has had its attempt or the
    /// surrounding task is cancelled; the server starts it once at start-up, outside any request.
    public func fillMissingDerivatives(batchSize: Int = 50) async {
        do {
            let total = try await team.tasks.countOutputsWithoutDerivatives()
            guard total > 0 else { return }
            logger.info("derivatives: 0/\(total)")
            var afterID: Int64 = 0
            var done = 0
            while !Task.isCancelled {
                let batch = try await team.tasks.outputsWithoutDerivatives(afterID: afterID, limit: max(1, batchSize))
                guard let last = batch.last?.id else { break }
                let hosts = try await providerHosts()
                let providerOfTask = try await team.tasks.providerIDs(ofTasks: Array(Set(batch.map(\.taskId))))
                await withTaskGroup(of: Void.self) { group in
                    for output in batch {
                        let allowed = providerOfTask[output.taskId].flatMap { hosts[$0] }.map { Set([$0]) } ?? []
                        group.addTask { await self.fillDerivatives(of: output, allowedHosts: allowed) }
                    }
                }
                afterID = last
                done += batch.count
                logger.info("derivatives: \(done)/\(max(total, done))")
            }
        } catch {
            logger.error("the derivatives pass stopped", metadata: ["error": "\(error)"])
        }
    }

    private func fillDerivatives(of output: TaskOutputRecord, allowedHosts: Set<String>) async {
        // A stopping server leaves the rest of the batch for its next start.
        guard !Task.isCancelled else { return }
        var output = output
        await makeDerivatives(&output, allowedHosts: allowedHosts)
        do {
            try await team.tasks.saveDerivatives(of: output)
        } catch {
            logger.error("could not save an output's derivatives", metadata: ["task": "\(output.taskId)", "error": "\(error)"])
        }
    }
}

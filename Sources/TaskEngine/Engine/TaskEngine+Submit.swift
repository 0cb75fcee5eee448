import AtelierEngine
import AtelierStore
import Foundation
import RelayClient

extension TaskEngine {
    /// Validates the order, checks the budget and writes the task (`queued`) — the provider is
    /// called in the background right after. The same idempotency key twice answers the first
    /// task and writes nothing.
    public func submit(_ order: SubmitOrder, now: Date = Date()) async throws -> TaskRecord {
        let records = try await prepare([order], now: now)
        let written = try await team.tasks.create(records[0])
        if written.created { wake() }
        return written.task
    }

    /// Writes several orders at once as one compare group (one prompt to several providers or
    /// models), under a group id the store chooses. Every order is checked first; if any is
    /// refused, nothing is written.
    public func submit(comparing orders: [SubmitOrder], now: Date = Date()) async throws -> (group: String, tasks: [TaskRecord]) {
        let records = try await prepare(orders, now: now)
        let written = try await team.tasks.create(comparing: records)
        wake()
        return written
    }

    private func prepare(_ orders: [SubmitOrder], now: Date) async throws -> [TaskRecord] {
        var records: [TaskRecord] = []
        for order in orders {
            let errors = order.request.validate()
            guard errors.isEmpty else { throw SubmitRefusal.invalid(errors) }
            guard let memberID = order.member.id else { throw SubmitRefusal.unavailable("unknown member") }
            guard let providerRecord = try await team.providers.find(id: order.providerID),
                  let provider = try? ProviderConnector.provider(for: providerRecord)
            else { throw SubmitRefusal.invalid([FieldError(field: "provider", code: "not_found")]) }
            guard provider.offers(order.request.route.family) else {
                throw SubmitRefusal.invalid([FieldError(field: "route", code: "not_offered")])
            }
            let estimate = CostEstimator.estimate(order.request, prices: try await PriceBook(team: team).sheet(for: providerRecord))
            // The orders of one compare before this one count as running tasks.
            let earlier = records.filter { $0.providerId == order.providerID }.compactMap(\.estimatedCost).reduce(0, +)
            let decision = try await team.budgets.check(memberID: memberID, providerID: order.providerID, cost: estimate.amount,
                                                        alsoPending: earlier, now: now)
            if case .refused(let limit, let spent, let cost) = decision {
                throw SubmitRefusal.overBudget(limit: limit, spent: spent, cost: cost, unit: estimate.unit)
            }
            let body = try JSONEncoder().encode(order.request)
            let id = RelayTask.newID()
            var record = TaskRecord(
                id: id, memberId: memberID, memberName: order.member.name, providerId: order.providerID, providerName: providerRecord.name,
                family: order.request.route.family.rawValue, operation: order.request.route.rawValue,
                kind: Self.kind(of: order.request.route).rawValue, model: order.request.displayModel, prompt: order.request.prompt,
                request: String(decoding: body, as: UTF8.self), idempotencyKey: order.idempotencyKey,
                estimatedCost: estimate.amount, costUnit: estimate.unit, parentId: order.parentID,
                createdAt: now, deadlineAt: now.addingTimeInterval(settings.deadline(for: order.request.route.family)))
            if GenerationRequestBuilder.takesCallback(order.request.route), settings.publicURL != nil {
                record.callbackTokenDigest = CallbackToken(taskID: id, key: callbackKey).digest
            }
            records.append(record)
        }
        return records
    }

    static func kind(of route: StudioRoute) -> OutputKind {
        switch route {
        case .midjourneyDescribe, .sunoLyrics, .transcription: return .text
        default:
            switch route.page {
            case .image: return .image
            case .music, .speech: return .audio
            case .video: return .video
            }
        }
    }

    /// Starts sending queued tasks now instead of at the next tick. Wakes while a sending
    /// round runs only ask for one more round, so a burst of submits makes no burst of rounds.
    func wake() {
        let engine = self
        Task { await engine.sendQueuedRounds() }
    }

    /// Runs sending rounds until no one asks for another (or returns at once when a round is
    /// already running: it will run once more).
    func sendQueuedRounds() async {
        guard await sendingRounds.begin() else { return }
        repeat {
            await submitQueued()
        } while await sendingRounds.end()
    }

    /// Sends every queued task. A sender first takes a call slot, then moves one task to
    /// `submitting` (only one caller wins it), then calls the provider once: a task is never
    /// marked as being sent while it waits for a slot. A submit that may have reached the
    /// provider is never resent.
    func submitQueued() async {
        let senders = settings.maxConcurrentCalls
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<senders {
                group.addTask {
                    while !Task.isCancelled {
                        let sent = await self.limiter.run { await self.sendNextQueued() }
                        if !sent { return }
                    }
                }
            }
        }
    }

    /// Claims and sends one queued task (the caller holds a call slot); false when none is due.
    private func sendNextQueued() async -> Bool {
        do {
            guard let task = try await team.tasks.claimQueued(limit: 1).first else { return false }
            await send(task)
            return true
        } catch {
            logger.error("could not read queued tasks", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func send(_ task: TaskRecord) async {
        do {
            let request = try JSONDecoder().decode(StudioRequest.self, from: Data(task.request.utf8))
            guard let providerID = task.providerId, let record = try await team.providers.find(id: providerID) else {
                return await fail(task, from: .submitting, category: .invalidRequest, message: "The provider was removed.")
            }
            let connection: (client: RelayClient, key: APIKeyRecord)
            do {
                connection = try await connector.client(for: record)
            } catch let error as ConnectorError {
                // Nothing was sent: not a key the provider refused, but a provider Atelier cannot use.
                return await fail(task, from: .submitting, failureCategory: FailureText.notConfigured, message: error.description)
            }
            let references = try request.references.map { reference in
                (data: try Data(contentsOf: mediaFolder.appendingPathComponent(reference.path)), mimeType: reference.mimeType)
            }
            let builder = GenerationRequestBuilder(references: references, callbackURL: callbackURL(for: task, route: request.route))
            let generation = builder.build(request)
            let started = Date()
            do {
                // The caller holds a call slot already.
                let answer = request.route == .transcription
                    ? try await Self.transcribe(builder.transcription(request), with: connection.client, id: task.id)
                    : try await connection.client.submit(generation, id: task.id)
                var sent = task
                sent.apiKeyId = connection.key.id
                await applyUpdate(answer, to: sent, from: .submitting, provider: connection.client.provider, now: Date()) { record in
                    record.apiKeyId = connection.key.id
                    record.submittedAt = started
                }
            } catch let error as RelayError where error.requestMayHaveReachedProvider || error.category == .cancelled {
                // Cancelled (the server is stopping) or answered unreadably: the request may
                // have been sent, so it must not be failed (a member would pay twice retrying).
                logger.warning("submit outcome unknown", metadata: ["task": "\(task.id)", "category": "\(error.category.rawValue)"])
                _ = try await team.tasks.transition(task.id, from: .submitting) { record in
                    record.status = .unknown
                    record.apiKeyId = connection.key.id
                    record.submittedAt = started
                    record.failureCategory = RelayErrorCategory.outcomeUnknown.rawValue
                    record.failureMessage = FailureText.plain(.outcomeUnknown)
                    record.providerMessage = error.message
                }
            } catch let error as RelayError where error.category == .rateLimited && task.pollFailures + 1 < settings.submitAttempts {
                // Refused before any work: safe to send again later, after a backoff.
                let wait = settings.backoff(failures: task.pollFailures + 1, retryAfter: error.retryAfter)
                _ = try await team.tasks.transition(task.id, from: .submitting) { record in
                    record.status = .queued
                    record.pollFailures += 1
                    record.nextPollAt = Date().addingTimeInterval(wait)
                    record.providerMessage = error.message
                }
            } catch let error as RelayError {
                let failure = FailureText.submitFailure(error)
                await fail(task, from: .submitting, failureCategory: failure.category, message: failure.message,
                           providerMessage: error.message)
            }
        } catch {
            // Before any provider call: the stored request or a reference file could not be read.
            logger.error("could not prepare a task", metadata: ["task": "\(task.id)", "error": "\(error)"])
            await fail(task, from: .submitting, category: .invalidRequest, message: "Atelier could not prepare this request.")
        }
    }

    /// A transcription as a finished task with the transcript as its text output.
    private static func transcribe(_ request: TranscriptionRequest, with client: RelayClient, id: String) async throws -> RelayTask {
        let transcript = try await client.transcribe(request)
        return RelayTask(id: id, family: .openAI, operation: "transcription", kind: .text, status: .succeeded, progress: 100,
                         outputs: [TaskOutput(kind: .text, text: transcript.text, title: transcript.language)])
    }

    /// Fails a task in one guarded step.
    func fail(_ task: TaskRecord, from state: TaskState, category: RelayErrorCategory, message: String, providerMessage: String? = nil) async {
        await fail(task, from: state, failureCategory: category.rawValue, message: message, providerMessage: providerMessage)
    }

    /// Fails a task in one guarded step, with a stored category of Atelier's own (`FailureText.notOffered`, …).
    func fail(_ task: TaskRecord, from state: TaskState, failureCategory: String, message: String, providerMessage: String? = nil) async {
        do {
            _ = try await team.tasks.transition(task.id, from: state) { record in
                record.status = .failed
                record.failureCategory = failureCategory
                record.failureMessage = message
                record.providerMessage = providerMessage
            }
        } catch {
            logger.error("could not record a failed task", metadata: ["task": "\(task.id)", "error": "\(error)"])
        }
    }
}

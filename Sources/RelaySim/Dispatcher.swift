import Foundation
import Hummingbird
import NIOCore

/// The simulator's single HTTP responder: finds the route, then applies latency, authentication
/// and the per-request faults before the family handler runs, and renders thrown
/// ``SimFailure``s in the route's envelope.
struct Dispatcher: HTTPResponder {
    typealias Context = BasicRequestContext

    let table: RouteTable
    let sim: SimContext
    private let authenticator: Authenticator

    /// Largest request body accepted (uploads for edits, transcriptions, describe).
    static let maxBody = 64 * 1024 * 1024

    init(table: RouteTable, sim: SimContext) {
        self.table = table
        self.sim = sim
        self.authenticator = Authenticator(configuration: sim.configuration)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let requestID = await sim.state.nextRequestID()
        var response = try await answer(&request, requestID: requestID)
        response.headers[.init("X-Oneapi-Request-Id")!] = requestID
        return response
    }

    private func answer(_ request: inout Request, requestID: String) async throws -> Response {
        let path = request.uri.path
        guard let (route, parameters) = table.route(request.method, path) else {
            return ErrorEnvelopes.openAI(
                .notFound, "Invalid URL (\(request.method.rawValue) \(path))", type: "invalid_request_error", code: "",
                requestID: requestID)
        }
        await sim.state.count(route: "\(request.method.rawValue) /" + route.pattern.joined(separator: "/"))
        let body = Array(buffer: try await request.collectBody(upTo: Self.maxBody))
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let text = String(decoding: body, as: UTF8.self)
        var simRequest = SimRequest(
            method: request.method, path: path, query: query, headers: request.headers, body: body,
            json: JSONValue.parse(body), magic: MagicWord.find(in: text), requestID: requestID)
        simRequest.parameters = parameters

        if sim.configuration.latency > .zero {
            try await Task.sleep(for: sim.configuration.latency)
        }
        let prompt = simRequest.field("prompt") ?? ""
        do {
            guard authenticator.accepts(simRequest, scheme: route.auth) else { throw SimFailure(.unauthorized) }
            if route.auth != .none, let fault = try await injectedFault(simRequest) {
                return fault
            }
            return try await route.handler(simRequest)
        } catch let failure as SimFailure {
            return ErrorEnvelopes.response(failure, family: route.family, requestID: requestID, prompt: prompt)
        }
    }

    /// The answer a `sim:` word (or the random rate limiter) replaces the real one with.
    private func injectedFault(_ request: SimRequest) async throws -> Response? {
        let magic = request.magic
        if magic.contains(.hang) { try await sim.waitForShutdown() }
        if magic.contains(.slow) { return FaultResponses.slow(interval: sim.configuration.slowByteInterval, sim: sim) }
        if magic.contains(.huge) { return FaultResponses.huge() }
        if magic.contains(.garbage) { return FaultResponses.garbage() }
        if magic.contains(.html) { return FaultResponses.html() }
        if magic.contains(.serverError) { throw SimFailure(.upstream("simulated upstream failure (sim:500)")) }
        if magic.contains(.rateLimited) { throw SimFailure(.rateLimited) }
        if await sim.state.rollRateLimit() { throw SimFailure(.rateLimited) }
        if magic.contains(.quota) { throw SimFailure(.quota(remainingUSD: await sim.state.remainingUSD())) }
        if magic.contains(.reject) { throw SimFailure(.rejected) }
        return nil
    }
}

import Foundation
import Logging

/// What every family call needs: the provider, the secrets, the transport. It builds URLs and
/// auth headers, sends, maps HTTP-level errors and parses JSON, so family files only deal with
/// their own shapes.
struct RelayConnection: Sendable {
    let provider: Provider
    let credentials: Credentials
    let transport: any HTTPTransport
    let logger: Logger

    /// Secret values to scrub from anything shown or stored.
    var secrets: [String] { credentials.all }

    func url(_ path: String) -> String {
        provider.baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Auth headers per the provider's scheme.
    var authHeaders: [(String, String)] {
        switch provider.auth {
        case .bearer:
            return [("Authorization", "Bearer \(credentials.apiKey)")]
        case .header(let name):
            return [(name, credentials.apiKey)]
        case .accessKeyPair(let idHeader, let secretHeader):
            return [(idHeader, credentials.apiKey), (secretHeader, credentials.secret ?? "")]
        }
    }

    var sensitiveHeaderNames: Set<String> {
        var names: Set<String> = ["authorization", "mj-api-secret", "x-api-key",
                                  provider.options.dashboardUserHeader.lowercased()]
        switch provider.auth {
        case .bearer: break
        case .header(let name): names.insert(name.lowercased())
        case .accessKeyPair(let a, let b):
            names.insert(a.lowercased())
            names.insert(b.lowercased())
        }
        return names
    }

    func request(_ method: String, _ path: String, json: JSONValue? = nil, body: Data? = nil, contentType: String? = nil,
                 extraHeaders: [(String, String)] = [], auth: [(String, String)]? = nil, timeout: Double? = nil) -> HTTPRequest {
        var headers = auth ?? authHeaders
        headers.append(("Accept", "application/json"))
        var payload = body
        if let json {
            payload = json.data()
            headers.append(("Content-Type", "application/json"))
        } else if let contentType {
            headers.append(("Content-Type", contentType))
        }
        headers.append(contentsOf: extraHeaders)
        return HTTPRequest(method: method, url: url(path), headers: headers, body: payload,
                           sensitiveHeaders: sensitiveHeaderNames, timeout: timeout)
    }

    /// Sends and returns the raw answer after HTTP-level error mapping (no JSON required).
    func sendRaw(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await transport.send(request)
        if !(200..<300).contains(response.status) {
            let json = try? JSONParser.parse(response.body)
            throw ErrorMapping.error(in: response, json: json, secrets: secrets)
                ?? RelayError(ErrorMapping.category(forStatus: response.status), "HTTP \(response.status)",
                              httpStatus: response.status)
        }
        return response
    }

    /// Sends and parses a JSON answer; any error envelope becomes a thrown `RelayError`.
    func send(_ request: HTTPRequest) async throws -> JSONValue {
        let response = try await transport.send(request)
        return try decode(response, for: request)
    }

    /// Parses and checks an answer already received.
    func decode(_ response: HTTPResponse, for request: HTTPRequest) throws -> JSONValue {
        let json = try? JSONParser.parse(response.body)
        if let error = ErrorMapping.error(in: response, json: json, secrets: secrets) {
            throw error
        }
        guard let json else {
            var error: RelayError
            if response.body.isEmpty {
                error = RelayError(.invalidResponse, "the provider answered HTTP \(response.status) with an empty body",
                                   httpStatus: response.status)
            } else if ErrorMapping.looksLikeHTML(response.body, contentType: response.header("Content-Type")) {
                let title = ErrorMapping.htmlTitle(response.body).map { ": \($0)" } ?? ""
                error = RelayError(.invalidResponse,
                                   "the provider answered HTTP \(response.status) with an HTML page instead of JSON\(title)",
                                   httpStatus: response.status)
            } else {
                error = RelayError(.invalidResponse,
                                   "the provider answered HTTP \(response.status) with a body that is not JSON: "
                                       + Redactor.excerpt(response.body, secrets: secrets, limit: 80),
                                   httpStatus: response.status)
            }
            error.requestMayHaveReachedProvider = !request.isIdempotent
            throw error
        }
        return json
    }

    func get(_ path: String, timeout: Double? = nil) async throws -> JSONValue {
        try await send(request("GET", path, timeout: timeout))
    }

    func post(_ path: String, _ body: JSONValue, timeout: Double? = nil) async throws -> JSONValue {
        try await send(request("POST", path, json: body, timeout: timeout))
    }

    /// The stored form of a raw answer.
    func snapshot(_ json: JSONValue) -> String { Redactor.snapshot(json, secrets: secrets) }

    /// An error for an answer that parsed but has an unexpected shape.
    func unexpected(_ what: String, _ json: JSONValue) -> RelayError {
        RelayError(.invalidResponse, "unexpected answer (\(what)): " + String(snapshot(json).prefix(200)))
    }
}

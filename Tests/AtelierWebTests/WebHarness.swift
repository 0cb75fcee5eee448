import AsyncHTTPClient
import AtelierEngine
import AtelierMedia
import AtelierStore
@testable import AtelierWeb
import FastCGI
import Foundation
import Logging
import RelayClient
import TaskEngine
import XCTest

/// The whole application in-process over a real SQLite file, with a browser-like cookie jar.
struct WebHarness {
    let app: AtelierApp
    let team: Team
    let folder: URL
    let tasks: TaskEngine

    static let leadPassword = "lead password 1"
    /// Downloads of every harness (static: it lives as long as the test process).
    static let mediaClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: MediaKeeper.httpClientConfiguration)

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("atelier.sqlite").path
        let key = MasterKey.random()
        let database = try AtelierDatabase(path: path)
        team = Team(database: database, masterKey: key, hasher: PasswordHasher(rounds: 1_000))
        try await team.members.add(name: "lead", displayName: "Lead", role: .lead, password: Self.leadPassword, by: .system)
        let connector = ProviderConnector(team: team, transport: AsyncHTTPClientTransport.shared, addressPolicy: .anyAddress)
        let mediaFolder = folder.appendingPathComponent("media")
        let media = MediaKeeper(folder: mediaFolder, httpClient: Self.mediaClient, logger: Logger(label: "test"))
        tasks = TaskEngine(team: team, connector: connector, media: media, mediaFolder: mediaFolder,
                           settings: EngineSettings(pollInterval: [:], defaultPollInterval: 0.05, tick: 0.02), callbackKey: key.derivedKey(for: "callbacks"))
        app = ApplicationBuilder.build(version: "9.9.9", team: team,
                                                 refresher: BalanceRefresher(team: team, connector: connector),
                                                 tasks: tasks, media: media, logger: Logger(label: "test"))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// A browser: keeps cookies between requests.
    final class Browser {
        var cookies: [String: String] = [:]
        var address = "10.1.1.1"
        var scheme = "http"
        let harness: WebHarness

        init(_ harness: WebHarness) { self.harness = harness }

        @discardableResult
        func get(_ path: String) async -> (Response, String) {
            let parts = path.split(separator: "?", maxSplits: 1)
            let query = parts.count > 1 ? parts[1].split(separator: "&").map { pair -> FormField in
                let kv = pair.split(separator: "=", maxSplits: 1)
                return FormField(name: String(kv[0]), value: kv.count > 1 ? String(kv[1]).removingPercentEncoding ?? "" : "")
            } : []
            return await send(Request(method: "GET", path: String(parts[0]), query: query, cookies: cookies,
                                      remoteAddress: address, scheme: scheme))
        }

        @discardableResult
        func post(_ path: String, _ fields: [(String, String)], csrf: String?) async -> (Response, String) {
            var all = fields.map { FormField(name: $0.0, value: $0.1) }
            if let csrf { all.append(FormField(name: "_csrf", value: csrf)) }
            return await send(Request(method: "POST", path: path, cookies: cookies, remoteAddress: address, scheme: scheme,
                                      body: .form(FormData(fields: all))))
        }

        private func send(_ request: Request) async -> (Response, String) {
            let response = await harness.app.respond(to: request)
            for value in response.headers.values("set-cookie") {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                let name = String(pair[0]), content = pair.count > 1 ? String(pair[1]) : ""
                if content.isEmpty { cookies[name] = nil } else { cookies[name] = content }
            }
            guard case .bytes(let bytes) = response.body else { return (response, "") }
            return (response, String(decoding: bytes, as: UTF8.self))
        }

        /// The CSRF token of the forms on a page.
        static func csrf(in html: String) -> String? {
            guard let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
            return String(html[range].split(separator: "\"")[3])
        }

        /// Signs in through the form, as a person would; returns the CSRF token of the signed-in session.
        func signIn(_ name: String, _ password: String) async throws -> String {
            let (_, form) = await get("/signin")
            let anonymous = try XCTUnwrap(Self.csrf(in: form))
            let (response, _) = await post("/signin", [("name", name), ("password", password), ("next", "/")], csrf: anonymous)
            XCTAssertEqual(response.status, .seeOther, "sign-in of \(name)")
            let (_, home) = await get("/account")
            return try XCTUnwrap(Self.csrf(in: home))
        }
    }
}

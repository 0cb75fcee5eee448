import AtelierEngine
import AtelierStore
import Foundation
import RelayClient
import TestSupport
import XCTest

final class ProviderConnectorTests: XCTestCase {
    func testBuildsAWorkingClientForTheDemoProvider() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Demo relay")
            let (client, key) = try await fixture.connector.client(for: record)
            XCTAssertEqual(client.provider.id, "demo")
            XCTAssertEqual(client.provider.baseURL, fixture.simulator.baseURL)
            XCTAssertEqual(key.label, "main")
            XCTAssertEqual(key.mask, KeyMask.mask(EngineFixture.simKey))
            let models = try await client.models()
            XCTAssertFalse(models.isEmpty)
            let answer = try await client.chat(ChatRequest(model: "gpt-4o-mini", messages: [.user("hello")]))
            XCTAssertFalse(answer.content.isEmpty)

            let test = await fixture.connector.testConnection(record)
            XCTAssertTrue(test.succeeded, test.message)
            XCTAssertEqual(test.message, "\(models.count) models")
            XCTAssertNil(test.category)
            XCTAssertGreaterThanOrEqual(test.elapsedMilliseconds, 0)
        }
    }

    func testTheNewestActiveKeyIsUsedAfterARotation() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Rotated", key: "sk-old-key-that-the-sim-refuses")
            let failing = await fixture.connector.testConnection(record)
            XCTAssertFalse(failing.succeeded)
            let old = try await fixture.team.keys.list(providerID: record.id!)[0].key
            try await fixture.team.keys.rotate(keyID: old.id!, to: ProviderSecret(key: EngineFixture.simKey), expiresOn: nil, by: EngineFixture.actor)
            let passing = await fixture.connector.testConnection(record)
            XCTAssertTrue(passing.succeeded, passing.message)
        }
    }

    func testNoActiveKeyIsAClearError() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Keyless", key: nil)
            do {
                _ = try await fixture.connector.client(for: record)
                XCTFail("expected noActiveKey")
            } catch let error as ConnectorError {
                XCTAssertEqual(error, .noActiveKey(providerName: "Keyless"))
                XCTAssertTrue(error.description.contains("Keyless has no active API key"), error.description)
            }
            let test = await fixture.connector.testConnection(record)
            XCTAssertFalse(test.succeeded)
            XCTAssertTrue(test.message.contains("no active API key"), test.message)

            // A revoked key does not count either.
            try await fixture.team.keys.add(providerID: record.id!, label: "once", secret: ProviderSecret(key: EngineFixture.simKey),
                                            expiresOn: nil, by: EngineFixture.actor)
            let key = try await fixture.team.keys.list(providerID: record.id!)[0].key
            try await fixture.team.keys.revoke(keyID: key.id!, by: EngineFixture.actor)
            do {
                _ = try await fixture.connector.client(for: record)
                XCTFail("expected noActiveKey after the revocation")
            } catch let error as ConnectorError {
                XCTAssertEqual(error, .noActiveKey(providerName: "Keyless"))
            }
        }
    }

    func testAWrongKeyFailsAsUnauthorizedWithoutShowingTheKey() async throws {
        try await withEngine { fixture in
            let wrong = "sk-wrong-0123456789abcdef"
            let record = try await fixture.addProvider("Wrong key", key: wrong)
            let test = await fixture.connector.testConnection(record)
            XCTAssertFalse(test.succeeded)
            XCTAssertEqual(test.category, .unauthorized)
            XCTAssertFalse(test.message.contains("unauthorized"), "the category is in `category`, not in the line for people: \(test.message)")
            XCTAssertTrue(test.message.contains("HTTP 401"), test.message)
            XCTAssertFalse(test.message.contains(wrong), test.message)
            XCTAssertFalse(test.message.contains("0123456789abcdef"), test.message)
        }
    }

    func testAnUnreachableProviderFailsAsANetworkError() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Nowhere", baseURL: "http://127.0.0.1:\(LoopbackPort.unused())")
            let test = await fixture.connector.testConnection(record)
            XCTAssertFalse(test.succeeded)
            XCTAssertEqual(test.category, .network, test.message)
        }
    }

    func testWithoutAModelsEndpointTheBalanceIsTried() async throws {
        try await withEngine(balance: 12.5) { fixture in
            let record = try await fixture.addProvider("Balance only")
            // The relay answers 404 on /v1/models (as relays without a model list do): the balance decides.
            let missing = ProviderConnector(team: fixture.team, transport: ModelsAnswer(status: 404, wrapping: fixture.transport), addressPolicy: .anyAddress)
            let test = await missing.testConnection(record)
            XCTAssertTrue(test.succeeded, test.message)
            XCTAssertEqual(test.message, "balance 12.50 USD")

            // A refused key on /v1/models is a real failure: no fallback.
            let refused = ProviderConnector(team: fixture.team, transport: ModelsAnswer(status: 401, wrapping: fixture.transport), addressPolicy: .anyAddress)
            let failed = await refused.testConnection(record)
            XCTAssertFalse(failed.succeeded)
            XCTAssertEqual(failed.category, .unauthorized, failed.message)
        }
    }

    func testProviderSettingsMapOntoRelayClient() throws {
        var record = ProviderRecord(name: "Pair", preset: "img-open", baseURL: "https://img.example.com/", authKind: .accessKeyPair)
        var provider = try ProviderConnector.provider(for: record)
        XCTAssertEqual(provider.id, "img-open")
        XCTAssertEqual(provider.auth, AuthScheme.imgOpen)
        XCTAssertEqual(provider.baseURL, "https://img.example.com")

        record = ProviderRecord(name: "Header", preset: "no-such-preset", baseURL: "https://relay.example.com/v1", authKind: .header,
                                authHeader: "mj-api-secret", midjourneyMode: "mj-relax")
        provider = try ProviderConnector.provider(for: record)
        XCTAssertEqual(provider.id, "custom")
        XCTAssertEqual(provider.auth, .header(name: "mj-api-secret"))
        XCTAssertEqual(provider.options.midjourneyMode, "mj-relax")
        XCTAssertEqual(provider.baseURL, "https://relay.example.com")

        record = ProviderRecord(name: "Bearer", preset: "KFC-V50", baseURL: "https://kfc.example.com", authKind: .bearer)
        provider = try ProviderConnector.provider(for: record)
        XCTAssertEqual(provider.id, "kfc-v50")
        XCTAssertEqual(provider.auth, .bearer)
        XCTAssertNil(provider.options.midjourneyMode)

        record = ProviderRecord(name: "Headless", preset: "custom", baseURL: "https://relay.example.com", authKind: .header)
        XCTAssertThrowsError(try ProviderConnector.provider(for: record)) { error in
            guard case ConnectorError.invalidConfiguration(let name, _)? = error as? ConnectorError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(name, "Headless")
        }
    }

    func testAProviderWithNothingToTestWithIsUntestedNotFailed() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Img Open sim", preset: "img-open", authKind: .accessKeyPair,
                                                       key: "sim-access", pairSecret: "sim-secret")
            let test = await fixture.connector.testConnection(record)
            XCTAssertTrue(test.isUntestable)
            XCTAssertFalse(test.succeeded)
            XCTAssertNil(test.category)
            XCTAssertTrue(test.message.contains("tried with the first task"), test.message)
        }
    }

    func testKeyPairProvidersAuthenticateWithBothHalves() async throws {
        try await withEngine { fixture in
            let record = try await fixture.addProvider("Img Open sim", preset: "img-open", authKind: .accessKeyPair,
                                                       key: "sim-access", pairSecret: "sim-secret")
            let (client, _) = try await fixture.connector.client(for: record)
            let task = try await client.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "a lighthouse")))
            XCTAssertEqual(task.family, .imgOpenSD)

            let wrong = try await fixture.addProvider("Img Open wrong", preset: "img-open", authKind: .accessKeyPair,
                                                      key: "sim-access", pairSecret: "not-the-secret")
            let (badClient, _) = try await fixture.connector.client(for: wrong)
            do {
                _ = try await badClient.submit(.imgOpenSD(ImgOpenSDRequest(prompt: "a lighthouse")))
                XCTFail("expected the wrong pair secret to be refused")
            } catch let error as RelayError {
                XCTAssertEqual(error.category, .unauthorized, "\(error)")
                XCTAssertFalse("\(error)".contains("not-the-secret"))
            }
        }
    }

    func testTheDashboardTokenReachesTheUserSelfBalance() async throws {
        try await withEngine(balance: 7) { fixture in
            let record = try await fixture.addProvider("Dashboard", dashboardToken: "sim-dashboard-token", dashboardUserID: "1")
            let (client, _) = try await fixture.connector.client(for: record)
            let balance = try await client.balance(sources: [.newAPIUserSelf])
            XCTAssertEqual(balance.source, .newAPIUserSelf)
            XCTAssertEqual(balance.amount, 7, accuracy: 1e-9)
        }
    }
}

/// The real transport, except that `GET …/v1/models` gets a fixed error answer: a relay with no
/// model list (404) or one that refuses the key there (401).
struct ModelsAnswer: HTTPTransport {
    let status: Int
    let wrapping: any HTTPTransport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.redactedURL.hasSuffix("/v1/models") else { return try await wrapping.send(request) }
        let body = #"{"error":{"message":"Invalid URL (GET /v1/models)","type":"invalid_request_error","code":""}}"#
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
    }

    func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        try await wrapping.stream(request)
    }
}

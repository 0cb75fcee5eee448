import AtelierMedia
import Foundation
import TestSupport
import XCTest

/// Error statuses and network failures say whether a retry may help; no URL query reaches an
/// error or a log line.
final class StatusAndPrivacyTests: XCTestCase {
    var media: MediaHarness!

    override func setUp() async throws { media = try await MediaHarness.start() }
    override func tearDown() async throws { try await media.stop() }

    private func keep(_ url: String, allowed: Set<String>? = nil) async -> MediaError? {
        await expectMediaError {
            try await self.media.keeper().keep(url: url, expecting: .image, allowedHosts: allowed ?? [self.media.simHost])
        }
    }

    func testClientErrorsAreNotRetryable() async throws {
        for (path, status) in [("/files/img/missing.jpg", 404), ("/files/fault/status/404", 404), ("/files/fault/status/403", 403)] {
            let error = await keep(media.base + path)
            XCTAssertEqual(error, .httpStatus(url: media.base + path, status: status))
            XCTAssertEqual(error?.isRetryable, false, path)
        }
    }

    func testServerErrorsAndRateLimitsAreRetryable() async throws {
        for status in [500, 502, 503, 429] {
            let path = "/files/fault/status/\(status)"
            let error = await keep(media.base + path)
            XCTAssertEqual(error, .httpStatus(url: media.base + path, status: status))
            XCTAssertEqual(error?.isRetryable, true, path)
        }
    }

    func testConnectionFailureIsRetryable() async throws {
        let port = LoopbackPort.unused()
        let error = await expectMediaError {
            try await self.media.keeper(MediaPolicy(requestTimeout: .seconds(1))).keep(
                url: "http://127.0.0.1:\(port)/x.png", expecting: .image, allowedHosts: ["127.0.0.1:\(port)"])
        }
        guard case .network(let url, _) = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(url, "http://127.0.0.1:\(port)/x.png")
        XCTAssertEqual(error?.isRetryable, true)
    }

    func testQueriesStayOutOfErrorsAndLogs() async throws {
        let secret = "X-Amz-Signature=s3cr3t0k3n"
        let failed = await keep(media.base + "/files/fault/status/404?\(secret)")
        let refused = await keep(media.base + "/files/img/a_8x8.png?\(secret)", allowed: [])
        let signed = media.base + "/files/img/a_8x8.png?\(secret)"
        let redirect = media.base + "/files/fault/redirect?to=\(signed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        _ = try await media.keeper().keep(url: redirect + "&\(secret)", expecting: .image, allowedHosts: [media.simHost])
        for error in [failed, refused] {
            XCTAssertNotNil(error)
            XCTAssertFalse(error!.message.contains("s3cr3t"), error!.message)
            XCTAssertFalse("\(error!)".contains("s3cr3t"))
        }
        let lines = media.logs.all
        XCTAssertTrue(lines.contains { $0.contains("kept media") && $0.contains("/files/fault/redirect") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("media redirect") && $0.contains("/files/img/a_8x8.png") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("media not kept") }, "\(lines)")
        for line in lines {
            XCTAssertFalse(line.contains("s3cr3t") || line.contains("?"), line)
        }
    }
}

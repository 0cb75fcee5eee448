import AtelierMedia
import AsyncHTTPClient
import Foundation
import TestSupport
import XCTest

/// Downloads reach only public addresses, or the configured providers' hosts; redirects are
/// followed by hand, each hop checked.
final class AddressGuardTests: XCTestCase {
    var media: MediaHarness!

    override func setUp() async throws { media = try await MediaHarness.start() }
    override func tearDown() async throws { try await media.stop() }

    private var image: String { media.base + "/files/img/guarded_8x8.png" }

    private func keep(_ url: String, allowed: Set<String>) async -> MediaError? {
        await expectMediaError { try await self.media.keeper().keep(url: url, expecting: .image, allowedHosts: allowed) }
    }

    func testLoopbackIsRefusedUnlessItsHostIsAllowed() async throws {
        for allowed: Set<String> in [[], ["relay.example.com"], ["127.0.0.1:\(LoopbackPort.unused())"]] {
            let error = await keep(image, allowed: allowed)
            guard case .forbiddenAddress(let url, "127.0.0.1", let range) = error else {
                XCTFail("allowed \(allowed): \(String(describing: error))")
                continue
            }
            XCTAssertEqual(url, image)
            XCTAssertTrue(range.hasPrefix("loopback"), range)
            XCTAssertFalse(error!.isRetryable)
        }
        XCTAssertEqual(media.storedFiles(), [])

        let byPort = try await media.keeper().keep(url: image, expecting: .image, allowedHosts: [media.simHost])
        let byHost = try await media.keeper().keep(url: image, expecting: .image, allowedHosts: ["127.0.0.1"])
        XCTAssertEqual(byPort, byHost)
    }

    func testNamesAndOtherSpellingsAreJudgedByTheirAddresses() async throws {
        let path = "/files/img/guarded_8x8.png"
        for host in ["localhost:\(media.port)", "127.1:\(media.port)", "2130706433:\(media.port)", "[::ffff:127.0.0.1]:\(media.port)"] {
            let error = await keep("http://\(host)\(path)", allowed: [media.simHost])
            guard case .forbiddenAddress = error else {
                XCTFail("\(host): \(String(describing: error))")
                continue
            }
        }
    }

    func testOnlyHTTPAndHTTPS() async throws {
        for url in ["file:///etc/passwd", "ftp://127.0.0.1/x.png", "gopher://h/x", "http:///x.png", "not a url"] {
            let error = await keep(url, allowed: ["127.0.0.1"])
            guard case .invalidURL = error else {
                XCTFail("\(url): \(String(describing: error))")
                continue
            }
        }
    }

    func testRedirectsAreFollowedAndEachHopChecked() async throws {
        let target = image.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let kept = try await media.keeper().keep(
            url: media.base + "/files/fault/redirect?to=\(target)&hops=3", expecting: .image, allowedHosts: [media.simHost])
        XCTAssertEqual(kept.mimeType, "image/png")

        let tooMany = await keep(media.base + "/files/fault/redirect?to=\(target)&hops=4", allowed: [media.simHost])
        XCTAssertEqual(tooMany, .tooManyRedirects(url: media.base + "/files/fault/redirect", limit: 3))
        let none = await expectMediaError {
            try await self.media.keeper(MediaPolicy(maxRedirects: 0)).keep(
                url: self.media.base + "/files/fault/redirect?to=\(target)", expecting: .image, allowedHosts: [self.media.simHost])
        }
        XCTAssertEqual(none, .tooManyRedirects(url: media.base + "/files/fault/redirect", limit: 0))
    }

    func testRedirectToPrivateAddressIsRefused() async throws {
        let targets = [
            ("http://10.0.0.7/secret.png", "10.0.0.7"),
            ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
            ("http://localhost:\(media.port)/files/img/guarded_8x8.png", nil),
            ("http://[::1]:\(media.port)/files/img/guarded_8x8.png", "::1"),
        ]
        for (target, address) in targets {
            let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let error = await keep(media.base + "/files/fault/redirect?to=\(encoded)&hops=2", allowed: [media.simHost])
            guard case .forbiddenAddress(let url, let resolved, _) = error else {
                XCTFail("\(target): \(String(describing: error))")
                continue
            }
            XCTAssertFalse(url.contains("/files/fault/redirect"), "the refused hop is named: \(url)")
            if let address { XCTAssertEqual(resolved, address) }
        }
        let file = await keep(media.base + "/files/fault/redirect?to=file%3A%2F%2F%2Fetc%2Fpasswd", allowed: [media.simHost])
        XCTAssertEqual(file, .badRedirect(url: media.base + "/files/fault/redirect", status: 302))
        XCTAssertEqual(media.storedFiles(), [])
    }

    func testAClientThatFollowsRedirectsItselfIsRefused() async throws {
        let following = HTTPClient(eventLoopGroupProvider: .singleton)
        let target = image.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let error = await expectMediaError {
            try await self.media.keeper(client: following).keep(
                url: self.media.base + "/files/fault/redirect?to=\(target)", expecting: .image, allowedHosts: [self.media.simHost])
        }
        try await following.shutdown()
        XCTAssertEqual(error, .clientFollowsRedirects(url: media.base + "/files/fault/redirect"))
        XCTAssertEqual(media.storedFiles(), [])
    }
}

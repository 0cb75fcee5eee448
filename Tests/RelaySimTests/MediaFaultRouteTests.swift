import AsyncHTTPClient
import Foundation
import NIOCore
import XCTest

/// The misbehaving output files under `/files/fault/`.
final class MediaFaultRouteTests: XCTestCase {
    var sim: SimHarness!
    /// A client that shows redirects instead of following them.
    var plain: HTTPClient!

    override func setUp() async throws {
        sim = try await SimHarness.start()
        plain = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    }
    override func tearDown() async throws {
        try await plain.shutdown()
        try await sim.stop()
    }

    func testHTMLClaimingToBePNG() async throws {
        let answer = try await sim.request(.GET, "/files/fault/html-as.png", headers: [:])
        XCTAssertEqual(answer.status, 200)
        XCTAssertEqual(answer.headers.first(name: "Content-Type"), "image/png")
        XCTAssertTrue(answer.text.hasPrefix("<!doctype html>"), answer.text)
    }

    func testHugeFilesStartLikePNGAndStreamLazily() async throws {
        for (path, length) in [("/files/fault/huge.png", "\(2 << 30)"), ("/files/fault/huge-chunked.png", nil)] {
            let response = try await plain.execute(HTTPClientRequest(url: sim.base + path), timeout: .seconds(5))
            XCTAssertEqual(response.status.code, 200, path)
            XCTAssertEqual(response.headers.first(name: "Content-Length"), length, path)
            var received: [UInt8] = []
            for try await chunk in response.body {
                received += chunk.readableBytesView
                if received.count >= 8 << 20 { break }  // hanging up is the client's way to stop it
            }
            XCTAssertTrue(Signatures.isPNG(received), path)
            XCTAssertTrue(received.dropFirst(8).allSatisfy { $0 == 0 }, path)
        }
        let small = try await sim.request(.GET, "/files/img/after_8x8.png", headers: [:])
        XCTAssertEqual(small.status, 200, "the simulator still answers after clients hung up")
    }

    func testRedirectHopsThenTarget() async throws {
        let target = "http://example.test/a.png?sig=1"
        let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        var next = sim.base + "/files/fault/redirect?to=\(encoded)&hops=2"
        var locations: [String] = []
        for _ in 0..<2 {
            let response = try await plain.execute(HTTPClientRequest(url: next), timeout: .seconds(5))
            XCTAssertEqual(response.status.code, 302)
            let location = try XCTUnwrap(response.headers.first(name: "Location"))
            locations.append(location)
            next = URL(string: location, relativeTo: URL(string: next))!.absoluteString
        }
        XCTAssertEqual(locations.last, target)
        let hop = try XCTUnwrap(URLComponents(string: locations[0]))
        XCTAssertEqual(hop.path, "/files/fault/redirect")
        XCTAssertEqual(hop.queryItems, [URLQueryItem(name: "to", value: target), URLQueryItem(name: "hops", value: "1")])
        let missing = try await sim.request(.GET, "/files/fault/redirect", headers: [:])
        XCTAssertEqual(missing.status, 400)
    }

    func testAnyStatus() async throws {
        for code in [404, 429, 500, 503] {
            let answer = try await sim.request(.GET, "/files/fault/status/\(code)", headers: [:])
            XCTAssertEqual(answer.status, code)
        }
        let invalid = try await sim.request(.GET, "/files/fault/status/42", headers: [:])
        XCTAssertEqual(invalid.status, 404)
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RelaySim
import XCTest

/// A started simulator plus an HTTP client, for tests that talk to it over loopback.
final class SimHarness: Sendable {
    let simulator: RelaySimulator
    let client: HTTPClient
    let base: String
    static let token = "sk-sim-demo"

    /// One answer: status, headers and the whole body.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object/array (fails the test when it is not JSON).
        var json: Any {
            get throws { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        }
        var object: [String: Any] { get throws { try XCTUnwrap(try json as? [String: Any], "not an object: \(text)") } }
    }

    private init(simulator: RelaySimulator, client: HTTPClient, base: String) {
        self.simulator = simulator
        self.client = client
        self.base = base
    }

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> SimHarness {
        var configuration = SimulatorConfiguration(tick: .milliseconds(50), stepsToFinish: 3, seed: 42)
        configure(&configuration)
        let simulator = RelaySimulator(configuration: configuration)
        _ = try await simulator.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        return SimHarness(simulator: simulator, client: client, base: simulator.baseURL)
    }

    func stop() async throws {
        try await client.shutdown()
        try await simulator.shutdown()
    }

    func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        headers: [String: String]? = nil, timeout: TimeAmount = .seconds(10), limit: Int = 64 << 20
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        request.method = method
        for (name, value) in headers ?? ["Authorization": "Bearer \(Self.token)"] {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: limit)
        return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: buffer))
    }

    func get(_ path: String, headers: [String: String]? = nil) async throws -> Answer {
        try await request(.GET, path, headers: headers)
    }

    func post(_ path: String, _ json: [String: Any], headers: [String: String]? = nil) async throws -> Answer {
        try await request(.POST, path, body: Array(try JSONSerialization.data(withJSONObject: json)), headers: headers)
    }

    /// Polls `path` until `done` holds for the JSON answer, collecting every answer seen.
    func poll(
        _ path: String, method: HTTPMethod = .GET, body: [String: Any]? = nil, timeout: Duration = .seconds(5),
        until done: ([String: Any]) -> Bool
    ) async throws -> [[String: Any]] {
        var seen: [[String: Any]] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let answer: Answer
            if let body {
                answer = try await post(path, body)
            } else {
                answer = try await get(path)
            }
            XCTAssertEqual(answer.status, 200, "\(path): \(answer.text)")
            let object = try answer.object
            seen.append(object)
            if done(object) { return seen }
            try await Task.sleep(for: .milliseconds(20))
        }
        XCTFail("\(path) did not reach its final state: \(seen.last ?? [:])")
        return seen
    }

    /// Downloads `url` and returns its bytes (must be a 200).
    func download(_ url: String) async throws -> [UInt8] {
        XCTAssertTrue(url.hasPrefix(base), "\(url) does not point at the simulator")
        let answer = try await request(.GET, url, headers: [:])
        XCTAssertEqual(answer.status, 200, "download \(url)")
        return answer.body
    }
}

enum Signatures {
    static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) }
    static func isWAV(_ bytes: [UInt8]) -> Bool {
        bytes.count > 44 && bytes[0..<4].elementsEqual("RIFF".utf8) && bytes[8..<12].elementsEqual("WAVE".utf8)
    }
    static func isMP4(_ bytes: [UInt8]) -> Bool { bytes.count > 12 && bytes[4..<8].elementsEqual("ftyp".utf8) }
}

/// Dictionary helpers for reading JSON answers in tests.
extension Dictionary where Key == String, Value == Any {
    subscript(object key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    subscript(array key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    subscript(string key: String) -> String? { self[key] as? String }
}

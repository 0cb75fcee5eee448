import AsyncHTTPClient
import AtelierMedia
import Crypto
import Foundation
import RelaySim
import TestSupport
import XCTest

/// A relay-sim on loopback, an HTTP client made as the keeper wants it, a fresh media folder and
/// a logger whose lines the test can read.
final class MediaHarness: Sendable {
    let simulator: RelaySimulator
    let client: HTTPClient
    let folder: URL
    let base: String
    /// `127.0.0.1:<port>`: the simulator as a configured provider's host.
    let simHost: String
    let port: Int
    let logs = LogRecorder()

    private init(simulator: RelaySimulator, client: HTTPClient, folder: URL, port: Int) {
        self.simulator = simulator
        self.client = client
        self.folder = folder
        self.base = simulator.baseURL
        self.port = port
        self.simHost = "127.0.0.1:\(port)"
    }

    static func start() async throws -> MediaHarness {
        let simulator = RelaySimulator(configuration: SimulatorConfiguration(tick: .milliseconds(50), seed: 3))
        let port = try await simulator.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-media-\(UUID().uuidString)")
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: MediaKeeper.httpClientConfiguration)
        return MediaHarness(simulator: simulator, client: client, folder: folder, port: port)
    }

    func stop() async throws {
        try await client.shutdown()
        try await simulator.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    func keeper(_ policy: MediaPolicy = MediaPolicy(), client: HTTPClient? = nil) -> MediaKeeper {
        MediaKeeper(folder: folder, httpClient: client ?? self.client, policy: policy,
                    logger: logs.logger)
    }

    /// The bytes at `path` on the simulator, fetched directly (the reference to compare with).
    func bytes(_ path: String) async throws -> Data {
        let response = try await client.execute(HTTPClientRequest(url: base + path), timeout: .seconds(10))
        XCTAssertEqual(response.status.code, 200, path)
        return Data(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// Every regular file under the media folder, as paths relative to it.
    func storedFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        return walker.compactMap { item in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else {
                return nil
            }
            return String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
        }
    }
}

/// Lowercase hex SHA-256 of `data`.
func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// Runs `body`, which must throw a ``MediaError``; returns it (fails the test otherwise).
func expectMediaError(
    _ body: () async throws -> KeptFile, file: StaticString = #filePath, line: UInt = #line
) async -> MediaError? {
    do {
        let kept = try await body()
        XCTFail("expected a MediaError, kept \(kept.relativePath)", file: file, line: line)
    } catch let error as MediaError {
        return error
    } catch {
        XCTFail("expected a MediaError, got \(error)", file: file, line: line)
    }
    return nil
}

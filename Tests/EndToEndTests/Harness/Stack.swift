import Foundation
import XCTest

/// Real nginx on a free loopback port in front of a FastCGI socket, with the config that
/// `make run` uses (rendered by scripts/render-nginx-conf.sh).
final class NginxFront {
    let port: Int
    let directory: URL
    private let child: ChildProcess

    init(socket: String, directory: URL) throws {
        let nginx = try TestEnvironment.nginxPath()
        port = TestEnvironment.freePort()
        self.directory = directory
        let render = Process()
        render.executableURL = URL(fileURLWithPath: "/bin/bash")
        render.arguments = [TestEnvironment.repository.appendingPathComponent("scripts/render-nginx-conf.sh").path, directory.path, String(port), socket]
        let config = directory.appendingPathComponent("nginx.conf")
        FileManager.default.createFile(atPath: config.path, contents: nil)
        render.standardOutput = try FileHandle(forWritingTo: config)
        try render.run()
        render.waitUntilExit()
        guard render.terminationStatus == 0 else { throw RawHTTPError.malformedResponse("render-nginx-conf.sh failed") }
        child = try ChildProcess(executable: nginx, arguments: ["-c", config.path, "-p", directory.path],
                                 logFile: directory.appendingPathComponent("nginx.out"))
        let port = self.port
        guard waitUntil({ isListening(port) }) else {
            child.stop()
            throw RawHTTPError.malformedResponse("nginx did not start: \(child.log)")
        }
    }

    func stop() { child.stop() }

    func get(_ target: String, headers: [String: String] = [:]) throws -> RawHTTPResponse {
        try RawHTTP.request(port: port, target: target, headers: headers)
    }
}

/// The real `atelier-server` binary listening on a unix socket.
final class AtelierServerProcess {
    let socket: String
    let child: ChildProcess

    init(directory: URL, extraArguments: [String] = []) throws {
        socket = directory.appendingPathComponent("atelier.sock").path
        let binary = TestEnvironment.binaries.appendingPathComponent("atelier-server").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw RawHTTPError.malformedResponse("\(binary) is missing: build first (make test does)")
        }
        child = try ChildProcess(
            executable: binary,
            arguments: ["--listen", "unix:\(socket)", "--templates", TestEnvironment.repository.appendingPathComponent("Templates").path,
                        "--uploads", directory.path, "--workers", "4", "--grace-period", "5"] + extraArguments,
            logFile: directory.appendingPathComponent("atelier.log"))
        let socket = self.socket
        guard waitUntil({ FileManager.default.fileExists(atPath: socket) }) else {
            child.stop()
            throw RawHTTPError.malformedResponse("atelier-server did not start: \(child.log)")
        }
    }
}

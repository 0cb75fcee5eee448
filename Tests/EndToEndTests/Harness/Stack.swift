import Foundation
import TestSupport
import XCTest

/// Real nginx on a free loopback port in front of a FastCGI socket, with the config that
/// `make run` uses (rendered by scripts/render-nginx-conf.sh).
final class NginxFront {
    let port: Int
    let directory: URL
    private let child: ChildProcess

    init(socket: String, directory: URL) throws {
        let nginx = try TestEnvironment.nginxPath()
        port = LoopbackPort.unused()
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

    /// POSTs a urlencoded form.
    func post(_ target: String, form: [(String, String)], headers: [String: String] = [:]) throws -> RawHTTPResponse {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try RawHTTP.request(port: port, method: "POST", target: target, headers: all, body: Array(body.utf8))
    }
}

/// The real `atelier-server` binary listening on a unix socket.
final class AtelierServerProcess {
    let socket: String
    let child: ChildProcess

    /// The lead password of the team the server creates on its first start.
    static let leadPassword = "end-to-end lead password"

    /// - Parameter demoRelay: the relay-sim the first start adds as the demo provider (by
    ///   default an address nothing listens on: the demo key is sealed, nothing is called).
    /// - Parameters:
    ///   - supervisorPIDFile: when given, the server runs under scripts/supervise.sh (as `make run`
    ///     starts it), which writes the server's pid there.
    ///   - allowPrivateRelays: `--allow-private-relays`, as `make run` sets it for relay-sim on loopback.
    init(directory: URL, demoRelay: String = "http://127.0.0.1:9", extraArguments: [String] = [], environment: [String: String] = [:],
         supervisorPIDFile: URL? = nil, allowPrivateRelays: Bool = true) throws {
        socket = directory.appendingPathComponent("atelier.sock").path
        let binary = TestEnvironment.binaries.appendingPathComponent("atelier-server").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw RawHTTPError.malformedResponse("\(binary) is missing: build first (make test does)")
        }
        let supervisor = supervisorPIDFile.map {
            ["/bin/bash", TestEnvironment.repository.appendingPathComponent("scripts/supervise.sh").path, $0.path, binary]
        }
        child = try ChildProcess(
            executable: supervisor?[0] ?? binary,
            arguments: Array((supervisor ?? []).dropFirst()) + ["--listen", "unix:\(socket)",
                        "--uploads", directory.path, "--workers", "4", "--grace-period", "5",
                        "--database", directory.appendingPathComponent("atelier.sqlite").path,
                        "--master-key-file", directory.appendingPathComponent("master.key").path,
                        "--media-dir", directory.appendingPathComponent("media").path,
                        "--demo-relay", demoRelay] + (allowPrivateRelays ? ["--allow-private-relays"] : []) + extraArguments,
            logFile: directory.appendingPathComponent("atelier.log"),
            environment: ["ATELIER_LEAD_PASSWORD": Self.leadPassword].merging(environment) { _, new in new })
        let socket = self.socket
        let process = child.process
        guard waitUntil({ FileManager.default.fileExists(atPath: socket) || !process.isRunning }),
              FileManager.default.fileExists(atPath: socket) else {
            child.stop()
            throw RawHTTPError.malformedResponse("atelier-server did not start: \(child.log)")
        }
    }
}

/// The real `relay-sim` binary on a free loopback port.
final class RelaySimProcess {
    let port: Int
    let child: ChildProcess

    init(directory: URL) throws {
        port = LoopbackPort.unused()
        let binary = TestEnvironment.binaries.appendingPathComponent("relay-sim").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw RawHTTPError.malformedResponse("\(binary) is missing: build first (make test does)")
        }
        child = try ChildProcess(executable: binary, arguments: ["--host", "127.0.0.1", "--port", String(port)],
                                 logFile: directory.appendingPathComponent("relay-sim.log"))
        let port = self.port
        guard waitUntil({ isListening(port) }) else {
            child.stop()
            throw RawHTTPError.malformedResponse("relay-sim did not start: \(child.log)")
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

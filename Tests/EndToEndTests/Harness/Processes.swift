import Foundation
import XCTest

/// Paths of the repository and of the built binaries.
enum TestEnvironment {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `ATELIER_BIN_DIR` (set by `make test`), else the debug build folder.
    static var binaries: URL {
        if let dir = ProcessInfo.processInfo.environment["ATELIER_BIN_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        return repository.appendingPathComponent(".build/debug")
    }

    static func nginxPath() throws -> String {
        for candidate in ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw XCTSkip("nginx is not installed: run `make test`, which installs it")
    }


    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("atelier-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A child process whose output goes to a log file; stopped with SIGTERM.
final class ChildProcess {
    let process = Process()
    let logFile: URL

    init(executable: String, arguments: [String], logFile: URL, workingDirectory: URL = TestEnvironment.repository,
         environment: [String: String] = [:]) throws {
        self.logFile = logFile
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Polls until `condition` holds or the timeout passes.
func waitUntil(timeout: TimeInterval = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(50_000)
    }
    return condition()
}

/// True once something accepts connections on the port.
func isListening(_ port: Int) -> Bool {
    (try? RawConnection(port: port, timeoutSeconds: 1)) != nil
}

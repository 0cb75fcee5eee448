import Foundation
import XCTest

/// `make run` starts atelier-server through scripts/supervise.sh: a server that dies (a trap
/// ends it with SIGILL) is started again after a short back-off with a log line, and nginx
/// answers again; SIGTERM to the supervisor stops both for good.
final class SupervisedRestartThroughNginxTests: XCTestCase {
    var directory: URL!
    var server: AtelierServerProcess!
    var nginx: NginxFront!

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory("e2e-supervised")
        // Without Swift's backtracer, whose handler returns from a SIGILL sent by kill() (a real
        // trap faults again on return and ends the process; a signal from outside does not).
        server = try AtelierServerProcess(directory: directory, environment: ["SWIFT_BACKTRACE": "enable=no"],
                                          supervisorPIDFile: pidFile)
        nginx = try NginxFront(socket: server.socket, directory: directory)
    }

    override func tearDownWithError() throws {
        nginx?.stop()
        server?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private var pidFile: URL { directory.appendingPathComponent("atelier-server.pid") }

    private func serverPID() -> pid_t? {
        (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func testAServerThatDiesIsStartedAgainAndTheSupervisorStopsCleanly() throws {
        XCTAssertEqual(try nginx.get("/healthz").status, 200)
        let first = try XCTUnwrap(serverPID())
        XCTAssertEqual(kill(first, SIGILL), 0, "the signal a Swift trap ends a process with")

        var restarted: pid_t?
        XCTAssertTrue(waitUntil(timeout: 20) {
            guard let pid = serverPID(), pid != first, (try? nginx.get("/healthz").status) == 200 else { return false }
            restarted = pid
            return true
        }, "a new server answers through nginx: \(server.child.log)")
        XCTAssertNotNil(restarted)
        XCTAssertTrue(server.child.log.contains("supervise: atelier-server stopped (killed by SIGILL); restarting in 1 s"), server.child.log)
        XCTAssertTrue(server.child.process.isRunning, "the supervisor itself goes on")

        XCTAssertEqual(server.child.stop(), 0, "SIGTERM stops the supervisor, which stops the server first")
        if let restarted { XCTAssertNotEqual(kill(restarted, 0), 0, "no server is left running") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: pidFile.path))
    }
}

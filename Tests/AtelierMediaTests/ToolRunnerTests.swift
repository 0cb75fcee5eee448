import AtelierMedia
import Foundation
import XCTest

/// Tools run as child processes: arguments passed as they are, a time limit, bounded output.
final class ToolRunnerTests: XCTestCase {
    func testArgumentsArePassedAsTheyAreNeverThroughAShell() async throws {
        let output = try await ToolRunner().run("printf", ["%s|", "a b", "$(id)", "; echo hi"])
        XCTAssertEqual(String(decoding: output.standardOutput, as: UTF8.self), "a b|$(id)|; echo hi|")
    }

    func testAToolPastItsTimeIsKilled() async throws {
        let start = Date()
        do {
            _ = try await ToolRunner(timeout: .seconds(1)).run("sleep", ["30"])
            XCTFail("sleep 30 finished within a 1 s limit")
        } catch let error as ToolError {
            XCTAssertEqual(error, .timedOut(tool: "sleep", seconds: 1))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testOutputIsReadToTheEndButKeptOnlyUpToTheLimit() async throws {
        let output = try await ToolRunner(outputLimit: 1000).run("head", ["-c", "5000000", "/dev/zero"])
        XCTAssertEqual(output.standardOutput.count, 1000)
    }

    func testAFailingToolReportsItsStatusAndLastErrorLine() async throws {
        do {
            _ = try await ToolRunner().run("ls", ["/no/such/folder/anywhere"])
            XCTFail("ls of a missing folder succeeded")
        } catch let error as ToolError {
            guard case .failed(let tool, let status, let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(tool, "ls")
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(message.contains("/no/such/folder/anywhere"), message)
        }
    }

    func testAToolNameWithASlashOrNotInstalledIsMissing() async throws {
        for name in ["/bin/sh", "../sh", "no-such-tool-atelier"] {
            do {
                _ = try await ToolRunner().run(name, [])
                XCTFail("\(name) ran")
            } catch let error as ToolError {
                XCTAssertEqual(error, .missing(tool: name))
            }
        }
    }
}

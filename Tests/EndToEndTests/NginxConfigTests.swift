import Foundation
import XCTest

/// The deployed site config and the one `make run` and these tests use come from one source
/// (nginx/server.conf.in): the committed site file must be exactly what the script renders,
/// `nginx -t` must accept both, and every pattern location must lead to a route Atelier has.
final class NginxConfigTests: ServerBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-nginx-config" }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    func testTheCommittedSiteConfigIsTheRenderedOneAndNginxAcceptsIt() throws {
        let script = TestEnvironment.repository.appendingPathComponent("scripts/render-nginx-conf.sh").path
        let rendered = try run("/bin/bash", [script, "--site"])
        XCTAssertEqual(rendered.status, 0, rendered.output)
        let site = TestEnvironment.repository.appendingPathComponent("nginx/atelier.site.conf")
        XCTAssertEqual(try String(contentsOf: site, encoding: .utf8), rendered.output,
                       "nginx/atelier.site.conf drifted: run scripts/render-nginx-conf.sh --site > nginx/atelier.site.conf")

        // As a Debian host loads a site: inside http { }, after the MIME types.
        let main = directory.appendingPathComponent("site-test.conf")
        try """
        pid \(directory.path)/site-test.pid;
        error_log \(directory.path)/site-test-error.log;
        events {}
        http {
            include /etc/nginx/mime.types;
            include \(site.path);
        }
        """.write(to: main, atomically: true, encoding: .utf8)
        let check = try run(try TestEnvironment.nginxPath(), ["-t", "-q", "-c", main.path, "-p", directory.path])
        XCTAssertEqual(check.status, 0, check.output)

        let local = try run(try TestEnvironment.nginxPath(), ["-t", "-q", "-c", nginx.directory.appendingPathComponent("nginx.conf").path,
                                                             "-p", nginx.directory.path])
        XCTAssertEqual(local.status, 0, local.output)
    }

    /// A location for a path Atelier does not serve (the configs once routed /tasks/…/stream,
    /// which never existed) is dead config: each pattern must reach a real route.
    func testEveryPatternLocationReachesARouteAtelierHas() throws {
        let source = try String(contentsOf: TestEnvironment.repository.appendingPathComponent("nginx/server.conf.in"), encoding: .utf8)
        let patterns = source.split(separator: "\n").compactMap { line -> String? in
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            return words.count >= 3 && words[0] == "location" && words[1] == "~" ? String(words[2]) : nil
        }
        XCTAssertFalse(patterns.isEmpty)
        for pattern in patterns {
            // ^/chat/[^/]+/stream$ → /chat/1/stream
            let sample = pattern.replacingOccurrences(of: "[^/]+", with: "1").replacingOccurrences(of: "^", with: "")
                .replacingOccurrences(of: "$", with: "")
            XCTAssertNil(sample.rangeOfCharacter(from: CharacterSet(charactersIn: "()[]|+*?\\")), "a simple pattern: \(pattern)")
            for method in ["GET", "POST"] {
                let answer = try RawHTTP.request(port: nginx.port, method: method, target: sample, headers: [:])
                XCTAssertNotEqual(answer.status, 404, "\(method) \(sample) (location \(pattern)) reaches no route")
                if answer.status != 405 { break }
            }
        }
    }
}

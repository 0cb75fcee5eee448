import Foundation
import XCTest

/// One member opening more streamed chat answers than the server has workers, against a relay
/// that never answers (`sim:hang`), must not take the dashboard from everyone: the streams past
/// the member's and the team's limits get a 429 page at once, and other pages and /healthz go
/// on answering quickly.
final class LongRequestLimitsThroughNginxTests: RelaySimBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-long" }  // 4 workers, as every harness server

    /// Starts a streamed answer on its own connection and returns it with the status nginx sent
    /// first (the head of a stream arrives before the relay answers anything).
    private func openStream(cookie: String, message: String) throws -> (connection: RawConnection, status: Int, text: String) {
        let chat = try nginx.get("/chat", headers: ["Cookie": cookie])
        let form = try XCTUnwrap(HTMLForm.all(in: chat.text).first { $0.action.hasSuffix("/stream") }, chat.text)
        var pairs = form.with("message", message).filter { $0.0 != "model" }
        pairs.append(("model", "gpt-4o-mini"))
        let (type, body) = form.body(pairs)
        let connection = try RawConnection(port: nginx.port, timeoutSeconds: 10)
        connection.write("POST \(form.action) HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nContent-Type: \(type)\r\n"
                         + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n")
        connection.write(body)
        var received: [UInt8] = []
        while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let chunk = connection.readSome()
            if chunk.isEmpty { break }
            received += chunk
        }
        let text = String(decoding: received, as: UTF8.self)
        let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (connection, status, text)
    }

    private func timed(_ body: () throws -> RawHTTPResponse) rethrows -> (RawHTTPResponse, TimeInterval) {
        let start = Date()
        let response = try body()
        return (response, Date().timeIntervalSince(start))
    }

    func testOneMembersHangingStreamsLeaveTheDashboardToEveryoneElse() throws {
        let lead = try signIn("lead", AtelierServerProcess.leadPassword)
        let members = try nginx.get("/members", headers: ["Cookie": lead])
        let add = try XCTUnwrap(HTMLForm.all(in: members.text).first { $0.action == "/members" && $0.method == "post" })
        let fields = add.with("name", "mia").filter { !["role", "password"].contains($0.0) } + [("role", "member"), ("password", "mia password 1")]
        XCTAssertEqual(try post(add, fields, cookie: lead).status, 303)
        let mia = try signIn("mia", "mia password 1")

        // Six streams, more than the server's four workers: two per member are allowed.
        var open: [RawConnection] = []
        var statuses: [Int] = []
        for index in 0..<6 {
            let stream = try openStream(cookie: mia, message: "answer slowly \(index) sim:hang")
            open.append(stream.connection)
            statuses.append(stream.status)
            if stream.status == 429 {
                XCTAssertTrue(stream.text.lowercased().contains("retry-after: 5"), stream.text)
            }
        }
        XCTAssertEqual(statuses.filter { $0 == 200 }.count, 2, "\(statuses)")
        XCTAssertEqual(statuses.filter { $0 == 429 }.count, 4, "\(statuses)")

        // With four workers the team may hold two long requests: the lead's stream is refused too.
        let leadStream = try openStream(cookie: lead, message: "and mine sim:hang")
        XCTAssertEqual(leadStream.status, 429)
        XCTAssertTrue(leadStream.text.contains("fill every free worker"), leadStream.text)
        let busyMember = try openStream(cookie: mia, message: "one more sim:hang")
        XCTAssertTrue(busyMember.text.contains("You already have two long requests running"), busyMember.text)

        // Everyone else's pages keep answering at once.
        for _ in 0..<5 {
            for (target, cookie) in [("/healthz", ""), ("/signin", ""), ("/tasks", lead), ("/members", lead), ("/", mia)] {
                let (response, seconds) = try timed { try nginx.get(target, headers: cookie.isEmpty ? [:] : ["Cookie": cookie]) }
                XCTAssertEqual(response.status, 200, target)
                XCTAssertLessThan(seconds, 0.1, "\(target) took \(seconds) s")
            }
        }
        withExtendedLifetime(open) {}

        // When the relay goes away the hanging answers end, and their slots are free again.
        sim.child.stop()
        open.removeAll()
        var again = 0
        XCTAssertTrue(waitUntil(timeout: 20) {
            again = (try? openStream(cookie: mia, message: "hello again").status) ?? 0
            return again == 200
        }, "a finished stream gives its slot back (last status \(again))")
    }
}

import Foundation
import XCTest

/// A member's image from the studio form to the kept file, with the real server, real nginx
/// (the file comes from its internal /media/ location) and the real relay-sim binary.
final class StudioThroughNginxTests: RelaySimBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-studio" }

    /// The first capture group of `pattern` in `html`.
    private static func capture(_ pattern: String, in html: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try XCTUnwrap(regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "no match for \(pattern)")
        return String(html[try XCTUnwrap(Range(match.range(at: 1), in: html))])
    }

    /// Signs in as the lead; answers the session cookie.
    private func signIn() throws -> String {
        let form = try nginx.get("/signin")
        let signedIn = try nginx.post("/signin", form: [("name", "lead"), ("password", AtelierServerProcess.leadPassword),
                                                        ("_csrf", try Self.capture(#"name="_csrf" value="([^"]+)""#, in: form.text))],
                                      headers: ["Cookie": try XCTUnwrap(form.cookie("atelier_csrf"))])
        return try XCTUnwrap(signedIn.cookie("atelier_session"))
    }

    func testAnImageSubmittedThroughTheFormIsKeptAndServedByNginx() throws {
        let cookie = try signIn()
        let studio = try nginx.get("/studio/image", headers: ["Cookie": cookie])
        XCTAssertEqual(studio.status, 200)
        let csrf = try Self.capture(#"name="_csrf" value="([^"]+)""#, in: studio.text)
        let submission = try Self.capture(#"name="submission" value="([^"]+)""#, in: studio.text)
        let choice = try Self.capture(#"value="(\d+\|openai-image)""#, in: studio.text)

        let fields = [("choice", choice), ("model", "dall-e-3"), ("prompt", "a paper crane, 折纸鹤"), ("count", "1"),
                      ("submission", submission), ("_csrf", csrf)]
        let submitted = try nginx.post("/studio/image", form: fields, headers: ["Cookie": cookie])
        XCTAssertEqual(submitted.status, 303, submitted.text)
        let location = try XCTUnwrap(submitted.headers["location"])
        let again = try nginx.post("/studio/image", form: fields, headers: ["Cookie": cookie])
        XCTAssertEqual(again.headers["location"], location, "a double click finds the same task")

        var state = ""
        for _ in 0..<200 {
            state = try nginx.get(location + "/status", headers: ["Cookie": cookie]).text
            if state.contains(#""final":true"#) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTAssertTrue(state.contains(#""status":"succeeded""#), state)
        let page = try nginx.get(location, headers: ["Cookie": cookie])
        XCTAssertTrue(page.text.contains("折纸鹤"))
        let file = try nginx.get(location.replacingOccurrences(of: "/tasks/", with: "/files/") + "/0", headers: ["Cookie": cookie])
        XCTAssertEqual(file.status, 200)
        XCTAssertEqual(file.headers["content-type"], "image/png")
        XCTAssertEqual(Array(file.body.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "nginx sent the kept PNG")
        XCTAssertEqual(try nginx.get(location.replacingOccurrences(of: "/tasks/", with: "/files/") + "/0").status, 303,
                       "signed-out visitors are sent to sign in")
        let stored = try FileManager.default.subpathsOfDirectory(atPath: directory.appendingPathComponent("media").path)
            .first { $0.hasSuffix(".png") }
        XCTAssertEqual(try nginx.get("/media/" + (try XCTUnwrap(stored))).status, 404, "the media folder is internal")
    }

    func testAChatAnswerIsStreamedIntoThePageAndTheConversationKept() throws {
        let cookie = try signIn()
        let chat = try nginx.get("/chat", headers: ["Cookie": cookie])
        XCTAssertEqual(chat.status, 200)
        let csrf = try Self.capture(#"name="_csrf" value="([^"]+)""#, in: chat.text)
        let provider = try Self.capture(#"<option value="(\d+)""#, in: chat.text)
        let empty = try nginx.post("/chat/new/stream", form: [("provider", provider), ("model", "gpt-4o-mini"), ("message", " "), ("_csrf", csrf)],
                                   headers: ["Cookie": cookie])
        XCTAssertEqual(empty.status, 422, "an empty message is refused by the field")
        let answer = try nginx.post("/chat/new/stream", form: [("provider", provider), ("model", "gpt-4o-mini"),
                                                               ("message", "Say hello <b>politely</b>"), ("_csrf", csrf)],
                                    headers: ["Cookie": cookie])
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.headers["transfer-encoding"], "chunked", "the answer is streamed, not buffered")
        XCTAssertTrue(answer.text.contains("Say hello &lt;b&gt;politely&lt;/b&gt;"))
        let streamed = try Self.capture(#"<div class="message assistant" aria-live="polite"><p>([^<]+)</p>"#, in: answer.text)
        XCTAssertFalse(streamed.isEmpty)
        XCTAssertFalse(answer.text.contains("<!--atelier-answer-->"), "the answer is written where the page's marker was")
        XCTAssertTrue(answer.text.hasSuffix("</html>\n"), "the page is complete after the answer")

        let list = try nginx.get("/chat", headers: ["Cookie": cookie])
        let id = try Self.capture(#"<a href="/chat/(\d+)">Say hello"#, in: list.text)
        let kept = try nginx.get("/chat/" + id, headers: ["Cookie": cookie])
        XCTAssertTrue(kept.text.contains(streamed), "the answer was kept with the conversation")
    }

    func testATaskSurvivesTheServerBeingKilledMidwayAndStartedAgain() throws {
        let cookie = try signIn()
        let studio = try nginx.get("/studio/image", headers: ["Cookie": cookie])
        let fields = [("choice", try Self.capture(#"value="(\d+\|mj-imagine)""#, in: studio.text)), ("prompt", "a lighthouse"),
                      ("submission", try Self.capture(#"name="submission" value="([^"]+)""#, in: studio.text)),
                      ("_csrf", try Self.capture(#"name="_csrf" value="([^"]+)""#, in: studio.text))]
        let location = try XCTUnwrap(try nginx.post("/studio/image", form: fields, headers: ["Cookie": cookie]).headers["location"])
        XCTAssertTrue(waitUntil(timeout: 15) {
            let state = (try? self.nginx.get(location + "/status", headers: ["Cookie": cookie]).text) ?? ""
            return state.contains(#""status":"submitted""#) || state.contains(#""status":"running""#)
        }, "the provider took the task")

        // Killed without warning, then started again on the same database.
        kill(server.child.process.processIdentifier, SIGKILL)
        server.child.process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: server.socket)
        server = try AtelierServerProcess(directory: directory, demoRelay: sim.baseURL)

        var state = ""
        XCTAssertTrue(waitUntil(timeout: 60) {
            state = (try? self.nginx.get(location + "/status", headers: ["Cookie": cookie]).text) ?? ""
            return state.contains(#""final":true"#)
        }, state)
        XCTAssertTrue(state.contains(#""status":"succeeded""#), state)
        let list = try nginx.get("/tasks", headers: ["Cookie": cookie]).text
        let ids = Set(list.components(separatedBy: #"href="/tasks/"#).dropFirst().map { $0.prefix(36) })
        XCTAssertEqual(ids.count, 1, "one task, not lost and not doubled: \(ids)")
    }
}

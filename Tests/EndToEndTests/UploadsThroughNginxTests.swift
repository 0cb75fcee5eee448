import Foundation
import XCTest

/// The uploads folder with the real server behind real nginx: made at start when missing, an
/// empty file input (as every browser sends it) is no file, a folder gone later is the server's
/// logged fault, and error pages of a signed-in reader keep their menu.
final class UploadsThroughNginxTests: XCTestCase {
    private var directory: URL!
    private var server: AtelierServerProcess?
    private var nginx: NginxFront?

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory("e2e-uploads")
    }

    override func tearDownWithError() throws {
        nginx?.stop()
        server?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func capture(_ pattern: String, in html: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try XCTUnwrap(regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)), "no match for \(pattern)")
        return String(html[try XCTUnwrap(Range(match.range(at: 1), in: html))])
    }

    /// A studio form as Chromium posts it: every field, and the file input's part even when empty.
    private static func studioBody(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])) -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--B\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Array("--B\r\nContent-Disposition: form-data; name=\"reference\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes + Array("\r\n--B--\r\n".utf8)
        return body
    }

    func testAMissingUploadsFolderIsMadeAtStartAndAnEmptyFileInputIsNoFile() throws {
        let uploads = directory.appendingPathComponent("var/uploads")
        let server = try AtelierServerProcess(directory: directory, extraArguments: ["--uploads", uploads.path])
        self.server = server
        let nginx = try NginxFront(socket: server.socket, directory: directory)
        self.nginx = nginx
        let mode = try FileManager.default.attributesOfItem(atPath: uploads.path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o700, "made at start, private")

        let form = try nginx.get("/signin")
        let signedIn = try nginx.post("/signin", form: [("name", "lead"), ("password", AtelierServerProcess.leadPassword),
                                                        ("_csrf", try Self.capture(#"name="_csrf" value="([^"]+)""#, in: form.text))],
                                      headers: ["Cookie": try XCTUnwrap(form.cookie("atelier_csrf"))])
        let cookie = try XCTUnwrap(signedIn.cookie("atelier_session"))
        let studio = try nginx.get("/studio/image", headers: ["Cookie": cookie])
        let fields = [("choice", try Self.capture(#"value="(\d+\|openai-image)""#, in: studio.text)), ("model", "dall-e-3"),
                      ("prompt", "a paper crane"), ("count", "1"),
                      ("submission", try Self.capture(#"name="submission" value="([^"]+)""#, in: studio.text)),
                      ("_csrf", try Self.capture(#"name="_csrf" value="([^"]+)""#, in: studio.text))]
        let headers = ["Cookie": cookie, "Content-Type": "multipart/form-data; boundary=B"]
        let port = nginx.port
        let submitted = try RawHTTP.request(port: port, method: "POST", target: "/studio/image", headers: headers,
                                            body: Self.studioBody(fields, file: ("", [])))
        XCTAssertEqual(submitted.status, 303, submitted.text)
        XCTAssertTrue(submitted.headers["location"]?.hasPrefix("/tasks/") == true)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: uploads.path), [])

        let missing = try nginx.get("/no-such-page", headers: ["Cookie": cookie])
        XCTAssertEqual(missing.status, 404)
        XCTAssertTrue(missing.text.contains(">Sign out</button>"), "the signed-in menu on an error page")
        XCTAssertFalse(missing.text.contains(#"<a href="/signin">"#))

        // The folder removed under the running server: a real file cannot be stored. That is the
        // server's fault: a 500 with the signed-in menu, and a log line.
        try FileManager.default.removeItem(at: uploads)
        let broken = try RawHTTP.request(port: port, method: "POST", target: "/studio/image", headers: headers,
                                         body: Self.studioBody(fields, file: ("crane.png", [0x89, 0x50, 0x4E, 0x47])))
        XCTAssertEqual(broken.status, 500)
        XCTAssertTrue(broken.text.contains(">Sign out</button>"))
        XCTAssertTrue(waitUntil(timeout: 5) { server.child.log.contains("upload not stored") }, server.child.log)
    }

    func testAStartWithoutAWritableUploadsFolderStopsWithAClearMessage() throws {
        let file = directory.appendingPathComponent("not-a-folder")
        FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        for path in [file.path, file.appendingPathComponent("uploads").path] {
            XCTAssertThrowsError(try AtelierServerProcess(directory: directory, extraArguments: ["--uploads", path])) { error in
                XCTAssertTrue("\(error)".contains("uploads folder"), "\(error)")
            }
        }
    }
}

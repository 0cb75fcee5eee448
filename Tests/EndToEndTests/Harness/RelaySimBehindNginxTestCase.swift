import Foundation
import XCTest

/// A test case with relay-sim, the real `atelier-server` (relay-sim as its demo relay) and real
/// nginx, started fresh for each test in its own temporary folder and stopped afterwards.
class RelaySimBehindNginxTestCase: XCTestCase {
    var directory: URL!
    var sim: RelaySimProcess!
    var server: AtelierServerProcess!
    var nginx: NginxFront!

    /// The prefix of the temporary folder's name.
    class var folderPrefix: String { "e2e-sim" }
    /// `--allow-private-relays`, which relay-sim on loopback needs (as `make run` sets it).
    class var allowsPrivateRelays: Bool { true }

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory(Self.folderPrefix)
        sim = try RelaySimProcess(directory: directory)
        server = try AtelierServerProcess(directory: directory, demoRelay: sim.baseURL, allowPrivateRelays: Self.allowsPrivateRelays)
        nginx = try NginxFront(socket: server.socket, directory: directory)
    }

    override func tearDownWithError() throws {
        sim?.child.stop()  // first: ends any answer a test left hanging
        nginx?.stop()
        server?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Signs in through the real form; answers the session cookie.
    func signIn(_ name: String, _ password: String) throws -> String {
        let page = try nginx.get("/signin")
        let form = try XCTUnwrap(HTMLForm.all(in: page.text).first { $0.action == "/signin" })
        let pairs = form.with("name", name).filter { $0.0 != "password" } + [("password", password)]
        let answer = try post(form, pairs, cookie: try XCTUnwrap(page.cookie("atelier_csrf")))
        XCTAssertEqual(answer.status, 303, "\(name) signs in")
        return try XCTUnwrap(answer.cookie("atelier_session"), "\(name) signs in")
    }

    /// Posts `pairs` as `form` is encoded (urlencoded or multipart) with `cookie`.
    func post(_ form: HTMLForm, _ pairs: [(String, String)], cookie: String) throws -> RawHTTPResponse {
        let (type, body) = form.body(pairs)
        return try RawHTTP.request(port: nginx.port, method: "POST", target: form.action,
                                   headers: ["Cookie": cookie, "Content-Type": type], body: body)
    }
}

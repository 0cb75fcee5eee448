import Foundation
import XCTest

/// A test case with the real `atelier-server` behind real nginx, started fresh for each test
/// in its own temporary folder and stopped afterwards (also when the test fails).
class ServerBehindNginxTestCase: XCTestCase {
    var directory: URL!
    var server: AtelierServerProcess!
    var nginx: NginxFront!

    /// The prefix of the temporary folder's name.
    class var folderPrefix: String { "e2e" }

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory(Self.folderPrefix)
        server = try AtelierServerProcess(directory: directory)
        nginx = try NginxFront(socket: server.socket, directory: directory)
    }

    override func tearDownWithError() throws {
        nginx?.stop()
        server?.child.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

import FastCGI
import Foundation
import Logging
import Synchronization
import TestSupport
import XCTest

/// The FastCGI bridge in this process, with test responders, behind real nginx: streaming,
/// uploads and graceful stop.
final class BridgeThroughNginxTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.temporaryDirectory("bridge")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func start(_ responder: some Responder, workers: Int = 4,
                       logger: Logger = Logger(label: "bridge-test")) async throws -> (FastCGIServer, Task<Void, any Error>, NginxFront) {
        let socket = directory.appendingPathComponent("bridge.sock").path
        let server = FastCGIServer(
            configuration: ServerConfiguration(listen: .unixSocket(path: socket), workerCount: workers,
                                               uploadDirectory: directory, gracePeriod: .seconds(5)),
            responder: responder, logger: logger)
        let running = Task { try await server.run(handleSignals: false) }
        guard waitUntil({ FileManager.default.fileExists(atPath: socket) }) else { throw RawHTTPError.malformedResponse("no socket") }
        return (server, running, try NginxFront(socket: socket, directory: directory))
    }

    func testStreamedChunksReachTheClientBeforeTheResponseEnds() async throws {
        let gate = Gate()
        let (server, running, nginx) = try await start(StreamingResponder(gate: gate))
        defer { nginx.stop() }

        let port = nginx.port
        let (beforeGate, afterGate) = try await offPool { () -> (String, String) in
            let connection = try RawConnection(port: port)
            connection.write("GET /tasks/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            var seen = ""
            while !seen.contains("first") {
                let chunk = connection.readSome()
                if chunk.isEmpty { break }
                seen += String(decoding: chunk, as: UTF8.self)
            }
            // Only now may the handler write its second chunk.
            gate.open()
            return (seen, String(decoding: connection.readAll(), as: UTF8.self))
        }
        XCTAssertTrue(beforeGate.contains("data: first"), "the first chunk arrived while the handler was still waiting")
        XCTAssertFalse(beforeGate.contains("second"))
        XCTAssertTrue(beforeGate.contains("text/event-stream"))
        XCTAssertTrue(afterGate.contains("data: second"), afterGate)

        server.stop()
        try await running.value
    }

    func testUploadsAreStreamedToATemporaryFileThatIsRemovedAfterwards() async throws {
        let (server, running, nginx) = try await start(UploadEchoResponder())
        defer { nginx.stop() }
        let payload = (0..<300_000).map { UInt8($0 % 256) }
        var body = Array("--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello 你好\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += payload + Array("\r\n--B--\r\n".utf8)
        let port = nginx.port
        let sentBody = body
        let response = try await offPool {
            try RawHTTP.request(port: port, method: "POST", target: "/upload",
                                headers: ["Content-Type": "multipart/form-data; boundary=B"], body: sentBody)
        }
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.text, "note=hello 你好 file=x.bin size=300000 ondisk=yes")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("atelier-upload-") }, [])
        server.stop()
        try await running.value
    }

    func testStopLetsInFlightRequestsFinishThenRefusesNewOnes() async throws {
        let (server, running, nginx) = try await start(SlowResponder())
        defer { nginx.stop() }
        let port = nginx.port
        async let slow = offPool { try RawHTTP.request(port: port, target: "/slow") }
        try await Task.sleep(for: .milliseconds(300))
        server.stop()
        let answered = try await slow
        XCTAssertEqual(answered.status, 200)
        XCTAssertEqual(answered.text, "finished")
        try await running.value
        let refused = try await offPool { try RawHTTP.request(port: port, target: "/slow") }
        XCTAssertEqual(refused.status, 502)
    }
}

extension BridgeThroughNginxTests {
    /// Immediate answers go out without a task; the others (and a streamed immediate answer)
    /// still reach the async responder's path; an upload answered at once is removed too.
    func testImmediateAnswersAndAsyncOnesShareTheBridge() async throws {
        let (server, running, nginx) = try await start(ImmediateResponder())
        defer { nginx.stop() }
        let port = nginx.port
        let now = try await offPool { try RawHTTP.request(port: port, target: "/now") }
        XCTAssertEqual(now.status, 200)
        XCTAssertEqual(now.headers["x-answered"], "at once")
        XCTAssertEqual(now.text, "immediate GET /now")
        let later = try await offPool { try RawHTTP.request(port: port, target: "/later?x=1") }
        XCTAssertEqual(later.status, 201)
        XCTAssertEqual(later.text, "async GET /later")
        let streamed = try await offPool { try RawHTTP.request(port: port, target: "/now/stream") }
        XCTAssertEqual(streamed.text, "one two ")

        let body = Array("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n0123456789\r\n--B--\r\n".utf8)
        let upload = try await offPool {
            try RawHTTP.request(port: port, method: "POST", target: "/now",
                                headers: ["Content-Type": "multipart/form-data; boundary=B"], body: body)
        }
        XCTAssertEqual(upload.text, "immediate POST /now")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("atelier-upload-") }, [])
        server.stop()
        try await running.value
    }
}

private struct ImmediateResponder: Responder {
    func immediateResponse(to request: Request) -> Response? {
        switch request.path {
        case "/now":
            return Response(status: .ok, headers: ["content-type": "text/plain", "x-answered": "at once"],
                            body: .bytes(Array("immediate \(request.method) \(request.path)".utf8)))
        case "/now/stream":
            return Response(headers: ["content-type": "text/plain"], body: .stream { writer in
                try await writer.write("one ")
                try await writer.writeAndFlush("two ")
            })
        default:
            return nil
        }
    }
    func respond(to request: Request) async -> Response {
        Response(status: .created, contentType: "text/plain", text: "async \(request.method) \(request.path)")
    }
    func respond(to error: RequestError, request: Request?) async -> Response { Response(status: error.status, contentType: "text/plain", text: "\(error)") }
}

/// Lets a test hold a handler until it says so.
final class Gate: Sendable {
    private let opened = Mutex(false)
    func open() { opened.withLock { $0 = true } }
    func wait() async { while !opened.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(10)) } }
}

private struct StreamingResponder: Responder {
    let gate: Gate
    func respond(to request: Request) async -> Response {
        Response(status: .ok, headers: ["content-type": "text/event-stream"], body: .stream { writer in
            try await writer.writeAndFlush("data: first\n\n")
            await gate.wait()
            try await writer.writeAndFlush("data: second\n\n")
        })
    }
    func respond(to error: RequestError, request: Request?) async -> Response { Response(status: error.status, contentType: "text/plain", text: "\(error)") }
}

private struct UploadEchoResponder: Responder {
    func respond(to request: Request) async -> Response {
        let form = request.form
        guard let file = form.file("file") else { return Response(status: .badRequest, contentType: "text/plain", text: "no file") }
        let onDisk = FileManager.default.fileExists(atPath: file.location.path) ? "yes" : "no"
        return Response(contentType: "text/plain", text: "note=\(form["note"] ?? "") file=\(file.fileName) size=\(file.size) ondisk=\(onDisk)")
    }
    func respond(to error: RequestError, request: Request?) async -> Response { Response(status: error.status, contentType: "text/plain", text: "\(error)") }
}

private struct SlowResponder: Responder {
    func respond(to request: Request) async -> Response {
        try? await Task.sleep(for: .seconds(1))
        return Response(contentType: "text/plain", text: "finished")
    }
    func respond(to error: RequestError, request: Request?) async -> Response { Response(status: error.status, contentType: "text/plain", text: "\(error)") }
}

extension BridgeThroughNginxTests {
    /// libfcgi's careful close waits until the web server closes its side. Once a request's input
    /// has been read to the end the bridge closes at once, so a client that holds its connection
    /// open after the answer does not hold the worker: with a single worker, a second request is
    /// answered while the first connection is still open (libfcgi would wait up to two seconds).
    func testAWorkerIsFreeAsSoonAsItsAnswerIsWritten() async throws {
        let port = LoopbackPort.unused()
        let server = FastCGIServer(
            configuration: ServerConfiguration(listen: .tcp(host: "127.0.0.1", port: port), workerCount: 1,
                                               uploadDirectory: directory, gracePeriod: .seconds(5)),
            responder: ImmediateResponder(), logger: Logger(label: "bridge-test"))
        let running = Task { try await server.run(handleSignals: false) }
        // Waited for off the cooperative pool, where the server's task has to start.
        guard try await offPool({ waitUntil { isListening(port) } }) else { throw RawHTTPError.malformedResponse("not listening") }

        let (first, second, secondSeconds) = try await offPool { () -> ([UInt8]?, [UInt8]?, Double) in
            let held = try RawConnection(port: port)
            held.write(RawFastCGI.request(method: "GET", uri: "/now"))
            let first = RawFastCGI.answer(on: held)
            let started = ContinuousClock.now
            let next = try RawConnection(port: port, timeoutSeconds: 10)
            next.write(RawFastCGI.request(method: "GET", uri: "/later"))
            let second = RawFastCGI.answer(on: next)
            let elapsed = ContinuousClock.now - started
            withExtendedLifetime(held) {}
            return (first, second, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        XCTAssertTrue(String(decoding: first ?? [], as: UTF8.self).hasSuffix("immediate GET /now"))
        XCTAssertTrue(String(decoding: second ?? [], as: UTF8.self).hasSuffix("async GET /later"))
        XCTAssertLessThan(secondSeconds, 1.5, "the only worker was still waiting for the first client to close")
        server.stop()
        try await running.value
    }
}

extension BridgeThroughNginxTests {
    /// A handler-set header whose value holds CR, LF or NUL never reaches nginx as it is, nor
    /// stripped into another value: the answer is a bare 500 and the log names the header. An
    /// immediate answer and a streamed one are refused the same way.
    func testAHeaderWithCRLFOrNULIsRefusedWithA500AndALogLine() async throws {
        let recorder = LogRecorder()
        let (server, running, nginx) = try await start(HeaderInjectingResponder(), logger: recorder.logger)
        defer { nginx.stop() }
        let port = nginx.port
        for target in ["/crlf", "/lf", "/nul", "/now/crlf", "/stream/crlf"] {
            let response = try await offPool { try RawHTTP.request(port: port, target: target) }
            XCTAssertEqual(response.status, 500, target)
            XCTAssertNil(response.headers["location"], target)
            XCTAssertNil(response.headers["x-injected"], target)
            XCTAssertFalse(response.text.contains("secret body"), target)
        }
        let fine = try await offPool { try RawHTTP.request(port: port, target: "/fine") }
        XCTAssertEqual(fine.status, 303)
        XCTAssertEqual(fine.headers["location"], "/tasks")
        let refusals = recorder.all.filter { $0.contains("response refused") }
        XCTAssertEqual(refusals.count, 5, "\(recorder.all)")
        XCTAssertTrue(refusals.allSatisfy { $0.hasPrefix("error ") && $0.contains("header=location") }, "\(refusals)")
        XCTAssertTrue(refusals.contains { $0.contains("path=/nul") })
        server.stop()
        try await running.value
    }
}

/// Answers with a `Location` that holds CR LF, LF or NUL, as a handler with a bug would.
private struct HeaderInjectingResponder: Responder {
    private static func answer(_ path: String) -> Response? {
        let location: String
        switch path.split(separator: "/").last ?? "" {
        case "crlf": location = "//evil.example\r\nX-Injected: yes"
        case "lf": location = "/\n/evil.example"
        case "nul": location = "/a\0b"
        case "fine": location = "/tasks"
        default: return nil
        }
        return Response(status: .seeOther, headers: ["location": location], body: .bytes(Array("secret body".utf8)))
    }

    func immediateResponse(to request: Request) -> Response? {
        request.path.hasPrefix("/now/") ? Self.answer(request.path) : nil
    }

    func respond(to request: Request) async -> Response {
        guard var response = Self.answer(request.path) else { return Response(status: .notFound, contentType: "text/plain", text: "none") }
        if request.path.hasPrefix("/stream/") {
            response.body = .stream { writer in try await writer.write("secret body") }
        }
        return response
    }

    func respond(to error: RequestError, request: Request?) async -> Response { Response(status: error.status, contentType: "text/plain", text: "\(error)") }
}

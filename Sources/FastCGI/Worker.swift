import CFastCGI
import Foundation
import Logging

/// One worker thread's accept loop: accept a connection, copy the request out of libfcgi, run
/// the async responder (on this thread, see `WorkerExecutor`), write the answer back, repeat.
struct Worker: Sendable {
    let listenDescriptor: Int32
    let configuration: ServerConfiguration
    let responder: any Responder
    let logger: Logger

    /// Runs until the listen socket is shut down. Blocks the calling (dedicated) thread.
    func run() {
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        guard FCGX_InitRequest(request, listenDescriptor, 0) == 0 else {
            logger.error("FCGX_InitRequest failed")
            return
        }
        defer { FCGX_Free(request, 1) }
        WorkerThread.markCurrent()
        let executor = WorkerExecutor()
        while FCGX_Accept_r(request) >= 0 {
            serve(FCGXConnection(request: request), executor: executor)
            Self.skipLingeringCloseIfDrained(request)
            FCGX_Finish_r(request)
        }
    }

    /// libfcgi closes a connection by shutting down its sending side and then waiting (up to two
    /// seconds, in `poll`) until nginx closes too, so that data nginx might still send cannot make
    /// the kernel answer with a reset that loses the response. Once the input has reached its end
    /// nginx sends nothing more, and the wait only keeps this thread asleep for a round trip:
    /// marking the request detached makes libfcgi close at once. A request whose body was not read
    /// to the end, or a kept-open connection, still gets the careful close.
    private static func skipLingeringCloseIfDrained(_ request: UnsafeMutablePointer<FCGX_Request>) {
        guard request.pointee.keepConnection == 0, let input = request.pointee.in, FCGX_HasSeenEOF(input) != 0 else { return }
        request.pointee.detached = 1
    }

    private func serve(_ connection: FCGXConnection, executor: WorkerExecutor) {
        var source = FCGXBodySource(stream: connection.request.pointee.in)
        let outcome = readRequest(connection.parameters(), source: &source)

        defer {
            if case .success(let request) = outcome {
                for file in request.form.files { try? FileManager.default.removeItem(at: file.location) }
            }
        }
        var ready: Response?
        if case .success(let request) = outcome { ready = responder.immediateResponse(to: request).map { vetted($0, outcome) } }
        if let ready, case .bytes(let body) = ready.body {
            _ = connection.write(.whole(head: ready.cgiHead, body: body))
            return
        }

        let exchange = Exchange(mailbox: executor.mailbox)
        let responder = self.responder
        Task(executorPreference: executor) { [ready] in
            let answer: Response
            switch (ready, outcome) {
            case (let ready?, _): answer = ready
            case (nil, .success(let request)): answer = await responder.respond(to: request)
            case (nil, .failure(let failure)): answer = await responder.respond(to: failure.error, request: failure.request)
            }
            let response = vetted(answer, outcome)
            switch response.body {
            case .bytes(let body):
                exchange.post(.whole(head: response.cgiHead, body: body))
            case .stream(let produce):
                var response = response
                // Tells nginx to pass the pieces on as they come, whatever the location's buffering.
                if response.headers["x-accel-buffering"] == nil { response.headers.set("x-accel-buffering", "no") }
                exchange.post(.head(response.cgiHead))
                do {
                    try await produce(ResponseBodyWriter(exchange: exchange))
                } catch {
                    logger.debug("stream ended early: \(error)")
                }
                exchange.post(.end)
            }
        }
        exchange.serve(executor: executor, write: connection.write)
    }

    /// The response, or a bare 500 (logged with the header's name and the path) when a header
    /// name or value holds CR, LF or NUL: such a head is refused, never repaired.
    private func vetted(_ response: Response, _ outcome: Result<Request, Failure>) -> Response {
        response.vetted { name in
            let path = (try? outcome.get().path) ?? ""
            logger.error("response refused: a header holds CR, LF or NUL", metadata: [
                "header": "\(name)", "status": "\(response.status.code)", "path": "\(path)",
            ])
        }
    }

    private struct Failure: Error {
        let error: RequestError
        let request: Request?
    }

    private func readRequest(_ parameters: CGIParameters, source: inout FCGXBodySource) -> Result<Request, Failure> {
        let reader = BodyReader(maxBytes: configuration.maxBodyBytes, uploadDirectory: configuration.uploadDirectory)
        guard parameters.totalBytes <= configuration.maxHeaderBytes else {
            _ = try? reader.read(contentType: nil, contentLength: Int.max, from: &source)
            return .failure(Failure(error: .headersTooLarge(limit: configuration.maxHeaderBytes), request: nil))
        }
        var request: Request
        do {
            request = try RequestHeadParser.parse(parameters)
        } catch {
            _ = try? reader.read(contentType: nil, contentLength: Int.max, from: &source)
            return .failure(Failure(error: error, request: nil))
        }
        do {
            request.body = try reader.read(
                contentType: request.headers["content-type"],
                contentLength: request.headers["content-length"].flatMap { Int($0) },
                from: &source)
            return .success(request)
        } catch {
            return .failure(Failure(error: error, request: request))
        }
    }
}

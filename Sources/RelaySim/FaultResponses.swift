import Hummingbird
import NIOCore

/// The transport-level faults that ignore the family's envelope: broken JSON, HTML error pages,
/// bodies that trickle, huge bodies.
enum FaultResponses {
    /// HTTP 200 whose body is not JSON.
    static func garbage() -> Response {
        Reply.bytes(Array("{\"id\":\"sim-garbage\",\"object\":<<<this is not json>>>".utf8), contentType: "application/json")
    }

    /// HTTP 502 with the page nginx shows when the upstream is down.
    static func html() -> Response {
        let page = """
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body>
            <center><h1>502 Bad Gateway</h1></center>
            <hr><center>nginx</center>
            </body>
            </html>

            """
        return Reply.text(page, contentType: "text/html", status: .badGateway)
    }

    /// HTTP 200 whose JSON body arrives one space per `interval` for an hour, then `{}`.
    static func slow(interval: Duration, sim: SimContext) -> Response {
        let body = ResponseBody { writer in
            for _ in 0..<3600 {
                if sim.isShuttingDown { throw CancellationError() }
                try await writer.write(ByteBuffer(string: " "))
                try await Task.sleep(for: interval)
            }
            try await writer.write(ByteBuffer(string: "{\"sim\":\"slow\"}"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    /// Size of a `sim:huge` body.
    static let hugeSize = 50 * 1024 * 1024

    /// HTTP 200 with a 50 MiB JSON body `{"padding":"xxxx…"}`.
    static func huge() -> Response {
        let head = Array("{\"padding\":\"".utf8), tail = Array("\"}".utf8)
        let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let body = ResponseBody(contentLength: hugeSize) { writer in
            var remaining = hugeSize - head.count - tail.count
            try await writer.write(ByteBuffer(bytes: head))
            while remaining > 0 {
                let size = min(remaining, chunk.readableBytes)
                try await writer.write(chunk.getSlice(at: 0, length: size)!)
                remaining -= size
            }
            try await writer.write(ByteBuffer(bytes: tail))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }
}

import Foundation
import Hummingbird
import NIOCore

/// Output files that misbehave, for testing what a downloader of provider outputs refuses.
/// Public like the other `/files/…` links:
///
/// - `GET /files/fault/html-as.png`: 200 with `Content-Type: image/png`, but the body is an HTML page.
/// - `GET /files/fault/huge.png`: 200, `image/png`, `Content-Length` of 2 GiB; a PNG signature
///   then zeros, produced lazily one reused 1 MiB chunk at a time while the client reads.
/// - `GET /files/fault/huge-chunked.png`: the same 2 GiB body without a `Content-Length` (chunked).
/// - `GET /files/fault/redirect?to=<url>&hops=<n>`: a 302 to `to`, after `n - 1` more 302s through
///   this route (relative `Location`s); `hops` defaults to 1.
/// - `GET /files/fault/status/<code>`: that status (200–599) with a short text body.
/// - `GET /files/fault/tiny.mp4`: 200, `video/mp4`, 12 bytes that start like an MP4 and end there.
struct MediaFaultRoutes {
    let sim: SimContext

    /// Size of the `huge` bodies.
    static let hugeSize = 2 << 30

    func register(_ table: inout RouteTable) {
        table.add(.get, ["/files/fault/html-as.png"], family: .openAI, auth: .none) { _ in
            Reply.text("<!doctype html><html><body><h1>Not an image</h1></body></html>", contentType: "image/png")
        }
        table.add(.get, ["/files/fault/huge.png"], family: .openAI, auth: .none) { _ in
            hugePNG(declaringLength: true)
        }
        table.add(.get, ["/files/fault/huge-chunked.png"], family: .openAI, auth: .none) { _ in
            hugePNG(declaringLength: false)
        }
        table.add(.get, ["/files/fault/redirect"], family: .openAI, auth: .none) { request in
            guard let target = request.query["to"] else { throw SimFailure.invalid("missing_to", "`to` is required") }
            let hops = max(1, Int(request.query["hops"] ?? "") ?? 1)
            let location = hops == 1 ? target : "/files/fault/redirect?to=\(Self.encoded(target))&hops=\(hops - 1)"
            return Reply.bytes(Array("redirecting".utf8), contentType: "text/plain", status: .found, headers: [.location: location])
        }
        table.add(.get, ["/files/fault/tiny.mp4"], family: .openAI, auth: .none) { _ in
            Reply.bytes([0, 0, 0, 0x18] + Array("ftypmp42".utf8), contentType: "video/mp4")
        }
        table.add(.get, ["/files/fault/status/{code}"], family: .openAI, auth: .none) { request in
            guard let code = Int(request.parameter("code")), (200...599).contains(code) else { throw SimFailure(.notFound) }
            return Reply.text("simulated status \(code)", status: .init(code: code))
        }
    }

    /// 2 GiB that start like a PNG, written lazily (stops when the client hangs up or the
    /// simulator shuts down).
    private func hugePNG(declaringLength: Bool) -> Response {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let zeros = ByteBuffer(repeating: 0, count: 1 << 20)
        let body = ResponseBody(contentLength: declaringLength ? Self.hugeSize : nil) { writer in
            try await writer.write(ByteBuffer(bytes: signature))
            var remaining = Self.hugeSize - signature.count
            while remaining > 0 {
                if sim.isShuttingDown { throw CancellationError() }
                let size = min(remaining, zeros.readableBytes)
                try await writer.write(zeros.getSlice(at: 0, length: size)!)
                remaining -= size
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "image/png"], body: body)
    }

    /// RFC 3986 unreserved characters: what a query value may carry unencoded.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` percent-encoded for use as one query value.
    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

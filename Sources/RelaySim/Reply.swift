import Hummingbird
import NIOCore

/// Builders for the simulator's HTTP answers.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        bytes(value.encoded(), contentType: "application/json", status: status, headers: headers)
    }

    static func bytes(
        _ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok)
        -> Response
    {
        bytes(Array(text.utf8), contentType: contentType, status: status)
    }
}

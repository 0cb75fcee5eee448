import Foundation

/// A deliberately small HTTP/1.1 client over a plain socket, so tests can send what real
/// clients never would (bad methods, NUL in the path, huge headers, cut bodies).
struct RawHTTPResponse {
    let status: Int
    let headers: [String: String]
    /// Every `Set-Cookie` line (the `headers` dictionary keeps only the last).
    var setCookies: [String] = []
    let body: [UInt8]

    /// `name=value` of a cookie this response sets.
    func cookie(_ name: String) -> String? {
        setCookies.lazy.map { String($0.split(separator: ";")[0]) }.first { $0.hasPrefix(name + "=") }
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

enum RawHTTPError: Error {
    case connect(Int32)
    case malformedResponse(String)
}

/// One TCP connection to 127.0.0.1.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int, timeoutSeconds: Int = 15) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(descriptor)
            throw RawHTTPError.connect(errno)
        }
    }

    deinit { close(descriptor) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Reads whatever has arrived (blocking until something does); empty at end of stream.
    func readSome() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(buffer[..<count]) : []
    }

    /// Reads until the server closes the connection.
    func readAll() -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = readSome()
            if chunk.isEmpty { return all }
            all += chunk
        }
    }
}

enum RawHTTP {
    /// Sends one request with `Connection: close` and returns the parsed response.
    static func request(
        port: Int, method: String = "GET", target: String, headers: [String: String] = [:], body: [UInt8] = []
    ) throws -> RawHTTPResponse {
        let connection = try RawConnection(port: port)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty && headers["Content-Length"] == nil { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        connection.write(Array(head.utf8) + body)
        return try parse(connection.readAll())
    }

    static func parse(_ raw: [UInt8]) throws -> RawHTTPResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let split = raw.firstRange(of: separator) else { throw RawHTTPError.malformedResponse(String(decoding: raw.prefix(200), as: UTF8.self)) }
        let lines = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw RawHTTPError.malformedResponse(lines[0]) }
        var headers: [String: String] = [:]
        var setCookies: [String] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
            if name == "set-cookie" { setCookies.append(value) }
        }
        var body = Array(raw[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return RawHTTPResponse(status: status, headers: headers, setCookies: setCookies, body: body)
    }

    /// Decodes a chunked body.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        let crlf: [UInt8] = [13, 10]
        while index < bytes.count, let lineEnd = bytes[index...].firstRange(of: crlf) {
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            out += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return out
    }
}

/// The few FastCGI records nginx sends for a request without a body, and a reader of the answer,
/// for tests that must do what nginx never does (keep a connection open after the answer).
enum RawFastCGI {
    private static let beginRequest: UInt8 = 1, endRequest: UInt8 = 3, params: UInt8 = 4, stdin: UInt8 = 5, stdout: UInt8 = 6

    /// BEGIN_REQUEST (responder, connection not kept), the parameters, and an empty STDIN.
    static func request(method: String, uri: String) -> [UInt8] {
        var pairs: [UInt8] = []
        for (name, value) in [("REQUEST_METHOD", method), ("REQUEST_URI", uri), ("DOCUMENT_URI", uri), ("REMOTE_ADDR", "127.0.0.1")] {
            pairs += [UInt8(name.utf8.count), UInt8(value.utf8.count)] + Array(name.utf8) + Array(value.utf8)
        }
        return record(beginRequest, [0, 1, 0, 0, 0, 0, 0, 0]) + record(params, pairs) + record(params, []) + record(stdin, [])
    }

    /// The STDOUT bytes up to END_REQUEST, or nil when the connection ends before it.
    static func answer(on connection: RawConnection) -> [UInt8]? {
        var received: [UInt8] = []
        var output: [UInt8] = []
        while true {
            while received.count >= 8 {
                let length = Int(received[4]) << 8 | Int(received[5]), padding = Int(received[6])
                guard received.count >= 8 + length + padding else { break }
                let type = received[1]
                if type == stdout { output += received[8..<(8 + length)] }
                if type == endRequest { return output }
                received.removeFirst(8 + length + padding)
            }
            let chunk = connection.readSome()
            if chunk.isEmpty { return nil }
            received += chunk
        }
    }

    private static func record(_ type: UInt8, _ content: [UInt8]) -> [UInt8] {
        [1, type, 0, 1, UInt8(content.count >> 8), UInt8(content.count & 0xFF), 0, 0] + content
    }
}

import CFastCGI
import Foundation

/// The parameters and streams of the request a worker thread has accepted. Valid only until the
/// next `FCGX_Accept_r`/`FCGX_Finish_r` on that worker, so everything is copied out before the
/// handler runs.
struct FCGXConnection {
    let request: UnsafeMutablePointer<FCGX_Request>

    /// Reads the FastCGI parameters (libfcgi keeps them as `NAME=VALUE` C strings).
    func parameters() -> CGIParameters {
        var parameters = CGIParameters()
        guard var cursor = request.pointee.envp else { return parameters }
        while let entry = cursor.pointee {
            if let equals = strchr(entry, Int32(UInt8(ascii: "="))) {
                let value = equals + 1
                parameters.add(name: UnsafeRawBufferPointer(start: entry, count: entry.distance(to: equals)),
                               value: UnsafeRawBufferPointer(start: value, count: strlen(value)))
            }
            cursor += 1
        }
        return parameters
    }

    /// Writes a piece of the response; false when nginx has gone away.
    func write(_ piece: Exchange.Piece) -> Bool {
        switch piece {
        case .whole(let head, let body):
            return put(head) && put(body)
        case .head(let head):
            return put(head) && FCGX_FFlush(request.pointee.out) == 0
        case .chunk(let bytes, let flush):
            return put(bytes) && (!flush || FCGX_FFlush(request.pointee.out) == 0)
        case .end:
            return true
        }
    }

    private func put(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                FCGX_PutStr($0.baseAddress, Int32($0.count), request.pointee.out) == Int32($0.count)
            }
        }
    }
}

/// Reads the request body from libfcgi's input stream.
struct FCGXBodySource: BodySource {
    let stream: UnsafeMutablePointer<FCGX_Stream>

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = FCGX_GetStr(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(buffer.count), stream)
        return Int(max(count, 0))
    }
}

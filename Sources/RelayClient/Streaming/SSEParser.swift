/// One server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; `"message"` when absent.
    public var event: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The `id:` field, when sent.
    public var id: String?
    /// The `retry:` field in milliseconds, when sent.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// An incremental parser for `text/event-stream` (WHATWG HTML §9.2), fed raw bytes in whatever
/// chunks the network delivers: a line, a UTF-8 sequence or a `\r\n` may be split anywhere.
///
/// Comment lines (`: PING`) and unknown fields are ignored; `\n`, `\r\n` and `\r` all end lines.
/// The buffers keep their capacity between events, so a long stream allocates little beyond
/// the event strings it hands out.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: [UInt8] = []
    private var lastID: String?
    private var retry: Int?
    private var lastWasCR = false
    private var sawBOMCheck = false

    public init() {
        line.reserveCapacity(1024)
        data.reserveCapacity(1024)
    }

    /// Feeds bytes; `emit` is called for each complete event, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes, emit: (SSEEvent) throws -> Void) rethrows
    where Bytes.Element == UInt8 {
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }  // the \n of a \r\n pair
            }
            if byte == 0x0A || byte == 0x0D {
                lastWasCR = byte == 0x0D
                try endLine(emit: emit)
            } else {
                line.append(byte)
            }
        }
    }

    /// Feeds a buffer by its raw bytes (the fast path for `ByteBuffer.readableBytesView`).
    public mutating func feed(buffer: UnsafeRawBufferPointer, emit: (SSEEvent) throws -> Void) rethrows {
        var start = 0
        var i = 0
        let count = buffer.count
        if lastWasCR, count > 0 {
            lastWasCR = false
            if buffer[0] == 0x0A { start = 1; i = 1 }
        }
        while i < count {
            let byte = buffer[i]
            if byte == 0x0A || byte == 0x0D {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<i]))
                try endLine(emit: emit)
                if byte == 0x0D {
                    if i + 1 < count {
                        if buffer[i + 1] == 0x0A { i += 1 }
                    } else {
                        lastWasCR = true
                    }
                }
                start = i + 1
            }
            i += 1
        }
        if start < count { line.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<count])) }
    }

    /// Ends the stream: a pending event without its blank line is dropped, as the spec says.
    public mutating func finish() {
        line.removeAll(keepingCapacity: true)
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventType.removeAll(keepingCapacity: true)
    }

    private mutating func endLine(emit: (SSEEvent) throws -> Void) rethrows {
        defer { line.removeAll(keepingCapacity: true) }
        if !sawBOMCheck {
            sawBOMCheck = true
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            try dispatch(emit: emit)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }  // comment / keep-alive
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let nameEnd = colon ?? line.count
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let name = line[0..<nameEnd]
        let value = line[valueStart..<line.count]
        if name.elementsEqual("data".utf8) {
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        } else if name.elementsEqual("event".utf8) {
            eventType.removeAll(keepingCapacity: true)
            eventType.append(contentsOf: value)
        } else if name.elementsEqual("id".utf8) {
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        } else if name.elementsEqual("retry".utf8) {
            if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        }
    }

    private mutating func dispatch(emit: (SSEEvent) throws -> Void) rethrows {
        guard hasData else {
            eventType.removeAll(keepingCapacity: true)
            return
        }
        let event = SSEEvent(
            event: eventType.isEmpty ? "message" : String(decoding: eventType, as: UTF8.self),
            data: String(decoding: data, as: UTF8.self),
            id: lastID,
            retry: retry
        )
        data.removeAll(keepingCapacity: true)
        hasData = false
        eventType.removeAll(keepingCapacity: true)
        try emit(event)
    }
}

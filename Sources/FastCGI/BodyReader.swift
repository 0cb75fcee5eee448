import Foundation

/// Reads a request body from a `BodySource` under a size cap and parses forms.
///
/// A body over the cap is drained and discarded (so nginx can deliver the 413 cleanly), never
/// buffered. Multipart file parts are streamed to temporary files, not held in memory.
public struct BodyReader: Sendable {
    public let maxBytes: Int
    public let uploadDirectory: URL

    /// Read size per call into the source.
    private static let chunkSize = 64 * 1024

    public init(maxBytes: Int, uploadDirectory: URL) {
        self.maxBytes = maxBytes
        self.uploadDirectory = uploadDirectory
    }

    /// Reads the whole body. On error no temporary file is left behind.
    public func read(
        contentType: String?, contentLength: Int?, from source: inout some BodySource
    ) throws(RequestError) -> RequestBody {
        if let contentLength, contentLength > maxBytes {
            drain(&source)
            throw .bodyTooLarge(limit: maxBytes)
        }
        let mediaType = contentType.map(MediaType.init(parsing:))
        switch mediaType?.essence {
        case "multipart/form-data":
            guard let boundary = mediaType?.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
                drain(&source)
                throw .malformedMultipart("the multipart body has no boundary")
            }
            let streamer = MultipartStreamer(boundary: boundary, uploadDirectory: uploadDirectory)
            do throws(RequestError) {
                let received = try pump(&source, expected: contentLength) { chunk throws(RequestError) in
                    try streamer.consume(chunk)
                }
                try checkLength(expected: contentLength, received: received)
                return .form(try streamer.finish())
            } catch {
                streamer.discard()
                throw error
            }
        case "application/x-www-form-urlencoded":
            let bytes = try collect(&source, expected: contentLength)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .malformedField("the form is not UTF-8")
            }
            return .form(FormData(fields: try PercentDecoding.parseForm(text)))
        default:
            let bytes = try collect(&source, expected: contentLength)
            return bytes.isEmpty ? .empty : .bytes(bytes)
        }
    }

    private func collect(_ source: inout some BodySource, expected: Int?) throws(RequestError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(expected ?? 0, maxBytes))
        let received = try pump(&source, expected: expected) { chunk in bytes.append(contentsOf: chunk) }
        try checkLength(expected: expected, received: received)
        return bytes
    }

    /// Feeds the body to `sink` chunk by chunk; drains the rest and throws once the cap is passed.
    ///
    /// Most requests (every `GET`) have no body: a first read into a small buffer on the stack
    /// finds the end, and the 64 KiB buffer is only allocated once bytes come.
    private func pump(
        _ source: inout some BodySource, expected: Int?,
        _ sink: (UnsafeRawBufferPointer) throws(RequestError) -> Void
    ) throws(RequestError) -> Int {
        var total = 0
        let first = try withUnsafeTemporaryAllocation(byteCount: 512, alignment: 1) { buffer throws(RequestError) -> Int in
            let count = source.read(into: buffer)
            if count > 0 { try take(UnsafeRawBufferPointer(rebasing: buffer[..<count]), total: &total, source: &source, sink) }
            return count
        }
        if first <= 0 { return total }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = source.read(into: buffer)
            if count <= 0 { return total }
            try take(UnsafeRawBufferPointer(rebasing: buffer[..<count]), total: &total, source: &source, sink)
        }
    }

    /// Counts a chunk against the cap (draining the rest and throwing once it is passed) and
    /// hands it to `sink`.
    private func take(
        _ chunk: UnsafeRawBufferPointer, total: inout Int, source: inout some BodySource,
        _ sink: (UnsafeRawBufferPointer) throws(RequestError) -> Void
    ) throws(RequestError) {
        total += chunk.count
        if total > maxBytes {
            drain(&source)
            throw .bodyTooLarge(limit: maxBytes)
        }
        try sink(chunk)
    }

    private func checkLength(expected: Int?, received: Int) throws(RequestError) {
        if let expected, received < expected { throw .truncatedBody(expected: expected, received: received) }
    }

    private func drain(_ source: inout some BodySource) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        while source.read(into: buffer) > 0 {}
    }
}

/// A parsed `Content-Type`: `type/subtype` lowercased, plus its parameters.
struct MediaType {
    let essence: String
    let parameters: [String: String]

    init(parsing text: String) {
        let parts = text.split(separator: ";")
        essence = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[name] = value
        }
        self.parameters = parameters
    }
}

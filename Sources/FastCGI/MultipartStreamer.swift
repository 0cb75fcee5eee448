import Foundation
import MultipartKit
import NIOCore

/// Streams a `multipart/form-data` body through MultipartKit's incremental parser: text fields are
/// collected, file parts are written to temporary files as their bytes arrive. A file part with
/// an empty file name and no bytes (what browsers send for a file input left empty) is no file.
///
/// Used by one worker thread for one request; not shared, so not `Sendable`.
final class MultipartStreamer {
    private let parser: MultipartParser
    private let closingDelimiter: [UInt8]
    private let uploadDirectory: URL

    private var fields: [FormField] = []
    private var files: [UploadedFile] = []
    private var part = PartInProgress()
    private var partOpen = false
    private var failure: RequestError?
    /// The last bytes seen, to check that the body ends with its closing delimiter.
    private var tail: [UInt8] = []

    init(boundary: String, uploadDirectory: URL) {
        parser = MultipartParser(boundary: boundary)
        closingDelimiter = Array("--\(boundary)--".utf8)
        self.uploadDirectory = uploadDirectory
        parser.onHeader = { [unowned self] name, value in
            partOpen = true
            part.headers[name.lowercased()] = value
        }
        parser.onBody = { [unowned self] buffer in
            partOpen = true
            append(buffer.readableBytesView)
        }
        parser.onPartComplete = { [unowned self] in
            completePart()
        }
    }

    /// Feeds the next chunk of the body.
    func consume(_ chunk: UnsafeRawBufferPointer) throws(RequestError) {
        rememberTail(chunk)
        do {
            try parser.execute(ByteBuffer(bytes: chunk))
        } catch {
            throw .malformedMultipart("the multipart body is malformed")
        }
        if let failure { throw failure }
    }

    /// Checks that the body was complete and returns the form.
    func finish() throws(RequestError) -> FormData {
        if let failure { throw failure }
        var end = tail[...]
        while let last = end.last, last == UInt8(ascii: "\r") || last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") {
            end = end.dropLast()
        }
        guard !partOpen, end.count >= closingDelimiter.count,
              end.suffix(closingDelimiter.count).elementsEqual(closingDelimiter) else {
            throw .malformedMultipart("the multipart body ended before its closing boundary")
        }
        return FormData(fields: fields, files: files)
    }

    /// Removes every temporary file written so far (after an error).
    func discard() {
        part.closeFile()
        if let location = part.fileLocation { try? FileManager.default.removeItem(at: location) }
        for file in files { try? FileManager.default.removeItem(at: file.location) }
        files.removeAll()
    }

    private func append(_ bytes: ByteBufferView) {
        guard failure == nil, !bytes.isEmpty else { return }
        if part.isFile {
            if part.fileDescriptor == nil, let error = part.openFile(in: uploadDirectory) {
                failure = error
                return
            }
            if !part.write(bytes) { failure = .uploadNotStored("writing to the uploads folder failed: \(String(cString: strerror(errno)))") }
        } else {
            part.value.append(contentsOf: bytes)
        }
    }

    private func completePart() {
        defer {
            part = PartInProgress()
            partOpen = false
        }
        guard failure == nil else { return }
        guard let name = part.fieldName else {
            failure = .malformedMultipart("a multipart part has no field name")
            return
        }
        if part.isFile {
            // No bytes and no name: a file input left empty.
            if part.fileDescriptor == nil, part.fileName == nil { return }
            if part.fileDescriptor == nil, let error = part.openFile(in: uploadDirectory) {
                failure = error
                return
            }
            part.closeFile()
            guard let location = part.fileLocation else { return }
            files.append(UploadedFile(
                fieldName: name, fileName: part.fileName ?? "upload", contentType: part.headers["content-type"] ?? "application/octet-stream",
                location: location, size: part.size))
        } else {
            guard let value = String(validating: part.value, as: UTF8.self) else {
                failure = .malformedField(name)
                return
            }
            fields.append(FormField(name: name, value: value))
        }
    }

    private func rememberTail(_ chunk: UnsafeRawBufferPointer) {
        let keep = closingDelimiter.count + 8
        tail.append(contentsOf: chunk.suffix(keep))
        if tail.count > keep { tail.removeFirst(tail.count - keep) }
    }
}

/// The part currently being parsed.
private struct PartInProgress {
    var headers: [String: String] = [:]
    var value: [UInt8] = []
    var fileDescriptor: Int32?
    var fileLocation: URL?
    var size = 0

    private var disposition: MediaType? { headers["content-disposition"].map(MediaType.init(parsing:)) }
    var fieldName: String? { disposition?.parameters["name"] }
    var isFile: Bool { disposition?.parameters["filename"] != nil }
    var fileName: String? {
        guard let raw = disposition?.parameters["filename"] else { return nil }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.isEmpty ? nil : last
    }

    /// Creates the temporary file; returns an error when it cannot.
    mutating func openFile(in directory: URL) -> RequestError? {
        var template = Array(directory.appendingPathComponent("atelier-upload-XXXXXX").path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            return .uploadNotStored("cannot create a file in \(directory.path): \(String(cString: strerror(errno)))")
        }
        fileDescriptor = descriptor
        fileLocation = URL(fileURLWithPath: String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
        return nil
    }

    mutating func write(_ bytes: ByteBufferView) -> Bool {
        guard let descriptor = fileDescriptor else { return false }
        let written = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let result = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if result <= 0 { return false }
                offset += result
            }
            return true
        } ?? false
        if written { size += bytes.count }
        return written
    }

    mutating func closeFile() {
        if let descriptor = fileDescriptor { close(descriptor) }
        fileDescriptor = nil
    }
}

import Foundation

/// One decoded `name=value` pair of a query string or form.
public struct FormField: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A file part of a `multipart/form-data` body, streamed to a temporary file that is removed
/// when the request ends.
public struct UploadedFile: Sendable, Equatable {
    /// The form field the file came in.
    public let fieldName: String
    /// The browser's file name, reduced to its last path component.
    public let fileName: String
    /// The part's `Content-Type`, `application/octet-stream` when absent.
    public let contentType: String
    /// Where the bytes are, valid until the response is finished.
    public let location: URL
    /// Size in bytes.
    public let size: Int
}

/// The fields (and, for multipart bodies, the files) of a submitted form.
public struct FormData: Sendable, Equatable {
    public var fields: [FormField]
    public var files: [UploadedFile]

    public init(fields: [FormField] = [], files: [UploadedFile] = []) {
        self.fields = fields
        self.files = files
    }

    /// The first value of the named field.
    public subscript(name: String) -> String? {
        fields.first(where: { $0.name == name })?.value
    }

    /// Every value of the named field (checkboxes, multi-selects).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    /// The first file uploaded in the named field.
    public func file(_ name: String) -> UploadedFile? {
        files.first(where: { $0.fieldName == name })
    }
}

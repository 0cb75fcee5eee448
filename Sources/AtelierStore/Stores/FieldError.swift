/// A rule a submitted value breaks, named by field so a form can show it beside that field.
/// `code` is stable (`required`, `too_long`, `taken`, …) and pages translate it.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var code: String
    /// A number the message needs (a length limit), if any.
    public var limit: Int?

    public init(field: String, code: String, limit: Int? = nil) {
        self.field = field
        self.code = code
        self.limit = limit
    }

    public var description: String {
        let suffix = limit.map { " (\($0))" } ?? ""
        return "\(field): \(code.replacingOccurrences(of: "_", with: " "))\(suffix)"
    }
}

/// Several field errors at once, so a form shows every problem in one round trip.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}

/// Small checks shared by the stores.
enum Check {
    /// Required text within `limit` (bytes and characters) and without control characters.
    static func text(_ value: String, field: String, limit: TextLimit, required: Bool = true, into errors: inout [FieldError]) {
        if value.isEmpty {
            if required { errors.append(FieldError(field: field, code: "required")) }
        } else if let problem = limit.problem(value, field: field) {
            errors.append(problem)
        } else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(FieldError(field: field, code: "control_characters"))
        }
    }
}

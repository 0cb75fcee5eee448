/// A template the compiler cannot turn into Swift, with the file and line to fix.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: message`, the form compilers use, so editors and the build log link it.
    public var description: String { "\(file):\(line): error: \(message)" }
}

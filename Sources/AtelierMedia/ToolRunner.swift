import Dispatch
import Foundation
import Synchronization

/// What an installed tool printed and how it ended.
public struct ToolOutput: Sendable {
    /// Standard output, at most ``ToolRunner/outputLimit`` bytes (the rest was read and dropped).
    public let standardOutput: Data
    /// Standard error as text, cut to the same limit: for log lines.
    public let standardError: String
}

/// Why a tool gave no usable answer.
public enum ToolError: Error, Sendable, Equatable {
    /// The tool is not installed (not found on the search path, or not executable).
    case missing(tool: String)
    /// The tool could not be started.
    case couldNotStart(tool: String, reason: String)
    /// The tool ended with a non-zero status (or by a signal); `message` is its last error line.
    case failed(tool: String, status: Int32, message: String)
    /// The tool ran past its time and was killed.
    case timedOut(tool: String, seconds: Int)

    /// In plain words, for the log.
    public var message: String {
        switch self {
        case .missing(let tool): "\(tool) is not installed"
        case .couldNotStart(let tool, let reason): "\(tool) could not be started (\(reason))"
        case .failed(let tool, let status, let message): "\(tool) failed with status \(status)\(message.isEmpty ? "" : ": \(message)")"
        case .timedOut(let tool, let seconds): "\(tool) ran past \(seconds) s and was stopped"
        }
    }
}

/// Runs an installed command-line tool (vipsthumbnail, ffprobe, ffmpeg) as a child process:
/// never through a shell (the arguments are an array, passed as they are), standard input
/// closed, with a time limit (past it the child is killed) and its output read to the end but
/// kept only up to ``outputLimit`` bytes, so a chatty or stuck tool costs neither memory nor a
/// thread for ever.
///
/// The blocking wait runs on a Dispatch thread, never on Swift's cooperative pool.
public struct ToolRunner: Sendable {
    /// Directories searched for a tool, in order.
    public let searchPath: [String]
    /// Time each run has before the tool is killed.
    public let timeout: Duration
    /// Bytes of each output stream kept.
    public let outputLimit: Int

    /// - Parameter searchPath: directories to look for tools in; by default `PATH`'s, or the
    ///   system's usual ones when it is not set.
    public init(searchPath: [String]? = nil, timeout: Duration = .seconds(60), outputLimit: Int = 64 << 10) {
        self.searchPath = searchPath ?? Self.defaultSearchPath
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    static var defaultSearchPath: [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        return directories.isEmpty ? ["/usr/local/bin", "/usr/bin", "/bin"] : directories
    }

    /// The tool's executable, when it is installed.
    public func locate(_ tool: String) -> URL? {
        guard !tool.contains("/") else { return nil }
        for directory in searchPath {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `tool` with `arguments` and returns its output when it exits with status 0.
    /// - Throws: ``ToolError``.
    public func run(_ tool: String, _ arguments: [String]) async throws -> ToolOutput {
        guard let executable = locate(tool) else { throw ToolError.missing(tool: tool) }
        let limit = outputLimit
        let seconds = max(1, Int(timeout.components.seconds))
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try Self.runBlocking(tool: tool, executable: executable, arguments: arguments, seconds: seconds, limit: limit)
                })
            }
        }
    }

    private static func runBlocking(tool: String, executable: URL, arguments: [String], seconds: Int, limit: Int) throws -> ToolOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ToolError.couldNotStart(tool: tool, reason: error.localizedDescription)
        }
        // The parent's copies of the write ends must close, or the reads below never see the end.
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()

        // Killed by the watchdog (`killed`), or reaped (`ended`): once ended, the pid may belong
        // to another process and is never signalled.
        let state = Mutex((killed: false, ended: false))
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            state.withLock { state in
                guard !state.ended else { return }
                state.killed = true
                kill(pid, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: watchdog)

        let errorText = Mutex(Data())
        let errorReading = DispatchGroup()
        DispatchQueue.global().async(group: errorReading) {
            let data = readBounded(errors.fileHandleForReading, limit: limit)
            errorText.withLock { $0 = data }
        }
        let standardOutput = readBounded(output.fileHandleForReading, limit: limit)
        errorReading.wait()
        process.waitUntilExit()
        watchdog.cancel()
        let wasKilled = state.withLock { state in
            state.ended = true
            return state.killed
        }

        let stderr = String(decoding: errorText.withLock { $0 }, as: UTF8.self)
        if wasKilled { throw ToolError.timedOut(tool: tool, seconds: seconds) }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let lastLine = stderr.split(whereSeparator: \.isNewline).last.map { String($0.prefix(300)) } ?? ""
            throw ToolError.failed(tool: tool, status: process.terminationStatus, message: lastLine)
        }
        return ToolOutput(standardOutput: standardOutput, standardError: stderr)
    }

    /// Reads `handle` to its end, keeping the first `limit` bytes.
    private static func readBounded(_ handle: FileHandle, limit: Int) -> Data {
        var kept = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if kept.count < limit { kept.append(chunk.prefix(limit - kept.count)) }
        }
        try? handle.close()
        return kept
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal input and output for the administration commands.
enum Console {
    /// One line on standard error.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A secret from the environment variable `variable`, else typed on the terminal without
    /// echo (asked twice when `confirm`), else one line from standard input when it is not a
    /// terminal. Never from a command-line flag, which other users could read in `ps`.
    static func secret(from variable: String, prompt: String, confirm: Bool = false) throws -> String {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIFailure("error: nothing given for \"\(prompt)\": set \(variable) or run on a terminal")
            }
            return line
        }
        guard let first = readWithoutEcho(prompt: "\(prompt): "), !first.isEmpty else {
            throw CLIFailure("error: nothing given for \"\(prompt)\"")
        }
        if confirm {
            guard readWithoutEcho(prompt: "\(prompt) again: ") == first else {
                throw CLIFailure("error: the two entries differ; nothing was changed")
            }
        }
        return first
    }

    /// Reads a line from the terminal with echo turned off, restoring the terminal afterwards.
    private static func readWithoutEcho(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if haveTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }

    /// Rows as left-aligned columns, two spaces apart, under a header.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) } }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

import ArgumentParser
import AtelierStore
import Foundation

/// Where the server's state is: the same SQLite file and master key the server uses. Every
/// command that opens them first runs the server's master-key check, so a wrong key is refused
/// before anything is read or written.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database the server uses.")
    var database: String = "var/atelier.sqlite"

    @Option(name: .customLong("master-key-file"),
            help: "The master key file (ATELIER_MASTER_KEY, base64 of 32 bytes, wins when set).")
    var masterKeyFile: String = "var/master.key"

    /// The stores over the database, after the master-key check. Prints a clear message and
    /// exits non-zero when the key cannot be loaded or does not match; a key file created by this
    /// very call is removed again in that case, so a refused run leaves nothing behind.
    func openTeam() async throws -> Team {
        let loaded: (key: MasterKey, created: Bool)
        do {
            loaded = try MasterKey.load(file: masterKeyFile)
        } catch let error as MasterKey.LoadError {
            throw CLIFailure("error: \(error)")
        }
        do {
            let database = try AtelierDatabase(path: self.database)
            try await MasterKeyGate.verify(database: database, masterKey: loaded.key, databasePath: self.database)
            return Team(database: database, masterKey: loaded.key)
        } catch {
            if loaded.created { try? FileManager.default.removeItem(atPath: masterKeyFile) }
            if let store = error as? StoreError { throw CLIFailure("error: \(store)") }
            throw CLIFailure("error: cannot open the database \(self.database): \(error)")
        }
    }
}

/// A failure already worded for the operator: printed as is on standard error, exit code 1.
struct CLIFailure: Error {
    var message: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }
}

/// Runs an administration command's body and turns every expected failure into lines on
/// standard error and a non-zero exit code (never a stack trace): validation failures as one
/// `field: message` line each, store errors and `CLIFailure`s as one `error: …` line.
func administering(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as ValidationFailure {
        for error in failure.errors { Console.error(error.description) }
        throw ExitCode(1)
    } catch let error as FieldError {
        Console.error(error.description)
        throw ExitCode(1)
    } catch let failure as CLIFailure {
        Console.error(failure.message)
        throw ExitCode(failure.exitCode)
    } catch let error as StoreError {
        Console.error("error: \(error)")
        throw ExitCode(1)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Console.error("error: \(error)")
        throw ExitCode(1)
    }
}

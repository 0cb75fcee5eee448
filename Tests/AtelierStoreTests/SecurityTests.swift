import AtelierStore
import GRDB
import XCTest

final class SecurityTests: XCTestCase {
    func testPasswordHashesAreSaltedAndUseTheRequiredRounds() {
        XCTAssertGreaterThanOrEqual(PasswordHasher.defaultRounds, 600_000)
        let hasher = PasswordHasher(rounds: 1_000)
        let first = hasher.hash("same password")
        let second = hasher.hash("same password")
        XCTAssertNotEqual(first, second, "each hash has its own salt")
        XCTAssertTrue(first.hasPrefix("pbkdf2-sha256$1000$"))
        XCTAssertTrue(hasher.verify("same password", against: second))
        XCTAssertFalse(hasher.verify("same passworD", against: second))
        XCTAssertFalse(hasher.verify("same password", against: "garbage"))
        XCTAssertTrue(PasswordHasher().needsRehash(first))
        XCTAssertTrue(PasswordHasher().hash("x").hasPrefix("pbkdf2-sha256$600000$"))
    }

    /// A stored hash is a stored row: whatever round count it names, a check answers false
    /// instead of stopping the server (PBKDF2 refuses more than UInt32.max rounds) or holding a
    /// worker for hours.
    func testStoredHashesNamingAbsurdRoundCountsNeverMatch() {
        let hasher = PasswordHasher(rounds: 1_000)
        let good = hasher.hash("secret")
        let parts = good.split(separator: "$").map(String.init)
        for rounds in ["0", "-1", "4294967296", "9223372036854775807", "1099511627776", "100000001", "1e6", ""] {
            let forged = [parts[0], rounds, parts[2], parts[3]].joined(separator: "$")
            XCTAssertFalse(hasher.verify("secret", against: forged), rounds)
        }
        XCTAssertTrue(hasher.verify("secret", against: good))
    }

    func testSealedSecretsOpenOnlyWithTheirKeyAndContext() throws {
        let key = MasterKey.random()
        let sealer = SecretSealer(masterKey: key)
        let blob = try sealer.seal("sk-live-1234567890abcdef", context: "api-key:provider=1")
        XCTAssertNil(String(data: blob, encoding: .utf8).flatMap { $0.contains("sk-live") ? $0 : nil })
        XCTAssertEqual(try sealer.open(blob, context: "api-key:provider=1"), "sk-live-1234567890abcdef")
        XCTAssertThrowsError(try sealer.open(blob, context: "api-key:provider=2"))
        XCTAssertThrowsError(try SecretSealer(masterKey: .random()).open(blob, context: "api-key:provider=1"))
    }

    func testMasterKeyFileIsCreatedPrivateAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("master.key").path
        let (created, isNew) = try MasterKey.load(file: file, environment: [:])
        XCTAssertTrue(isNew)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
        let (again, isNewAgain) = try MasterKey.load(file: file, environment: [:])
        XCTAssertFalse(isNewAgain)
        let blob = try SecretSealer(masterKey: created).seal("x", context: "c")
        XCTAssertEqual(try SecretSealer(masterKey: again).open(blob, context: "c"), "x")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        XCTAssertThrowsError(try MasterKey.load(file: file, environment: [:])) { error in
            XCTAssertEqual(error as? MasterKey.LoadError, .tooOpen(path: file, mode: "644"))
        }
        XCTAssertThrowsError(try MasterKey.load(file: file, environment: ["ATELIER_MASTER_KEY": "too-short"]))
    }

    func testMasks() {
        XCTAssertEqual(KeyMask.mask("sk-abcdefghijkl3f9a"), "sk-…3f9a")
        XCTAssertEqual(KeyMask.mask("AKIDabcdefghijklmnop"), "…mnop")
        XCTAssertEqual(KeyMask.mask("short"), "…")
        XCTAssertEqual(KeyMask.mask("sk-sim-demo"), "…", "a key shorter than 16 shows none of itself")
        XCTAssertEqual(KeyMask.mask("sk-abcdefghij12"), "…")
        XCTAssertEqual(KeyMask.mask("sk-abcdefghij123"), "sk-…j123")
        XCTAssertEqual(KeyMask.mask("abcde-fghijklmnopq"), "…nopq", "a long prefix is not shown")
    }

    /// Masks stored by the earlier rule are made again at start-up.
    func testStoredMasksAreMadeAgainByTheCurrentRule() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let provider = try await fixture.team.providers.add(ProviderStore.Input(name: "Relay", preset: "custom", baseURL: "https://r.example",
                                                                                authKind: .bearer), by: .system)
        let key = try await fixture.team.keys.add(providerID: try XCTUnwrap(provider.id), label: "main",
                                                  secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil, by: .system)
        XCTAssertEqual(key.mask, "…")
        try await fixture.team.database.write { db in
            try db.execute(sql: "UPDATE apiKey SET mask = 'sk-…mo'")
        }
        let changed = try await fixture.team.keys.remask()
        XCTAssertEqual(changed, 1)
        let masks = try await fixture.team.keys.activeMasks()
        XCTAssertEqual(masks[try XCTUnwrap(provider.id)], ["…"])
    }

    /// The database and its -wal and -shm files are private to the owner, also when SQLite creates
    /// them after the database was opened, and an older file left readable is made private.
    func testTheDatabaseFilesAreOwnerOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("db-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("atelier.sqlite").path
        let previous = umask(0o022)
        defer { umask(previous) }
        func modes() throws -> [String: Int] {
            var found: [String: Int] = [:]
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                found[suffix] = (try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? NSNumber)?.intValue
            }
            return found
        }
        do {
            let database = try AtelierDatabase(path: path)
            try database.writer.write { db in try db.execute(sql: "CREATE TABLE probe (x)") }
            XCTAssertEqual(try modes(), ["": 0o600, "-wal": 0o600, "-shm": 0o600])
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path + suffix)
        }
        let reopened = try AtelierDatabase(path: path)
        try reopened.writer.write { db in try db.execute(sql: "INSERT INTO probe VALUES (1)") }
        let after = try modes()
        XCTAssertTrue(after.values.allSatisfy { $0 == 0o600 }, "\(after)")
        XCTAssertEqual(after[""], 0o600)
    }
}

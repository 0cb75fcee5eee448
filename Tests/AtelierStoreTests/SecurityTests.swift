import AtelierStore
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
        XCTAssertEqual(KeyMask.mask("short"), "…rt")
        XCTAssertEqual(KeyMask.mask("sk-sim-demo"), "sk-…mo")
    }
}

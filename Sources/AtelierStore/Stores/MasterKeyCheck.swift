import Foundation
import GRDB

/// Makes sure the master key in use is the one the database's secrets were sealed with.
///
/// The first start with a master key seals a known value into the `setting` table; every
/// later start must open it before anything else happens. A wrong key therefore stops the
/// server at once, before any secret could be used or sealed anew under the wrong key.
enum MasterKeyCheck {
    private static let settingKey = "master_key_check"
    private static let plaintext = "atelier master key check v1"
    private static let context = "master-key-check"

    static func verifyOrInstall(_ db: Database, sealer: SecretSealer, databasePath: String) throws {
        if let sealed = try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [settingKey]) {
            guard (try? sealer.open(sealed, context: context)) == plaintext else {
                throw StoreError.wrongMasterKey(databasePath: databasePath)
            }
            return
        }
        let sealedSecrets = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM apiKey) + (SELECT COUNT(*) FROM provider WHERE sealedDashboardToken IS NOT NULL)
            """) ?? 0
        // Secrets without a check value cannot be proven to match this key: refuse rather than guess.
        guard sealedSecrets == 0 else { throw StoreError.wrongMasterKey(databasePath: databasePath) }
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?)",
                       arguments: [settingKey, try sealer.seal(plaintext, context: context)])
    }
}

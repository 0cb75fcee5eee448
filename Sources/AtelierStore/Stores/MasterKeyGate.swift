import Foundation

/// The master-key check on its own, for tools (the `atelier` CLI) that must refuse a wrong key
/// exactly as the server does, without `TeamBootstrap`'s first-start work (creating a lead,
/// adding the demo provider).
public enum MasterKeyGate {
    /// Verifies that `masterKey` opens the secrets already sealed in `database`; on a database
    /// with no check value and no sealed secret yet, installs the check value for this key.
    ///
    /// - Throws: `StoreError.wrongMasterKey(databasePath:)` when the key does not match; nothing
    ///   is written in that case.
    public static func verify(database: AtelierDatabase, masterKey: MasterKey, databasePath: String) async throws {
        let sealer = SecretSealer(masterKey: masterKey)
        try await database.write { db in
            try MasterKeyCheck.verifyOrInstall(db, sealer: sealer, databasePath: databasePath)
        }
    }
}

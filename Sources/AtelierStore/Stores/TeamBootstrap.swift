import Foundation
import GRDB

/// What a start of the server (or the CLI) prepares before serving: the master key is checked
/// against the database, and on a first start the lead account and the demo provider are made.
public struct TeamBootstrap: Sendable {
    let database: AtelierDatabase
    let sealer: SecretSealer
    let databasePath: String

    public init(database: AtelierDatabase, masterKey: MasterKey, databasePath: String) {
        self.database = database
        self.sealer = SecretSealer(masterKey: masterKey)
        self.databasePath = databasePath
    }

    /// The offline demo relay to add on a first start with no provider.
    public struct DemoRelay: Sendable {
        public var baseURL: String
        public var apiKey: String
        public var dashboardToken: String?
        public var dashboardUserID: String?

        public init(baseURL: String, apiKey: String, dashboardToken: String? = nil, dashboardUserID: String? = nil) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.dashboardToken = dashboardToken
            self.dashboardUserID = dashboardUserID
        }
    }

    /// What the start did, for the operator.
    public struct Outcome: Sendable {
        /// The lead's name, when the lead was created now.
        public var createdLead: String?
        /// The generated password, when none was given: print it once, it is stored nowhere.
        public var generatedPassword: String?
        public var addedDemoProvider: Bool
    }

    /// Verifies the master key, then creates what a first start needs. `leadPassword` nil
    /// means generate one.
    public func run(leadName: String, leadPassword: String?, demo: DemoRelay?) async throws -> Outcome {
        let sealer = sealer, path = databasePath
        try await database.write { db in try MasterKeyCheck.verifyOrInstall(db, sealer: sealer, databasePath: path) }
        var outcome = Outcome(createdLead: nil, generatedPassword: nil, addedDemoProvider: false)
        try await KeyStore(database: database, sealer: sealer).remask()
        let members = MemberStore(database: database)
        if try await members.count() == 0 {
            let password = leadPassword ?? Self.generatedPassword()
            try await members.add(name: leadName, displayName: leadName, role: .lead, password: password, by: .system)
            outcome.createdLead = leadName
            if leadPassword == nil { outcome.generatedPassword = password }
        }
        let providers = ProviderStore(database: database, sealer: sealer)
        if let demo, try await providers.count() == 0 {
            let record = try await providers.add(
                ProviderStore.Input(name: "Demo relay", preset: "demo", baseURL: demo.baseURL, authKind: .bearer,
                                    dashboardUserID: demo.dashboardUserID),
                dashboardToken: demo.dashboardToken, isDemo: true, by: .system)
            if let id = record.id {
                try await KeyStore(database: database, sealer: sealer)
                    .add(providerID: id, label: "demo key", secret: ProviderSecret(key: demo.apiKey), expiresOn: nil, by: .system)
            }
            outcome.addedDemoProvider = true
        }
        return outcome
    }

    /// 20 characters from an alphabet without look-alikes.
    static func generatedPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

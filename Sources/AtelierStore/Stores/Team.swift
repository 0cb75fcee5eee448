import Foundation

/// Every store over one database and master key, as the server and the CLI use them.
public struct Team: Sendable {
    public let database: AtelierDatabase
    public let members: MemberStore
    public let sessions: SessionStore
    public let throttle: SignInThrottle
    public let providers: ProviderStore
    public let keys: KeyStore
    public let balances: BalanceStore
    public let usage: UsageStore
    public let budgets: BudgetStore
    public let prices: PriceStore
    public let audit: AuditLog
    public let tasks: TaskStore
    public let conversations: ConversationStore
    public let gallery: GalleryStore

    public init(database: AtelierDatabase, masterKey: MasterKey, hasher: PasswordHasher = PasswordHasher(),
                sessionLifetime: TimeInterval = 7 * 24 * 3600, sessionIdleTimeout: TimeInterval = 12 * 3600) {
        let sealer = SecretSealer(masterKey: masterKey)
        self.database = database
        members = MemberStore(database: database, hasher: hasher)
        sessions = SessionStore(database: database, lifetime: sessionLifetime, idleTimeout: sessionIdleTimeout)
        throttle = SignInThrottle(database: database)
        providers = ProviderStore(database: database, sealer: sealer)
        keys = KeyStore(database: database, sealer: sealer)
        balances = BalanceStore(database: database)
        usage = UsageStore(database: database)
        budgets = BudgetStore(database: database)
        prices = PriceStore(database: database)
        audit = AuditLog(database: database)
        tasks = TaskStore(database: database)
        conversations = ConversationStore(database: database)
        gallery = GalleryStore(database: database)
    }
}

import AtelierStore
import Foundation

/// A team over a fresh SQLite file in a temporary folder, with a cheap hasher so tests run fast
/// (the round count is tested on its own).
struct StoreFixture {
    let folder: URL
    let path: String
    let masterKey: MasterKey
    let team: Team

    init(masterKey: MasterKey = .random()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("atelier.sqlite").path
        self.masterKey = masterKey
        team = Team(database: try AtelierDatabase(path: path), masterKey: masterKey, hasher: PasswordHasher(rounds: 1_000))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    static let lead = Actor(memberID: nil, name: "lead", remoteAddress: "10.0.0.1")
}

extension Calendar {
    /// Foundation's Gregorian calendar in UTC, to check `UTCCalendar` against and to step months in tests.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

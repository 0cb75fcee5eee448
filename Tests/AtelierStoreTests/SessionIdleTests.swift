@testable import AtelierStore
import GRDB
import XCTest

/// Sessions end after a while without requests, not only at their absolute expiry; the last
/// request is written at most once a minute.
final class SessionIdleTests: XCTestCase {
    private func lastSeen(_ fixture: StoreFixture, _ session: Session) async throws -> Date? {
        try await fixture.team.database.read { db in
            try Session.fetchOne(db, key: session.tokenDigest)?.lastSeenAt
        }
    }

    func testASessionEndsAfterItsIdleTimeoutAndEachRequestKeepsItAlive() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let ada = try await fixture.team.members.add(name: "ada", displayName: "", role: .member, password: "ada password", by: .system)
        let sessions = SessionStore(database: fixture.team.database, lifetime: 7 * 24 * 3600, idleTimeout: 12 * 3600)
        let (token, session) = try await sessions.start(for: ada, from: "10.0.0.1", replacing: nil)
        let start = session.createdAt

        let soon = try await sessions.resolve(token: token, now: start.addingTimeInterval(30))
        XCTAssertNotNil(soon)
        let unchanged = try await lastSeen(fixture, session)
        XCTAssertEqual(unchanged.map { abs($0.timeIntervalSince(start)) < 0.01 }, true, "not written within a minute")

        let later = start.addingTimeInterval(11 * 3600)
        let kept = try await sessions.resolve(token: token, now: later)
        XCTAssertNotNil(kept, "eleven hours idle is within twelve")
        let touched = try await lastSeen(fixture, session)
        XCTAssertEqual(touched.map { abs($0.timeIntervalSince(later)) < 0.01 }, true, "the request was noted")

        let nextDay = try await sessions.resolve(token: token, now: later.addingTimeInterval(11 * 3600))
        XCTAssertNotNil(nextDay, "twenty-two hours after sign-in, but eleven since the last request")
        let idle = try await sessions.resolve(token: token, now: later.addingTimeInterval(11 * 3600 + 12 * 3600 + 1))
        XCTAssertNil(idle, "twelve hours without a request end it")
    }
}

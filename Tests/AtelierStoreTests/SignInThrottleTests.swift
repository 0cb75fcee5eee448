@testable import AtelierStore
import XCTest

final class SignInThrottleTests: XCTestCase {
    /// A try that must be allowed; fails the test otherwise.
    private func go(_ throttle: SignInThrottle, _ name: String, _ address: String, at now: Date,
                    file: StaticString = #filePath, line: UInt = #line) async throws -> SignInThrottle.Attempt? {
        let admission = try await throttle.begin(name: name, address: address, now: now)
        guard case .go(let attempt) = admission else {
            XCTFail("\(name) from \(address) was told \(admission)", file: file, line: line)
            return nil
        }
        return attempt
    }

    private func fail(_ throttle: SignInThrottle, _ name: String, _ address: String, at now: Date,
                      file: StaticString = #filePath, line: UInt = #line) async throws {
        if let attempt = try await go(throttle, name, address, at: now, file: file, line: line) { try await throttle.failed(attempt) }
    }

    func testFailuresSlowDownANameFromAnAddressWithoutLockingOtherAddresses() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let throttle = fixture.team.throttle
        let start = Date()
        for _ in 0..<5 { try await fail(throttle, "ada", "10.0.0.9", at: start) }
        let waited = try await throttle.begin(name: "Ada", address: "10.0.0.9", now: start.addingTimeInterval(1))
        XCTAssertEqual(waited, .wait(29), "the name is slowed from that address, whatever its case")
        _ = try await go(throttle, "ada", "10.0.0.10", at: start.addingTimeInterval(1))
        try await fail(throttle, "ada", "10.0.0.9", at: start.addingTimeInterval(31))
        let longer = try await throttle.begin(name: "ada", address: "10.0.0.9", now: start.addingTimeInterval(32))
        XCTAssertEqual(longer, .wait(59), "the wait doubles")
        _ = try await go(throttle, "bob", "10.0.0.9", at: start.addingTimeInterval(32))
        _ = try await go(throttle, "ada", "10.0.0.9", at: start.addingTimeInterval(31 + 15 * 60 + 1))
        let failedSignIns = try await fixture.team.audit.page(action: "sign_in.failed")
        XCTAssertEqual(failedSignIns.count, 6)
    }

    /// Check and count are one transaction: of twelve tries at once, five go ahead.
    func testConcurrentTriesAreCountedBeforeAnyPasswordIsChecked() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let throttle = fixture.team.throttle
        let now = Date()
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    if case .go = try await throttle.begin(name: "lead", address: "10.6.6.6", now: now) { return true }
                    return false
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        XCTAssertEqual(admitted, 5)
    }

    /// One address is capped across names; a success takes its try back and clears the name's
    /// failures from that address.
    func testAnAddressIsCappedAcrossNamesAndASuccessClearsItsOwnFailures() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let throttle = fixture.team.throttle
        let now = Date()
        for index in 0..<20 { try await fail(throttle, "name\(index)", "10.7.7.7", at: now) }
        guard case .wait = try await throttle.begin(name: "someone", address: "10.7.7.7", now: now) else {
            return XCTFail("the twenty-first name from one address waits")
        }
        for _ in 0..<4 { try await fail(throttle, "ada", "10.8.8.8", at: now) }
        let right = try await go(throttle, "ada", "10.8.8.8", at: now)
        try await throttle.succeeded(try XCTUnwrap(right))
        for _ in 0..<5 { try await fail(throttle, "ada", "10.8.8.8", at: now) }
        guard case .wait = try await throttle.begin(name: "ada", address: "10.8.8.8", now: now) else {
            return XCTFail("five new failures after the success slow it down again")
        }
    }

    /// Past the loose per-name cap (a distributed attack), addresses that failed for the name
    /// wait, while an address the name signed in from, or one with no failure, still goes.
    func testThePerNameCapSparesTheOwnersAddresses() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var throttle = fixture.team.throttle
        throttle.nameAllowance = 10
        let now = Date()
        let first = try await go(throttle, "lead", "10.0.0.1", at: now)
        try await throttle.succeeded(try XCTUnwrap(first))
        try await fail(throttle, "lead", "10.0.0.1", at: now)
        for index in 0..<10 { try await fail(throttle, "lead", "172.16.0.\(index)", at: now) }
        guard case .wait = try await throttle.begin(name: "lead", address: "172.16.0.3", now: now) else {
            return XCTFail("an address with a failure for the name waits once the name's cap is reached")
        }
        _ = try await go(throttle, "lead", "10.0.0.1", at: now)
        _ = try await go(throttle, "lead", "192.168.1.1", at: now)
        _ = try await go(throttle, "someone-else", "172.16.0.3", at: now)
    }
}

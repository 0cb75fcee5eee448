import AtelierStore
import XCTest

final class MemberStoreTests: XCTestCase {
    func testAddAuthenticateAndDuplicateNames() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let members = fixture.team.members
        let ada = try await members.add(name: "ada", displayName: "Ada L.", role: .member, password: "correct horse", by: StoreFixture.lead)
        XCTAssertNotNil(ada.id)
        let signedIn = try await members.authenticate(name: "ADA", password: "correct horse")
        XCTAssertEqual(signedIn?.id, ada.id, "names match regardless of case")
        let wrongPassword = try await members.authenticate(name: "ada", password: "wrong horse!")
        XCTAssertNil(wrongPassword)
        let unknownName = try await members.authenticate(name: "nobody", password: "correct horse")
        XCTAssertNil(unknownName)
        do {
            try await members.add(name: "Ada", displayName: "", role: .viewer, password: "another password", by: StoreFixture.lead)
            XCTFail("a duplicate name must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors, [FieldError(field: "name", code: "taken")])
        }
        let count = try await members.count()
        XCTAssertEqual(count, 1, "the refused member left no row")
        let audit = try await fixture.team.audit.page()
        XCTAssertEqual(audit.map(\.action), ["member.added"])
        XCTAssertEqual(audit.first?.remoteAddress, "10.0.0.1")
    }

    func testValidationNamesEveryBadField() {
        let errors = MemberStore.validate(name: String(repeating: "x", count: 41), displayName: "a\u{07}b", password: "short")
        XCTAssertEqual(Set(errors.map(\.field)), ["name", "display_name", "password"])
        XCTAssertEqual(MemberStore.validate(name: "", displayName: "", password: "long enough!").map(\.code), ["required"])
        XCTAssertEqual(MemberStore.validate(name: "<script>", displayName: "", password: "long enough!").map(\.code), ["name_characters"])
        XCTAssertTrue(MemberStore.validate(name: "li.wei-2", displayName: "李伟", password: "long enough!").isEmpty)
    }

    func testDisablingEndsSessionsAndBlocksSignIn() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        try await team.members.add(name: "boss", displayName: "", role: .lead, password: "lead password", by: .system)
        let bob = try await team.members.add(name: "bob", displayName: "", role: .member, password: "bob password", by: .system)
        let (token, _) = try await team.sessions.start(for: bob, from: "10.0.0.2", replacing: nil)
        let resolved = try await team.sessions.resolve(token: token)
        XCTAssertEqual(resolved?.member.name, "bob")
        try await team.members.setDisabled(true, memberID: bob.id!, by: StoreFixture.lead)
        let afterDisable = try await team.sessions.resolve(token: token)
        XCTAssertNil(afterDisable)
        let signIn = try await team.members.authenticate(name: "bob", password: "bob password")
        XCTAssertNil(signIn)
    }

    func testTheLastLeadStays() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let lead = try await fixture.team.members.add(name: "boss", displayName: "", role: .lead, password: "lead password", by: .system)
        for change in [
            { try await fixture.team.members.setDisabled(true, memberID: lead.id!, by: StoreFixture.lead) },
            { try await fixture.team.members.remove(memberID: lead.id!, by: StoreFixture.lead) },
            { try await fixture.team.members.setRole(.member, of: lead.id!, by: StoreFixture.lead) },
        ] as [() async throws -> Void] {
            do { try await change(); XCTFail("the last lead must stay") } catch StoreError.lastLead {}
        }
        let still = try await fixture.team.members.find(id: lead.id!)
        XCTAssertEqual(still?.role, .lead)
        XCTAssertEqual(still?.isDisabled, false)
    }

    func testPasswordChangeNeedsTheCurrentOneAndKeepsOnlyThisSession() async throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let team = fixture.team
        let ada = try await team.members.add(name: "ada", displayName: "", role: .member, password: "first password", by: .system)
        let (here, _) = try await team.sessions.start(for: ada, from: "a", replacing: nil)
        let (elsewhere, _) = try await team.sessions.start(for: ada, from: "b", replacing: nil)
        do {
            try await team.members.changeOwnPassword(memberID: ada.id!, current: "not it at all", new: "second password",
                                                     keepingSession: SessionStore.digest(here), by: .member(ada, from: "a"))
            XCTFail("a wrong current password must be refused")
        } catch let failure as ValidationFailure {
            XCTAssertEqual(failure.errors.first?.field, "current_password")
        }
        try await team.members.changeOwnPassword(memberID: ada.id!, current: "first password", new: "second password",
                                                 keepingSession: SessionStore.digest(here), by: .member(ada, from: "a"))
        let kept = try await team.sessions.resolve(token: here)
        let ended = try await team.sessions.resolve(token: elsewhere)
        XCTAssertNotNil(kept)
        XCTAssertNil(ended)
        let old = try await team.members.authenticate(name: "ada", password: "first password")
        let new = try await team.members.authenticate(name: "ada", password: "second password")
        XCTAssertNil(old)
        XCTAssertNotNil(new)
    }
}

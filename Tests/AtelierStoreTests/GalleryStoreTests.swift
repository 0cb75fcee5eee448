import AtelierStore
import Foundation
import GRDB
import XCTest

/// The gallery's store: assets follow kept outputs (triggers), privacy in every query, search
/// over the trigram index (Chinese and English, FTS syntax taken literally), keyset pages, and
/// curation.
final class GalleryStoreTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000)

    /// A finished task of `memberID` with one output; answers the output's id.
    @discardableResult
    static func addOutput(_ team: Team, id: String, memberID: Int64?, memberName: String = "m", prompt: String, kind: String = "image",
                          provider: String = "Sim", model: String = "midjourney", createdAt: Date, title: String? = nil, text: String? = nil,
                          path: String? = nil, pending: Bool = false) async throws -> Int64 {
        try await team.database.write { db in
            var task = TaskRecord(id: id, memberId: memberID, memberName: memberName, providerId: nil, providerName: provider,
                                  family: "midjourney", operation: "mj-imagine", kind: kind, model: model, prompt: prompt, request: "{}",
                                  idempotencyKey: "key-\(id)", createdAt: createdAt, deadlineAt: createdAt.addingTimeInterval(600))
            task.status = .succeeded
            try task.insert(db)
            var output = TaskOutputRecord(taskId: id, position: 0, kind: kind, sourceURL: kind == "text" ? nil : "https://x/\(id)",
                                          text: text, title: title)
            if kind != "text" && !pending {
                output.state = .kept
                output.relativePath = path ?? "ab/cd/\(id).png"
                output.mimeType = kind == "audio" ? "audio/wav" : kind == "video" ? "video/mp4" : "image/png"
                output.byteCount = 1000
            }
            try output.insert(db)
            return try XCTUnwrap(output.id)
        }
    }

    private func fixture() async throws -> (StoreFixture, GalleryStore, lead: Int64, mia: Int64) {
        let fixture = try StoreFixture()
        let lead = try await fixture.team.members.add(name: "lead", displayName: "Lead", role: .lead, password: "lead password 1", by: .system)
        let mia = try await fixture.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        return (fixture, GalleryStore(database: fixture.team.database), try XCTUnwrap(lead.id), try XCTUnwrap(mia.id))
    }

    func testKeptOutputsAndTextsBecomeAssetsAndPendingOnesOnlyOnceKept() async throws {
        let (fixture, gallery, lead, _) = try await fixture()
        defer { fixture.remove() }
        try await Self.addOutput(fixture.team, id: "t1", memberID: lead, prompt: "a red fox", createdAt: start)
        try await Self.addOutput(fixture.team, id: "t2", memberID: lead, prompt: "lyrics please", kind: "text", createdAt: start + 1,
                                 title: "Song", text: "la la land")
        let pending = try await Self.addOutput(fixture.team, id: "t3", memberID: lead, prompt: "later", createdAt: start + 2, pending: true)
        var page = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: .first, limit: 10)
        XCTAssertEqual(page.tiles.map(\.taskID), ["t2", "t1"])
        XCTAssertEqual(page.tiles.first?.textPrefix, "la la land")
        try await fixture.team.database.write { db in
            try db.execute(sql: "UPDATE taskOutput SET state = 'kept', relativePath = 'x/y.png' WHERE id = ?", arguments: [pending])
        }
        page = try await gallery.page(viewerID: lead, filter: GalleryFilter(kind: .image), from: .first, limit: 10)
        XCTAssertEqual(page.tiles.map(\.taskID), ["t3", "t1"])
        let found = try await gallery.page(viewerID: lead, filter: GalleryFilter(search: try GallerySearch("land")), from: .first, limit: 10)
        XCTAssertEqual(found.tiles.map(\.taskID), ["t2"], "lyrics are searched")
    }

    func testSearchFindsChineseOfTwoCharactersAndEnglishAndTakesFTSSyntaxLiterally() async throws {
        let (fixture, gallery, lead, _) = try await fixture()
        defer { fixture.remove() }
        try await Self.addOutput(fixture.team, id: "zh", memberID: lead, prompt: "一只纸鹤在雨中飞", createdAt: start)
        try await Self.addOutput(fixture.team, id: "en", memberID: lead, prompt: "A Paper crane OR a boat (study)", createdAt: start + 1)
        try await Self.addOutput(fixture.team, id: "q", memberID: lead, prompt: #"say "hello" * NEAR me"#, createdAt: start + 2)
        func search(_ text: String) async throws -> [String] {
            try await gallery.page(viewerID: lead, filter: GalleryFilter(search: try GallerySearch(text)), from: .first, limit: 10).tiles.map(\.taskID)
        }
        let twoChinese = try await search("纸鹤")
        XCTAssertEqual(twoChinese, ["zh"])
        let threeChinese = try await search("在雨中")
        XCTAssertEqual(threeChinese, ["zh"])
        let english = try await search("paper CRANE")
        XCTAssertEqual(english, ["en"])
        let or = try await search("OR")
        XCTAssertEqual(or, ["en"], "OR is a word, not an operator")
        let quote = try await search(#""hello""#)
        XCTAssertEqual(quote, ["q"])
        for hostile in [#"""#, "*", "NEAR", "NEAR(a b)", "((study", "study)", "鹤", "a OR b", #"" OR ""#, "^x", "col:x", "%", "_"] {
            _ = try await search(hostile)
        }
        let star = try await search("*")
        XCTAssertEqual(star, ["q"])
        let percent = try await search("%")
        XCTAssertEqual(percent, [], "% is a literal character")
        XCTAssertNil(try GallerySearch("   "))
        XCTAssertThrowsError(try GallerySearch(String(repeating: "字", count: 201)))
    }

    func testAnotherMembersPrivateOutputIsAbsentFromListsAndLookups() async throws {
        let (fixture, gallery, lead, mia) = try await fixture()
        defer { fixture.remove() }
        let secret = try await Self.addOutput(fixture.team, id: "secret", memberID: mia, memberName: "mia", prompt: "secret cat", createdAt: start)
        try await Self.addOutput(fixture.team, id: "open", memberID: mia, memberName: "mia", prompt: "open cat", createdAt: start + 1)
        let refused = try await gallery.setPrivate(true, outputID: secret, ownerID: lead)
        XCTAssertFalse(refused, "only the owner marks an output private")
        let marked = try await gallery.setPrivate(true, outputID: secret, ownerID: mia)
        XCTAssertTrue(marked)
        let leadPage = try await gallery.page(viewerID: lead, filter: GalleryFilter(search: try GallerySearch("cat")), from: .first, limit: 10)
        XCTAssertEqual(leadPage.tiles.map(\.taskID), ["open"])
        let miaPage = try await gallery.page(viewerID: mia, filter: GalleryFilter(mine: true), from: .first, limit: 10)
        XCTAssertEqual(miaPage.tiles.map(\.taskID), ["open", "secret"])
        XCTAssertEqual(miaPage.tiles.last?.isPrivate, true)
        let leadAsset = try await gallery.asset(outputID: secret, viewerID: lead)
        XCTAssertNil(leadAsset)
        let leadFile = try await gallery.keptFile(taskID: "secret", position: 0, viewerID: lead)
        XCTAssertNil(leadFile)
        let miaFile = try await gallery.keptFile(taskID: "secret", position: 0, viewerID: mia)
        XCTAssertNotNil(miaFile)
        let favourite = try await gallery.setFavourite(true, outputID: secret, memberID: lead)
        XCTAssertFalse(favourite)
        let tagged = try await gallery.addTag("x", to: [secret], viewerID: lead)
        XCTAssertEqual(tagged, 0)
        let deletion = try await gallery.delete([secret], by: StoreFixture.lead, viewerID: lead, isLead: true)
        XCTAssertEqual(deletion.deleted, 0, "the lead cannot delete what they cannot see")
    }

    func testPagesByKeysetStayStableWhileNewOutputsArriveAndRefuseAForeignCursor() async throws {
        let (fixture, gallery, lead, mia) = try await fixture()
        defer { fixture.remove() }
        for index in 0..<10 {
            // Pairs at the same moment: the id breaks the tie.
            try await Self.addOutput(fixture.team, id: "k\(index)", memberID: lead, prompt: "p", createdAt: start + Double(index / 2))
        }
        let first = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: .first, limit: 4)
        XCTAssertEqual(first.tiles.map(\.taskID), ["k9", "k8", "k7", "k6"])
        try await Self.addOutput(fixture.team, id: "new", memberID: lead, prompt: "p", createdAt: start + 100)
        let second = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: try XCTUnwrap(first.next), limit: 4)
        XCTAssertEqual(second.tiles.map(\.taskID), ["k5", "k4", "k3", "k2"])
        let third = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: try XCTUnwrap(second.next), limit: 4)
        XCTAssertEqual(third.tiles.map(\.taskID), ["k1", "k0"])
        XCTAssertNil(third.next)
        let back = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: try XCTUnwrap(third.previous), limit: 4)
        XCTAssertEqual(back.tiles.map(\.taskID), ["k5", "k4", "k3", "k2"])
        let oldest = try await gallery.page(viewerID: lead, filter: GalleryFilter(sort: .oldest), from: .first, limit: 3)
        XCTAssertEqual(oldest.tiles.map(\.taskID), ["k0", "k1", "k2"])
        do {
            _ = try await gallery.page(viewerID: mia, filter: GalleryFilter(), from: try XCTUnwrap(first.next), limit: 4)
            XCTFail("a cursor made for the lead is refused for Mia")
        } catch let refusal as GalleryRefusal {
            XCTAssertEqual(refusal.field, "after")
        }
        XCTAssertNil(GalleryCursor(token: "bm90OmE6Y3Vyc29y"))
        XCTAssertEqual(GalleryCursor(token: try XCTUnwrap(first.next.flatMap { if case .after(let c) = $0 { c.token } else { nil } }))?.memberID, lead)
    }

    func testCollectionsTagsFavouritesAndFilters() async throws {
        let (fixture, gallery, lead, mia) = try await fixture()
        defer { fixture.remove() }
        let a = try await Self.addOutput(fixture.team, id: "a", memberID: lead, prompt: "alpha", createdAt: start)
        let b = try await Self.addOutput(fixture.team, id: "b", memberID: mia, memberName: "mia", prompt: "beta", kind: "audio", provider: "Other",
                                         createdAt: start + 1)
        let collection = try await gallery.createCollection(name: "Best", isShared: false, ownerID: mia)
        let added = try await gallery.collect([a, b, 999], into: collection, ownerID: mia)
        XCTAssertEqual(added, 2)
        do {
            _ = try await gallery.collect([a], into: collection, ownerID: lead)
            XCTFail("the lead cannot fill Mia's collection")
        } catch let refusal as GalleryRefusal { XCTAssertEqual(refusal.field, "collection") }
        do {
            _ = try await gallery.page(viewerID: lead, filter: GalleryFilter(collectionID: collection), from: .first, limit: 10)
            XCTFail("Mia's private collection is not the lead's to open")
        } catch let refusal as GalleryRefusal { XCTAssertEqual(refusal.field, "collection") }
        let shared = try await gallery.updateCollection(collection, name: "Best of", isShared: true, ownerID: mia)
        XCTAssertTrue(shared)
        let inCollection = try await gallery.page(viewerID: lead, filter: GalleryFilter(collectionID: collection), from: .first, limit: 10)
        XCTAssertEqual(inCollection.tiles.map(\.taskID), ["b", "a"])
        _ = try await gallery.addTag(try GalleryNames.tag("  Sunset   Sky "), to: [a], viewerID: mia)
        let tagged = try await gallery.page(viewerID: lead, filter: GalleryFilter(tag: "sunset sky"), from: .first, limit: 10)
        XCTAssertEqual(tagged.tiles.map(\.taskID), ["a"])
        let bySearch = try await gallery.page(viewerID: lead, filter: GalleryFilter(search: try GallerySearch("sunset")), from: .first, limit: 10)
        XCTAssertEqual(bySearch.tiles.map(\.taskID), ["a"], "tags are searched")
        _ = try await gallery.setFavourite(true, outputID: b, memberID: lead)
        let favourites = try await gallery.page(viewerID: lead, filter: GalleryFilter(favourites: true), from: .first, limit: 10)
        XCTAssertEqual(favourites.tiles.map(\.taskID), ["b"])
        XCTAssertEqual(favourites.tiles.first?.isFavourite, true)
        let miaFavourites = try await gallery.page(viewerID: mia, filter: GalleryFilter(favourites: true), from: .first, limit: 10)
        XCTAssertEqual(miaFavourites.tiles, [], "favourites are per member")
        let filtered = try await gallery.page(viewerID: lead, filter: GalleryFilter(kind: .audio, provider: "Other", memberID: mia),
                                              from: .first, limit: 10)
        XCTAssertEqual(filtered.tiles.map(\.taskID), ["b"])
        let dated = try await gallery.page(viewerID: lead, filter: GalleryFilter(from: start + 1, to: start + 2), from: .first, limit: 10)
        XCTAssertEqual(dated.tiles.map(\.taskID), ["b"])
        let removed = try await gallery.deleteCollection(collection, ownerID: mia)
        XCTAssertTrue(removed)
        XCTAssertThrowsError(try GalleryNames.tag("   "))
        XCTAssertThrowsError(try GalleryNames.tag(String(repeating: "x", count: 41)))
    }

    func testDeletingRemovesTheRowAuditsItAndReturnsOnlyFilesNoOtherOutputUses() async throws {
        let (fixture, gallery, lead, mia) = try await fixture()
        defer { fixture.remove() }
        let mine = try await Self.addOutput(fixture.team, id: "m", memberID: mia, memberName: "mia", prompt: "p", createdAt: start, path: "aa/bb/same.png")
        let twin = try await Self.addOutput(fixture.team, id: "t", memberID: lead, prompt: "p", createdAt: start, path: "aa/bb/same.png")
        let other = try await Self.addOutput(fixture.team, id: "o", memberID: lead, prompt: "p", createdAt: start, path: "cc/dd/own.png")
        let actor = Actor(memberID: mia, name: "mia", remoteAddress: "10.0.0.2")
        let refused = try await gallery.delete([other], by: actor, viewerID: mia, isLead: false)
        XCTAssertEqual(refused.deleted, 0, "a member deletes only their own")
        let first = try await gallery.delete([mine], by: actor, viewerID: mia, isLead: false)
        XCTAssertEqual(first.deleted, 1)
        XCTAssertEqual(first.unusedFiles, [], "the lead's twin still uses the file")
        let second = try await gallery.delete([twin, other], by: StoreFixture.lead, viewerID: lead, isLead: true)
        XCTAssertEqual(second.deleted, 2)
        XCTAssertEqual(second.unusedFiles, ["aa/bb/same.png", "cc/dd/own.png"])
        let audit = try await fixture.team.audit.page(action: "output.delete")
        XCTAssertEqual(audit.count, 3)
        let left = try await gallery.page(viewerID: lead, filter: GalleryFilter(), from: .first, limit: 10)
        XCTAssertEqual(left.tiles, [])
        let text = try await fixture.team.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM galleryText") }
        XCTAssertEqual(text, 0, "the text index follows")
    }
}

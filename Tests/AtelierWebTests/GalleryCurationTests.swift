import AtelierStore
import FastCGI
import Foundation
import XCTest

/// Curation through the forms: favourites, tags, collections (private or shared), private or
/// team, deletion after a confirmation (files too, audited), bulk actions from the grid, and
/// the lead's storage table.
final class GalleryCurationTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000)

    private func signIn(_ harness: WebHarness, _ name: String, _ password: String) async throws -> (WebHarness.Browser, String) {
        let browser = WebHarness.Browser(harness)
        return (browser, try await browser.signIn(name, password))
    }

    private func tiles(_ html: String) -> Int { html.components(separatedBy: "<li class=\"gallery-tile").count - 1 }

    func testFavouritesTagsAndCollectionsThroughTheForms() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let seeds = GallerySeeds(team: harness.team)
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let a = try await seeds.one("a", member: mia, prompt: "alpha", createdAt: start)
        let b = try await seeds.one("b", member: mia, prompt: "beta", createdAt: start + 1)
        let (browser, csrf) = try await signIn(harness, "mia", "member password 1")

        var (response, _) = await browser.post("/gallery/\(a)/favourite", [("on", "1")], csrf: csrf)
        XCTAssertEqual(response.status, .seeOther)
        var (_, html) = await browser.get("/gallery?fav=1")
        XCTAssertEqual(tiles(html), 1)
        XCTAssertTrue(html.contains("alpha"))
        (_, html) = await browser.get("/gallery/\(a)")
        XCTAssertTrue(html.contains("★ Unfavourite"))
        _ = await browser.post("/gallery/\(a)/favourite", [("on", "0")], csrf: csrf)
        (_, html) = await browser.get("/gallery?fav=1")
        XCTAssertEqual(tiles(html), 0)

        (response, _) = await browser.post("/gallery/\(b)/tag", [("tag", "  Night  Sky ")], csrf: csrf)
        XCTAssertEqual(response.headers["location"], "/gallery/\(b)?done=gallery_tagged")
        (_, html) = await browser.get("/gallery?tag=night%20sky")
        XCTAssertEqual(tiles(html), 1)
        XCTAssertTrue(html.contains("beta"))
        (_, html) = await browser.get("/gallery?q=night")
        XCTAssertEqual(tiles(html), 1, "tags are searched")
        (response, _) = await browser.post("/gallery/\(b)/tag", [("tag", "   ")], csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)
        _ = await browser.post("/gallery/\(b)/untag", [("tag", "night sky")], csrf: csrf)
        (_, html) = await browser.get("/gallery?tag=night%20sky")
        XCTAssertEqual(tiles(html), 0)

        (response, html) = await browser.post("/gallery/collections", [("name", "")], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent)
        XCTAssertTrue(html.contains("A collection needs a name"))
        (response, _) = await browser.post("/gallery/collections", [("name", "Favourites of May")], csrf: csrf)
        XCTAssertEqual(response.status, .seeOther)
        let collections = try await GalleryStore(database: harness.team.database).collections(viewerID: try XCTUnwrap(mia.id))
        let collection = try XCTUnwrap(collections.first)
        _ = await browser.post("/gallery/bulk", [("action", "collect"), ("collection", String(collection.id)), ("ids", String(a)), ("ids", String(b)),
                                                 ("back", "/gallery?kind=image")], csrf: csrf)
        (_, html) = await browser.get("/gallery?collection=\(collection.id)")
        XCTAssertEqual(tiles(html), 2)

        // The lead cannot open Mia's private collection, nor fill it.
        let (lead, leadCSRF) = try await signIn(harness, "lead", WebHarness.leadPassword)
        (response, html) = await lead.get("/gallery?collection=\(collection.id)")
        XCTAssertEqual(response.status, .badRequest)
        XCTAssertTrue(html.contains("neither yours nor shared"), html)
        (response, _) = await lead.post("/gallery/\(a)/collect", [("collection", String(collection.id))], csrf: leadCSRF)
        XCTAssertEqual(response.status, .badRequest)
        (response, _) = await lead.post("/gallery/collections/\(collection.id)", [("name", "mine now")], csrf: leadCSRF)
        XCTAssertEqual(response.status, .notFound)
        // Shared, the lead sees it.
        _ = await browser.post("/gallery/collections/\(collection.id)", [("name", "May"), ("shared", "1")], csrf: csrf)
        (response, html) = await lead.get("/gallery?collection=\(collection.id)")
        XCTAssertEqual(response.status, .ok)
        XCTAssertEqual(tiles(html), 2)
        (_, html) = await lead.get("/gallery/collections")
        XCTAssertTrue(html.contains(">May</a>") && html.contains("shared with the team"))
        (response, _) = await browser.post("/gallery/collections/\(collection.id)/delete", [], csrf: csrf)
        XCTAssertEqual(response.status, .seeOther)
        (_, html) = await browser.get("/gallery")
        XCTAssertEqual(tiles(html), 2, "deleting a collection keeps its outputs")
    }

    func testDeletingAsksFirstRemovesTheFilesAndIsAudited() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let seeds = GallerySeeds(team: harness.team)
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let leadMember = try await harness.team.members.find(name: "lead")
        let lead = try XCTUnwrap(leadMember)
        let media = harness.folder.appendingPathComponent("media")
        for path in ["aa/bb/mine.png", "aa/bb/mine-s.webp", "cc/dd/lead.png"] {
            let url = media.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("bytes".utf8).write(to: url)
        }
        let mine = try await seeds.one("m", member: mia, prompt: "mine", createdAt: start,
                                                     outputs: [.init(path: "aa/bb/mine.png", small: "aa/bb/mine-s.webp")])
        let leads = try await seeds.one("l", member: lead, prompt: "the lead's", createdAt: start + 1,
                                                      outputs: [.init(path: "cc/dd/lead.png")])
        let (browser, csrf) = try await signIn(harness, "mia", "member password 1")

        var (response, html) = await browser.get("/gallery/\(mine)/delete")
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains("Delete 1 output(s) and their files?"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: media.appendingPathComponent("aa/bb/mine.png").path), "nothing deleted by asking")
        (response, html) = await browser.post("/gallery/delete", [("ids", String(mine))], csrf: csrf)
        XCTAssertEqual(response.status, .ok, "without confirm: the question again")
        XCTAssertTrue(html.contains("Delete for good"))
        (response, _) = await browser.post("/gallery/delete", [("ids", String(leads)), ("confirm", "yes")], csrf: csrf)
        XCTAssertEqual(response.status, .notFound, "a member deletes only their own")
        (response, _) = await browser.post("/gallery/delete", [("ids", String(mine)), ("confirm", "yes"), ("back", "/gallery/\(mine)")], csrf: csrf)
        XCTAssertEqual(response.headers["location"], "/gallery?done=gallery_deleted")
        XCTAssertFalse(FileManager.default.fileExists(atPath: media.appendingPathComponent("aa/bb/mine.png").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: media.appendingPathComponent("aa/bb/mine-s.webp").path))
        let (gone, _) = await browser.get("/gallery/\(mine)")
        XCTAssertEqual(gone.status, .notFound)
        let (file, _) = await browser.get("/files/m/0")
        XCTAssertEqual(file.status, .notFound)

        let (leadBrowser, leadCSRF) = try await signIn(harness, "lead", WebHarness.leadPassword)
        let miaSecond = try await seeds.one("m2", member: mia, prompt: "second", createdAt: start + 2)
        (response, _) = await leadBrowser.post("/gallery/delete", [("ids", String(miaSecond)), ("ids", String(leads)), ("confirm", "yes")], csrf: leadCSRF)
        XCTAssertEqual(response.status, .seeOther, "the lead deletes anyone's")
        XCTAssertFalse(FileManager.default.fileExists(atPath: media.appendingPathComponent("cc/dd/lead.png").path))
        let audit = try await harness.team.audit.page(action: "output.delete")
        XCTAssertEqual(Set(audit.map(\.actorName)), ["mia", "lead"])
        XCTAssertEqual(audit.count, 3)
        let (_, auditPage) = await leadBrowser.get("/audit")
        XCTAssertTrue(auditPage.contains("output.delete"))
    }

    func testBulkActionsAreCappedAndCheckedAndTheLeadSeesStorage() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let seeds = GallerySeeds(team: harness.team)
        let leadMember = try await harness.team.members.find(name: "lead")
        let lead = try XCTUnwrap(leadMember)
        let a = try await seeds.one("a", member: lead, prompt: "one", createdAt: start)
        let b = try await seeds.one("b", member: lead, prompt: "two", createdAt: start + 1, outputs: [.init(kind: "audio")])
        let (browser, csrf) = try await signIn(harness, "lead", WebHarness.leadPassword)
        var (_, html) = await browser.get("/gallery")
        XCTAssertTrue(html.contains(#"<input type="checkbox" name="ids" value="\#(a)">"#))
        var (response, _) = await browser.post("/gallery/bulk", [("action", "tag"), ("tag", "batch"), ("ids", String(a)), ("ids", String(b)),
                                                                 ("back", "/gallery?kind=image")], csrf: csrf)
        XCTAssertEqual(response.headers["location"], "/gallery?kind=image&done=gallery_tagged")
        (_, html) = await browser.get("/gallery?tag=batch")
        XCTAssertEqual(tiles(html), 2)
        (response, html) = await browser.post("/gallery/bulk", [("action", "delete"), ("ids", String(a)), ("ids", String(b))], csrf: csrf)
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains("Delete 2 output(s)"), "bulk delete asks first")
        let many = (1...10_000).map { ("ids", String($0)) }
        (response, html) = await browser.post("/gallery/bulk", [("action", "tag"), ("tag", "x")] + many, csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)
        XCTAssertTrue(html.contains("Too many outputs selected") && html.contains("200"), html)
        (response, html) = await browser.post("/gallery/bulk", [("action", "tag"), ("tag", "x")], csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)
        XCTAssertTrue(html.contains("Select at least one output"))
        (response, _) = await browser.post("/gallery/bulk", [("action", "explode"), ("ids", String(a))], csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)
        (response, _) = await browser.post("/gallery/bulk", [("action", "tag"), ("tag", "x"), ("ids", "1; DROP TABLE task")], csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)
        (response, _) = await browser.post("/gallery/bulk", [("action", "collect"), ("collection", "abc"), ("ids", String(a))], csrf: csrf)
        XCTAssertEqual(response.status, .badRequest)

        (response, html) = await browser.get("/gallery/storage")
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains("<td translate=\"no\">lead</td><td>Images</td><td class=\"number\">1</td><td class=\"number\">2 KB</td>"), html)
        XCTAssertTrue(html.contains("<td translate=\"no\">lead</td><td>Audio</td>"))
        _ = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let (member, _) = try await signIn(harness, "mia", "member password 1")
        let (refused, _) = await member.get("/gallery/storage")
        XCTAssertEqual(refused.status, .forbidden)
    }
}

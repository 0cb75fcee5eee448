import AtelierStore
import FastCGI
import Foundation
import RelayClient
import TaskEngine
import XCTest

/// `/gallery`, the asset page and the file routes, in-process: tiles with lazy thumbnails and
/// their fallbacks, playable audio and video, the asset page's facts and links, privacy on every
/// page and file, and the studio form filled in by "run again".
final class GalleryPagesTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_780_000_000)

    private struct Setup {
        let harness: WebHarness
        let lead: Member
        let mia: Member
        let seeds: GallerySeeds
    }

    private func setup() async throws -> Setup {
        let harness = try await WebHarness()
        let found = try await harness.team.members.find(name: "lead")
        let lead = try XCTUnwrap(found)
        let mia = try await harness.team.members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        return Setup(harness: harness, lead: lead, mia: mia, seeds: GallerySeeds(team: harness.team))
    }

    private func signIn(_ harness: WebHarness, _ name: String = "lead", _ password: String = WebHarness.leadPassword) async throws -> (WebHarness.Browser, String) {
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn(name, password)
        return (browser, csrf)
    }

    func testTheGridShowsLazyThumbnailsPlayableAudioAndVideoAndTextWithFallbacks() async throws {
        let setup = try await setup()
        defer { setup.harness.remove() }
        let seeds = setup.seeds
        try await seeds.task("img-thumb", member: setup.lead, prompt: "fox with thumb", createdAt: start,
                             outputs: [.init(small: "th/small.webp", large: "th/large.webp", width: 1024, height: 768)])
        try await seeds.task("img-plain", member: setup.lead, prompt: "fox plain", createdAt: start + 1,
                             outputs: [.init(width: 512, height: 256)])
        try await seeds.task("song", member: setup.lead, prompt: "ocean song", createdAt: start + 2,
                             outputs: [.init(kind: "audio", poster: "co/ver.jpg", duration: 125, title: "Ocean"), .init(kind: "audio", duration: 61)])
        try await seeds.task("clip", member: setup.lead, prompt: "a river", createdAt: start + 3, outputs: [.init(kind: "video", duration: 5)])
        try await seeds.task("words", member: setup.lead, prompt: "write lyrics", createdAt: start + 4,
                             outputs: [.init(kind: "text", title: "Lyrics", text: "[Verse]\nla <la>")])
        let (browser, _) = try await signIn(setup.harness)
        let (response, html) = await browser.get("/gallery")
        XCTAssertEqual(response.status, .ok)
        XCTAssertTrue(html.contains(#"<a href="/gallery" class="active" aria-current="page">Gallery</a>"#), "the navigation has the gallery")
        XCTAssertTrue(html.contains(#"<img src="/files/img-thumb/0/small" alt="fox with thumb" loading="lazy" decoding="async" width="1024" height="768">"#), html)
        XCTAssertTrue(html.contains(#"<img src="/files/img-plain/0" alt="fox plain" loading="lazy" decoding="async" width="512" height="256">"#),
                      "without a thumbnail the original stands in, sized")
        XCTAssertTrue(html.contains(#"<img src="/files/song/0/poster" alt="" loading="lazy">"#))
        XCTAssertTrue(html.contains(#"<audio controls preload="none" src="/files/song/0"></audio>"#))
        XCTAssertTrue(html.contains("· 2:05"), "the clip's duration")
        XCTAssertTrue(html.contains("<strong>Ocean</strong> ocean song"), "the clip's own title, not the page's")
        XCTAssertTrue(html.contains(#"<span class="gallery-placeholder" aria-hidden="true">♪</span>"#), "a clip without cover")
        XCTAssertTrue(html.contains(#"<video controls preload="none" src="/files/clip/0"></video>"#), "no poster attribute before one is made")
        XCTAssertTrue(html.contains("[Verse]\nla &lt;la&gt;"), "text tiles, escaped")
        XCTAssertFalse(html.contains("/files/img-thumb/0\""), "the grid never loads a full image that has a thumbnail")
        XCTAssertTrue(html.contains(#"<link rel="stylesheet" href="/static/css/gallery.css">"#))
        let (_, audio) = await browser.get("/gallery?kind=audio")
        XCTAssertEqual(audio.components(separatedBy: "<li class=\"gallery-tile").count - 1, 2)
        XCTAssertTrue(audio.contains(#"href="/gallery?kind=audio" class="active""#))
        browser.cookies["lang"] = "zh-Hans"
        let (_, chinese) = await browser.get("/gallery?kind=text")
        XCTAssertTrue(chinese.contains("图库") && chinese.contains("[Verse]"))
    }

    func testSearchFindsTwoChineseCharactersAndTakesFTSSyntaxLiterally() async throws {
        let setup = try await setup()
        defer { setup.harness.remove() }
        try await setup.seeds.task("zh", member: setup.lead, prompt: "一只纸鹤在雨中", createdAt: start)
        try await setup.seeds.task("en", member: setup.lead, prompt: "paper crane OR boat (draft", createdAt: start + 1)
        let (browser, _) = try await signIn(setup.harness)
        let (_, zh) = await browser.get("/gallery?q=%E7%BA%B8%E9%B9%A4")
        XCTAssertTrue(zh.contains("/gallery/") && zh.contains("一只纸鹤") && !zh.contains("paper crane"), zh)
        for hostile in ["%22", "*", "NEAR", "OR", "(((", "draft)", "%E9%B9%A4", "a%20OR%20b", "NEAR(paper%20crane)", "%22paper"] {
            let (response, html) = await browser.get("/gallery?q=\(hostile)")
            XCTAssertEqual(response.status, .ok, "q=\(hostile)")
            XCTAssertTrue(html.contains("<h1>Gallery</h1>"))
        }
        let (_, or) = await browser.get("/gallery?q=OR")
        XCTAssertTrue(or.contains("paper crane") && !or.contains("一只纸鹤"), "OR is searched as a word")
        let (_, lone) = await browser.get("/gallery?q=%E9%B9%A4")
        XCTAssertTrue(lone.contains("一只纸鹤") && !lone.contains("paper crane"), "a lone CJK character is found by LIKE")
        let (long, _) = await browser.get("/gallery?q=\(String(repeating: "x", count: 201))")
        XCTAssertEqual(long.status, .badRequest)
    }

    func testAnotherMembersPrivateOutputIsAbsentAnd404OnItsPageAndEveryFileRoute() async throws {
        let setup = try await setup()
        defer { setup.harness.remove() }
        let ids = try await setup.seeds.task("secret", member: setup.mia, prompt: "hidden lake", createdAt: start,
                                             outputs: [.init(small: "s/small.webp", large: "s/large.webp", poster: "s/poster.jpg")])
        try await setup.seeds.task("open", member: setup.mia, prompt: "open field", createdAt: start + 1)
        _ = try await setup.harness.team.members.add(name: "vic", displayName: "Vic", role: .viewer, password: "viewer password 1", by: .system)
        let secret = try XCTUnwrap(ids.first)
        let (miaBrowser, miaCSRF) = try await signIn(setup.harness, "mia", "member password 1")
        let (made, _) = await miaBrowser.post("/gallery/\(secret)/visibility", [("private", "1")], csrf: miaCSRF)
        XCTAssertEqual(made.status, .seeOther)
        let (_, own) = await miaBrowser.get("/gallery/\(secret)")
        XCTAssertTrue(own.contains("Only you can see this output."), "the owner still sees it")
        let (_, ownTask) = await miaBrowser.get("/tasks/secret")
        XCTAssertTrue(ownTask.contains(#"src="/files/secret/0""#), "the owner's task page shows it")
        let (ownFile, _) = await miaBrowser.get("/files/secret/0")
        XCTAssertEqual(ownFile.status, .ok)
        for (name, password) in [("lead", WebHarness.leadPassword), ("vic", "viewer password 1")] {
            let (browser, _) = try await signIn(setup.harness, name, password)
            let (_, list) = await browser.get("/gallery")
            XCTAssertTrue(list.contains("open field") && !list.contains("hidden lake"), "\(name): absent from the list")
            let (_, search) = await browser.get("/gallery?q=hidden")
            XCTAssertFalse(search.contains("hidden lake"))
            let (_, taskPage) = await browser.get("/tasks/secret")
            XCTAssertFalse(taskPage.contains("/files/secret/0"), "\(name): the task page leaves the private output out")
            for path in ["/gallery/\(secret)", "/files/secret/0", "/files/secret/0/small", "/files/secret/0/large", "/files/secret/0/poster",
                         "/files/secret/0?download=1"] {
                let (response, _) = await browser.get(path)
                XCTAssertEqual(response.status, .notFound, "\(name) \(path)")
                XCTAssertNil(response.headers["x-accel-redirect"], path)
            }
        }
        let (leadBrowser, leadCSRF) = try await signIn(setup.harness)
        let (refused, _) = await leadBrowser.post("/gallery/\(secret)/visibility", [("private", "0")], csrf: leadCSRF)
        XCTAssertEqual(refused.status, .notFound, "only the owner changes it")
    }

    func testFileRoutesHandTheCheckedPathToNginxWithThumbnailFallbacksAndADownloadName() async throws {
        let setup = try await setup()
        defer { setup.harness.remove() }
        try await setup.seeds.task("9f8e7d6c-1111", member: setup.lead, prompt: "p", model: "Flux.1 Pro", createdAt: start,
                                   outputs: [.init(path: "ab/cd/abc.png", small: "ab/cd/abc-s.webp"), .init(kind: "video", path: "ab/cd/v.mp4")])
        let (browser, _) = try await signIn(setup.harness)
        func get(_ path: String) async -> Response { await browser.get(path).0 }
        var response = await get("/files/9f8e7d6c-1111/0")
        XCTAssertEqual(response.headers["x-accel-redirect"], "/media/ab/cd/abc.png")
        XCTAssertEqual(response.headers["content-type"], "image/png")
        XCTAssertNil(response.headers["content-disposition"])
        response = await get("/files/9f8e7d6c-1111/0/small")
        XCTAssertEqual(response.headers["x-accel-redirect"], "/media/ab/cd/abc-s.webp")
        XCTAssertEqual(response.headers["content-type"], "image/webp")
        response = await get("/files/9f8e7d6c-1111/0/large")
        XCTAssertEqual(response.headers["x-accel-redirect"], "/media/ab/cd/abc.png", "no large thumbnail yet: the original")
        response = await get("/files/9f8e7d6c-1111/1/poster")
        XCTAssertEqual(response.status, .notFound, "no poster yet")
        response = await get("/files/9f8e7d6c-1111/0/other")
        XCTAssertEqual(response.status, .notFound)
        response = await get("/files/9f8e7d6c-1111/0?download=1")
        XCTAssertEqual(response.headers["content-disposition"], #"attachment; filename="flux-1-pro-9f8e7d6c-1.png""#)
        for path in ["/files/9f8e7d6c-1111/7", "/files/9f8e7d6c-1111/x", "/files/9f8e7d6c-1111/99999999999999999999", "/files/nope/0"] {
            let status = await get(path).status
            XCTAssertEqual(status, .notFound, path)
        }
    }

    func testTheAssetPageShowsFactsLinksButtonsRunAgainAndStepsWithinTheFilter() async throws {
        let setup = try await setup()
        defer { setup.harness.remove() }
        let provider = try await setup.harness.team.providers.add(
            ProviderStore.Input(name: "Relay", preset: "demo", baseURL: "https://relay.example", authKind: .bearer), by: .system)
        let request = StudioRequest(route: .midjourneyImagine, prompt: "a castle at dawn", aspectRatio: "16:9", seed: 42)
        try await setup.seeds.task("a-first", member: setup.lead, prompt: "castle one", createdAt: start, outputs: [.init(kind: "image")])
        let ids = try await setup.seeds.task("a-main", member: setup.lead, prompt: "a castle at dawn", providerID: provider.id,
                                             providerName: "Relay", request: request, providerTaskID: "mj-123",
                                             actions: [TaskAction(id: "MJ::JOB::upsample::1::abc", label: "U1", kind: "upscale")], createdAt: start + 1,
                                             outputs: [.init(width: 1024, height: 1024)])
        try await setup.seeds.task("a-audio", member: setup.lead, prompt: "castle song", createdAt: start + 2, outputs: [.init(kind: "audio")])
        try await setup.seeds.task("a-last", member: setup.lead, prompt: "castle three", createdAt: start + 3)
        try await setup.seeds.task("a-child", member: setup.lead, prompt: "upscaled", parentID: "a-main", createdAt: start + 4)
        let id = try XCTUnwrap(ids.first)
        let (browser, _) = try await signIn(setup.harness)
        let (response, html) = await browser.get("/gallery/\(id)?kind=image&q=castle")
        XCTAssertEqual(response.status, .ok, html)
        XCTAssertTrue(html.contains(#"<p class="prompt" id="asset-prompt">a castle at dawn</p>"#))
        XCTAssertTrue(html.contains("<code>mj-123</code>"))
        XCTAssertTrue(html.contains("<dd>Relay · midjourney</dd>"))
        XCTAssertTrue(html.contains("16:9") && html.contains("<dd>42</dd>") && html.contains("1024 × 1024"))
        XCTAssertTrue(html.contains(#"href="/files/a-main/0?download=1" download"#))
        XCTAssertTrue(html.contains(#"href="/studio/image?choice=\#(provider.id ?? 0)%7Cmj-imagine&amp;prompt=a%20castle%20at%20dawn&amp;aspect_ratio=16:9&amp;seed=42""#), html)
        XCTAssertTrue(html.contains(#"<a href="/tasks/a-main">"#), "the source task")
        XCTAssertTrue(html.contains(#"action="/tasks/a-main/press""#) && html.contains(#"name="action" value="MJ::JOB::upsample::1::abc""#),
                      "the grid's Midjourney buttons")
        XCTAssertTrue(html.contains(#"<a href="/tasks/a-child">"#), "the task it led to")
        // Within image + "castle": a-first before (older), a-last after (newer); the audio is skipped.
        XCTAssertTrue(html.contains("rel=\"prev\">← Previous"), html)
        XCTAssertTrue(html.contains("?kind=image&amp;q=castle\" rel=\"prev\"") && html.contains("?kind=image&amp;q=castle\" rel=\"next\""))
        XCTAssertTrue(html.contains(#"<a href="/gallery?kind=image&amp;q=castle">Back to the gallery</a>"#))
        let (studio, form) = await browser.get("/studio/image?choice=\(provider.id ?? 0)%7Cmj-imagine&prompt=a%20castle%20at%20dawn&aspect_ratio=16:9&seed=42")
        XCTAssertEqual(studio.status, .ok)
        XCTAssertTrue(form.contains(">a castle at dawn</textarea>"), "run again fills the studio form")
        XCTAssertTrue(form.contains(#"value="16:9" selected"#))
        let (missing, _) = await browser.get("/gallery/999999")
        XCTAssertEqual(missing.status, .notFound)
        let (word, _) = await browser.get("/gallery/abc")
        XCTAssertEqual(word.status, .notFound)
    }
}

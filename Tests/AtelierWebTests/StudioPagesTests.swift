import AtelierStore
@testable import AtelierWeb
@testable import FastCGI
import Foundation
import RelayClient
import RelaySim
import TaskEngine
import XCTest

/// The studio form, the task pages and kept files, in-process against relay-sim over loopback.
final class StudioPagesTests: XCTestCase {
    private func start() async throws -> (WebHarness, RelaySimulator, WebHarness.Browser, String) {
        let harness = try await WebHarness()
        let sim = RelaySimulator(configuration: SimulatorConfiguration(tick: .milliseconds(40), stepsToFinish: 3, seed: 9,
                                                                       deliverCallbacks: false))
        _ = try await sim.start()
        let provider = try await harness.team.providers.add(
            ProviderStore.Input(name: "Sim", preset: "demo", baseURL: sim.baseURL, authKind: .bearer), by: .system)
        try await harness.team.keys.add(providerID: provider.id!, label: "k", secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil,
                                        by: .system)
        try await harness.team.members.add(name: "mei", displayName: "Mei", role: .member, password: "member password 1", by: .system)
        let browser = WebHarness.Browser(harness)
        let csrf = try await browser.signIn("mei", "member password 1")
        return (harness, sim, browser, csrf)
    }

    private func choice(_ route: StudioRoute, in html: String) throws -> String {
        let pattern = #"value="(\d+)\|"# + route.rawValue + #"""#
        let range = try XCTUnwrap(html.range(of: pattern, options: .regularExpression), "the form offers \(route.rawValue)")
        return String(html[range].dropFirst(7).dropLast())
    }

    func testABadFormComesBackWithTheMessageByTheFieldAndEverythingTypedKept() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (page, html) = await browser.get("/studio/image")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(html.contains("≈ 0.04 USD / image"), "the price from the preset's table is shown before a paid submit")
        let choice = try choice(.openAIImage, in: html)
        let (response, again) = await browser.post("/studio/image", [
            ("choice", choice), ("model", "dall-e-3"), ("prompt", ""), ("negative_prompt", "no <blur>"), ("count", "12"),
            ("size", "1792x1024"), ("seed", "12ab"), ("submission", "0123456789abcdef0123"),
        ], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent)
        XCTAssertTrue(again.contains(#"value="12ab" inputmode="numeric">\#n  <p class="field-error">Digits only.</p>"#), "a seed that is no number")
        XCTAssertTrue(again.contains("</textarea>\n  <p class=\"field-error\">Required.</p>"), "the message sits by the prompt")
        XCTAssertTrue(again.contains("Out of range (at most 4)."))
        XCTAssertTrue(again.contains(#"value="no &lt;blur&gt;""#), "typed text is kept, escaped")
        XCTAssertTrue(again.contains(#"value="12""#))
        XCTAssertTrue(again.contains(#"<option value="1792x1024" selected>"#), "the chosen size is kept")
        XCTAssertTrue(again.contains(#"<option value="1024x1024">"#), "and only that one")
        let written = try await harness.team.tasks.list(memberID: nil)
        XCTAssertTrue(written.isEmpty, "nothing written")
    }

    func testASubmitGoesToItsTaskPageWhichShowsTheKeptImageThroughNginxsInternalLocation() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, form) = await browser.get("/studio/image")
        let (response, _) = await browser.post("/studio/image", [
            ("choice", try choice(.openAIImage, in: form)), ("model", "dall-e-3"), ("prompt", "a paper crane"), ("count", "1"),
            ("submission", "fedcba9876543210fedc"),
        ], csrf: csrf)
        XCTAssertEqual(response.status, .seeOther)
        let location = try XCTUnwrap(response.headers["location"])
        XCTAssertTrue(location.hasPrefix("/tasks/"))
        let id = String(location.dropFirst("/tasks/".count))

        for _ in 0..<200 {
            await harness.tasks.step()
            if try await harness.team.tasks.task(id: id)?.status.isFinal == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (status, json) = await browser.get("/tasks/\(id)/status")
        XCTAssertEqual(status.status, .ok)
        XCTAssertTrue(json.contains(#""status":"succeeded""#), json)
        let (_, html) = await browser.get("/tasks/\(id)")
        XCTAssertTrue(html.contains("Done"))
        XCTAssertTrue(html.contains(#"<img src="/files/\#(id)/0""#), html)
        let (file, _) = await browser.get("/files/\(id)/0")
        XCTAssertEqual(file.status, .ok)
        XCTAssertEqual(file.headers["content-type"], "image/png")
        let accel = try XCTUnwrap(file.headers["x-accel-redirect"])
        XCTAssertTrue(accel.hasPrefix("/media/") && accel.hasSuffix(".png"), accel)
        let (mine, _) = await browser.get("/tasks")
        XCTAssertEqual(mine.status, .ok)
        let (missing, _) = await browser.get("/files/\(id)/7")
        XCTAssertEqual(missing.status, .notFound)
    }

    func testAViewerCannotSubmitAndACallbackWithABadTokenIsRefused() async throws {
        let (harness, sim, _, _) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        try await harness.team.members.add(name: "vic", displayName: "Vic", role: .viewer, password: "viewer password 1", by: .system)
        let viewer = WebHarness.Browser(harness)
        let csrf = try await viewer.signIn("vic", "viewer password 1")
        let (refused, _) = await viewer.post("/studio/image", [("prompt", "x")], csrf: csrf)
        XCTAssertEqual(refused.status, .forbidden)
        let (hook, _) = await WebHarness.Browser(harness).post("/hooks/not-a-real-token-000000000000", [], csrf: nil)
        XCTAssertEqual(hook.status, .notFound)
    }

    func testCompareSendsOnePromptToSeveralRoutesAndModelsAndShowsThemSideBySide() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, form) = await browser.get("/studio/image")
        let fields = [
            ("choice", try choice(.openAIImage, in: form)), ("model", "dall-e-3"), ("prompt", "a teapot"), ("count", "1"),
            ("compare", try choice(.midjourneyImagine, in: form)), ("compare_models", "flux, gpt-4o-image"),
            ("submission", "00112233445566778899"),
        ]
        let (response, _) = await browser.post("/studio/image", fields, csrf: csrf)
        XCTAssertEqual(response.status, .seeOther)
        let location = try XCTUnwrap(response.headers["location"])
        XCTAssertTrue(location.hasPrefix("/tasks/compare/"), location)
        let groupID = String(location.dropFirst("/tasks/compare/".count))
        XCTAssertNotEqual(groupID, "00112233445566778899", "the server chooses the group id, not the form")
        let (again, _) = await browser.post("/studio/image", fields, csrf: csrf)
        XCTAssertEqual(again.headers["location"], response.headers["location"])
        let group = try await harness.team.tasks.compareGroup(groupID)
        XCTAssertEqual(group.count, 4, "dall-e-3, Midjourney, flux and gpt-4o-image, once each despite the second post")
        XCTAssertEqual(Set(group.map(\.model)), ["dall-e-3", "midjourney", "flux", "gpt-4o-image"])
        let (page, html) = await browser.get(location)
        XCTAssertEqual(page.status, .ok)
        for task in group { XCTAssertTrue(html.contains("/tasks/\(task.id)")) }

        let (tooMany, _) = await browser.post("/studio/image", [
            ("choice", try choice(.openAIImage, in: form)), ("model", "dall-e-3"), ("prompt", "a teapot"),
            ("compare_models", "a b c d e f"), ("submission", "99887766554433221100"),
        ], csrf: csrf)
        XCTAssertEqual(tooMany.status, .unprocessableContent)
    }

    func testAnotherMembersSubmissionKeyOrCompareIdMakesTheirOwnTasksAndLeavesTheFirstMembersAlone() async throws {
        let (harness, sim, ann, annCSRF) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        try await harness.team.members.add(name: "bob", displayName: "Bob", role: .member, password: "member password 2", by: .system)
        let bob = WebHarness.Browser(harness)
        let bobCSRF = try await bob.signIn("bob", "member password 2")
        let (_, form) = await ann.get("/studio/image")
        let openAI = try choice(.openAIImage, in: form), midjourney = try choice(.midjourneyImagine, in: form)

        // Ann sends one task and one compare.
        let (single, _) = await ann.post("/studio/image", [
            ("choice", openAI), ("model", "dall-e-3"), ("prompt", "ann's crane"), ("submission", "ann-single-key-000001"),
        ], csrf: annCSRF)
        let annsTask = String(try XCTUnwrap(single.headers["location"]).dropFirst("/tasks/".count))
        let (compared, _) = await ann.post("/studio/image", [
            ("choice", openAI), ("model", "dall-e-3"), ("prompt", "ann's teapot"), ("compare", midjourney),
            ("submission", "ann-compare-key-00001"),
        ], csrf: annCSRF)
        let annsPage = try XCTUnwrap(compared.headers["location"])
        let annsGroup = String(annsPage.dropFirst("/tasks/compare/".count))
        let (_, before) = await ann.get(annsPage)

        // Bob reuses Ann's single key: he gets his own new task, not hers.
        let (reused, _) = await bob.post("/studio/image", [
            ("choice", openAI), ("model", "dall-e-3"), ("prompt", "bob's kite"), ("submission", "ann-single-key-000001"),
        ], csrf: bobCSRF)
        let bobsTaskID = String(try XCTUnwrap(reused.headers["location"]).dropFirst("/tasks/".count))
        XCTAssertNotEqual(bobsTaskID, annsTask)
        let bobsTask = try await harness.team.tasks.task(id: bobsTaskID)
        XCTAssertEqual(bobsTask?.prompt, "bob's kite", "Bob's task was written, not dropped")
        XCTAssertEqual(bobsTask?.memberName, "bob")

        // Bob posts a compare with Ann's compare id (and her compare key) as his submission key.
        for key in [annsGroup, "ann-compare-key-00001"] {
            let (response, _) = await bob.post("/studio/image", [
                ("choice", openAI), ("model", "dall-e-3"), ("prompt", "bob's intrusion"), ("compare", midjourney), ("submission", key),
            ], csrf: bobCSRF)
            let location = try XCTUnwrap(response.headers["location"])
            XCTAssertTrue(location.hasPrefix("/tasks/compare/") && location != annsPage, location)
        }
        let group = try await harness.team.tasks.compareGroup(annsGroup)
        XCTAssertEqual(group.count, 2)
        XCTAssertEqual(Set(group.map(\.memberName)), ["mei"], "no column of Bob's in Ann's compare")
        let (_, after) = await ann.get(annsPage)
        XCTAssertFalse(after.contains("bob"), "Ann's compare page shows none of Bob's tasks")
        XCTAssertEqual(before.components(separatedBy: "<section class=\"panel task-").count,
                       after.components(separatedBy: "<section class=\"panel task-").count, "Ann's compare page has its two columns")
    }

    func testAnImageModelAnsweringTextOnlyEndsAsAFinalFailureShowingItsText() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, form) = await browser.get("/studio/image")
        let (response, _) = await browser.post("/studio/image", [
            ("choice", try choice(.openAIImage, in: form)), ("model", "flux"), ("prompt", "a lighthouse sim:noimage"),
            ("submission", "noimage-key-00000001"),
        ], csrf: csrf)
        let id = String(try XCTUnwrap(response.headers["location"]).dropFirst("/tasks/".count))
        for _ in 0..<200 {
            await harness.tasks.step()
            if try await harness.team.tasks.task(id: id)?.status.isSettled == true { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (_, json) = await browser.get("/tasks/\(id)/status")
        XCTAssertTrue(json.contains(#""status":"failed""#) && json.contains(#""final":true"#), json)
        let (_, page) = await browser.get("/tasks/\(id)")
        XCTAssertTrue(page.contains(#"data-running="""#), "the page does not follow it")
        XCTAssertTrue(page.contains("the provider answered without an image: Simulated reply: a lighthouse"), page)
        XCTAssertFalse(page.contains("answer was lost"))
    }

    func testFailurePagesSayWhatHappenedOnceAndA404AtSubmitIsARouteNotOffered() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, form) = await browser.get("/studio/image")
        let elsewhere = try await harness.team.providers.add(
            ProviderStore.Input(name: "Elsewhere", preset: "demo", baseURL: sim.baseURL + "/elsewhere", authKind: .bearer), by: .system)
        try await harness.team.keys.add(providerID: elsewhere.id!, label: "k", secret: ProviderSecret(key: "sk-sim-demo"), expiresOn: nil,
                                        by: .system)
        func failedPage(choice: String, prompt: String, key: String) async throws -> String {
            let (response, _) = await browser.post("/studio/image", [
                ("choice", choice), ("model", "dall-e-3"), ("prompt", prompt), ("submission", key),
            ], csrf: csrf)
            let id = String(try XCTUnwrap(response.headers["location"]).dropFirst("/tasks/".count))
            for _ in 0..<200 {
                await harness.tasks.step()
                if try await harness.team.tasks.task(id: id)?.status.isFinal == true { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            return await browser.get("/tasks/\(id)").1
        }
        let notOffered = try await failedPage(choice: "\(elsewhere.id!)|openai-image", prompt: "a kite", key: "elsewhere-key-000001")
        XCTAssertTrue(notOffered.contains("The provider does not offer this route or model."), notOffered)
        XCTAssertFalse(notOffered.contains("no longer knows this task"))
        XCTAssertTrue(notOffered.contains("Invalid URL (POST /elsewhere/v1/images/generations)"), "the provider's words behind the disclosure")
        XCTAssertEqual(notOffered.components(separatedBy: "does not offer this route").count, 2, "the headline is said once")

        let broken = try await failedPage(choice: try choice(.openAIImage, in: form), prompt: "a kite sim:500", key: "broken-key-00000001")
        XCTAssertEqual(broken.components(separatedBy: "The provider failed to generate it.").count, 2,
                       "the headline is not repeated inside its details")
        XCTAssertTrue(broken.contains("<details>"), "the provider's own words stay behind the disclosure")
        XCTAssertFalse(broken.contains("upstreamFailure") || broken.contains("upstream_error:"), "no internal names")
    }

    func testOnlyTheOwnerOrALeadActsOnATaskAndAnUnknownOneIsTheMembersChoice() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, form) = await browser.get("/studio/image")
        let (response, _) = await browser.post("/studio/image", [
            ("choice", try choice(.midjourneyImagine, in: form)), ("prompt", "answer lost sim:garbage"), ("submission", "abcdefabcdefabcdef01"),
        ], csrf: csrf)
        let id = String(try XCTUnwrap(response.headers["location"]).dropFirst("/tasks/".count))
        for _ in 0..<200 {
            await harness.tasks.step()
            if try await harness.team.tasks.task(id: id)?.status == .unknown { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let (_, page) = await browser.get("/tasks/\(id)")
        XCTAssertTrue(page.contains("will not send it again by itself"), "the member is told why and what to do")
        XCTAssertTrue(page.contains("/tasks/\(id)/close") && page.contains("/tasks/\(id)/retry"))

        try await harness.team.members.add(name: "sam", displayName: "Sam", role: .member, password: "member password 2", by: .system)
        let other = WebHarness.Browser(harness)
        let otherCSRF = try await other.signIn("sam", "member password 2")
        let (refused, _) = await other.post("/tasks/\(id)/close", [], csrf: otherCSRF)
        XCTAssertEqual(refused.status, .forbidden, "another member cannot close it")
        let (closed, _) = await browser.post("/tasks/\(id)/close", [], csrf: csrf)
        XCTAssertEqual(closed.status, .seeOther)
        let task = try await harness.team.tasks.task(id: id)
        XCTAssertEqual(task?.status, .failed)
        let (again, _) = await browser.post("/tasks/\(id)/close", [], csrf: csrf)
        XCTAssertEqual(again.headers["location"], "/tasks/\(id)?done=task_action_not_now", "a second close is refused plainly")
    }

    func testATaskWaitingForInputShowsAFormThatContinuesIt() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let viewer = try await harness.team.members.find(name: "mei")
        let member = try XCTUnwrap(viewer)
        let providers = try await harness.team.providers.all()
        let provider = try XCTUnwrap(providers.first?.id)
        func finish(_ id: String, until done: @escaping (TaskRecord) -> Bool = { $0.status.isFinal }) async throws -> TaskRecord {
            for _ in 0..<300 {
                await harness.tasks.step()
                if let task = try await harness.team.tasks.task(id: id), done(task) { return task }
                try await Task.sleep(for: .milliseconds(20))
            }
            let last = try await harness.team.tasks.task(id: id)
            return try XCTUnwrap(last)
        }
        func actions(_ task: TaskRecord) throws -> [TaskAction] {
            try JSONDecoder().decode(RelayTask.self, from: Data(try XCTUnwrap(task.relayState).utf8)).actions
        }
        let grid = try await finish(try await harness.tasks.submit(SubmitOrder(
            request: StudioRequest(route: .midjourneyImagine, prompt: "a heron"), providerID: provider, member: member,
            idempotencyKey: "grid-0000000000000001")).id)
        let upscale = try XCTUnwrap(try actions(grid).first { $0.kind == "upscale" })
        let upscaled = try await finish(try await harness.tasks.press(actionID: upscale.id, on: grid.id, member: member,
                                                                        idempotencyKey: "press-000000000000001").id)
        let zoom = try XCTUnwrap(try actions(upscaled).first { $0.kind == "customZoom" })
        let (pressed, _) = await browser.post("/tasks/\(upscaled.id)/press", [("action", zoom.id), ("submission", "press-000000000000002")],
                                              csrf: csrf)
        let id = String(try XCTUnwrap(pressed.headers["location"]).dropFirst("/tasks/".count))
        let waiting = try await finish(id) { $0.status == .needsInput || $0.status.isFinal }
        XCTAssertEqual(waiting.status, .needsInput)
        let (_, page) = await browser.get("/tasks/\(id)")
        XCTAssertTrue(page.contains("/tasks/\(id)/answer"), "the page asks for the prompt (and a mask)")
        let (answered, _) = await browser.post("/tasks/\(id)/answer", [("prompt", "a heron --zoom 1.5")], csrf: csrf)
        XCTAssertEqual(answered.status, .seeOther)
        let done = try await finish(id)
        XCTAssertEqual(done.status, .succeeded)
    }
}

extension StudioPagesTests {
    /// Limits count bytes as well as characters: a 2 MB prompt that is one character (a letter
    /// and a million combining accents) is refused by the field, and nothing is written.
    func testATwoMegabyteOneCharacterPromptIsRefusedByItsField() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, html) = await browser.get("/studio/image")
        let prompt = "z" + String(repeating: "\u{301}", count: 1_000_000)
        XCTAssertEqual(prompt.count, 1)
        let (response, again) = await browser.post("/studio/image", [
            ("choice", try choice(.openAIImage, in: html)), ("model", "dall-e-3"), ("prompt", prompt), ("count", "1"),
            ("title", "t" + String(repeating: "\u{308}", count: 5_000)), ("submission", "0123456789abcdef0123"),
        ], csrf: csrf)
        XCTAssertEqual(response.status, .unprocessableContent)
        XCTAssertTrue(again.contains("</textarea>\n  <p class=\"field-error\">At most 32000 bytes"), "the message sits by the prompt")
        let written = try await harness.team.tasks.list(memberID: nil)
        XCTAssertTrue(written.isEmpty, "nothing written")

        let (_, chat) = await browser.get("/chat")
        let provider = try XCTUnwrap(chat.range(of: #"<option value="(\d+)""#, options: .regularExpression).map { String(chat[$0].dropFirst(15).dropLast()) })
        let (refused, page) = await browser.post("/chat/new/stream", [("provider", provider), ("model", "gpt-4o-mini"), ("message", prompt)],
                                                  csrf: csrf)
        XCTAssertEqual(refused.status, .unprocessableContent)
        XCTAssertTrue(page.contains("At most 80000 bytes"))
        let mei = try await harness.team.members.find(name: "mei")
        let conversations = try await harness.team.conversations.list(memberID: try XCTUnwrap(mei?.id))
        XCTAssertTrue(conversations.isEmpty, "no conversation started")
    }
}

extension StudioPagesTests {
    /// A reference image that cannot be kept because the media folder is unusable is the
    /// server's fault: a logged 500, not "not an image" for the member; nothing is written.
    func testAMediaFolderThatCannotKeepAnUploadIsAServerError() async throws {
        let (harness, sim, browser, csrf) = try await start()
        defer { harness.remove(); Task { try? await sim.shutdown() } }
        let (_, html) = await browser.get("/studio/image")
        let media = harness.folder.appendingPathComponent("media")
        try? FileManager.default.removeItem(at: media)
        XCTAssertTrue(FileManager.default.createFile(atPath: media.path, contents: Data("not a folder".utf8)))
        let upload = harness.folder.appendingPathComponent("upload.png")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
        try Data(png).write(to: upload)
        let fields = [("choice", try choice(.openAIImage, in: html)), ("model", "dall-e-3"), ("prompt", "a crane"), ("count", "1"),
                      ("submission", "0123456789abcdef0123"), ("_csrf", csrf)].map { FormField(name: $0.0, value: $0.1) }
        let file = UploadedFile(fieldName: "reference", fileName: "crane.png", contentType: "image/png", location: upload, size: png.count)
        let response = await harness.app.respond(to: Request(method: "POST", path: "/studio/image", cookies: browser.cookies,
                                                             remoteAddress: browser.address,
                                                             body: .form(FormData(fields: fields, files: [file]))))
        XCTAssertEqual(response.status, .internalServerError)
        let written = try await harness.team.tasks.list(memberID: nil)
        XCTAssertTrue(written.isEmpty, "nothing written")
    }
}

import AtelierStore
@testable import AtelierWeb
import FastCGI
import Foundation
import RelayClient
import XCTest

/// Small things on the pages: nothing dangling, nothing raw, every button with words.
final class PageLabelsTests: XCTestCase {
    private func lead(_ harness: WebHarness) async throws -> WebHarness.Browser {
        let browser = WebHarness.Browser(harness)
        _ = try await browser.signIn("lead", WebHarness.leadPassword)
        return browser
    }

    /// A task written straight into the store in `state`, with `change` applied.
    private func task(_ harness: WebHarness, id: String, family: String = "openAI", state: TaskState,
                      _ change: @escaping @Sendable (inout TaskRecord) -> Void = { _ in }) async throws {
        _ = try await harness.team.tasks.create(TaskRecord(
            id: id, memberId: 1, memberName: "lead", providerId: nil, providerName: "Sim", family: family, operation: "mj-imagine",
            kind: "image", model: "midjourney", prompt: "p", request: "{}", idempotencyKey: id, deadlineAt: Date().addingTimeInterval(600)))
        let moved = try await harness.team.tasks.transition(id, from: .queued) { record in
            record.status = state
            change(&record)
        }
        XCTAssertNotNil(moved)
    }

    func testPresetOptionsEndWithTheirNameWhenThePresetHasNoAddress() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let (_, html) = try await lead(harness).get("/providers")
        XCTAssertTrue(html.contains(#">KFC V50</option>"#), html)
        XCTAssertTrue(html.contains("Img Open — https://api.zhiqite.com</option>"), "an address is still shown when there is one")
        XCTAssertFalse(html.contains(" — </option>"), "no dash with nothing after it")
    }

    func testTheProviderPageNamesItsProtocolsInTheReadersLanguage() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let record = try await harness.team.providers.add(
            ProviderStore.Input(name: "KFC", preset: "kfc-v50", baseURL: "https://kfc.example.com/", authKind: .bearer), by: .system)
        let browser = try await lead(harness)
        let (_, english) = await browser.get("/providers/\(record.id!)")
        XCTAssertTrue(english.contains("OpenAI-compatible, Midjourney"), english)
        XCTAssertTrue(english.contains("Unified video (Veo, Sora)") && english.contains("MX drawing"))
        for raw in ["openAI", "unifiedVideo", "mxDrawing", "imgOpenSD"] {
            XCTAssertFalse(english.contains(raw), "no raw protocol name \(raw)")
        }
        browser.cookies[Language.cookieName] = "zh-Hans"
        let (_, chinese) = await browser.get("/providers/\(record.id!)")
        XCTAssertTrue(chinese.contains("OpenAI 兼容, Midjourney") && chinese.contains("MX 绘图"), chinese)
    }

    func testEveryMidjourneyButtonHasWordsNotOnlyAnEmoji() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        let actions = [
            TaskAction(id: "MJ::JOB::upsample::1::h", label: "U1", kind: "upscale"),
            TaskAction(id: "MJ::JOB::reroll::0::h::SOLO", label: "🔄", emoji: "🔄", kind: "reroll"),
            TaskAction(id: "MJ::JOB::pan_left::1::h::SOLO", label: "⬅️", emoji: "⬅️", kind: "pan"),
            TaskAction(id: "MJ::Job::PicReader::2", label: "2️⃣", emoji: "2️⃣", kind: "describePrompt"),
            TaskAction(id: "MJ::Outpaint::50::1::h::SOLO", label: "Zoom Out 2x", emoji: "🔍", kind: "zoom"),
            TaskAction(id: "MJ::Something::new::1", label: "✨", emoji: "✨", kind: "something"),
        ]
        var relay = RelayTask(id: "mj-1", providerTaskID: "p-1", family: .midjourney, operation: "imagine", kind: .image, status: .succeeded)
        relay.actions = actions
        let state = String(decoding: try JSONEncoder().encode(relay), as: UTF8.self)
        try await task(harness, id: "mj-1", family: "midjourney", state: .succeeded) { record in
            record.providerTaskId = "p-1"
            record.relayState = state
        }
        let browser = try await lead(harness)
        let (_, html) = await browser.get("/tasks/mj-1")
        let labels = html.matches(of: /<input type="hidden" name="action" value="[^"]*"><button type="submit" class="button secondary">([^<]*)<\/button>/)
            .map { String($0.1) }
        XCTAssertEqual(labels, ["U1", "Reroll", "Pan left", "Use prompt 2", "Zoom Out 2x", "Button"])
        for label in labels {
            XCTAssertTrue(label.unicodeScalars.contains(where: \.properties.isAlphabetic), "every button has words: \(label)")
        }
        browser.cookies[Language.cookieName] = "zh-Hans"
        let (_, chinese) = await browser.get("/tasks/mj-1")
        XCTAssertTrue(chinese.contains(">重新生成</button>") && chinese.contains(">向左扩展</button>"))
    }

    func testAFailedTaskWithNothingChargedShowsADashLikeEveryOtherFailure() async throws {
        let harness = try await WebHarness()
        defer { harness.remove() }
        try await task(harness, id: "failed-free", state: .failed) { record in
            record.cost = 0
            record.costUnit = "USD"
            record.failureCategory = "invalidResponse"
        }
        try await task(harness, id: "failed-charged", state: .failed) { record in
            record.cost = 0.04
            record.costUnit = "USD"
        }
        try await task(harness, id: "done", state: .succeeded) { record in
            record.cost = 0.04
            record.costUnit = "USD"
        }
        let browser = try await lead(harness)
        let (_, free) = await browser.get("/tasks/failed-free")
        XCTAssertTrue(free.contains("<dt>Cost</dt><dd>—</dd>"), free)
        let (_, charged) = await browser.get("/tasks/failed-charged")
        XCTAssertTrue(charged.contains("<dt>Cost</dt><dd>0.04 USD</dd>"), "a failure that was charged says so")
        let (_, done) = await browser.get("/tasks/done")
        XCTAssertTrue(done.contains("<dt>Cost</dt><dd>0.04 USD</dd>"))
        let (_, list) = await browser.get("/tasks")
        XCTAssertFalse(list.contains(">0 USD<"), "the list says — too")
    }
}

import AtelierStore
import GRDB
import Foundation
import XCTest

/// Extreme numbers in every numeric field of every form the pages offer, in every page's query
/// and in every id of a path, as lead, member and viewer, with the real server behind real
/// nginx and relay-sim as the demo relay. Each answer must be 200, 303 or 4xx, and the server
/// must still be the same process at the end, after every page has been opened again (a value
/// that was stored could trap on the next read: a budget of 1e-300 did).
final class ExtremeValuesThroughNginxTests: RelaySimBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-extremes" }

    /// 0, −0, tiny, denormal, huge, NaN, infinities, negative, 2^63 and past it, 30 digits,
    /// and forms a careless parser accepts.
    static let extremes = ["0", "-0", "1e-300", "4.9e-324", "2.2250738585072014e-308", "1e308", "-1e308", "1.8e308", "NaN", "nan",
                           "inf", "-Infinity", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                           "18446744073709551616", "123456789012345678901234567890", "1e-7", " 12 ", "0x1F", "1_000"]

    /// A signed-in browser: its session cookie and where it has been.
    struct Session {
        let role: String
        let cookie: String
    }

    func testExtremeNumbersInEveryFormQueryAndPathLeaveEveryPageAnswering() async throws {
        let lead = try signIn("lead", AtelierServerProcess.leadPassword, role: "lead")
        try addMember("mia", role: "member", as: lead)
        try addMember("vic", role: "viewer", as: lead)
        let member = try signIn("mia", "member password 1", role: "member")
        let viewer = try signIn("vic", "member password 1", role: "viewer")
        try submitOneTask(as: member)
        try await recordSpendForEveryone(amount: 0.5)

        var visited: [String: Set<String>] = [:]
        for session in [lead, member, viewer] { visited[session.role] = try crawl(session) }
        XCTAssertTrue(visited["lead"]?.contains("/budgets") == true, "the crawl reaches the lead's pages")
        XCTAssertTrue(visited["member"]?.contains { $0.hasPrefix("/tasks/") } == true, "and the member's task")

        var posted = 0
        for session in [lead, member, viewer] {
            posted += try postExtremesIntoEveryForm(on: visited[session.role] ?? [], as: session)
        }
        print("extremes: pages per role \(visited.mapValues(\.count)), form submissions \(posted)")
        XCTAssertGreaterThan(posted, 200, "the forms' numeric fields were found and filled")
        for session in [lead, member, viewer] {
            try getExtremesInEveryQueryAndPath(visited[session.role] ?? [], as: session)
        }
        // Whatever was stored is read again by every page.
        for session in [lead, member, viewer] { _ = try crawl(session) }
        XCTAssertTrue(server.child.process.isRunning, "the server is still up: \(server.child.log.suffix(2_000))")
        XCTAssertEqual(try nginx.get("/healthz").status, 200)
        XCTAssertFalse(server.child.log.contains("Fatal error"), String(server.child.log.suffix(2_000)))
    }

    // MARK: - What a browser does

    private func signIn(_ name: String, _ password: String, role: String) throws -> Session {
        Session(role: role, cookie: try signIn(name, password))
    }

    private func addMember(_ name: String, role: String, as lead: Session) throws {
        let page = try nginx.get("/members", headers: ["Cookie": lead.cookie])
        let form = try XCTUnwrap(HTMLForm.all(in: page.text).first { $0.action == "/members" && $0.method == "post" })
        var pairs = form.with("name", name).filter { !["role", "password", "display_name"].contains($0.0) }
        pairs += [("role", role), ("password", "member password 1"), ("display_name", name.capitalized)]
        XCTAssertEqual(try post(form, pairs, cookie: lead.cookie).status, 303)
    }

    /// A real task, so task pages (and their forms) exist.
    private func submitOneTask(as member: Session) throws {
        let page = try nginx.get("/studio/image", headers: ["Cookie": member.cookie])
        let form = try XCTUnwrap(HTMLForm.all(in: page.text).first { $0.action == "/studio/image" })
        let pairs = form.with("prompt", "a paper crane").filter { $0.0 != "count" } + [("count", "1")]
        XCTAssertEqual(try post(form, pairs, cookie: member.cookie).status, 303)
    }

    /// This month's spend for every member on every provider, so every budget a form sets has
    /// something to be a share of (relay prices are not needed to reach the budget code).
    private func recordSpendForEveryone(amount: Double) async throws {
        let database = try AtelierDatabase(path: directory.appendingPathComponent("atelier.sqlite").path)
        let pairs = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT member.id, member.name, provider.id, provider.name FROM member, provider")
                .map { row -> (Int64, String, Int64, String) in (row[0], row[1], row[2], row[3]) }
        }
        XCTAssertFalse(pairs.isEmpty)
        try await UsageStore(database: database).record(contentsOf: pairs.map {
            UsageEntry(memberId: $0.0, memberName: $0.1, providerId: $0.2, providerName: $0.3, apiKeyId: nil, model: "dall-e-3",
                       amount: amount, unit: "USD")
        })
    }

    /// Every page reachable by links from the home page (sign-out, language and static files aside).
    private func crawl(_ session: Session) throws -> Set<String> {
        var seen: Set<String> = []
        var queue = ["/"]
        while let target = queue.popLast(), seen.count < 300 {
            guard !seen.contains(target) else { continue }
            seen.insert(target)
            let response = try get(target, as: session)
            guard response.status == 200, response.headers["content-type"]?.hasPrefix("text/html") == true else { continue }
            for link in HTMLForm.links(in: response.text) where !seen.contains(link) && Self.isCrawlable(link) {
                queue.append(link)
            }
        }
        return seen
    }

    private static func isCrawlable(_ link: String) -> Bool {
        !link.hasPrefix("/static/") && !link.hasPrefix("/lang/") && !link.hasPrefix("/signout") && !link.hasPrefix("/media/")
    }

    /// Each form with numeric fields, once per distinct form, each such field set to each extreme.
    private func postExtremesIntoEveryForm(on pages: Set<String>, as session: Session) throws -> Int {
        var done: Set<String> = []
        var posted = 0
        for page in pages.sorted() {
            let response = try get(page, as: session)
            guard response.status == 200 else { continue }
            for form in HTMLForm.all(in: response.text) where !form.numericFieldNames.isEmpty {
                let shape = form.method + " " + form.action.replacingOccurrences(of: #"[0-9]+"#, with: "N", options: .regularExpression)
                    + " " + form.fields.map(\.name).joined(separator: ",")
                guard done.insert(shape).inserted else { continue }
                for name in form.numericFieldNames {
                    for value in Self.extremes {
                        let filled = form.with(name, Self.replacingID(in: form.fields.first { $0.name == name }?.value ?? "", with: value))
                        let answer = form.method == "post"
                            ? try post(form, filled, cookie: session.cookie)
                            : try get(form.action + "?" + Self.query(filled), as: session)
                        try check(answer, "\(session.role) \(form.method) \(form.action) \(name)=\(value)")
                        posted += 1
                    }
                }
            }
        }
        return posted
    }

    /// Every page again with `page` and each of its own query values set to each extreme, and
    /// each number in its path replaced by each extreme.
    private func getExtremesInEveryQueryAndPath(_ pages: Set<String>, as session: Session) throws {
        for page in pages.sorted() {
            let parts = page.split(separator: "?", maxSplits: 1).map(String.init)
            let path = parts[0]
            let query = parts.count > 1 ? parts[1].split(separator: "&").map { String($0.split(separator: "=")[0]) } : []
            for name in Set(query + ["page", "cursor", "before", "after", "days"]) {
                for value in Self.extremes {
                    let target = path + "?" + Self.query([(name, value)])
                    try check(try get(target, as: session), "\(session.role) GET \(target)")
                }
            }
            let segments = path.split(separator: "/").map(String.init)
            for (index, segment) in segments.enumerated() where segment.allSatisfy(\.isNumber) {
                for value in Self.extremes {
                    var changed = segments
                    changed[index] = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                    let target = "/" + changed.joined(separator: "/")
                    try check(try get(target, as: session), "\(session.role) GET \(target)")
                }
            }
        }
    }

    /// An id choice keeps its suffix (`12|route` → `<extreme>|route`).
    private static func replacingID(in current: String, with value: String) -> String {
        guard let bar = current.firstIndex(where: { $0 == "|" || $0 == ":" }), current[..<bar].allSatisfy(\.isNumber) else { return value }
        return value + current[bar...]
    }

    private static func query(_ pairs: [(String, String)]) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    private func get(_ target: String, as session: Session) throws -> RawHTTPResponse {
        try nginx.get(target, headers: ["Cookie": session.cookie])
    }

    /// 200, 303 or a 4xx, and the server still running; stops the test at the first crash.
    private func check(_ response: RawHTTPResponse, _ what: String) throws {
        let fine = response.status == 200 || response.status == 303 || (400..<500).contains(response.status)
        XCTAssertTrue(fine, "\(what) answered \(response.status): \(response.text.prefix(300))")
        guard server.child.process.isRunning else {
            throw RawHTTPError.malformedResponse("the server stopped after \(what): \(server.child.log.suffix(2_000))")
        }
    }
}

import Foundation
import XCTest

@testable import RelayClient

/// Every error shape of PROTOCOLS §1.3 and the families, mapped without a network.
final class ErrorMappingTests: XCTestCase {
    func map(_ status: Int, _ body: String, headers: [(String, String)] = []) -> RelayError? {
        let response = HTTPResponse(status: status, headers: headers, body: Data(body.utf8))
        return ErrorMapping.error(in: response, json: try? JSONParser.parse(body), secrets: ["sk-secret-value-123"])
    }

    func testOpenAIEnvelope() {
        let invalid = map(401, #"{"error":{"message":"无效的令牌 (request id: 20250801123456789abcdef)","type":"new_api_error","param":"","code":""}}"#)
        XCTAssertEqual(invalid?.category, .unauthorized)
        XCTAssertEqual(invalid?.message, "无效的令牌")
        XCTAssertEqual(invalid?.requestID, "20250801123456789abcdef")
        XCTAssertEqual(map(403, #"{"error":{"message":"用户额度不足, 剩余额度: $0.1","type":"new_api_error","code":"insufficient_user_quota"}}"#)?.category,
                       .insufficientBalance)
        XCTAssertEqual(map(503, #"{"error":{"message":"No available channel for model x under group default (distributor)","type":"new_api_error","code":"model_not_found"}}"#)?.category,
                       .notFound)
        let limited = map(429, #"{"error":{"message":"slow down","type":"new_api_error","code":null}}"#, headers: [("Retry-After", "7")])
        XCTAssertEqual(limited?.category, .rateLimited)
        XCTAssertEqual(limited?.retryAfter, 7)
        for endless in ["inf", "1e400", "nan", "-infinity"] {
            XCTAssertNil(ErrorMapping.retryAfterSeconds([("Retry-After", endless)]), "a wait that is no number of seconds: \(endless)")
        }
        let imf = DateFormatter()
        imf.locale = Locale(identifier: "en_US_POSIX")
        imf.timeZone = TimeZone(identifier: "GMT")
        imf.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let later = ErrorMapping.retryAfterSeconds([("retry-after", imf.string(from: Date(timeIntervalSinceNow: 3_600)))])
        XCTAssertEqual(later ?? 0, 3_600, accuracy: 5)
        XCTAssertEqual(ErrorMapping.retryAfterSeconds([("retry-after", "Sun, 06 Nov 2044 08:49:37 GMT")]), 86_400, "years ahead: a day")
        XCTAssertEqual(ErrorMapping.retryAfterSeconds([("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")]), 0, "a past date: retry now")
        XCTAssertEqual(ErrorMapping.retryAfterSeconds([("Retry-After", "1e300")]), 86_400, "at most a day: no sleep overflows")
        XCTAssertEqual(ErrorMapping.retryAfterSeconds([("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]), 86_400)
        let param = map(400, #"{"error":{"message":"Invalid size","type":"invalid_request_error","param":"size","code":123}}"#)
        XCTAssertEqual(param?.category, .invalidRequest)
        XCTAssertEqual(param?.field, "size")
        XCTAssertEqual(param?.providerCode, "123")
        XCTAssertEqual(map(400, #"{"error":{"message":"rejected by safety system","type":"openai_error","code":"content_policy_violation"}}"#)?.category,
                       .contentRejected)
        XCTAssertEqual(map(404, #"{"error":{"message":"Invalid URL (POST /x)","type":"invalid_request_error"}}"#)?.category, .notFound)
        // A relay error on a 200 billing answer (§3.2).
        XCTAssertEqual(map(200, #"{"error":{"message":"upstream broke","type":"upstream_error"}}"#)?.category, .upstreamFailure)
        XCTAssertNil(map(200, #"{"object":"list","total_usage":1}"#))
    }

    func testMidjourneyRelayEnvelope() {
        XCTAssertEqual(map(400, #"{"description":"quota_not_enough ","type":"upstream_error","code":4}"#)?.category, .insufficientBalance)
        XCTAssertEqual(map(400, #"{"description":"task_no_found ","type":"upstream_error","code":4}"#)?.category, .notFound)
        let required = map(400, #"{"description":"prompt_is_required ","type":"upstream_error","code":4}"#)
        XCTAssertEqual(required?.category, .invalidRequest)
        XCTAssertEqual(required?.field, "prompt")
        XCTAssertEqual(map(429, #"{"description":"当前分组上游负载已饱和，请稍后再试","type":"upstream_error","code":30}"#)?.category, .rateLimited)
        XCTAssertEqual(map(404, #"{"code":3,"description":"关联任务不存在或已失效"}"#)?.category, .notFound)
    }

    func testTaskEnvelope() {
        XCTAssertEqual(map(400, #"{"code":"task_not_exist","message":"task_not_exist","data":null}"#)?.category, .notFound)
        let prompt = map(400, #"{"code":"invalid_request","message":"prompt is required","data":null}"#)
        XCTAssertEqual(prompt?.category, .invalidRequest)
        XCTAssertEqual(prompt?.field, "prompt")
        XCTAssertEqual(map(429, #"{"code":"x","message":"当前分组上游负载已饱和，请稍后再试","data":null}"#)?.category, .rateLimited)
        XCTAssertEqual(map(500, #"{"code":"do_request_failed","message":"upstream","data":null}"#)?.category, .upstreamFailure)
    }

    func testKlingAndOtherNumericCodes() {
        XCTAssertEqual(map(401, #"{"code":1002,"message":"auth failed","request_id":"r"}"#)?.category, .unauthorized)
        XCTAssertEqual(map(429, #"{"code":1102,"message":"resource pack","request_id":"r"}"#)?.category, .insufficientBalance)
        XCTAssertEqual(map(400, #"{"code":1301,"message":"content safety","request_id":"r"}"#)?.category, .contentRejected)
        XCTAssertEqual(map(429, #"{"code":1303,"message":"concurrency","request_id":"r"}"#)?.category, .rateLimited)
        XCTAssertEqual(map(404, #"{"code":1203,"message":"model not found","request_id":"r"}"#)?.category, .notFound)
        XCTAssertEqual(map(500, #"{"code":5000,"message":"internal","request_id":"r"}"#)?.category, .upstreamFailure)
        XCTAssertEqual(map(400, #"{"code":50411,"message":"Pre Img Risk Not Pass","status":50411}"#)?.category, .contentRejected)
        XCTAssertEqual(map(403, #"{"code":4003,"msg":"点数不足","data":null}"#)?.category, .insufficientBalance)
        XCTAssertEqual(map(402, #"{"code":"402","msg":"余额不足","data":null}"#)?.category, .insufficientBalance)
    }

    func testNonJSONBodies() {
        let html = map(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
        XCTAssertEqual(html?.category, .upstreamFailure)
        XCTAssertEqual(html?.message, "the provider answered with an HTML page (HTTP 502): 502 Bad Gateway")
        XCTAssertEqual(map(401, "")?.category, .unauthorized)
        XCTAssertEqual(map(401, "Authorization header missing.")?.category, .unauthorized)
        let echoed = map(500, "failed for key sk-secret-value-123 and Bearer abcdefgh")
        XCTAssertFalse(echoed?.message.contains("sk-secret-value-123") ?? true)
        XCTAssertFalse(echoed?.message.contains("abcdefgh") ?? true)
    }

    func testRetryability() {
        XCTAssertTrue(RelayError(.rateLimited, "x").isRetryable)
        XCTAssertTrue(RelayError(.network, "x").isRetryable)
        XCTAssertFalse(RelayError(.outcomeUnknown, "x").isRetryable)
        XCTAssertTrue(RelayError(.outcomeUnknown, "x").requestMayHaveReachedProvider)
        XCTAssertFalse(RelayError(.timeout, "x").requestMayHaveReachedProvider)
        XCTAssertFalse(RelayError(.insufficientBalance, "x").isRetryable)
        XCTAssertFalse(RelayError(.contentRejected, "x").isRetryable)
    }
}

final class RedactionAndTransportTests: XCTestCase {
    func testSecretsNeverSurvive() {
        let text = Redactor.scrub("key sk-abcdefghijkl used; Authorization: Bearer tok_123456; my secret s3cr3t-value",
                                  secrets: ["s3cr3t-value"])
        XCTAssertFalse(text.contains("sk-abcdefghijkl"))
        XCTAssertFalse(text.contains("tok_123456"))
        XCTAssertFalse(text.contains("s3cr3t-value"))
        let raw: JSONValue = ["api_key": "sk-zzzzzzzzzz", "nested": ["token": "t-1234567"], "b64": .string(String(repeating: "A", count: 5000)),
                              "note": "uses sk-abcdefghijklm"]
        let stored = Redactor.snapshot(raw, secrets: [])
        XCTAssertFalse(stored.contains("sk-zzzzzzzzzz"))
        XCTAssertFalse(stored.contains("t-1234567"))
        XCTAssertFalse(stored.contains("sk-abcdefghijklm"))
        XCTAssertLessThan(stored.count, 1000)
        XCTAssertEqual(String(describing: Credentials(apiKey: "sk-visible-key")), "Credentials([redacted])")
    }

    func testRedirectsDropCredentialsAcrossOrigins() {
        let transport = AsyncHTTPClientTransport.shared
        let request = HTTPRequest(method: "POST", url: "https://relay.example.com/v1/x?key=1",
                                  headers: [("Authorization", "Bearer sk-1"), ("X-Request-req-accessKeySecret", "s"),
                                            ("Content-Type", "application/json"), ("Accept", "application/json")],
                                  body: Data("{}".utf8), sensitiveHeaders: ["authorization", "x-request-req-accesskeysecret"])
        let same = transport.redirected(request, to: "/v1/y", status: 307)
        XCTAssertEqual(same?.url, "https://relay.example.com/v1/y")
        XCTAssertEqual(same?.method, "POST")
        XCTAssertTrue(same?.headers.contains { $0.0 == "Authorization" } ?? false)
        let other = transport.redirected(request, to: "https://cdn.example.net/file.png", status: 302)
        XCTAssertEqual(other?.method, "GET")
        XCTAssertNil(other?.body)
        XCTAssertFalse(other?.headers.contains { $0.0 == "Authorization" || $0.0 == "X-Request-req-accessKeySecret" } ?? true)
        let port = transport.redirected(request, to: "https://relay.example.com:8443/v1/y", status: 308)
        XCTAssertFalse(port?.headers.contains { $0.0 == "Authorization" } ?? true, "another port is another origin")
        XCTAssertNil(transport.redirected(request, to: "file:///etc/passwd", status: 302))
        XCTAssertEqual(request.redactedURL, "https://relay.example.com/v1/x")
    }

    func testPresets() {
        XCTAssertEqual(Set(Presets.all.map(\.id)), ["kfc-v50", "chat-bp", "no1-api", "yunapi", "img-open", "custom", "demo"])
        XCTAssertEqual(Presets.named("IMG-OPEN")?.auth, .imgOpen)
        XCTAssertEqual(Presets.no1API.model("stable-diffusion")?.imageViaChat, true)
        XCTAssertEqual(Presets.demo.with(baseURL: "http://h:1/v1/").baseURL, "http://h:1")
        XCTAssertEqual(Presets.kfcV50.prices.price(of: "mx-upscaler-2")?.amount, 2)
    }

    /// Token counts a relay reports are its own: two near 2^63 used to overflow when added (the
    /// server stopped on the next streamed usage chunk).
    func testAbsurdTokenCountsAreClampedInsteadOfOverflowing() throws {
        for body in [#"{"prompt_tokens":5000000000000000000,"completion_tokens":5000000000000000000}"#,
                     #"{"prompt_tokens":"5e18","completion_tokens":"5e18"}"#,
                     #"{"prompt_tokens":-5000000000000000000,"completion_tokens":-5000000000000000000}"#] {
            let usage = try XCTUnwrap(ChatUsage(try JSONParser.parse(body)), body)
            XCTAssertGreaterThanOrEqual(usage.totalTokens, 0, body)
            XCTAssertLessThanOrEqual(usage.totalTokens, 1 << 54, body)
        }
        let normal = try XCTUnwrap(ChatUsage(try JSONParser.parse(#"{"prompt_tokens":12,"completion_tokens":30}"#)))
        XCTAssertEqual(normal.totalTokens, 42)
    }
}

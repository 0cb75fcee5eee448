import Foundation
import XCTest

@testable import RelayClient

final class JSONParserTests: XCTestCase {
    func testParsesNestedDocumentKeepingNumberText() throws {
        let json = try JSONParser.parse(#"{"id":1730621826053455123,"p":"45%","f":0.42,"a":[true,null,"x\u00e9\ud83d\ude00"],"e":""}"#)
        XCTAssertEqual(json["id"].string, "1730621826053455123")
        XCTAssertEqual(json["p"].double, 45)
        XCTAssertEqual(json["f"].double, 0.42)
        XCTAssertEqual(json["a"][0].bool, true)
        XCTAssertTrue(json["a"][1].isNull)
        XCTAssertEqual(json["a"][2].string, "xé😀")
        XCTAssertNil(json["e"].string, "an empty string reads as absent")
        XCTAssertFalse(json["e"].isPresent)
        XCTAssertTrue(json["missing"].isNull)
    }

    func testMemberNamesKnownOrNotReadTheSame() throws {
        // Known names (taken from a table), unknown ones, near misses, escapes and a long name.
        let text = #"{"status":1,"statu":2,"statuss":3,"st\u0061tus_escaped":4,"customId":5,"customid":6,"# +
            #""task_status_msg":7,"a_name_longer_than_sixteen_bytes":8,"":9,"名前":10,"token":"t"}"#
        let (json, clean) = try JSONParser.parseChecked(Data(text.utf8))
        XCTAssertEqual(json.members.map(\.0), ["status", "statu", "statuss", "status_escaped", "customId", "customid",
                                               "task_status_msg", "a_name_longer_than_sixteen_bytes", "", "名前", "token"])
        XCTAssertEqual(json["customid"].int, 6)
        XCTAssertEqual(json["task_status_msg"].int, 7)
        XCTAssertFalse(clean, "a secret-named member is still noticed")
        let known = try JSONParser.parseChecked(Data(#"{"status":"SUCCESS","imageUrl":"u","buttons":[]}"#.utf8))
        XCTAssertTrue(known.clean)
        for name in ["status", "customId", "task_status_msg", "finish_reason", "b64_json"] {
            var bytes = Array(name.utf8)
            XCTAssertEqual(bytes.withUnsafeMutableBufferPointer { KnownMemberNames.lookup(UnsafeBufferPointer($0)) }, name)
        }
        XCTAssertFalse(KnownMemberNames.names.contains(where: Redactor.isSecretKey), "known names skip the secret check")
        for name in ["statu", "Status", "token", "key", "api_key", "authorization"] {
            var bytes = Array(name.utf8)
            XCTAssertNil(bytes.withUnsafeMutableBufferPointer { KnownMemberNames.lookup(UnsafeBufferPointer($0)) }, name)
        }
    }

    func testRejectsGarbageWithOffset() {
        for text in ["{\"a\":", "not json", "{\"a\":1,}", "[1 2]", "\"unterminated", "{\"a\":01x}", "<html>"] {
            XCTAssertThrowsError(try JSONParser.parse(text), text)
        }
    }

    func testRoundTripSerialization() throws {
        let value: JSONValue = ["s": "line\n\"quoted\"\u{01}", "n": 3, "d": 1.5, "b": false, "z": nil, "a": [1, "two"]]
        let again = try JSONParser.parse(value.serialized())
        XCTAssertEqual(again, value)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSONParser.parse(deep))
    }

    func testLenientProgressAndDates() {
        XCTAssertEqual(Lenient.progress("45%"), 45)
        XCTAssertEqual(Lenient.progress(.int(30)), 30)
        XCTAssertEqual(Lenient.progress(.double(0.42), fraction: true), 42)
        XCTAssertEqual(Lenient.progress(.double(0.5)), 50)
        XCTAssertNil(Lenient.progress(""))
        XCTAssertEqual(Lenient.progress("100%"), 100)
        let ms = Lenient.date(.number("1730621855817"))
        let s = Lenient.date(.number("1730621855"))
        XCTAssertEqual(ms!.timeIntervalSince1970, 1_730_621_855.817, accuracy: 0.001)
        XCTAssertEqual(s!.timeIntervalSince1970, 1_730_621_855, accuracy: 0.001)
        XCTAssertNil(Lenient.date(.number("0")))
        for absurd in ["1e999", "1e300", "253402300800000", "-5"] {
            XCTAssertNil(Lenient.date(.number(absurd)), "no date past the year 9999 (nor an infinite one): \(absurd)")
        }
        XCTAssertNotNil(Lenient.date("2024-12-22T13:38:40.139409Z"))
        XCTAssertNotNil(Lenient.date("2025-01-01T00:00:00.000Z"))
        XCTAssertEqual(Lenient.seconds("5s"), 5)
        XCTAssertEqual(Lenient.seconds("5.1"), 5.1)
        XCTAssertNil(Lenient.seconds(.number("1e999")))
        XCTAssertNil(Lenient.seconds("infs"))
    }
}

final class SSEParserTests: XCTestCase {
    let stream = """
        data: {"a":1}

        : PING

        event: custom
        id: 7
        data: line1
        data: line2

        data: [DONE]


        """

    func events(feedingInChunksOf size: Int, text: String) -> [SSEEvent] {
        var parser = SSEParser()
        var out: [SSEEvent] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(bytes.count, i + size)])
            chunk.withUnsafeBytes { raw in parser.feed(buffer: raw) { out.append($0) } }
            i += size
        }
        return out
    }

    func testParsesEventsAcrossEveryChunkBoundary() {
        let whole = events(feedingInChunksOf: 10_000, text: stream)
        XCTAssertEqual(whole.map(\.data), [#"{"a":1}"#, "line1\nline2", "[DONE]"])
        XCTAssertEqual(whole[1].event, "custom")
        XCTAssertEqual(whole[1].id, "7")
        for size in 1...12 {
            XCTAssertEqual(events(feedingInChunksOf: size, text: stream), whole, "chunk size \(size)")
        }
    }

    func testCRLFAndCRLineEndingsSplitAnywhere() {
        let crlf = "data: x\r\n\r\ndata: y\r\rdata: é\n\n"
        for size in 1...5 {
            XCTAssertEqual(events(feedingInChunksOf: size, text: crlf).map(\.data), ["x", "y", "é"], "size \(size)")
        }
        var parser = SSEParser()
        var out: [SSEEvent] = []
        parser.feed(Array("data: z\r".utf8)) { out.append($0) }
        parser.feed(Array("\n\r\n".utf8)) { out.append($0) }
        XCTAssertEqual(out.map(\.data), ["z"])
    }

    func testUnterminatedEventIsDropped() {
        XCTAssertEqual(events(feedingInChunksOf: 3, text: "data: a\n\ndata: partial").map(\.data), ["a"])
    }
}

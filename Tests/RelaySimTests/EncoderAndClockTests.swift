import Foundation
import XCTest

@testable import RelaySim

/// The pieces without HTTP: the lazy task clock and the media encoders.
final class EncoderAndClockTests: XCTestCase {
    func testPhasesNeverGoBackwards() {
        for steps in 0...6 {
            let clock = TaskClock(tick: .milliseconds(10), steps: steps)
            let ranks = (0...8).map { ticks -> Double in
                switch clock.phase(ticks: ticks) {
                case .queued: return 0
                case .submitted: return 1
                case .running(let fraction): return 2 + fraction
                case .finished: return 4
                }
            }
            XCTAssertEqual(ranks, ranks.sorted(), "steps \(steps)")
            XCTAssertEqual(clock.phase(ticks: steps), .finished)
        }
    }

    func testStagesShowEveryStageWhenThereAreEnoughSteps() {
        let clock = TaskClock(tick: .seconds(1), steps: 4)
        XCTAssertEqual((0..<5).map { clock.stage(ticks: $0, count: 4) }, [0, 1, 2, 3, nil])
        let short = TaskClock(tick: .seconds(1), steps: 2)
        XCTAssertEqual((0..<3).map { short.stage(ticks: $0, count: 4) }, [0, 3, nil], "the last stage shows before the end")
    }

    func testTicksFollowElapsedTime() {
        let clock = TaskClock(tick: .milliseconds(500), steps: 3)
        let start = Date(timeIntervalSince1970: 1_000)
        XCTAssertEqual(clock.ticks(from: start, to: start.addingTimeInterval(1.26)), 2)
        XCTAssertEqual(clock.ticks(from: start, to: start.addingTimeInterval(-5)), 0)
    }

    func testPNGChunksCarryValidChecksums() throws {
        let png = ImageArtist.png(seed: 7, width: 1024, height: 512)
        XCTAssertTrue(Signatures.isPNG(png))
        var offset = 8
        var types: [String] = []
        while offset < png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            XCTAssertEqual(stored, Self.bitwiseCRC(typeAndData))
            types.append(String(decoding: typeAndData.prefix(4), as: UTF8.self))
            if types.last == "IHDR" {
                XCTAssertEqual(Array(typeAndData[4..<12]), [0, 0, 1, 0, 0, 0, 0, 128], "256×128 after scaling 1024×512")
            }
            offset += 12 + length
        }
        XCTAssertEqual(types, ["IHDR", "IDAT", "IEND"])
        XCTAssertNotEqual(png, ImageArtist.png(seed: 8, width: 1024, height: 512))
    }

    func testWAVHeaderDescribesTheSamples() {
        let wav = WAVEncoder.tone(frequency: 440, seconds: 0.5, sampleRate: 8_000)
        XCTAssertTrue(Signatures.isWAV(wav))
        func le32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(wav[at + $1]) << (8 * $1) } }
        XCTAssertEqual(le32(4), wav.count - 8)
        XCTAssertEqual(le32(24), 8_000)
        XCTAssertEqual(le32(40), 8_000)  // 4,000 samples × 2 bytes
        XCTAssertTrue(Signatures.isMP4(SampleVideo.mp4))
        XCTAssertLessThan(SampleVideo.mp4.count, 20_000)
    }

    func testMagicWordsAreFoundAnywhere() {
        XCTAssertEqual(MagicWord.find(in: #"{"prompt":"a cat sim:fail and sim:429"}"#), [.fail, .rateLimited])
        XCTAssertEqual(MagicWord.find(in: "no words here"), [])
    }

    private static func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

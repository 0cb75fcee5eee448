import AtelierStore
import Foundation
import XCTest

/// The gallery's files through the real server and nginx: after Atelier's check nginx sends
/// the bytes from its internal `/media/` location, HTTP ranges included (seeking in audio and
/// video), and another member's private output is a 404 on every file route; a selection comes
/// back as a ZIP streamed through a worker and nginx.
final class GalleryThroughNginxTests: ServerBehindNginxTestCase {
    override class var folderPrefix: String { "e2e-gallery" }

    /// The first capture group of `pattern` in `text`.
    private static func capture(_ pattern: String, in text: String) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let match = try XCTUnwrap(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), "no match for \(pattern)")
        return String(text[try XCTUnwrap(Range(match.range(at: 1), in: text))])
    }

    /// What a program prints, after it exits with status 0.
    private static func output(of program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(arguments)")
        return String(decoding: data, as: UTF8.self)
    }

    private func signIn(_ name: String, _ password: String) throws -> String {
        let form = try nginx.get("/signin")
        let signedIn = try nginx.post("/signin", form: [("name", name), ("password", password),
                                                        ("_csrf", try Self.capture(#"name="_csrf" value="([^"]+)""#, in: form.text))],
                                      headers: ["Cookie": try XCTUnwrap(form.cookie("atelier_csrf"))])
        return try XCTUnwrap(signedIn.cookie("atelier_session"), "sign-in of \(name)")
    }

    /// A kept output of `member` written into the server's database and media folder, as the engine keeps one.
    private func keep(_ store: (tasks: TaskStore, gallery: GalleryStore), task id: String, member: Member, kind: String, mime: String,
                      bytes: [UInt8]) async throws -> Int64 {
        let path = "ab/cd/\(id).\(kind == "audio" ? "wav" : "mp4")"
        let url = directory.appendingPathComponent("media").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        let now = Date()
        _ = try await store.tasks.create(TaskRecord(id: id, memberId: member.id, memberName: member.name, providerId: nil, providerName: "Sim",
                                                    family: "suno", operation: "suno-music", kind: kind, model: "chirp", prompt: "seek \(id)",
                                                    request: "{}", idempotencyKey: "k-\(id)", createdAt: now, deadlineAt: now + 600))
        var output = TaskOutputRecord(taskId: id, position: 0, kind: kind, sourceURL: "https://relay/\(id)", duration: 12)
        output.state = .kept
        output.relativePath = path
        output.mimeType = mime
        output.byteCount = Int64(bytes.count)
        _ = try await store.tasks.transition(id, from: .queued, outputs: [output]) { $0.status = .succeeded }
        let viewer = try XCTUnwrap(member.id)
        let tiles = try await store.gallery.page(viewerID: viewer, filter: GalleryFilter(mine: true), from: .first, limit: 10).tiles
        return try XCTUnwrap(tiles.first { $0.taskID == id }?.outputID)
    }

    func testAudioAndVideoSeekThroughNginxWithRangesAndPrivateFilesAre404() async throws {
        let database = try AtelierDatabase(path: directory.appendingPathComponent("atelier.sqlite").path)
        let members = MemberStore(database: database, hasher: PasswordHasher(rounds: 1_000))
        let store = (tasks: TaskStore(database: database), gallery: GalleryStore(database: database))
        let leadMember = try await members.find(name: "lead")
        let lead = try XCTUnwrap(leadMember)
        let mia = try await members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let audioBytes = (0..<200_000).map { UInt8($0 % 251) }
        let videoBytes = (0..<150_000).map { UInt8($0 % 241) }
        _ = try await keep(store, task: "clip", member: lead, kind: "audio", mime: "audio/wav", bytes: audioBytes)
        _ = try await keep(store, task: "film", member: lead, kind: "video", mime: "video/mp4", bytes: videoBytes)
        let secret = try await keep(store, task: "secret", member: mia, kind: "audio", mime: "audio/wav", bytes: audioBytes)
        let madePrivate = try await store.gallery.setPrivate(true, outputID: secret, ownerID: try XCTUnwrap(mia.id))
        XCTAssertTrue(madePrivate)

        let cookie = try signIn("lead", AtelierServerProcess.leadPassword)
        for (target, bytes, type) in [("/files/clip/0", audioBytes, "audio/wav"), ("/files/film/0", videoBytes, "video/mp4")] {
            let whole = try nginx.get(target, headers: ["Cookie": cookie])
            XCTAssertEqual(whole.status, 200, target)
            XCTAssertEqual(whole.body, bytes)
            XCTAssertEqual(whole.headers["accept-ranges"], "bytes")
            let part = try nginx.get(target, headers: ["Cookie": cookie, "Range": "bytes=1000-1999"])
            XCTAssertEqual(part.status, 206, target)
            XCTAssertEqual(part.headers["content-range"], "bytes 1000-1999/\(bytes.count)")
            XCTAssertEqual(part.headers["content-type"], type)
            XCTAssertEqual(part.body, Array(bytes[1000..<2000]))
            let tail = try nginx.get(target, headers: ["Cookie": cookie, "Range": "bytes=-500"])
            XCTAssertEqual(tail.status, 206)
            XCTAssertEqual(tail.body, Array(bytes.suffix(500)))
        }
        let gallery = try nginx.get("/gallery?kind=audio", headers: ["Cookie": cookie])
        XCTAssertEqual(gallery.status, 200)
        XCTAssertTrue(gallery.text.contains(#"<audio controls preload="none" src="/files/clip/0"></audio>"#))
        XCTAssertFalse(gallery.text.contains("/files/secret/0"), "Mia's private clip is not listed")
        for target in ["/files/secret/0", "/files/secret/0/small", "/files/secret/0/poster", "/gallery/\(secret)"] {
            let refused = try nginx.get(target, headers: ["Cookie": cookie, "Range": "bytes=0-99"])
            XCTAssertEqual(refused.status, 404, target)
        }
        XCTAssertEqual(try nginx.get("/files/clip/0").status, 303, "signed out: to the sign-in page")
        XCTAssertEqual(try nginx.get("/media/ab/cd/clip.wav", headers: ["Cookie": cookie]).status, 404, "/media/ is internal")
        let miaCookie = try signIn("mia", "member password 1")
        let own = try nginx.get("/files/secret/0", headers: ["Cookie": miaCookie, "Range": "bytes=0-99"])
        XCTAssertEqual(own.status, 206, "the owner seeks in her private clip")
    }

    func testASelectionDownloadsAsAStreamedZipWithItsMetadataAndWithoutOthersPrivateFiles() async throws {
        let database = try AtelierDatabase(path: directory.appendingPathComponent("atelier.sqlite").path)
        let members = MemberStore(database: database, hasher: PasswordHasher(rounds: 1_000))
        let store = (tasks: TaskStore(database: database), gallery: GalleryStore(database: database))
        let leadMember = try await members.find(name: "lead")
        let lead = try XCTUnwrap(leadMember)
        let mia = try await members.add(name: "mia", displayName: "Mia", role: .member, password: "member password 1", by: .system)
        let audioBytes = (0..<300_000).map { UInt8($0 % 251) }
        let videoBytes = (0..<700_000).map { UInt8($0 % 241) }
        let clip = try await keep(store, task: "clip", member: lead, kind: "audio", mime: "audio/wav", bytes: audioBytes)
        let film = try await keep(store, task: "film", member: lead, kind: "video", mime: "video/mp4", bytes: videoBytes)
        let secret = try await keep(store, task: "secret", member: mia, kind: "audio", mime: "audio/wav", bytes: audioBytes)
        _ = try await store.gallery.setPrivate(true, outputID: secret, ownerID: try XCTUnwrap(mia.id))

        let cookie = try signIn("lead", AtelierServerProcess.leadPassword)
        let grid = try nginx.get("/gallery", headers: ["Cookie": cookie])
        XCTAssertTrue(grid.text.contains(#"formaction="/gallery/zip""#), "the grid offers the download")
        let csrf = try Self.capture(#"name="_csrf" value="([^"]+)""#, in: grid.text)
        let zip = try nginx.post("/gallery/zip", form: [("_csrf", csrf), ("ids", String(film)), ("ids", String(secret)), ("ids", String(clip))],
                                 headers: ["Cookie": cookie])
        XCTAssertEqual(zip.status, 200)
        XCTAssertEqual(zip.headers["content-type"], "application/zip")
        XCTAssertTrue(zip.headers["content-disposition"]?.contains("atelier-") ?? false, "\(zip.headers)")
        let file = directory.appendingPathComponent("download.zip")
        try Data(zip.body).write(to: file)
        // Python's zipfile checks every CRC and lists what the archive holds.
        let listing = try Self.output(of: "/usr/bin/env", ["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            for info in z.infolist(): print(info.filename, info.file_size)
            print(z.read('metadata.csv').decode())
            """, file.path])
        let lines = listing.split(separator: "\n").map(String.init)
        XCTAssertGreaterThanOrEqual(lines.count, 3, listing)
        XCTAssertTrue(lines[0].hasPrefix("metadata.csv "), listing)
        XCTAssertTrue(lines[1].hasSuffix(".mp4 \(videoBytes.count)"), "the order chosen is kept: \(listing)")
        XCTAssertTrue(lines[2].hasSuffix(".wav \(audioBytes.count)"), listing)
        XCTAssertFalse(listing.contains("secret"), "Mia's private clip is left out")
        XCTAssertTrue(listing.contains("seek film"), "the metadata names the prompt: \(listing)")

        let nothing = try nginx.post("/gallery/zip", form: [("_csrf", csrf), ("ids", String(secret))], headers: ["Cookie": cookie])
        XCTAssertEqual(nothing.status, 400, "only another member's private file chosen")
    }
}

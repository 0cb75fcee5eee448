import AtelierStore
import FastCGI
import Foundation
import TaskEngine

/// A studio form as posted: the typed values (to show again), the chosen provider and route,
/// and the request they make. Problems found here are reported by field, like the engine's.
struct StudioForm {
    /// Every text field, as typed.
    var values: [String: String]
    var choice: (providerID: Int64, route: StudioRoute)?
    var problems: [FieldError] = []
    /// Reference image uploads, not yet kept.
    var uploads: [UploadedFile]
    /// Other providers and routes to send the same prompt to ("compare").
    var compareChoices: [(providerID: Int64, route: StudioRoute)]
    /// Other models to send the same prompt to on the chosen route.
    var compareModels: [String]

    static let textFields = ["choice", "model", "prompt", "negative_prompt", "size", "aspect_ratio", "count", "seed", "lyrics", "style",
                             "title", "duration", "voice", "submission", "compare_models"]
    /// The limit of each text field; the others are short values (choices, numbers, sizes).
    static let limits: [String: TextLimit] = ["prompt": .prompt, "negative_prompt": .negativePrompt, "lyrics": .lyrics, "style": .title,
                                              "title": .title, "model": .model, "compare_models": .title]
    static let largestReference = 10 * 1024 * 1024

    init(_ form: FormData) {
        var values: [String: String] = [:]
        for name in Self.textFields { values[name] = (form[name] ?? "").trimmingCharacters(in: .whitespaces) }
        values["instrumental"] = form["instrumental"] == nil ? "" : "on"
        self.values = values
        self.values["compare"] = form.values("compare").joined(separator: " ")
        uploads = form.files.filter { $0.fieldName == "reference" && $0.size > 0 }
        choice = StudioChoice.parse(values["choice"] ?? "").flatMap { $0.route == .midjourneyAction ? nil : $0 }
        let compared = form.values("compare")
        compareChoices = compared.compactMap(StudioChoice.parse).filter { $0.route != .midjourneyAction }
        compareModels = (values["compare_models"] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0.isWhitespace })
            .map(String.init).filter { !$0.isEmpty }
        if compareChoices.count != compared.count { problems.append(FieldError(field: "compare", code: "invalid_choice")) }
        if compareChoices.count + compareModels.count > 5 { problems.append(FieldError(field: "compare", code: "too_many", limit: 5)) }
        // Before any upload is kept or anything written.
        for name in Self.textFields {
            if let problem = (Self.limits[name] ?? .shortValue).problem(values[name] ?? "", field: name) { problems.append(problem) }
        }
        if choice == nil { problems.append(FieldError(field: "choice", code: "invalid_choice")) }
        if (values["submission"] ?? "").utf8.count < 16 { problems.append(FieldError(field: "submission", code: "required")) }
        for upload in uploads where upload.size > Self.largestReference {
            problems.append(FieldError(field: "reference", code: "too_large", limit: Self.largestReference / 1024 / 1024))
        }
    }

    /// An optional whole number within `range`, or a problem for `field`.
    private mutating func number(_ field: String, _ range: ClosedRange<Int>) -> Int? {
        guard let text = values[field]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            problems.append(FieldError(field: field, code: "not_a_number"))
            return nil
        }
        guard range.contains(value) else {
            problems.append(FieldError(field: field, code: "out_of_range", limit: range.upperBound))
            return nil
        }
        return value
    }

    private func optional(_ field: String) -> String? {
        guard let value = values[field], !value.isEmpty else { return nil }
        return value
    }

    /// Whether the same prompt goes to more than one provider, route or model.
    var isComparison: Bool { !compareChoices.isEmpty || !compareModels.isEmpty }

    /// The studio request the fields make, with the kept reference images.
    mutating func request(references: [ReferenceImage]) -> StudioRequest? {
        let count = number("count", 1...4)
        let seed = number("seed", 0...Int(Int32.max))
        let duration = number("duration", 1...60)
        guard let choice else { return nil }
        return StudioRequest(
            route: choice.route, model: values["model"] ?? "", prompt: values["prompt"] ?? "", negativePrompt: optional("negative_prompt"),
            size: optional("size"), aspectRatio: optional("aspect_ratio"), count: count, seed: seed, references: references,
            lyrics: optional("lyrics"), style: optional("style"), title: optional("title"), instrumental: values["instrumental"] == "on",
            duration: duration, voice: optional("voice"))
    }
}

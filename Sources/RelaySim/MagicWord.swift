/// A fault a request asks for by carrying `sim:<word>` in its body (see ``SimulatorConfiguration``).
enum MagicWord: String, CaseIterable, Sendable {
    case fail, rateLimited = "429", serverError = "500", garbage, html, slow, huge, quota, reject
    case lost, hang, drop, busy
    case noImage = "noimage"

    /// The words present in `text`.
    static func find(in text: String) -> Set<MagicWord> {
        guard text.contains("sim:") else { return [] }
        return Set(allCases.filter { text.contains("sim:" + $0.rawValue) })
    }
}

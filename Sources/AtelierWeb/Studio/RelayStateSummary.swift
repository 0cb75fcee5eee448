import Foundation
import RelayClient

/// What the task page reads from a task's stored relay state: the Midjourney buttons and the
/// outputs (for the final prompt). Only these two keys are decoded; the rest of the state (the
/// relay's raw answer above all) is skipped, not turned into values the page never shows.
struct RelayStateSummary: Decodable {
    var actions: [TaskAction]
    var outputs: [TaskOutput]

    private enum CodingKeys: String, CodingKey { case actions, outputs }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        actions = try container.decodeIfPresent([TaskAction].self, forKey: .actions) ?? []
        outputs = try container.decodeIfPresent([TaskOutput].self, forKey: .outputs) ?? []
    }

    /// The summary of a stored state; nil when there is none or it cannot be read.
    static func of(_ relayState: String?) -> RelayStateSummary? {
        guard let relayState else { return nil }
        return try? JSONDecoder().decode(RelayStateSummary.self, from: Data(relayState.utf8))
    }
}

import AtelierStore
import RelayClient

extension TaskButton {
    /// The Midjourney buttons of a finished grid, for its owner or the lead (none for anyone
    /// else, or for another kind of task). One idempotency key per button: pressing U1 then U2
    /// from the same page makes two tasks.
    static func offered(for task: TaskRecord, relay: RelayStateSummary?, viewer: Viewer, renderer: PageRenderer,
                        language: Language) -> [TaskButton] {
        guard viewer.member.id == task.memberId || viewer.isLead, task.status == .succeeded,
              task.family == ProtocolFamily.midjourney.rawValue, let relay else { return [] }
        let submission = SubmissionKey.fresh()
        return relay.actions.enumerated().map {
            TaskButton(id: $0.element.id, label: ButtonLabel.text(for: $0.element, renderer: renderer, language: language),
                       submission: "\(submission)-\($0.offset)")
        }
    }
}

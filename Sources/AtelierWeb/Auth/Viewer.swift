import AtelierStore

/// The signed-in member behind a request, with their session.
public struct Viewer: Sendable {
    public var member: Member
    public var session: Session

    /// Who the audit log names for changes this viewer makes.
    func actor(from address: String) -> Actor { .member(member, from: address) }

    var isLead: Bool { member.role == .lead }
}

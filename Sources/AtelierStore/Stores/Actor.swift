import Foundation

/// Who makes a change, for the audit log: a signed-in member, the CLI or Atelier itself.
public struct Actor: Sendable, Hashable {
    public var memberID: Int64?
    public var name: String
    /// The client address as nginx saw it, or `local` for the CLI and `-` for Atelier itself.
    public var remoteAddress: String

    public init(memberID: Int64?, name: String, remoteAddress: String) {
        self.memberID = memberID
        self.name = name
        self.remoteAddress = remoteAddress
    }

    /// A signed-in member acting from an address.
    public static func member(_ member: Member, from address: String) -> Actor {
        Actor(memberID: member.id, name: member.name, remoteAddress: address)
    }

    /// The `atelier` command line, run by a user of this machine.
    public static var commandLine: Actor {
        Actor(memberID: nil, name: "cli:\(ProcessInfo.processInfo.userName)", remoteAddress: "local")
    }

    /// Atelier itself (first start, background refresh).
    public static let system = Actor(memberID: nil, name: "atelier", remoteAddress: "-")
}

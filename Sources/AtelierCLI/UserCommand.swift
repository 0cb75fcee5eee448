import ArgumentParser
import AtelierStore
import Foundation

/// `atelier user …`: the team's members, in the server's database. Passwords come from
/// `ATELIER_PASSWORD` or are typed without echo; never from a flag.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the team's members (in the server's database).",
        subcommands: [Add.self, Passwd.self, Disable.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member. The password comes from ATELIER_PASSWORD or is asked for on the terminal.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The sign-in name (letters, digits, . _ -).") var name: String
        @Option(name: .long, help: "lead, member or viewer.") var role: String
        @Option(name: .customLong("display-name"), help: "The name pages show (default: the sign-in name).") var displayName: String?

        func run() async throws {
            try await administering {
                let role = try parseRole(role)
                let team = try await store.openTeam()
                // Check the name before asking for a password, so a typo costs no typing.
                let early = MemberStore.validate(name: name, displayName: displayName ?? "", password: String(repeating: "x", count: MemberStore.minimumPasswordLength))
                guard early.isEmpty else { throw ValidationFailure(early) }
                if try await team.members.find(name: name) != nil { throw ValidationFailure([FieldError(field: "name", code: "taken")]) }
                let password = try Console.secret(from: "ATELIER_PASSWORD", prompt: "Password for \(name)", confirm: true)
                let member = try await team.members.add(name: name, displayName: displayName ?? "", role: role, password: password, by: .commandLine)
                print("added \(member.role.rawValue) \(member.name)")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a member's password (ATELIER_PASSWORD or asked for); their sessions end.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The member's sign-in name.") var name: String

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let member = try await findMember(name, in: team)
                let password = try Console.secret(from: "ATELIER_PASSWORD", prompt: "New password for \(name)", confirm: true)
                try await team.members.resetPassword(memberID: member.id!, to: password, by: .commandLine)
                print("password of \(member.name) changed; their sessions were ended")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a member (ending their sessions), or enable them again with --enable.")

        @OptionGroup var store: DatabaseOptions
        @Argument(help: "The member's sign-in name.") var name: String
        @Flag(name: .long, help: "Enable the member instead.") var enable = false

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let member = try await findMember(name, in: team)
                try await team.members.setDisabled(!enable, memberID: member.id!, by: .commandLine)
                print("\(member.name) is \(enable ? "enabled" : "disabled")")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the members.")

        @OptionGroup var store: DatabaseOptions

        func run() async throws {
            try await administering {
                let team = try await store.openTeam()
                let rows = try await team.members.all().map { member in
                    [member.name, member.displayName, member.role.rawValue, member.isDisabled ? "disabled" : "active"]
                }
                print(Console.table(["NAME", "DISPLAY NAME", "ROLE", "STATUS"], rows))
            }
        }
    }
}

func parseRole(_ text: String) throws -> Role {
    guard let role = Role(rawValue: text.lowercased()) else {
        throw FieldError(field: "role", code: "invalid_choice")
    }
    return role
}

func findMember(_ name: String, in team: Team) async throws -> Member {
    guard let member = try await team.members.find(name: name), member.id != nil else {
        throw CLIFailure("error: no member is named \(name)")
    }
    return member
}

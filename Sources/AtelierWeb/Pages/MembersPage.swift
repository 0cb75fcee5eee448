/// The view of `members.mustache`: the team's members and the form to add one.
struct MembersPage {
    let flash: String?
    /// Never set here; the shared flash partial shows it.
    let problem: String?
    let members: [MemberRow]
    let form: FormView<NewMemberFields>
    /// The role menu of the form, the typed (or default) role selected.
    let roles: [RoleChoice]
    let minimumPassword: Int
}

/// One member in the list, as ready-made strings.
struct MemberRow {
    let id: String
    let displayName: String
    /// The sign-in name and since when the member exists.
    let subtitle: String
    let roleLabel: String
    let isDisabled: Bool
    let statusClass: String
    let statusLabel: String
}

/// One entry of a role menu.
struct RoleChoice {
    let value: String
    let label: String
    let selected: Bool
}

/// The fields of the form adding a member.
struct NewMemberFields: FormFields {
    let name = "name"
    let display_name = "display_name"
    let role = "role"
    let password = "password"
}

/// The view of `member.mustache`: one member's facts and, for anyone but the viewer, the forms
/// changing them.
struct MemberPage {
    let flash: String?
    /// Why the last change was refused.
    let problem: String?
    let member: MemberDetails
    let minimumPassword: Int
}

/// One member as their page shows them.
struct MemberDetails {
    let id: String
    let name: String
    let displayName: String
    let roleLabel: String
    let statusClass: String
    let statusLabel: String
    let createdAt: String
    /// The viewer's own page: no forms, a link to the account page instead.
    let isYou: Bool
    /// `enable` or `disable`, the path of the toggle button.
    let toggleAction: String
    let toggleLabel: String
    let roles: [RoleChoice]
}

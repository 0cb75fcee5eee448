/// The view of `account.mustache`: who the member is, and the form to change their password.
struct AccountPage {
    let flash: String?
    /// Never set here; the shared flash partial shows it.
    let problem: String?
    let member: AccountFacts
    let form: FormView<PasswordChangeFields>
    let minimumPassword: Int
}

/// The signed-in member as their account page shows them.
struct AccountFacts {
    let name: String
    let displayName: String
    /// The role's name in the page's language.
    let role: String
    let passwordChangedAt: String
    let sessionExpiresAt: String
}

/// The fields of the form changing one's own password.
struct PasswordChangeFields: FormFields {
    let current_password = "current_password"
    let new_password = "new_password"
    let confirm_password = "confirm_password"
}

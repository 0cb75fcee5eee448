/// The view of `signin.mustache`: the sign-in form, what was typed, and why it was refused.
struct SignInPage {
    let form: FormView<SignInFields>
    /// A refusal that is not about a field (wait before trying again).
    let message: String?
}

/// The fields of the sign-in form.
struct SignInFields: FormFields {
    let name = "name"
    let next = "next"
    let password = "password"
}

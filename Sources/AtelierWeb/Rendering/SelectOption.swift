/// One `<option>` of a select on a compiled page: the value sent, the label shown, and whether
/// it is the one chosen.
struct SelectOption {
    let value: String
    let label: String
    let selected: Bool
}

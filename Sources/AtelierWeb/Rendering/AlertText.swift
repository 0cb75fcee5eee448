import AtelierStore

/// The wording of the warnings several pages show: a balance under its threshold, a key about to
/// expire or expired. Translations carry `{placeholders}` filled in here.
struct AlertText {
    let renderer: PageRenderer
    let language: Language

    func lowBalance(provider: String, reading: BalanceReading, threshold: Double) -> String {
        fill("balances_low", ["provider": provider, "amount": "\(Formatting.amount(reading.amount)) \(reading.unit)",
                              "threshold": Formatting.amount(threshold)])
    }

    func keyReminder(provider: String, listing: KeyStore.Listing) -> String {
        let days = listing.daysToExpiry ?? 0
        return fill(days < 0 ? "keys_expired" : "keys_expiring", [
            "provider": provider, "label": listing.key.label, "mask": listing.key.mask,
            "date": listing.key.expiresOn ?? "", "days": String(days),
        ])
    }

    private func fill(_ key: String, _ values: [String: String]) -> String {
        renderer.text(key, in: language, filling: values)
    }
}

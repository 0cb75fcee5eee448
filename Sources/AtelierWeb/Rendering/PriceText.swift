import AtelierStore
import Foundation

/// Prices and unknown spend as pages show them, translated.
struct PriceText {
    let renderer: PageRenderer
    let language: Language

    /// `≈ 0.04 USD / image`, or "no price set".
    func describe(_ price: PriceRecord?, unit: String) -> String {
        guard let price else { return renderer.text("price_none", in: language) }
        return "≈ \(Self.number(price.amount)) \(unit) / " + basis(price.basis)
    }

    /// A price with as many decimals as it needs, up to six (`0.00015`, `1`, `0.04`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `call`, `image`, `1K tokens`.
    func basis(_ basis: PriceBasis) -> String {
        renderer.text(basis == .kiloTokens ? "price_per_1k_tokens" : "price_per_\(basis.rawValue)", in: language)
    }

    /// `+ 3 without price` when some spend is unknown, else empty.
    func unpriced(_ count: Int) -> String {
        count > 0 ? renderer.text("price_unpriced_count", in: language, filling: ["count": String(count)]) : ""
    }
}

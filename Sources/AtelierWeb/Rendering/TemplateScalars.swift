import Mustache

// Strings and integers render through `MustacheCustomRenderable`, the first check swift-mustache
// makes on a value it prints. Without it each `{{tag}}` falls through three more failing dynamic
// casts and `String(describing:)` on an existential: a fifth of an admin page's render time.
// Output and section behaviour are unchanged (`isNull` is false, as for any other present value).
// `@retroactive`: neither type nor protocol is ours; if swift-mustache ever adds these conformances
// itself, the duplicate fails to link loudly rather than changing behaviour quietly.

extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}

// Mustache sections resolved by overloads, so the type of the value picks the behaviour at build
// time. Each `section` passes its body the scope that bare names inside refer to: the item for an
// optional, a sequence or a string, the enclosing scope for a boolean (a boolean section tests,
// it does not open a new scope). An optional array or an optional boolean is not a section
// value: give the view a plain array or `Bool`.

/// `{{#flag}}…{{/flag}}`: the body once, in the enclosing scope, when `value` is true.
@inlinable
public func section<Scope>(_ value: Bool, _ scope: Scope, _ body: (Scope) -> Void) {
    if value { body(scope) }
}

/// `{{#item}}…{{/item}}`: the body once, with the wrapped value, when there is one.
@inlinable
public func section<Scope, Wrapped>(_ value: Wrapped?, _ scope: Scope, _ body: (Wrapped) -> Void) {
    if let value { body(value) }
}

/// `{{#items}}…{{/items}}`: the body once per element. Arrays only: a generic `Sequence` would
/// make a `String` section ambiguous (a string is a sequence of characters).
@inlinable
public func section<Scope, Element>(_ value: [Element], _ scope: Scope, _ body: (Element) -> Void) {
    for item in value { body(item) }
}

/// `{{#text}}…{{/text}}`: a present string, even empty, is a value as in the interpreted path.
@inlinable
public func section<Scope>(_ value: String, _ scope: Scope, _ body: (String) -> Void) {
    body(value)
}

/// `{{^flag}}…{{/flag}}`: the body when `value` is false.
@inlinable
public func inverted(_ value: Bool, _ body: () -> Void) {
    if !value { body() }
}

/// `{{^item}}…{{/item}}`: the body when there is no value.
@inlinable
public func inverted<Wrapped>(_ value: Wrapped?, _ body: () -> Void) {
    if value == nil { body() }
}

/// `{{^items}}…{{/items}}`: the body when the array is empty.
@inlinable
public func inverted<Element>(_ value: [Element], _ body: () -> Void) {
    if value.isEmpty { body() }
}

/// `{{^text}}…{{/text}}`: never, since a present string is a value.
@inlinable
public func inverted(_ value: String, _ body: () -> Void) {}

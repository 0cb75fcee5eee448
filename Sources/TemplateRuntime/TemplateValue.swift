/// A value a compiled template can print with `{{name}}` (escaped) or `{{{name}}}` (raw).
///
/// `String`, `Substring`, the integer types, `Double` and `Bool` conform; a view type may conform
/// its own types (a formatted amount, a date) to print them without building a `String` first.
public protocol TemplateValue {
    /// Writes the value HTML-escaped.
    func write(escapedInto buffer: inout HTMLBuffer)
    /// Writes the value as it is.
    func write(rawInto buffer: inout HTMLBuffer)
}

extension TemplateValue where Self: CustomStringConvertible {
    @inlinable public func write(escapedInto buffer: inout HTMLBuffer) { buffer.appendEscaped(description) }
    @inlinable public func write(rawInto buffer: inout HTMLBuffer) { buffer.appendRaw(description) }
}

extension String: TemplateValue {
    @inlinable public func write(escapedInto buffer: inout HTMLBuffer) { buffer.appendEscaped(self) }
    @inlinable public func write(rawInto buffer: inout HTMLBuffer) { buffer.appendRaw(self) }
}

extension Substring: TemplateValue {}

extension Int: TemplateValue {
    @inlinable public func write(escapedInto buffer: inout HTMLBuffer) { buffer.appendDecimal(Int64(self)) }
    @inlinable public func write(rawInto buffer: inout HTMLBuffer) { buffer.appendDecimal(Int64(self)) }
}

extension Int64: TemplateValue {
    @inlinable public func write(escapedInto buffer: inout HTMLBuffer) { buffer.appendDecimal(self) }
    @inlinable public func write(rawInto buffer: inout HTMLBuffer) { buffer.appendDecimal(self) }
}

extension Double: TemplateValue {}
extension Bool: TemplateValue {}

/// An absent value prints nothing, as a missing key does in mustache.
extension Optional: TemplateValue where Wrapped: TemplateValue {
    @inlinable public func write(escapedInto buffer: inout HTMLBuffer) { self?.write(escapedInto: &buffer) }
    @inlinable public func write(rawInto buffer: inout HTMLBuffer) { self?.write(rawInto: &buffer) }
}

extension HTMLBuffer {
    /// `{{name}}`: the value, HTML-escaped.
    @inlinable
    public mutating func write(_ value: some TemplateValue) { value.write(escapedInto: &self) }

    /// `{{{name}}}` or `{{& name}}`: the value as it is.
    @inlinable
    public mutating func writeRaw(_ value: some TemplateValue) { value.write(rawInto: &self) }
}

/// Case-insensitive HTTP header fields, kept in order. Names are stored lowercased.
public struct HeaderFields: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    private var fields: [(name: String, value: String)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// The first value of the named field.
    public subscript(name: String) -> String? {
        let lower = Self.lowercased(name)
        return fields.first(where: { $0.name == lower })?.value
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        let lower = Self.lowercased(name)
        return fields.filter { $0.name == lower }.map(\.value)
    }

    /// Appends a field, keeping earlier ones of the same name (e.g. `Set-Cookie`).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((Self.lowercased(name), value))
    }

    /// Header names are ASCII and usually lowercase already: skip the copy then.
    private static func lowercased(_ name: String) -> String {
        name.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) ? name.lowercased() : name
    }

    /// Replaces every field of that name with one value.
    public mutating func set(_ name: String, _ value: String) {
        let lower = Self.lowercased(name)
        fields.removeAll { $0.name == lower }
        fields.append((lower, value))
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }
}

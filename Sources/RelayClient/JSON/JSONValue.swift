import Foundation

/// A JSON document held as a tree, read tolerantly.
///
/// Relay answers vary from one build to the next (a field is a string here and a number there,
/// `""` stands for "absent", ids arrive as numbers or strings), so the family decoders navigate
/// this tree with lenient accessors instead of strict `Decodable` types (PROTOCOLS §8.1).
/// Numbers keep their source text, so a 19-digit id survives unchanged.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its literal text (e.g. `"1730621826053455"`, `"0.42"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order. Lookups return the first member with a given key.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || Double(a) == Double(b)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(Double(n) ?? 0)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for (key, value) in members {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }
}

// MARK: - Navigation

extension JSONValue {
    /// The member named `key` of an object, or `.null`.
    public subscript(key: String) -> JSONValue {
        guard case .object(let members) = self else { return .null }
        // By index, so that only the matching member's value is copied, and lengths first, so
        // that most names are ruled out without a string comparison (hot in decoding).
        let length = key.utf8.count
        for i in members.indices where members[i].0.utf8.count == length && members[i].0 == key { return members[i].1 }
        return .null
    }

    /// The element at `index` of an array, or `.null`.
    public subscript(index: Int) -> JSONValue {
        guard case .array(let items) = self, items.indices.contains(index) else { return .null }
        return items[index]
    }

    /// The first of `keys` whose value is present (not null and not `""`).
    public func first(_ keys: String...) -> JSONValue {
        for key in keys {
            let value = self[key]
            if value.isPresent { return value }
        }
        return .null
    }

    /// True unless the value is null or an empty string.
    public var isPresent: Bool {
        switch self {
        case .null: return false
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Text of a string, or the literal of a number or bool; nil for `""`, null and containers.
    public var string: String? {
        switch self {
        case .string(let s): return s.isEmpty ? nil : s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A number, or a string holding a number (surrounding spaces and a trailing `%` allowed).
    public var double: Double? {
        switch self {
        case .number(let n): return Double(n)
        case .string(let s):
            return TextScan.number(in: s)?.value
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// `double` truncated to an integer, when it is finite and in range.
    public var int: Int? {
        guard let d = double, d.isFinite, abs(d) < 9.2e18 else { return nil }
        if case .number(let n) = self, let exact = Int(n) { return exact }
        return Int(d)
    }

    /// A bool, or `"true"`/`"false"`, or a number (non-zero is true).
    public var bool: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: return nil
            }
        case .number: return double.map { $0 != 0 }
        default: return nil
        }
    }

    /// Elements of an array; an empty list for anything else.
    public var array: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// True for arrays.
    public var isArray: Bool { if case .array = self { return true } else { return false } }

    /// True for objects.
    public var isObject: Bool { if case .object = self { return true } else { return false } }

    /// Members of an object; empty for anything else.
    public var members: [(String, JSONValue)] {
        if case .object(let m) = self { return m }
        return []
    }
}

// MARK: - Building

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(JSONValue.format(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }

    /// A number value from a Swift integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }
    /// A number value from a Swift double.
    public static func double(_ value: Double) -> JSONValue { .number(format(value)) }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Builds an object from optional members, leaving out the nil ones.
    public static func compact(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// This object with `extra` members added; an extra member replaces one of the same name.
    public func merging(_ extra: [String: JSONValue]) -> JSONValue {
        guard !extra.isEmpty, case .object(var members) = self else { return self }
        for key in extra.keys.sorted() {
            let value = extra[key]!
            if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
        }
        return .object(members)
    }
}

extension Optional where Wrapped == String {
    /// `.string(self)` when non-nil and non-empty.
    var json: JSONValue? { self.flatMap { $0.isEmpty ? nil : .string($0) } }
}

extension Optional where Wrapped == Int {
    var json: JSONValue? { self.map { .int($0) } }
}

extension Optional where Wrapped == Double {
    var json: JSONValue? { self.map { .double($0) } }
}

extension Optional where Wrapped == Bool {
    var json: JSONValue? { self.map { .bool($0) } }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        self = try JSONParser.parse(Data(text.utf8))
    }

    /// Encodes as a string holding the serialized JSON, so any `Codable` store can keep it.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(serialized())
    }
}

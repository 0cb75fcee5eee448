/// A position in a template's characters (a `\r\n` pair is one character, as in swift-mustache).
struct TemplateCursor {
    let characters: [Character]
    var position = 0
    /// The position where each line starts, for `line`.
    private let lineStarts: [Int]

    init(_ source: String) {
        let characters = Array(source)
        self.characters = characters
        lineStarts = [0] + characters.indices.filter { characters[$0].isNewline }.map { $0 + 1 }
    }

    var atEnd: Bool { position >= characters.count }
    /// The current character, or nil at the end.
    var current: Character? { atEnd ? nil : characters[position] }
    /// The 1-based line of the current position.
    var line: Int {
        var low = 0, high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    mutating func advance() { position += 1 }

    /// Reads characters while `test` holds.
    mutating func read(while test: (Character) -> Bool) -> String {
        let start = position
        while let character = current, test(character) { position += 1 }
        return String(characters[start..<position])
    }

    /// Consumes `text` when it comes next.
    mutating func skip(_ text: String) -> Bool {
        let expected = Array(text)
        guard position + expected.count <= characters.count,
              Array(characters[position..<position + expected.count]) == expected else { return false }
        position += expected.count
        return true
    }

    /// Reads up to `delimiter` and past it; nil (position unchanged) when it never comes.
    mutating func read(upTo delimiter: String) -> String? {
        let start = position
        while !atEnd {
            let before = position
            if skip(delimiter) { return String(characters[start..<before]) }
            position += 1
        }
        position = start
        return nil
    }
}

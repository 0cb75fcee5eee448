import Foundation

/// Names of files inside a ZIP download: each one a plain file name (no folder, no `..`, no
/// control character), at most ``maxBytes`` bytes of UTF-8, and unique without regard to case
/// (`kite.png`, `kite (2).png`), so unpacking never writes outside its folder or over a sibling
/// on a case-insensitive file system.
struct ZipEntryNames {
    static let maxBytes = 150
    private var taken: Set<String> = []
    /// The next number to try for a name already taken (so 10,000 `kite.png` cost no more than 10,000 lookups).
    private var nextNumber: [String: Int] = [:]

    /// Reserves `name` as it is (a name the archive adds itself, like `metadata.csv`).
    mutating func reserve(_ name: String) {
        taken.insert(name.lowercased())
    }

    /// A unique, safe name for `wanted`.
    mutating func name(for wanted: String) -> String {
        let (stem, suffix) = Self.split(Self.sanitised(wanted))
        let base = (stem + suffix).lowercased()
        var candidate = stem + suffix
        var number = nextNumber[base] ?? 2
        while taken.contains(candidate.lowercased()) {
            candidate = "\(stem) (\(number))\(suffix)"
            number += 1
        }
        nextNumber[base] = number
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// `wanted` with separators, control characters and `..` replaced by `_`, leading dots and
    /// spaces dropped (no hidden file), cut to ``maxBytes`` keeping a short extension.
    static func sanitised(_ wanted: String) -> String {
        var name = String(String.UnicodeScalarView(wanted.unicodeScalars.map { scalar -> Unicode.Scalar in
            let unsafe = scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || "/\\:*?\"<>|".unicodeScalars.contains(scalar)
            return unsafe ? "_" : scalar
        }))
        while name.contains("..") { name = name.replacingOccurrences(of: "..", with: "_") }
        while let first = name.first, first == "." || first == " " { name.removeFirst() }
        while let last = name.last, last == " " || last == "." { name.removeLast() }
        if name.isEmpty { name = "file" }
        guard name.utf8.count > maxBytes else { return name }
        let (stem, suffix) = split(name)
        var cut = Substring(stem)
        while cut.utf8.count + suffix.utf8.count > maxBytes { cut = cut.dropLast() }
        return String(cut) + suffix
    }

    /// `kite.png` → (`kite`, `.png`); an extension longer than 10 bytes counts as part of the stem.
    private static func split(_ name: String) -> (stem: String, suffix: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let suffix = String(name[dot...])
        guard suffix.utf8.count <= 10 else { return (name, "") }
        return (String(name[..<dot]), suffix)
    }
}

/// The main navigation. Later features add their entries here.
enum Navigation {
    private static let entries: [(href: String, labelKey: String)] = [
        ("/", "nav_home"),
    ]

    /// The entries as template objects, the current one marked active.
    static func items(activePath: String, strings: [String: String]) -> [[String: Any]] {
        entries.map { entry in
            let active = entry.href == "/" ? activePath == "/" : activePath.hasPrefix(entry.href)
            return ["href": entry.href, "label": strings[entry.labelKey] ?? entry.labelKey, "active": active]
        }
    }
}

import AtelierStore

/// The main navigation: each entry shows only to the roles that may open it.
enum Navigation {
    private static let entries: [(href: String, labelKey: String, access: Access)] = [
        ("/", "nav_home", .anyone),
        ("/studio", "nav_studio", .atLeast(.member)),
        ("/chat", "nav_chat", .atLeast(.member)),
        ("/tasks", "nav_tasks", .atLeast(.viewer)),
        ("/gallery", "nav_gallery", .atLeast(.viewer)),
        ("/members", "nav_members", .atLeast(.lead)),
        ("/providers", "nav_providers", .atLeast(.lead)),
        ("/balances", "nav_balances", .atLeast(.lead)),
        ("/budgets", "nav_budgets", .atLeast(.lead)),
        ("/usage", "nav_usage", .atLeast(.lead)),
        ("/audit", "nav_audit", .atLeast(.lead)),
    ]

    /// The entries `role` may open (only Home before sign-in), the current one marked active.
    static func views(activePath: String, role: Role?, strings: [String: String]) -> [NavigationItem] {
        entries.compactMap { entry in
            switch entry.access {
            case .atLeast: guard let role, entry.access.admits(role) else { return nil }
            case .anyone, .hook: break
            }
            let active = entry.href == "/" ? activePath == "/" : activePath.hasPrefix(entry.href)
            return NavigationItem(href: entry.href, label: strings[entry.labelKey] ?? entry.labelKey, active: active)
        }
    }
}

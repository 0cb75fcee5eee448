/// Turns a typed view into the `[String: Any]` a swift-mustache page takes, by reflection: a
/// struct becomes a dictionary of its stored fields, an absent optional leaves its key out, an
/// array maps its items. Lets tests render the same data through both paths and compare.
enum InterpretedContext {
    static func value(_ view: Any) -> Any? {
        let mirror = Mirror(reflecting: view)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { value($0.value) }
        case .struct:
            var dictionary: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let converted = value(child.value) { dictionary[label] = converted }
            }
            return dictionary
        case .collection:
            return mirror.children.compactMap { value($0.value) }
        default:
            return view
        }
    }

    static func dictionary(_ view: Any) -> [String: Any] {
        value(view) as? [String: Any] ?? [:]
    }
}

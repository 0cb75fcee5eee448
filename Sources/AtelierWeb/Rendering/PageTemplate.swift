/// The templates every page includes (the layout they extend, their partials). Every page is
/// compiled at build time now (`CompiledTemplates`); these files are still loaded and checked at
/// start-up while tests render the templates through swift-mustache to compare.
public enum PageTemplate {
    static let shared = ["layout", "partials/nav", "partials/flash", "partials/output"]
}

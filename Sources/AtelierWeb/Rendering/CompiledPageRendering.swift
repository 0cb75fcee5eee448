import AtelierStore
import FastCGI
import TemplateRuntime

/// Rendering through compiled templates (`CompiledTemplates`, generated from `Templates/` by the
/// `CompileTemplates` build plugin): the page's typed view and a `LayoutView` go in, bytes come out.
extension PageRenderer {
    /// The shared values for the request in `context`, as `render(_:page:context:)` builds them.
    func layout(title: String, context: RequestContext) -> LayoutView {
        layout(title: title, language: context.language, path: context.request.path, role: context.viewer?.member.role,
               viewer: context.viewer.map { viewerView($0, language: context.language) }, csrf: context.csrfToken)
    }

    /// The shared values from their parts (tests compare both rendering paths with these);
    /// `activePath` is the menu's current page when it is not `path` (nil on error pages).
    func layout(title: String, language: Language, path: String, role: Role?, viewer: ViewerView?, csrf: String,
                activePath: String? = nil) -> LayoutView {
        LayoutView(title: title, csrf: csrf, version: version, returnPath: path.queryValueEscaped,
                   nav: Navigation.views(activePath: activePath ?? path, role: role, strings: translations.table(for: language)),
                   viewer: viewer)
    }

    func viewerView(_ viewer: Viewer, language: Language) -> ViewerView {
        ViewerView(name: viewer.member.name, displayName: viewer.member.displayName, isLead: viewer.isLead,
                   role: text("role_\(viewer.member.role.rawValue)", in: language))
    }

    /// A complete HTML response written by `write` (a compiled page function).
    func respond(status: HTTPStatus = .ok, _ write: (inout HTMLBuffer) -> Void) -> Response {
        var buffer = HTMLBuffer()
        write(&buffer)
        return Response(status: status, headers: SecurityHeaders.html, body: .bytes(buffer.bytes))
    }
}

/// One piece of a parsed mustache template.
public indirect enum TemplateNode: Equatable, Sendable {
    /// Text copied to the page as it is.
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw).
    case variable(name: String, escaped: Bool, line: Int)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when `inverted`.
    case section(name: String, inverted: Bool, body: [TemplateNode], line: Int)
    /// `{{> name}}`: another template inserted here.
    case partial(name: String, line: Int)
    /// `{{<name}}…{{/name}}`: the template `name`, with the blocks defined inside replaced.
    case parent(name: String, blocks: [String: [TemplateNode]], line: Int)
    /// `{{$name}}default{{/name}}` in a layout: the block a page may replace.
    case block(name: String, defaultBody: [TemplateNode], line: Int)
    /// `{{! text}}`: kept only so a template's header (`{{! view: Type }}`) can be read.
    case comment(String)
    /// Never parsed: the expander marks where inlined text from another file starts and ends,
    /// so generated code can point compile errors at the template line that caused them.
    case origin(file: String)
}

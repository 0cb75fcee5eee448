/// Inlines partials and layouts at build time: the result holds only text, variables and
/// sections, what the code generator turns into Swift.
///
/// `{{> name}}` is replaced by that template; `{{<name}}…{{/name}}` by the template `name`, where
/// each `{{$block}}` takes the page's definition of that block, or its own default.
public struct TemplateExpander {
    /// Parsed templates by name (`layout`, `partials/nav`), with the file to name in errors.
    public typealias Loader = (String) throws -> (nodes: [TemplateNode], file: String)?

    private let load: Loader
    private static let maximumDepth = 16

    public init(load: @escaping Loader) { self.load = load }

    /// `nodes` of the template in `file`, with every partial and layout inlined.
    public func expand(_ nodes: [TemplateNode], file: String) throws -> [TemplateNode] {
        try expand(nodes, file: file, blocks: [:], depth: 0)
    }

    private func expand(_ nodes: [TemplateNode], file: String, blocks: [String: (nodes: [TemplateNode], file: String)], depth: Int) throws -> [TemplateNode] {
        var output: [TemplateNode] = []
        for node in nodes {
            switch node {
            case .text, .variable:
                output.append(node)
            case .comment, .origin:
                continue
            case .section(let name, let inverted, let body, let line):
                let expanded = try expand(body, file: file, blocks: blocks, depth: depth)
                output.append(.section(name: name, inverted: inverted, body: expanded, line: line))
            case .partial(let name, let line):
                let (included, includedFile) = try template(name, from: file, line: line, depth: depth)
                output.append(.origin(file: includedFile))
                output += try expand(included, file: includedFile, blocks: [:], depth: depth + 1)
                output.append(.origin(file: file))
            case .parent(let name, let definitions, let line):
                let (layout, layoutFile) = try template(name, from: file, line: line, depth: depth)
                output.append(.origin(file: layoutFile))
                let defined = definitions.mapValues { (nodes: $0, file: file) }
                output += try expand(layout, file: layoutFile, blocks: defined, depth: depth + 1)
                output.append(.origin(file: file))
            case .block(let name, let defaultBody, _):
                if let definition = blocks[name] {
                    output.append(.origin(file: definition.file))
                    output += try expand(definition.nodes, file: definition.file, blocks: blocks, depth: depth)
                    output.append(.origin(file: file))
                } else {
                    output += try expand(defaultBody, file: file, blocks: blocks, depth: depth)
                }
            }
        }
        return output
    }

    private func template(_ name: String, from file: String, line: Int, depth: Int) throws -> ([TemplateNode], String) {
        guard depth < Self.maximumDepth else {
            throw TemplateError(file: file, line: line, message: "templates include each other more than \(Self.maximumDepth) deep at {{> \(name)}}")
        }
        guard let found = try load(name) else {
            throw TemplateError(file: file, line: line, message: "no template \(name).mustache")
        }
        return (found.nodes, found.file)
    }
}

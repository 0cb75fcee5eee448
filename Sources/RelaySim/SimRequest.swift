import Foundation
import Hummingbird

/// A request as the route handlers see it: body already read, JSON parsed, path parameters
/// captured, magic words found.
struct SimRequest: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let query: [String: String]
    let headers: HTTPFields
    let body: [UInt8]
    /// The body parsed as JSON, when it is JSON.
    let json: JSONValue?
    var parameters: [String: String] = [:]
    /// The `sim:` words in the body (see ``SimulatorConfiguration``).
    let magic: Set<MagicWord>
    let requestID: String
    /// The path prefix a Midjourney route was reached through (`mj-fast`, …), if any.
    var mode: String? { parameters["mode"] }

    /// A captured path parameter (empty when absent).
    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// A top-level string field of the JSON body.
    func field(_ name: String) -> String? { json?[name]?.text }

    func header(_ name: String) -> String? {
        headers[values: .init(name)!].first
    }
}

import AtelierStore
import FastCGI

/// The "Older" and "Newer" links of a task list: `?before=<cursor>` and `?after=<cursor>`
/// (`TaskCursor.token`), keeping `scope=team`.
struct TaskListLinks {
    let isTeam: Bool

    /// The page a request asks for: the first without a cursor; a cursor that does not read
    /// back (malformed, cut, not base64url of `milliseconds:id`) is a 400 naming the field.
    static func position(in request: Request) throws -> TaskListPosition {
        if let before = request.queryValue("before") {
            guard let cursor = TaskCursor(token: before) else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "before") }
            return .olderThan(cursor)
        }
        if let after = request.queryValue("after") {
            guard let cursor = TaskCursor(token: after) else { throw WebError.badRequest(messageKey: "error_invalid_field", detail: "after") }
            return .newerThan(cursor)
        }
        return .first
    }

    /// The link to a page of this list (tokens are base64url: nothing to escape in a query).
    func href(_ position: TaskListPosition) -> String {
        var query: [String] = isTeam ? ["scope=team"] : []
        switch position {
        case .first: break
        case .olderThan(let cursor): query.append("before=\(cursor.token)")
        case .newerThan(let cursor): query.append("after=\(cursor.token)")
        }
        return query.isEmpty ? "/tasks" : "/tasks?" + query.joined(separator: "&")
    }
}

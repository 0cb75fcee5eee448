import FastCGI
import Foundation
import TaskEngine

/// Provider callbacks: `/hooks/<token>`, where the token (unguessable, one per task) is the
/// proof. A bad token gets 404 and is logged by the engine; polling carries on regardless.
struct HooksController: Sendable {
    let engine: TaskEngine

    func register(in router: inout Router) {
        router.post("/hooks/:token", access: .hook) { context in
            let body: Data = switch context.request.body {
            case .bytes(let bytes): Data(bytes)
            case .empty, .form: Data()
            }
            let outcome = await engine.receiveCallback(token: context.parameters["token"] ?? "", body: body,
                                                       from: context.request.remoteAddress)
            switch outcome {
            case .applied, .ignored: return Response(status: .ok, contentType: "text/plain; charset=utf-8", text: "ok\n")
            case .refused: return Response(status: .notFound, contentType: "text/plain; charset=utf-8", text: "unknown callback\n")
            case .unreadable: return Response(status: .badRequest, contentType: "text/plain; charset=utf-8", text: "unreadable body\n")
            }
        }
    }
}

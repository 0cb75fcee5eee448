import AtelierStore
import FastCGI

/// Kept outputs: Atelier checks the viewer is signed in and the file is kept, then nginx sends
/// the bytes from its internal `/media/` location (`X-Accel-Redirect`).
struct FilesController: Sendable {
    let team: Team

    func register(in router: inout Router) {
        router.get("/files/:task/:position", access: .atLeast(.viewer)) { context in
            guard let taskID = context.parameters["task"], taskID.utf8.count <= 64,
                  let position = context.parameters["position"].flatMap(Int.init),
                  let output = try await team.tasks.outputs(taskID: taskID).first(where: { $0.position == position }),
                  output.state == .kept, let path = output.relativePath, let mime = output.mimeType
            else { throw WebError.notFound }
            var response = Response(status: .ok)
            response.headers.set("x-accel-redirect", "/media/" + path)
            response.headers.set("content-type", mime)
            response.headers.set("cache-control", "private, max-age=86400")
            return response
        }
    }
}

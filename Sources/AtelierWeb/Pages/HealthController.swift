import FastCGI

/// `GET /healthz`: 200 with the version, for load balancers and the benchmark.
struct HealthController: Sendable {
    let version: String

    func register(in router: inout Router) {
        let answer = Response(status: .ok, headers: ["content-type": "text/plain; charset=utf-8", "cache-control": "no-store"],
                              body: .bytes(Array("ok \(version)\n".utf8))).prepared()
        router.get("/healthz", access: .anyone, immediate: { _ in answer }) { _ in answer }
    }
}

/// `GET /sim/stats` (no key): how many requests each route has answered, so a benchmark can
/// count the upstream calls a client made per finished task.
struct StatsRoutes {
    let sim: SimContext

    func register(_ table: inout RouteTable) {
        table.add(.get, ["/sim/stats"], family: .openAI, auth: .none) { _ in
            let counts = await sim.state.requestStats()
            return Reply.json(.object([
                "total": .int(counts.values.reduce(0, +)),
                "routes": .object(counts.mapValues { .int($0) }),
            ]))
        }
    }
}

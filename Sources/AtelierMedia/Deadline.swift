/// Runs `operation`, cancelling it and throwing `expiry` once `duration` has passed.
func withDeadline<T: Sendable>(
    _ duration: Duration, expiry: MediaError, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask(operation: operation)
        group.addTask {
            try await Task.sleep(for: duration)
            throw expiry
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw expiry }
        return first
    }
}

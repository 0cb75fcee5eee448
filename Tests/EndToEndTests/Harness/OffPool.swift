import Dispatch

/// Runs blocking socket work on a Dispatch thread, so async tests never block Swift's
/// cooperative pool (which the server under test needs).
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}

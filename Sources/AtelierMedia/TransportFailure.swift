import Foundation
import AsyncHTTPClient
import NIOCore
import NIOPosix

extension MediaError {
    /// An AsyncHTTPClient or NIO failure while fetching `url`, as a retryable network error or a
    /// timeout. Reasons come from the error's kind only, never from text that could echo the URL.
    static func transport(_ error: any Error, url: MediaURL) -> any Error {
        if error is MediaError || error is CancellationError { return error }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .readTimeout, .deadlineExceeded, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return MediaError.timedOut(url: url.redacted)
            case .remoteConnectionClosed:
                return MediaError.network(url: url.redacted, reason: "the connection closed before the file was complete")
            case .cancelled:
                return CancellationError()
            default:
                return MediaError.network(url: url.redacted, reason: "the HTTP exchange failed (\(client))")
            }
        }
        if let connection = error as? NIOConnectionError {
            let causes = connection.connectionErrors.map { String(describing: $0.error) }
            return MediaError.network(
                url: url.redacted, reason: "could not connect" + (causes.isEmpty ? "" : " (\(causes.joined(separator: "; ")))"))
        }
        if let io = error as? IOError {
            return MediaError.network(url: url.redacted, reason: String(cString: strerror(io.errnoCode)))
        }
        return MediaError.network(url: url.redacted, reason: "the transfer failed (\(type(of: error)))")
    }
}

import ArgumentParser
import Foundation
import RelayClient

/// How a command picks its provider and key. The key is read from `--key` or
/// `ATELIER_API_KEY` and never printed.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "Preset name (see `atelier providers`). Default: demo, or custom with --base-url.")
    var preset: String?

    @Option(name: .customLong("base-url"), help: "Base URL of the relay (without /v1); overrides the preset's.")
    var baseURL: String?

    @Option(name: .long, help: "API key (default: the ATELIER_API_KEY environment variable).")
    var key: String?

    @Option(name: .long, help: "Access key secret for key-pair providers (default: ATELIER_API_SECRET).")
    var secret: String?

    @Option(name: .customLong("dashboard-token"), help: "new-api dashboard access token for /api/user/self (default: ATELIER_DASHBOARD_TOKEN).")
    var dashboardToken: String?

    @Option(name: .customLong("user-id"), help: "new-api user id sent with the dashboard token.")
    var userID: String?

    @Option(name: .customLong("mj-mode"), help: "Midjourney mode prefix: mj-fast, mj-relax or mj-turbo.")
    var midjourneyMode: String?

    @Option(name: .long, help: "Request timeout in seconds.")
    var timeout: Double = 180

    func provider() throws -> Provider {
        let name = preset ?? (baseURL == nil ? "demo" : "custom")
        guard var provider = Presets.named(name) else {
            throw ValidationError("unknown preset '\(name)'; try: " + Presets.all.map(\.id).joined(separator: ", "))
        }
        if let baseURL { provider = provider.with(baseURL: baseURL) }
        guard !provider.baseURL.isEmpty else {
            throw ValidationError("the preset '\(provider.id)' has no fixed address: pass --base-url")
        }
        if let midjourneyMode { provider.options.midjourneyMode = midjourneyMode }
        return provider
    }

    func credentials() throws -> Credentials {
        let env = ProcessInfo.processInfo.environment
        guard let apiKey = key ?? env["ATELIER_API_KEY"], !apiKey.isEmpty else {
            throw ValidationError("no API key: pass --key or set ATELIER_API_KEY")
        }
        return Credentials(apiKey: apiKey, secret: secret ?? env["ATELIER_API_SECRET"],
                           dashboardToken: dashboardToken ?? env["ATELIER_DASHBOARD_TOKEN"], dashboardUserID: userID)
    }

    /// A client and the transport to shut down after use.
    func client() throws -> (RelayClient, AsyncHTTPClientTransport) {
        let transport = AsyncHTTPClientTransport(configuration: TransportConfiguration(requestTimeout: timeout))
        return (RelayClient(provider: try provider(), credentials: try credentials(), transport: transport), transport)
    }
}

/// Runs `body` with a client, shuts the transport down, and turns a `RelayError` into a clean
/// message and exit code.
func withClient(_ options: ClientOptions, _ body: (RelayClient) async throws -> Void) async throws {
    let (client, transport) = try options.client()
    do {
        try await body(client)
        try await transport.shutdown()
    } catch let error as RelayError {
        try? await transport.shutdown()
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        if error.requestMayHaveReachedProvider {
            FileHandle.standardError.write(Data("note: the provider may have received this request; check before retrying.\n".utf8))
        }
        throw ExitCode(2)
    } catch {
        try? await transport.shutdown()
        throw error
    }
}

import FleetformAWS

/// Runs `body` with a fresh moto server and an HTTP transport; shuts the transport down and stops
/// the server afterwards, whatever happens.
public func withMoto(_ body: (MotoServer, AsyncHTTPClientTransport) async throws -> Void) async throws {
    let moto = try await MotoServer.start()
    let transport = AsyncHTTPClientTransport()
    do {
        try await body(moto, transport)
    } catch {
        try? await transport.shutdown()
        moto.stop()
        throw error
    }
    try await transport.shutdown()
    moto.stop()
}

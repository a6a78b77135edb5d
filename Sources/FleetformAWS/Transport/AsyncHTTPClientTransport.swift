import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// `HTTPTransport` over one shared async-http-client `HTTPClient`. Call `shutdown()` once when
/// done (the CLI does at exit; tests do in `defer`).
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    /// The largest response body read (bigger answers are an error, not a memory blow-up).
    public let maximumResponseBytes: Int

    public init(connectTimeout: Duration = .seconds(10), maximumResponseBytes: Int = 64 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(connectTimeout.components.seconds))
        configuration.decompression = .enabled(limit: .ratio(50))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers where name.lowercased() != "host" {
            outgoing.headers.add(name: name, value: value)
        }
        if let host = request.headers.first(where: { $0.name.lowercased() == "host" })?.value {
            outgoing.headers.replaceOrAdd(name: "Host", value: host)
        }
        if !request.body.isEmpty || ["POST", "PUT"].contains(request.method) {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let body = try await response.body.collect(upTo: maximumResponseBytes)
            return HTTPResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body))
        } catch let error as AWSError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error where String(describing: error).contains("CERTIFICATE_VERIFY_FAILED") {
            // Not worth a retry and not a network fault: the server's certificate is not trusted.
            let origin = request.url.split(separator: "/", maxSplits: 3).prefix(2).joined(separator: "//")
            throw AWSError(
                kind: .configuration, code: "CertificateNotTrusted",
                message: "the TLS certificate of \(origin) could not be verified (CERTIFICATE_VERIFY_FAILED); "
                    + "Fleetform always verifies certificates: use an endpoint whose certificate is valid for its "
                    + "host, or add its CA to the system trust store", endpoint: request.url)
        } catch {
            throw AWSError(
                kind: .transport, code: "TransportError", message: String(describing: error), endpoint: request.url)
        }
    }

    /// Closes every connection; the transport cannot be used afterwards.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

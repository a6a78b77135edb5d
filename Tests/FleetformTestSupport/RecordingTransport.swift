import FleetformAWS
import Foundation

/// Writes every request it sends to a file, in moto's recording format, then passes it on: for
/// requests moto's own recorder never sees (it records only the routes it knows, so a REST call
/// moto does not implement, such as EKS UpdateClusterVersion, would go unchecked).
///
/// ```swift
/// let recorder = RecordingTransport(wrapping: transport)
/// let report = try WireCheck.run(recordings: [recorder.path])
/// ```
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// The recording, one JSON object per line.
    public let path: String
    private let inner: any HTTPTransport
    private let lock = NSLock()

    public init(wrapping inner: any HTTPTransport) {
        self.inner = inner
        self.path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("requests-\(UUID().uuidString).jsonl").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name] = value }
        let entry: [String: Any] = [
            "method": request.method, "url": request.url, "headers": headers,
            "body": Data(request.body).base64EncodedString(), "body_encoded": true,
        ]
        let line = try JSONSerialization.data(withJSONObject: entry) + Data("\n".utf8)
        try lock.withLock {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
        }
        return try await inner.send(request, timeout: timeout)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

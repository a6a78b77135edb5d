import FleetformAWS
import Foundation

/// Replays `answers` in order, recording each request.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [Result<HTTPResponse, AWSError>]
    private(set) var requests: [HTTPRequest] = []

    init(_ answers: [Result<HTTPResponse, AWSError>]) { self.answers = answers }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        try lock.withLock {
            requests.append(request)
            guard !answers.isEmpty else {
                throw AWSError(kind: .transport, code: "Exhausted", message: "no more answers")
            }
            return try answers.removeFirst().get()
        }
    }
}

extension ScriptedTransport {
    /// A scripted answer with `status`, `body` and headers.
    static func response(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Result<
        HTTPResponse, AWSError
    > {
        .success(
            HTTPResponse(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8)))
    }
}

/// One HTTP exchange as the AWS client sees it.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The full URL, query string included.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response, body fully read.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends HTTP requests. The AWS client depends on this protocol only; the default is
/// `AsyncHTTPClientTransport`. Implementations throw `AWSError` of kind `.transport` for
/// failures where no response arrived.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and reads the whole response, giving up after `timeout`.
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

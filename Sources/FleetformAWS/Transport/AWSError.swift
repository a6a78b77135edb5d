/// Everything that goes wrong talking to AWS, in one type: an error the service returned (with
/// its code, message and request id), a transport failure, an unreadable response, or a
/// configuration problem found before any call. `description` says what happened, where, and
/// what to do; it never contains a secret.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The service answered with an error.
        case service
        /// No usable answer arrived (connection refused or reset, timeout).
        case transport
        /// The answer could not be read.
        case invalidResponse
        /// The local configuration (credentials, endpoint, attributes) is wrong.
        case configuration
    }

    public var kind: Kind
    public var service: AWSService?
    /// The API action (`CreateVpc`, `PutBucketVersioning`), when known.
    public var action: String?
    /// The AWS error code (`SignatureDoesNotMatch`, `InvalidVpcID.NotFound`).
    public var code: String
    public var message: String
    public var requestId: String?
    /// The endpoint the request went to.
    public var endpoint: String?
    public var statusCode: Int?
    /// The access key id that signed the request (public, named to help diagnose key mix-ups).
    public var accessKeyId: String?

    public init(
        kind: Kind, service: AWSService? = nil, action: String? = nil, code: String, message: String,
        requestId: String? = nil, endpoint: String? = nil, statusCode: Int? = nil, accessKeyId: String? = nil
    ) {
        self.kind = kind
        self.service = service
        self.action = action
        self.code = code
        self.message = message
        self.requestId = requestId
        self.endpoint = endpoint
        self.statusCode = statusCode
        self.accessKeyId = accessKeyId
    }

    /// A configuration problem, with what to do in `message`.
    public static func configuration(_ message: String) -> AWSError {
        AWSError(kind: .configuration, code: "InvalidConfiguration", message: message)
    }

    /// An attribute of a resource request is missing or has the wrong type.
    public static func invalidAttribute(_ type: String, _ name: String, expected: String) -> AWSError {
        AWSError(
            kind: .configuration, code: "InvalidAttribute",
            message: "\(type).\(name) must be \(expected); set it in the stack declaration")
    }

    /// Codes that mean "the thing is not there" (deleting it counts as done; reading it yields nil).
    public var isNotFound: Bool {
        code.contains("NotFound") || code == "NoSuchEntity" || code == "NoSuchBucket"
            || code == "ResourceNotFoundException" || code == "NoSuchLifecycleConfiguration"
            || code == "ReplicationConfigurationNotFoundError"
            || code == "ServerSideEncryptionConfigurationNotFoundError"
            || code == "NoSuchTagSet" || code == "NoSuchTagSetError" || code == "NoSuchBucketPolicy"
            || code == "NoSuchPublicAccessBlockConfiguration"
            || code == "ValidationError" && message.contains("not found")
    }

    /// Runs a call that removes something; "not found" means it is already gone (another delete
    /// of the same run may have removed it first). Returns whether the call removed something.
    @discardableResult
    static func removeIfPresent(_ call: () async throws -> Void) async throws -> Bool {
        do {
            try await call()
            return true
        } catch let error as AWSError where error.isNotFound {
            return false
        }
    }

    /// Codes caused by bad credentials.
    public var isAuthenticationFailure: Bool {
        [
            "SignatureDoesNotMatch", "AuthFailure", "InvalidClientTokenId", "InvalidAccessKeyId",
            "UnrecognizedClientException",
            "ExpiredToken", "ExpiredTokenException", "IncompleteSignature", "MissingAuthenticationToken",
        ].contains(code)
    }

    public var description: String {
        switch kind {
        case .configuration:
            return message
        case .transport:
            return "\(where_): \(message); check that the endpoint is reachable (AWS_ENDPOINT_URL, network, proxy)"
        case .invalidResponse:
            return "\(where_): unreadable response: \(message)"
        case .service:
            var text = "\(where_): \(code)"
            if let statusCode { text += " (HTTP \(statusCode))" }
            if !message.isEmpty { text += ": \(message)" }
            if let requestId { text += " [request id \(requestId)]" }
            if let hint { text += "; " + hint }
            return text
        }
    }

    private var where_: String {
        var parts: [String] = []
        if let service { parts.append(service.rawValue + (action.map { " " + $0 } ?? "")) }
        if let endpoint { parts.append("at " + endpoint) }
        return parts.isEmpty ? "AWS" : parts.joined(separator: " ")
    }

    /// What to do about common codes.
    private var hint: String? {
        let key = accessKeyId.map { "access key \($0)" } ?? "the access key"
        switch code {
        case "SignatureDoesNotMatch", "AuthFailure", "IncompleteSignature":
            return "the secret access key is wrong for \(key) at \(endpoint ?? "this endpoint") (or the request was "
                + "altered); check AWS_SECRET_ACCESS_KEY or the profile's aws_secret_access_key"
        case "InvalidClientTokenId", "InvalidAccessKeyId", "UnrecognizedClientException":
            return
                "\(key) is not known to \(endpoint ?? "this endpoint"); check AWS_ACCESS_KEY_ID / AWS_PROFILE and AWS_ENDPOINT_URL"
        case "ExpiredToken", "ExpiredTokenException":
            return "the session token has expired; refresh the credentials (AWS_SESSION_TOKEN or the profile)"
        case "AccessDenied", "UnauthorizedOperation", "AccessDeniedException":
            return "\(key) lacks permission for this action; grant it in IAM"
        default:
            return nil
        }
    }
}

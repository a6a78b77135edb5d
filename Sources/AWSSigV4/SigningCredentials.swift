/// The key pair (and, for temporary credentials, the session token) a request is signed with.
///
/// `description` masks the secret and the token, so printing, logging or interpolating
/// credentials never leaks them:
///
/// ```swift
/// let creds = SigningCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJal…")
/// print(creds)  // SigningCredentials(accessKeyId: AKIDEXAMPLE, secretAccessKey: ****, sessionToken: none)
/// ```
public struct SigningCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The public half of the key pair, e.g. `AKIAIOSFODNN7EXAMPLE`.
    public var accessKeyId: String
    /// The secret half; never printed.
    public var secretAccessKey: String
    /// The STS session token of temporary credentials; never printed.
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// A rendering that shows the access key id only.
    public var description: String {
        "SigningCredentials(accessKeyId: \(accessKeyId), secretAccessKey: ****, sessionToken: \(sessionToken == nil ? "none" : "****"))"
    }

    public var debugDescription: String { description }

    /// What `dump` and debuggers show: the access key id, the secrets masked.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyId": accessKeyId, "secretAccessKey": "****",
                "sessionToken": sessionToken == nil ? "none" : "****",
            ])
    }
}

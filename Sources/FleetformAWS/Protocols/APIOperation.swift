/// One API operation and how its input reaches the wire: the service (which fixes the protocol),
/// the action, and for REST services the method and URI template.
///
/// ```swift
/// APIOperation(.ec2, "CreateVpc")                                             // EC2 query
/// APIOperation(.eks, "UpdateClusterVersion", "POST /clusters/{name}/updates") // REST-JSON
/// APIOperation(.eks, "UntagResource", "DELETE /tags/{resourceArn}?tagKeys")   // + query members
/// ```
///
/// For REST, an input member named in braces goes into the path (one encoded segment) and a member
/// named after `?` into the query string (a list repeats the name); the rest is the JSON body.
struct APIOperation: Sendable, Hashable, CustomStringConvertible {
    var service: AWSService
    var action: String
    /// The HTTP method (`POST` for the query and JSON protocols).
    var method: String
    /// The path template (`/` for the query and JSON protocols).
    var path: String
    /// Input members sent in the query string (REST).
    var queryMembers: [String]

    /// A query, EC2 or JSON protocol operation: `POST /`.
    init(_ service: AWSService, _ action: String) {
        self.service = service
        self.action = action
        self.method = "POST"
        self.path = "/"
        self.queryMembers = []
    }

    /// A REST operation from its HTTP binding as the API reference writes it: `METHOD /path?query`.
    init(_ service: AWSService, _ action: String, _ binding: String) {
        self.init(service, action)
        let parts = binding.split(separator: " ", maxSplits: 1).map(String.init)
        method = parts[0]
        let target = parts.count > 1 ? parts[1] : "/"
        let pathAndQuery = target.split(separator: "?", maxSplits: 1).map(String.init)
        path = pathAndQuery[0]
        queryMembers = pathAndQuery.count > 1 ? pathAndQuery[1].split(separator: "&").map(String.init) : []
    }

    /// The input members the path template names (`{name}`).
    var pathMembers: [String] {
        var names: [String] = []
        var rest = path[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    var description: String { "\(service) \(action)" }
}

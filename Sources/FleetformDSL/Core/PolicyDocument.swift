/// Builds IAM policy JSON with a stable key order, so the same declaration always yields the same
/// string and never causes a diff.
enum PolicyDocument {
    /// A trust policy letting `service` (e.g. `s3.amazonaws.com`) assume the role.
    static func trust(service: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"Action":"sts:AssumeRole"}]}"#
    }

    /// A permissions policy with one statement per (actions, resources) pair.
    static func allow(_ statements: [(actions: [String], resources: [String])]) -> String {
        let body = statements.map { statement in
            let actions = statement.actions.map { "\"\($0)\"" }.joined(separator: ",")
            let resources = statement.resources.map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"Effect":"Allow","Action":[\#(actions)],"Resource":[\#(resources)]}"#
        }
        return #"{"Version":"2012-10-17","Statement":[\#(body.joined(separator: ","))]}"#
    }
}

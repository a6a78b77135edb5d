/// Builds IAM policy JSON with a stable key order, so the same declaration always yields the same
/// string and never causes a diff.
enum PolicyDocument {
    /// A trust policy letting `service` (e.g. `s3.amazonaws.com`) assume the role.
    static func trust(service: String) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"Action":"sts:AssumeRole"}]}"#
    }

    /// A permissions policy with one statement per (actions, resources) pair.
    static func allow(_ statements: [(actions: [String], resources: [String])]) -> String {
        allow(statements.map { Grant(actions: $0.actions, on: Grant.Target(resources: $0.resources)) })
    }

    /// A permissions policy with one statement per grant.
    static func allow(_ grants: [Grant]) -> String {
        let body = grants.map { grant in
            let actions = grant.actions.map { "\"\($0)\"" }.joined(separator: ",")
            let resources = grant.target.resources.map { "\"\($0)\"" }.joined(separator: ",")
            let condition = grant.target.condition.map { #","Condition":"# + JSONWriter.string($0) } ?? ""
            return #"{"Effect":"Allow","Action":[\#(actions)],"Resource":[\#(resources)]\#(condition)}"#
        }
        return #"{"Version":"2012-10-17","Statement":[\#(body.joined(separator: ","))]}"#
    }

    /// An Allow statement of a permissions policy: actions on a target.
    struct Grant: Sendable {
        /// What a statement applies to: resources, narrowed by a condition (IAM's JSON) if any.
        struct Target: Hashable, Sendable {
            var resources: [String]
            var condition: AttributeValue? = nil
        }

        var actions: [String]
        var target: Target

        init(actions: [String], on target: Target) {
            self.actions = actions
            self.target = target
        }
    }
}

extension PolicyDocument {
    /// A bucket policy that refuses every request not made over TLS, plus `allow` statements
    /// (principal: a service, or an account ARN; actions; resources) for AWS services that deliver logs into the bucket.
    static func bucket(
        _ bucket: String, allow: [(principal: String, actions: [String], resources: [String])] = []
    ) -> String {
        let arn = "arn:aws:s3:::\(bucket)"
        let deny =
            #"{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","#
            + #""Resource":["\#(arn)","\#(arn)/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#
        let grants = allow.map { grant in
            let actions = grant.actions.map { "\"\($0)\"" }.joined(separator: ",")
            // One resource is written as a string, as IAM writes it back.
            let quoted = grant.resources.map { "\"\($0)\"" }
            let resources = quoted.count == 1 ? quoted[0] : "[" + quoted.joined(separator: ",") + "]"
            // An account's ARN is an AWS principal (ELB's log delivery in the older regions).
            let kind = grant.principal.hasPrefix("arn:") ? "AWS" : "Service"
            return #"{"Effect":"Allow","Principal":{"\#(kind)":"\#(grant.principal)"},"Action":[\#(actions)],"#
                + #""Resource":\#(resources)}"#
        }
        return #"{"Version":"2012-10-17","Statement":[\#(([deny] + grants).joined(separator: ","))]}"#
    }
}

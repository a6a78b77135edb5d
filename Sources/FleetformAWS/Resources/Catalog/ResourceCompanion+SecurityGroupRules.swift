import FleetformModel

extension ResourceCompanion {
    /// A security group's `ingress` / `egress` rules: compared as atoms (see `SecurityGroupRule`),
    /// what is not declared is revoked and what is missing authorized; read from the group's
    /// `ipPermissions` / `ipPermissionsEgress`, in the declaration's grouping when it means the same.
    static let securityGroupRules = ResourceCompanion(
        attributes: ["ingress", "egress"], readsBackAfterCreate: true,
        write: { context in
            guard let current = context.current else { return }
            let desired = AttributeReader(type: context.type, values: context.declared)
            for (attribute, direction) in [("ingress", "Ingress"), ("egress", "Egress")] {
                // An undeclared egress keeps AWS's default allow-all rule (as Terraform does when unset).
                if attribute == "egress", desired.values["egress"] == nil { continue }
                let want = SecurityGroupRule.atoms(desired.blocks(attribute).map(SecurityGroupRule.init))
                let have = SecurityGroupRule.atoms(of: current.attributes[attribute], type: context.type)
                for (action, rules) in [
                    ("RevokeSecurityGroup" + direction, have.subtracting(want).sorted()),
                    ("AuthorizeSecurityGroup" + direction, want.subtracting(have).sorted()),
                ] where !rules.isEmpty {
                    let send = { (rules: [SecurityGroupRule]) in
                        var parameters = QueryParameters()
                        parameters["GroupId"] = current.id
                        for (n, rule) in rules.enumerated() {
                            rule.add(to: &parameters, index: n + 1, groupId: current.id)
                        }
                        _ = try await context.client.query(.ec2, action, parameters, region: context.region)
                    }
                    // A resend after a lost answer finds its own work done: the rule is already
                    // revoked (NotFound) or authorized (Duplicate), and EC2 then refuses the whole
                    // call. Rule by rule, that answer means this rule is as declared.
                    let done = action.hasPrefix("Revoke") ? "InvalidPermission.NotFound" : "InvalidPermission.Duplicate"
                    do {
                        try await send(rules)
                    } catch let error as AWSError where error.code == done {
                        for rule in rules where rules.count > 1 {
                            do { try await send([rule]) } catch let error as AWSError where error.code == done {}
                        }
                    }
                }
            }
        },
        read: { context in
            var attributes: [String: AttributeValue] = [:]
            guard case .xml(let item) = context.item else { return attributes }
            for (attribute, element) in [("ingress", "ipPermissions"), ("egress", "ipPermissionsEgress")] {
                let cloud = Set(
                    item.list(element).flatMap { SecurityGroupRule.parse($0, groupId: context.resource.id) })
                attributes[attribute] = SecurityGroupRule.attribute(
                    cloud, preferring: context.resource.attributes[attribute], type: context.type)
            }
            return attributes
        },
        removeBeforeDelete: nil)
}

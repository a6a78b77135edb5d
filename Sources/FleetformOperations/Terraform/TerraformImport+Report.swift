import FleetformModel

extension TerraformImport.Mapping {
    /// The mapping as people read it: what matched (Terraform address, stack address, id), what
    /// the stack declares that Terraform does not have, and what Terraform has that the stack
    /// does not declare.
    ///
    /// ```
    /// Matched 2 of the Terraform state's 3 resources:
    ///   TERRAFORM               FLEETFORM                ID
    ///   aws_vpc.core            aws_vpc.core             vpc-0a1b
    ///   aws_vpc.legacy          aws_vpc.edge (--map)     vpc-9f8e
    /// Declared by the stack, not in the Terraform state (the next apply creates them): 1
    ///   + aws_iam_role_policy.checkpoints_replication
    /// In the Terraform state, not declared by the stack (Fleetform leaves them alone): 1
    ///   aws_route53_zone.main
    /// ```
    public func render() -> String {
        let total = matched.count + terraformOnly.count
        var text = "Matched \(matched.count) of the Terraform state's \(total) resource\(total == 1 ? "" : "s")"
        if matched.isEmpty {
            text += ".\n"
        } else {
            text += ":\n"
            let rows =
                [["TERRAFORM", "FLEETFORM", "ID"]]
                + matched.map { [$0.terraform, $0.address.description + ($0.renamed ? " (--map)" : ""), $0.id] }
            text += TextTable.render(rows).split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        text +=
            "Declared by the stack, not in the Terraform state (the next apply creates them): \(declaredOnly.count)\n"
        text += declaredOnly.map { "  + \($0)\n" }.joined()
        text +=
            "In the Terraform state, not declared by the stack (Fleetform leaves them alone): \(terraformOnly.count)\n"
        text += terraformOnly.map { "  \($0)\n" }.joined()
        return text
    }
}

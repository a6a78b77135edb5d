/// Validation against what a provider manages (`Stack.synthesize(_:coverage:)`).
extension ProviderCoverage {
    /// Refuses what apply cannot do, at the line that declared it: a resource type the provider
    /// does not manage (once per type and line, naming the types it manages), and attributes that
    /// do not conform to the Terraform provider's schema of the type (an unknown attribute, with
    /// a "did you mean"; a value of the wrong type; a missing required argument; a deprecated
    /// attribute, as a warning), once per problem and line.
    ///
    /// ```
    /// plans/scale.swift:15: error: the AWS provider does not manage 'aws_cloudwatch_log_group'; it manages: aws_autoscaling_group, …
    /// plans/edge.swift:9: error: aws_security_group.web: unknown attribute 'ingres' of aws_security_group — did you mean ingress?
    /// ```
    public func diagnostics(for manifest: Manifest) -> [Diagnostic] {
        let managed = managedTypes.sorted().joined(separator: ", ")
        var reported: Set<String> = []
        var diagnostics: [Diagnostic] = []
        let schemas = schema?.resourceTypes ?? [:]
        for resource in manifest.resources {
            var where_: String { resource.source.map(\.description) ?? resource.address.description }
            guard manages(resource.type) else {
                guard reported.insert(resource.type + "\u{0}" + where_).inserted else { continue }
                diagnostics.append(
                    Diagnostic(
                        .error, "the \(provider) provider does not manage '\(resource.type)'; it manages: \(managed)",
                        at: resource.source, address: resource.address))
                continue
            }
            guard let typeSchema = schemas[resource.type] else { continue }
            let problems = typeSchema.problems(in: resource.attributes, schemas: schemas)
            if problems.isEmpty { continue }
            let site = where_
            for problem in problems {
                // A construct in a loop makes the same mistake once per resource: say it once per line.
                let key = [resource.type, site, problem.path, problem.message].joined(separator: "\u{0}")
                guard reported.insert(key).inserted else { continue }
                // Fleetform adds `tags` to every resource of the escape hatch unless told not to.
                let hint =
                    problem.path == "tags" && typeSchema.block.attributes["tags"] == nil
                    ? "\(resource.type) has no tags; declare it with Resource(…, taggable: false)" : problem.hint
                diagnostics.append(
                    Diagnostic(
                        problem.severity, "\(resource.address): \(problem.message)", hint: hint,
                        at: resource.source, address: resource.address))
            }
        }
        return diagnostics
    }
}

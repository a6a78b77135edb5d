/// Validation against what a provider manages (`Stack.synthesize(_:coverage:)`).
extension ProviderCoverage {
    /// Refuses what apply cannot do: a resource type the provider does not manage is an error at
    /// the line that declared it (once per type and line), naming the types it manages.
    ///
    /// ```
    /// plans/scale.swift:15: error: the AWS provider does not manage 'aws_cloudwatch_log_group'; it manages: aws_autoscaling_group, …
    /// ```
    public func diagnostics(for manifest: Manifest) -> [Diagnostic] {
        let managed = managedTypes.sorted().joined(separator: ", ")
        var reported: Set<String> = []
        var diagnostics: [Diagnostic] = []
        for resource in manifest.resources where !manages(resource.type) {
            let site = resource.type + "\u{0}" + (resource.source.map(\.description) ?? resource.address.description)
            guard reported.insert(site).inserted else { continue }
            diagnostics.append(
                Diagnostic(
                    .error, "the \(provider) provider does not manage '\(resource.type)'; it manages: \(managed)",
                    at: resource.source, address: resource.address))
        }
        return diagnostics
    }
}

/// Checks that need the whole stack or the whole manifest rather than one construct.
enum StackValidation {
    /// Stack-level settings: names, regions.
    static func checkStack(_ stack: Stack, in context: SynthesisContext) {
        let location = stack.location
        if stack.name.isEmpty || !stack.name.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }) {
            context.error("stack name '\(stack.name)' is invalid", hint: "use lowercase letters, digits and '-'", at: location)
        }
        let env = context.environment.name
        if env.isEmpty || !env.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }) {
            context.error("environment name '\(env)' is invalid", hint: "use lowercase letters, digits and '-' (e.g. dev, pr-123)", at: nil)
        }
        for region in [stack.region] + (stack.drRegion.map { [$0] } ?? []) where !region.isKnown {
            context.error("unknown region '\(region)'", hint: "use one of \(Region.known.joined(separator: ", "))", at: location)
        }
        if let dr = stack.drRegion, dr == stack.region {
            context.error("the DR region is the primary region (\(dr))", hint: "choose a different drRegion, e.g. us-west-2", at: location)
        }
    }

    /// Whole-manifest checks: overlapping VPC blocks in one region.
    static func checkManifest(_ manifest: Manifest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var vpcs: [(ManifestResource, IPv4Block)] = []
        for resource in manifest.resources where resource.type == "aws_vpc" {
            guard let text = resource.attributes["cidr_block"]?.stringValue, let block = IPv4Block(text) else { continue }
            if let clash = vpcs.first(where: { $0.0.provider.region == resource.provider.region && $0.1.overlaps(block) }) {
                diagnostics.append(Diagnostic(
                    .error, "\(resource.address) (\(block)) overlaps \(clash.0.address) (\(clash.1)) in \(resource.provider.region)",
                    hint: "give each network a disjoint block so they can be peered", at: resource.source))
            }
            vpcs.append((resource, block))
        }
        return diagnostics
    }
}

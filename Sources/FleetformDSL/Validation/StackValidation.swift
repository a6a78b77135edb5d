/// Checks that need the whole stack or the whole manifest rather than one construct.
enum StackValidation {
    /// Stack-level settings: names, regions.
    static func checkStack(_ stack: Stack, in context: SynthesisContext) {
        let location = stack.location
        if stack.name.isEmpty || !stack.name.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII })
        {
            context.error(
                "stack name '\(stack.name)' is invalid", hint: "use lowercase letters, digits and '-'", at: location)
        }
        let env = context.environment.name
        if env.isEmpty || !env.allSatisfy({ ($0.isLowercase || $0.isNumber || $0 == "-") && $0.isASCII }) {
            context.error(
                "environment name '\(env)' is invalid",
                hint: "use lowercase letters, digits and '-' (e.g. dev, pr-123)", at: nil)
        }
        for region in [stack.region] + (stack.drRegion.map { [$0] } ?? []) where !region.isKnown {
            context.error(
                "unknown region '\(region)'", hint: "use one of \(Region.known.joined(separator: ", "))", at: location)
        }
        if let dr = stack.drRegion, dr == stack.region {
            context.error(
                "the DR region is the primary region (\(dr))", hint: "choose a different drRegion, e.g. us-west-2",
                at: location)
        }
    }

    /// Whole-manifest checks: overlapping VPC blocks in one region. Sorted by start address, a
    /// block can only overlap the widest-reaching block before it, so one sweep finds every clash.
    static func checkManifest(_ manifest: Manifest) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var vpcs: [(resource: ManifestResource, block: IPv4Block)] = []
        for resource in manifest.resources where resource.type == "aws_vpc" {
            guard let text = resource.attributes["cidr_block"]?.stringValue, let block = IPv4Block(text) else {
                continue
            }
            vpcs.append((resource, block))
        }
        vpcs.sort {
            ($0.resource.provider.region, $0.block.address, $0.block.prefixLength)
                < ($1.resource.provider.region, $1.block.address, $1.block.prefixLength)
        }
        var reach: (resource: ManifestResource, block: IPv4Block, end: UInt64)?
        for (resource, block) in vpcs {
            let end = UInt64(block.address) + block.size
            if let previous = reach, previous.resource.provider.region == resource.provider.region,
                UInt64(block.address) < previous.end
            {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "\(resource.address) (\(block)) overlaps \(previous.resource.address) (\(previous.block)) in \(resource.provider.region)",
                        hint: "give each network a disjoint block so they can be peered", at: resource.source))
                if end <= previous.end { continue }
            }
            reach = (resource, block, end)
        }
        return diagnostics
    }
}

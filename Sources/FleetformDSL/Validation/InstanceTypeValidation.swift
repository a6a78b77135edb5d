/// Checks instance types against the compiled-in catalog: known, and offered in the region.
enum InstanceTypeValidation {
    static func check(
        _ types: [String], region: Region, owner: String, at location: SourceLocation, in context: SynthesisContext
    ) {
        let catalog = InstanceCatalog.bundled
        if types.isEmpty {
            context.error(
                "\(owner) has no instance types", hint: "add .instanceTypes(\"p5.48xlarge\", …)", at: location)
        }
        var seen = Set<String>()
        for name in types {
            if !seen.insert(name).inserted {
                context.error("\(owner) lists instance type \(name) twice", hint: "list each type once", at: location)
                continue
            }
            guard let type = catalog.type(named: name) else {
                let suggestions = catalog.suggestions(for: name)
                let hint =
                    suggestions.isEmpty
                    ? "use an accelerated EC2 type from the catalog (fleetform instance-types lists them)"
                    : "did you mean \(suggestions.joined(separator: ", "))?"
                context.error("\(owner): unknown instance type '\(name)'", hint: hint, at: location)
                continue
            }
            if region.isKnown || catalog.allRegions.contains(region.code), !type.regions.contains(region.code) {
                let offered = type.regions.prefix(6).joined(separator: ", ")
                context.error(
                    "\(owner): \(name) is not offered in \(region)",
                    hint:
                        "pick another type or a region that has it (\(offered)\(type.regions.count > 6 ? ", …" : ""))",
                    at: location)
            }
        }
    }
}

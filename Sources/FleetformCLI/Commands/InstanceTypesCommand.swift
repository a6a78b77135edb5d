import ArgumentParser
import FleetformModel
import FleetformOperations

extension Fleetform {
    /// `fleetform instance-types`: the accelerated instance types the catalog knows.
    struct InstanceTypes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "instance-types",
            abstract: "List accelerated EC2 instance types (GPU model, count, vCPUs, memory, regions).",
            discussion: "Example: fleetform instance-types --accelerator H100 --region us-east-1")

        @Option(help: "Only this accelerator (H100, A100, L4, A10G, …; case-insensitive).")
        var accelerator: String?

        @Option(help: "Only types offered in this region.")
        var region: String?

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            let catalog = InstanceCatalog.bundled
            if let region, !catalog.allTypes.contains(where: { $0.regions.contains(region) }) {
                let known = Set(catalog.allTypes.flatMap(\.regions)).sorted()
                throw OperationError(
                    "unknown region '\(region)': no instance type in the catalog is offered there; "
                        + "regions known: \(known.joined(separator: ", "))")
            }
            var rows = [["TYPE", "ACCELERATOR", "COUNT", "VCPUS", "MEMORY GIB", "REGIONS"]]
            for type in catalog.allTypes {
                if let accelerator, type.accelerator.lowercased() != accelerator.lowercased() { continue }
                if let region, !type.regions.contains(region) { continue }
                rows.append([
                    type.name, type.accelerator, String(type.acceleratorCount), String(type.vCPUs),
                    AttributeValue.format(type.memoryGiB), String(type.regions.count),
                ])
            }
            if rows.count == 1 {
                Console.error(
                    "no instance type matches; accelerators known: \(Set(catalog.allTypes.map(\.accelerator)).sorted().joined(separator: ", "))"
                )
                throw ExitCode(1)
            }
            Console.out(TextTable.render(rows))
            Console.out("Catalog snapshot: \(catalog.snapshotDate)\n")
        }
    }
}

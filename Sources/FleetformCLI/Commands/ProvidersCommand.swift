import ArgumentParser
import FleetformAWS
import FleetformModel
import FleetformOperations
import Foundation

extension Fleetform {
    /// `fleetform providers`: the resource types Fleetform can apply, and the Terraform provider
    /// schema their attributes are checked against.
    struct Providers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the resource types the providers manage and the Terraform schema they follow.",
            discussion:
                "Every type listed can be declared (also with Resource(\"aws_…\", …)); its attributes are checked "
                + "against the hashicorp/aws schema. Example: fleetform providers --json")

        @OptionGroup var project: ProjectOptions

        @Flag(
            help:
                "Print JSON: {\"providers\":[{\"name\",\"terraform_provider\",\"schema_version\",\"managed_types\"}]}.")
        var json = false

        func run() async throws {
            let schema = AWSProviderSchema.schema
            let types = AWSResourceCatalog.managedTypes
            if json {
                let entry: AttributeValue = [
                    "name": "aws", "terraform_provider": .string(schema.provider),
                    "schema_version": .string(schema.providerVersion),
                    "managed_types": .list(types.map { .string($0) }),
                ]
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let document: AttributeValue = ["providers": [entry]]
                Console.out(String(decoding: try encoder.encode(document), as: UTF8.self) + "\n")
                return
            }
            Console.out("AWS: \(types.count) resource types, checked against \(schema.providerDescription)\n")
            for type in types {
                let covered =
                    schema.resourceTypes[type] == nil
                    ? "  (not in the schema: re-run scripts/gen-terraform-schema)" : ""
                Console.out("  \(type)\(covered)\n")
            }
        }
    }
}

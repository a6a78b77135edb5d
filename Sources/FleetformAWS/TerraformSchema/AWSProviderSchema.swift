import FleetformModel
import Foundation

/// The hashicorp/aws provider's schema of every type the AWS provider manages, committed in the
/// repository (`AWSProviderSchema+Data.swift`, written by `scripts/gen-terraform-schema` from
/// `terraform providers schema -json`). Validation checks every manifest resource against it;
/// the Terraform export and the format-4 state are shaped by it.
///
/// ```swift
/// AWSProviderSchema.schema.resourceTypes["aws_vpc"]?.version   // 1
/// ```
public enum AWSProviderSchema {
    /// The schema, read once from the committed document.
    public static let schema: TerraformSchema = {
        do {
            let document = try JSONDecoder().decode(AttributeValue.self, from: Data(compactJSON.utf8))
            return try TerraformSchema(document: document)
        } catch {
            // The document is generated and committed; a test reads it, so this never ships broken.
            preconditionFailure(
                "the committed Terraform schema cannot be read (\(error)); re-run scripts/gen-terraform-schema")
        }
    }()
}

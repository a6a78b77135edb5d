import FleetformAWS
import FleetformEngine
import FleetformModel

extension StateEditor {
    /// The state as a format-4 Terraform state (`fleetform state export --terraform`): with the
    /// configuration `fleetform export terraform` writes for the same stack and environment,
    /// `terraform plan` finds nothing to change. The Fleetform state is only read.
    public func exportTerraform() async throws -> [UInt8] {
        let state = try await read()
        do {
            return try TerraformState(exporting: state, schema: AWSProviderSchema.schema) {
                AWSResourceCatalog.terraformID(of: $0)
            }.encode()
        } catch {
            throw OperationError("\(error)")
        }
    }
}

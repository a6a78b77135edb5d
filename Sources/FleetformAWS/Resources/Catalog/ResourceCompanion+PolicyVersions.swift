import FleetformModel

extension ResourceCompanion {
    /// A managed policy's versions other than the default: removed after every write (IAM keeps at
    /// most five, so each update would otherwise use one up) and before the policy is deleted
    /// (DeletePolicy refuses a policy with other versions). Owns no attribute and reads nothing.
    static let oldPolicyVersions = ResourceCompanion(
        attributes: [], readsBackAfterCreate: false,
        write: { context in try await deleteOldVersions(context) },
        read: { _ in [:] },
        removeBeforeDelete: { context in try await deleteOldVersions(context) })

    private static func deleteOldVersions(_ context: Context) async throws {
        let versions = try await context.client.callPages(
            APIOperation(.iam, "ListPolicyVersions"), ["PolicyArn": .string(context.id)], region: context.region
        ).flatMap { $0.list("//Versions") }
        for version in versions where version.string("IsDefaultVersion") != "true" {
            guard let id = version.string("VersionId") else { continue }
            _ = try await context.client.call(
                APIOperation(.iam, "DeletePolicyVersion"), ["PolicyArn": .string(context.id), "VersionId": .string(id)],
                region: context.region)
        }
    }
}

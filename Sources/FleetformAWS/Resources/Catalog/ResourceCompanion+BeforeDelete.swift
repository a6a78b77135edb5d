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
            try await AWSError.removeIfPresent {
                _ = try await context.client.call(
                    APIOperation(.iam, "DeletePolicyVersion"),
                    ["PolicyArn": .string(context.id), "VersionId": .string(id)],
                    region: context.region)
            }
        }
    }
}

extension ResourceCompanion {
    /// An EFS file system's mount targets, removed before it is deleted when they are still there
    /// (an orphan found by its tags: mount targets carry none, so the sweep does not list them).
    /// Owns no attribute and reads nothing.
    static let efsMountTargets = ResourceCompanion(
        attributes: [], readsBackAfterCreate: false,
        write: { _ in },
        read: { _ in [:] },
        removeBeforeDelete: { context in
            let list = APIOperation(.efs, "DescribeMountTargets", "GET /2015-02-01/mount-targets?FileSystemId")
            func targets() async throws -> [String] {
                try await context.client.call(list, ["FileSystemId": .string(context.id)], region: context.region)
                    .list("MountTargets").compactMap { $0.string("MountTargetId") }
            }
            let found = try await targets()
            for target in found {
                try await AWSError.removeIfPresent {
                    _ = try await context.client.call(
                        APIOperation(.efs, "DeleteMountTarget", "DELETE /2015-02-01/mount-targets/{MountTargetId}"),
                        ["MountTargetId": .string(target)], region: context.region)
                }
            }
            // Mount targets take a while to go; the file system cannot be deleted before (≤ 5 min).
            var attempts = 0
            while !found.isEmpty, attempts < 150, !(try await targets()).isEmpty {
                attempts += 1
                try await Task.sleep(for: .seconds(2))
            }
        })
}

extension ResourceCompanion {
    /// A route table's subnet associations, removed before it is deleted when they are still there
    /// (an orphan found by its tags: associations carry none, so the sweep does not list them, and
    /// DeleteRouteTable refuses a table that is still associated). Owns no attribute, reads nothing.
    static let routeTableAssociations = ResourceCompanion(
        attributes: [], readsBackAfterCreate: false,
        write: { _ in },
        read: { _ in [:] },
        removeBeforeDelete: { context in
            let tables = try await context.client.call(
                APIOperation(.ec2, "DescribeRouteTables"),
                ["RouteTableId": .strings([context.id])], region: context.region)
            for association in tables.list("routeTableSet").flatMap({ $0.list("associationSet") })
            where association.string("main") != "true" {
                guard let id = association.string("routeTableAssociationId") else { continue }
                try await AWSError.removeIfPresent {
                    _ = try await context.client.call(
                        APIOperation(.ec2, "DisassociateRouteTable"), ["AssociationId": .string(id)],
                        region: context.region)
                }
            }
        })
}

extension ResourceCompanion {
    /// An EventBridge rule's targets, removed before it is deleted when they are still there (an
    /// orphan found by its tags: targets carry none, so the sweep does not list them, and
    /// DeleteRule refuses a rule that still has targets). Owns no attribute, reads nothing.
    static let ruleTargets = ResourceCompanion(
        attributes: [], readsBackAfterCreate: false,
        write: { _ in },
        read: { _ in [:] },
        removeBeforeDelete: { context in
            let targets = try await context.client.callPages(
                APIOperation(.events, "ListTargetsByRule"), ["Rule": .string(context.id)], region: context.region
            ).flatMap { $0.list("Targets") }.compactMap { $0.string("Id") }
            guard !targets.isEmpty else { return }
            // RemoveTargets takes at most 100 ids a call.
            for start in stride(from: 0, to: targets.count, by: 100) {
                let ids = Array(targets[start..<min(start + 100, targets.count)])
                try await AWSError.removeIfPresent {
                    _ = try await context.client.call(
                        APIOperation(.events, "RemoveTargets"),
                        ["Rule": .string(context.id), "Ids": .strings(ids)], region: context.region)
                }
            }
        })
}

import FleetformModel

/// The stored form of a `Manifest` (what `fleetform synth` prints and `plan --manifest FILE`
/// reads), format version 2 when it declares pool rollouts (an older Fleetform must refuse it
/// rather than plan in-place updates instead), else 1:
///
/// ```json
/// {"format_version": 1, "stack": "training", "environment": "dev", "region": "us-east-1",
///  "is_production": false, "resources": [{"address": "aws_vpc.core", "type": "aws_vpc", …}],
///  "rollouts": [{"group": "aws_autoscaling_group.p", "launch_template": "aws_launch_template.p",
///                "policy": {"strategy": "canary", "steps": [10, 50], …}}]}
/// ```
///
/// Resources keep their declaration order; references are `{"$ref": "aws_vpc.core.id"}`.
public enum ManifestFile {
    /// The newest version this Fleetform writes and reads.
    public static let formatVersion = 2

    /// `manifest` as the bytes of a manifest file.
    public static func encode(_ manifest: Manifest) -> [UInt8] {
        var fields: [String: AttributeValue] = [
            "format_version": .number(manifest.rollouts.isEmpty ? 1 : 2), "stack": .string(manifest.stack),
            "environment": .string(manifest.environment), "region": .string(manifest.region),
            "is_production": .bool(manifest.isProduction),
            "resources": .list(manifest.resources.map(StoredValue.manifestResource)),
        ]
        if !manifest.rollouts.isEmpty {
            fields["rollouts"] = .list(
                manifest.rollouts.map { rollout in
                    [
                        "group": .string(rollout.group.description),
                        "launch_template": .string(rollout.launchTemplate.description),
                        "policy": StoredValue.rolloutPolicy(rollout.policy),
                    ]
                })
        }
        return JSONWriter.encode(.map(fields))
    }

    /// Reads a manifest file, checking its version first.
    ///
    /// - Throws: `FileFormatError` naming the file, the problem and what to do.
    public static func decode(_ bytes: some Collection<UInt8>, file: String) throws(FileFormatError) -> Manifest {
        let document = try StoredDocument.parse(bytes, kind: .manifest, file: file)
        _ = try document.version(supported: formatVersion)
        let current = document
        var resources: [ManifestResource] = []
        for entry in try current.objects("resources") {
            let resource = try entry.manifestResource()
            if let type = try entry.optionalString("type"), type != resource.type {
                throw entry.invalid("type", "\"\(resource.type)\", the type in its address")
            }
            resources.append(resource)
        }
        var rollouts: [PoolRollout] = []
        for entry in try current.objects("rollouts") {
            rollouts.append(
                PoolRollout(
                    group: try entry.address("group"), launchTemplate: try entry.address("launch_template"),
                    policy: try entry.object("policy").rolloutPolicy()))
        }
        return Manifest(
            stack: try current.string("stack"), environment: try current.string("environment"),
            region: try current.string("region"), isProduction: try current.bool("is_production", default: false),
            resources: resources, rollouts: rollouts)
    }

}

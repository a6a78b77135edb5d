import FleetformModel

/// The stored form of a `Manifest` (what `fleetform synth` prints and `plan --manifest FILE`
/// reads), format version 1:
///
/// ```json
/// {"format_version": 1, "stack": "training", "environment": "dev", "region": "us-east-1",
///  "is_production": false, "resources": [{"address": "aws_vpc.core", "type": "aws_vpc", …}]}
/// ```
///
/// Resources keep their declaration order; references are `{"$ref": "aws_vpc.core.id"}`.
public enum ManifestFile {
    /// The version this Fleetform writes and the newest it reads.
    public static let formatVersion = 1

    /// `manifest` as the bytes of a manifest file.
    public static func encode(_ manifest: Manifest) -> [UInt8] {
        JSONWriter.encode([
            "format_version": .number(Double(formatVersion)), "stack": .string(manifest.stack),
            "environment": .string(manifest.environment), "region": .string(manifest.region),
            "is_production": .bool(manifest.isProduction),
            "resources": .list(manifest.resources.map(StoredValue.manifestResource)),
        ])
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
        return Manifest(
            stack: try current.string("stack"), environment: try current.string("environment"),
            region: try current.string("region"), isProduction: try current.bool("is_production", default: false),
            resources: resources)
    }

}

import Crypto
import FleetformModel

/// The stored form of a `State`, version 2:
///
/// ```json
/// {"version": 2, "serial": 4, "lineage": "…", "stack": "training", "environment": "dev",
///  "metadata": {"created_at": "…"},
///  "resources": [{"address": "aws_vpc.core", "type": "aws_vpc", "provider": {"name": "aws", "region": "us-east-1"},
///                 "id": "vpc-1", "attributes": {…}, "dependencies": […]}],
///  "rollouts": [{"group": "aws_autoscaling_group.servers", …}]}
/// ```
///
/// Version 2 added `rollouts`, the record of pool rollouts under way (see `RolloutRecord+Stored`).
/// A Fleetform that reads only version 1 refuses a version 2 file, rather than reading it and
/// writing it back without the record. Version 1 files still read (as having no rollouts) and
/// are written back as version 2.
///
/// Resources are sorted by address and keys are sorted, so equal states give identical bytes.
public enum StateFile {
    /// The version this Fleetform writes and the newest it reads.
    public static let version = 2

    /// `state` as the bytes of a state file.
    ///
    /// Streamed field by field in sorted key order rather than built as one JSON value first:
    /// this is the hot path of every state write, and of the digest a saved plan binds to.
    public static func encode(_ state: State) -> [UInt8] {
        var writer = JSONWriter(indent: 2)
        writer.beginObject()
        if !state.deposed.isEmpty {
            writer.key("deposed", level: 0)
            writer.beginArray()
            for resource in state.deposed.sorted(by: { ($0.address, $0.id) < ($1.address, $1.id) }) {
                writer.element(level: 1)
                write(resource, to: &writer, level: 2)
            }
            writer.endArray(level: 1)
        }
        writer.key("environment", level: 0)
        writer.write(.string(state.environment), level: 1)
        writer.key("lineage", level: 0)
        writer.write(.string(state.lineage), level: 1)
        writer.key("metadata", level: 0)
        writer.write(
            StoredValue.compact([
                "created_at": state.metadata.createdAt.map(AttributeValue.string),
                "last_applied_at": state.metadata.lastAppliedAt.map(AttributeValue.string),
                "expires_at": state.metadata.expiresAt.map(AttributeValue.string),
                "is_production": state.metadata.isProduction.map(AttributeValue.bool),
            ]), level: 1)
        writer.key("resources", level: 0)
        writer.beginArray()
        // Sort positions rather than the resources (or addresses) themselves: far fewer copies.
        let resources = Array(state.resources.values)
        let order = resources.indices.sorted { resources[$0].address < resources[$1].address }
        for index in order {
            writer.element(level: 1)
            write(resources[index], to: &writer, level: 2)
        }
        writer.endArray(level: 1)
        if !state.rollouts.isEmpty {
            writer.key("rollouts", level: 0)
            writer.write(
                .list(state.rollouts.values.sorted { $0.group < $1.group }.map(StoredValue.rolloutRecord)), level: 1)
        }
        writer.key("serial", level: 0)
        writer.write(.number(Double(state.serial)), level: 1)
        writer.key("stack", level: 0)
        writer.write(.string(state.stack), level: 1)
        writer.key("version", level: 0)
        writer.write(.number(Double(version)), level: 1)
        writer.endObject(level: 0)
        return writer.finish()
    }

    /// One resource object, keys in sorted order, empty and default fields left out.
    static func write(_ resource: ResourceState, to writer: inout JSONWriter, level: Int) {
        writer.beginObject()
        writer.key("address", level: level)
        writer.write(.string(resource.address.description), level: level + 1)
        let fields: [(String, AttributeValue?)] =
            [
                ("attributes", resource.attributes.isEmpty ? nil : .map(resource.attributes)),
                ("id", .string(resource.id)), ("provider", StoredValue.provider(resource.provider)),
                ("type", .string(resource.type)),
            ] + StoredValue.declared(resource.declared)
        for case (let key, let value?) in fields.sorted(by: { $0.0 < $1.0 }) {
            writer.key(key, level: level)
            writer.write(value, level: level + 1)
        }
        writer.endObject(level: level)
    }

    /// One stored resource object.
    static func resource(_ entry: StoredDocument) throws(FileFormatError) -> ResourceState {
        let address = try entry.address("address")
        if let type = try entry.optionalString("type"), type != address.type {
            throw entry.invalid("type", "\"\(address.type)\", the type in its address")
        }
        var resource = ResourceState(
            address: address, provider: try entry.provider("provider"), id: try entry.string("id"),
            attributes: try entry.map("attributes"))
        resource.declared = try entry.declared()
        return resource
    }

    /// Reads a state file: checks its version first (refusing future and unknown versions),
    /// then decodes it.
    ///
    /// - Parameter file: the path, for messages.
    /// - Throws: `FileFormatError` naming the file, the problem and what to do.
    public static func decode(_ bytes: some Collection<UInt8>, file: String) throws(FileFormatError) -> State {
        let document = try StoredDocument.parse(bytes, kind: .state, file: file)
        // Version 1 differs from 2 only in having no `rollouts` section, which reads as empty:
        // a version 1 file needs no upgrade step, and is written back as version 2.
        _ = try document.version(supported: version)
        let current = document
        var resources: [ResourceAddress: ResourceState] = [:]
        let entries = try current.objects("resources")
        // A quarter of reading a 10,000-resource state is spent here: two threads share it.
        let decoded = try entries.concurrentMap { entry throws(FileFormatError) in try resource(entry) }
        resources.reserveCapacity(entries.count)
        for index in decoded.indices {
            guard resources[decoded[index].address] == nil else {
                throw entries[index].invalid("address", "an address no other resource has")
            }
            resources[decoded[index].address] = decoded[index]
        }
        let deposed = try current.objects("deposed").map(resource)
        var rollouts: [ResourceAddress: RolloutRecord] = [:]
        for entry in try current.objects("rollouts") {
            let record = try entry.rolloutRecord()
            rollouts[record.group] = record
        }
        let metadata = try current.optionalObject("metadata")
        var isProduction: Bool?
        if let metadata, metadata.fields["is_production"] != nil {
            isProduction = try metadata.bool("is_production", default: false)
        }
        return State(
            serial: try current.int("serial"), lineage: try current.string("lineage"),
            stack: try current.string("stack"),
            environment: try current.string("environment"), resources: resources,
            metadata: EnvironmentMetadata(
                createdAt: try metadata?.optionalString("created_at"),
                lastAppliedAt: try metadata?.optionalString("last_applied_at"),
                expiresAt: try metadata?.optionalString("expires_at"),
                isProduction: isProduction),
            deposed: deposed, rollouts: rollouts)
    }

    /// The SHA-256 of `state`'s encoding, in lowercase hex: what a saved plan binds to.
    public static func digest(of state: State) -> String {
        SHA256.hash(data: encode(state)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

import FleetformModel

/// A bucket sub-configuration as a resource: create and update write it (PUT ?subresource),
/// read GETs it per bucket, delete removes it. The id is the bucket name; these resources carry
/// no tags of their own (the bucket has them).
struct S3BucketConfigurationHandler: ResourceHandler {
    let context: HandlerContext
    let configuration: S3BucketConfiguration
    var type: String { configuration.type }

    private func put(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let bucket = try attributes.requiredString("bucket")
        let body = try configuration.encode(attributes)
        _ = try await context.client.s3(
            configuration.putAction, method: "PUT", bucket: bucket, subresource: configuration.subresource,
            body: body.xml, jsonBody: body.json, region: request.provider.region)
        return try await readAfterWrite(
            ResourceState(
                address: request.address, provider: request.provider, id: bucket, attributes: request.attributes),
            for: request, waiter: context.waiter)
    }

    func create(_ request: ResourceRequest) async throws -> ResourceState { try await put(request) }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        try await put(request)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        try await readEach(resources) { resource in
            let response = try await context.client.s3(
                configuration.getAction, method: "GET", bucket: resource.id, subresource: configuration.subresource,
                region: region)
            return try configuration.decode(response.body, resource.attributes)
        } _: { (resource: ResourceState, decoded: [String: AttributeValue]) in
            decoded.merging(["bucket": .string(resource.id)]) { _, bucket in bucket }
        }
    }

    func delete(_ resource: ResourceState) async throws {
        let region = resource.provider.region
        try await AWSError.removeIfPresent {
            switch configuration.removal {
            case .deleteSubresource(let action):
                _ = try await context.client.s3(
                    action, method: "DELETE", bucket: resource.id, subresource: configuration.subresource,
                    region: region)
            case .write(let body):
                _ = try await context.client.s3(
                    configuration.putAction, method: "PUT", bucket: resource.id, subresource: configuration.subresource,
                    body: body(), region: region)
            }
        }
    }

    /// The bucket names the configuration; it exists when the bucket has one.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let bucket = AttributeReader(request).string("bucket") else { return nil }
        return try await readOne(
            ResourceState(address: request.address, provider: request.provider, id: bucket, attributes: [:]))
    }
}

import FleetformModel

/// `aws_s3_bucket`: CreateBucket and PutBucketTagging; `force_destroy` empties the bucket
/// (every object version) before DeleteBucket. Bulk read: one ListBuckets for existence, then
/// GetBucketTagging per existing bucket (S3 has no bulk tag read). The id is the bucket name.
struct S3BucketHandler: ResourceHandler {
    let context: HandlerContext
    var type: String { "aws_s3_bucket" }

    func create(_ request: ResourceRequest) async throws -> ResourceState {
        let attributes = AttributeReader(request)
        let bucket = try attributes.requiredString("bucket")
        let region = request.provider.region
        var configuration: XMLWriter?
        if region != "us-east-1" {
            var writer = XMLWriter(root: "CreateBucketConfiguration")
            writer.element("LocationConstraint", region)
            configuration = writer
        }
        do {
            _ = try await context.client.s3(
                "CreateBucket", method: "PUT", bucket: bucket, body: configuration, region: region)
        } catch let error as AWSError where error.code == "BucketAlreadyOwnedByYou" {
            // A resend after a lost answer, or a name clash within the account: ours if tagged so,
            // or if untagged and empty — our own create whose answer was lost before the tags
            // were put (found by the fault tests); go on to tag it as if just made.
            if let existing = try await findCreated(request) { return existing }
            guard try await isUntaggedAndEmpty(bucket: bucket, region: region) else { throw error }
        }
        try await putTags(bucket: bucket, request.allTags, region: region)
        var created = ResourceState(address: request.address, provider: request.provider, id: bucket, attributes: [:])
        created.attributes["force_destroy"] = .bool(attributes.bool("force_destroy") ?? false)
        return try await readAfterWrite(created, for: request, waiter: context.waiter)
    }

    private func putTags(bucket: String, _ tags: [String: String], region: String) async throws {
        if tags.isEmpty {
            _ = try await context.client.s3(
                "DeleteBucketTagging", method: "DELETE", bucket: bucket, subresource: "tagging", region: region)
            return
        }
        var writer = XMLWriter(root: "Tagging")
        writer.element("TagSet") { set in
            for (key, value) in tags.sorted(by: { $0.key < $1.key }) {
                set.element("Tag") { tag in
                    tag.element("Key", key)
                    tag.element("Value", value)
                }
            }
        }
        _ = try await context.client.s3(
            "PutBucketTagging", method: "PUT", bucket: bucket, subresource: "tagging", body: writer, region: region)
    }

    func read(_ resources: [ResourceState], region: String) async throws -> [ResourceAddress: ResourceState?] {
        let listing = try XMLTree.parse(
            try await context.client.s3("ListBuckets", method: "GET", bucket: nil, region: region).body)
        let existing = Set(listing.all("Bucket").compactMap { $0.string("Name") })
        return try await readEach(resources) { resource in
            existing.contains(resource.id) ? try await readTags(bucket: resource.id, region: region) : nil
        } _: { resource, tags in
            var attributes = EC2Support.tagAttributes(tags)
            attributes["bucket"] = .string(resource.id)
            attributes["arn"] = .string("arn:aws:s3:::\(resource.id)")
            attributes["bucket_domain_name"] = .string("\(resource.id).s3.amazonaws.com")
            attributes["force_destroy"] = resource.attributes["force_destroy"] ?? .bool(false)
            return attributes
        }
    }

    /// Whether `bucket` has no tags and no objects: what a create interrupted before tagging leaves.
    private func isUntaggedAndEmpty(bucket: String, region: String) async throws -> Bool {
        guard try await readTags(bucket: bucket, region: region).isEmpty else { return false }
        let listing = try XMLTree.parse(
            try await context.client.s3(
                "ListObjectVersions", method: "GET", bucket: bucket, subresource: "versions",
                query: [("max-keys", "1")], region: region
            ).body)
        return listing.children("Version").isEmpty && listing.children("DeleteMarker").isEmpty
    }

    private func readTags(bucket: String, region: String) async throws -> [String: String] {
        do {
            let response = try await context.client.s3(
                "GetBucketTagging", method: "GET", bucket: bucket, subresource: "tagging", region: region)
            return EC2Support.tagPairs(try XMLTree.parse(response.body).all("Tag"))
        } catch let error as AWSError where error.code == "NoSuchTagSet" || error.code == "NoSuchTagSetError" {
            return [:]
        }
    }

    func update(_ prior: ResourceState, to request: ResourceRequest, changed: [String]) async throws -> ResourceState {
        if prior.allTagsMap != request.allTags {
            try await putTags(bucket: prior.id, request.allTags, region: request.provider.region)
        }
        var next = prior
        next.attributes["force_destroy"] = .bool(AttributeReader(request).bool("force_destroy") ?? false)
        return try await readAfterWrite(next, for: request, waiter: context.waiter)
    }

    func delete(_ resource: ResourceState) async throws {
        let region = resource.provider.region
        do {
            if resource.attributes["force_destroy"]?.boolValue == true {
                try await empty(bucket: resource.id, region: region)
            }
            _ = try await context.client.s3("DeleteBucket", method: "DELETE", bucket: resource.id, region: region)
        } catch let error as AWSError where error.code == "NoSuchBucket" {
            return
        } catch let error as AWSError where error.code == "BucketNotEmpty" {
            throw AWSError(
                kind: .service, service: .s3, action: "DeleteBucket", code: error.code,
                message: "bucket \(resource.id) still holds objects; set force_destroy = true to delete them with it, "
                    + "or empty it first", requestId: error.requestId, endpoint: error.endpoint,
                statusCode: error.statusCode)
        }
    }

    /// Deletes every object version and delete marker, 1000 per DeleteObjects call. A bucket
    /// policy that denies the deletes (a TLS-only policy does over plain HTTP, as against a local
    /// emulator) is removed once, since the bucket goes with everything in it; a second refusal stops.
    private func empty(bucket: String, region: String) async throws {
        var policyRemoved = false
        for _ in 0..<10_000 {
            let listing = try XMLTree.parse(
                try await context.client.s3(
                    "ListObjectVersions", method: "GET", bucket: bucket, subresource: "versions",
                    query: [("max-keys", "1000")], region: region
                ).body)
            let entries = (listing.children("Version") + listing.children("DeleteMarker")).compactMap { entry in
                entry.string("Key").map { ($0, entry.string("VersionId")) }
            }
            if entries.isEmpty { return }
            var writer = XMLWriter(root: "Delete")
            writer.element("Quiet", "true")
            for (key, version) in entries {
                writer.element("Object") { object in
                    object.element("Key", key)
                    if let version, version != "null" { object.element("VersionId", version) }
                }
            }
            let response = try await context.client.s3(
                "DeleteObjects", method: "POST", bucket: bucket, subresource: "delete", body: writer, region: region)
            // A 200 can still refuse keys one by one (a bucket policy, object lock): in quiet mode
            // the answer lists only those. Stop at the first refusal rather than list again.
            let refused = try XMLTree.parse(response.body).children("Error")
            if let first = refused.first, first.string("Code") == "AccessDenied", !policyRemoved {
                policyRemoved = true
                try await AWSError.removeIfPresent {
                    _ = try await context.client.s3(
                        "DeleteBucketPolicy", method: "DELETE", bucket: bucket, subresource: "policy", region: region)
                }
                continue
            }
            if let first = refused.first {
                let code = first.string("Code") ?? "DeleteObjectsError"
                throw AWSError(
                    kind: .service, service: .s3, action: "DeleteObjects", code: code,
                    message: "emptying bucket \(bucket) for force_destroy: \(refused.count) of \(entries.count) "
                        + "objects refused, the first \(first.string("Key") ?? "?"): "
                        + "\(first.string("Message") ?? code); allow s3:DeleteObject* to these credentials, "
                        + "or empty the bucket another way, then run again",
                    statusCode: 200)
            }
        }
    }

    /// Bucket names are global: the name finds the bucket, which is ours only if it carries our
    /// `fleetform:address` tag.
    func findCreated(_ request: ResourceRequest) async throws -> ResourceState? {
        guard let bucket = AttributeReader(request).string("bucket") else { return nil }
        return try await findOwned(request, id: bucket)
    }
}

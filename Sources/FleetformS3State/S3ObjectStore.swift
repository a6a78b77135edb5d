import FleetformAWS

/// The few S3 object calls the state backend makes, over the shared signed `AWSClient`
/// (signing, retries, endpoint resolution and credentials are the client's).
struct S3ObjectStore: Sendable {
    /// An object as read: its bytes and the tags that identify this version of it.
    struct StoredObject: Sendable {
        var bytes: [UInt8]
        var etag: String
        var versionId: String?
    }

    /// What must hold for a put or delete to happen (S3 conditional requests).
    enum Condition: Sendable {
        /// No condition.
        case always
        /// Only if no object exists under the key (`If-None-Match: *`).
        case absent
        /// Only if the current object has this ETag (`If-Match`).
        case matches(String)

        var headers: [(name: String, value: String)] {
            switch self {
            case .always: return []
            case .absent: return [("if-none-match", "*")]
            case .matches(let etag): return [("if-match", etag)]
            }
        }
    }

    let client: AWSClient
    let bucket: String
    let region: String

    /// The object at `key`, or nil when there is none.
    func get(_ key: String) async throws -> StoredObject? {
        do {
            let response = try await client.send(request("GetObject", method: "GET", key: key), region: region)
            return StoredObject(
                bytes: response.body, etag: response.header("etag") ?? "",
                versionId: response.header("x-amz-version-id"))
        } catch let error as AWSError where Self.isMissing(error) {
            return nil
        }
    }

    /// Stores `bytes` at `key` if `condition` holds; returns the new version's ETag and version id.
    ///
    /// - Throws: `AWSError` with `isConditionFailure` when the condition does not hold.
    func put(_ key: String, _ bytes: [UInt8], contentType: String, condition: Condition) async throws -> (
        etag: String, versionId: String?
    ) {
        var request = request("PutObject", method: "PUT", key: key)
        request.headers = [("content-type", contentType)] + condition.headers
        request.body = bytes
        let response = try await client.send(request, region: region)
        return (response.header("etag") ?? "", response.header("x-amz-version-id"))
    }

    /// Deletes the object at `key` if `condition` holds (in a versioned bucket this adds a delete
    /// marker: earlier versions stay).
    func delete(_ key: String, condition: Condition) async throws {
        var request = request("DeleteObject", method: "DELETE", key: key)
        request.headers = condition.headers
        _ = try await client.send(request, region: region)
    }

    /// Every key under `prefix` (all pages).
    func keys(prefix: String) async throws -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var request = request("ListObjectsV2", method: "GET", key: "")
            request.query =
                [("list-type", "2"), ("prefix", prefix)] + (token.map { [("continuation-token", $0)] } ?? [])
            let root = try XMLTree.parse(try await client.send(request, region: region).body)
            keys += root.children("Contents").compactMap { $0.string("Key") }
            token = root.string("IsTruncated") == "true" ? root.string("NextContinuationToken") : nil
        } while token != nil
        return keys
    }

    /// Whether the bucket keeps previous versions of objects (`GetBucketVersioning` says `Enabled`).
    func isVersioned() async throws -> Bool {
        var request = request("GetBucketVersioning", method: "GET", key: "")
        request.query = [("versioning", "")]
        let root = try XMLTree.parse(try await client.send(request, region: region).body)
        return root.string("Status") == "Enabled"
    }

    private func request(_ action: String, method: String, key: String) -> AWSRequest {
        AWSRequest(
            service: .s3, action: action, method: method,
            path: key.isEmpty ? "/" : "/" + AWSPathEncoding.encodeKey(key),
            bucket: bucket)
    }

    /// `NoSuchKey` (or a bare 404) from a GET.
    static func isMissing(_ error: AWSError) -> Bool {
        error.kind == .service && (error.code == "NoSuchKey" || error.statusCode == 404 && error.code != "NoSuchBucket")
    }
}

extension AWSError {
    /// A conditional write or delete found its condition false (HTTP 412), or lost a race with a
    /// concurrent conditional write on the same key (HTTP 409 `ConditionalRequestConflict`).
    var isConditionFailure: Bool {
        kind == .service
            && (code == "PreconditionFailed" || statusCode == 412 || code == "ConditionalRequestConflict")
    }
}

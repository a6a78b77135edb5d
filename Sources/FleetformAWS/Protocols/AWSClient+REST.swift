import Crypto
import FleetformModel
import Foundation

/// REST-XML (S3), REST-JSON (EKS) and JSON 1.1 (Pricing): requests encoded and responses
/// decoded in one place each. JSON bodies are `AttributeValue`s (the JSON data model).
extension AWSClient {
    /// An S3 call on `bucket` (REST-XML): `subresource` is the bare query key (`tagging`,
    /// `versioning`, …); the body is XML, or JSON (`jsonBody`: a bucket policy); the response body
    /// is XML, JSON or empty.
    /// With `bucket` nil the call goes to the service itself (ListBuckets).
    public func s3(
        _ action: String, method: String, bucket: String?, key: String = "", subresource: String? = nil,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
        body: XMLWriter? = nil, jsonBody: String? = nil, region: String
    ) async throws -> HTTPResponse {
        var allQuery = query
        if let subresource { allQuery.insert((subresource, ""), at: 0) }
        var allHeaders = headers
        let bytes = jsonBody.map { Array($0.utf8) } ?? body?.bytes ?? []
        if !bytes.isEmpty {
            allHeaders.append(("content-type", jsonBody == nil ? "application/xml" : "application/json"))
            allHeaders.append(("content-md5", Data(Insecure.MD5.hash(data: bytes)).base64EncodedString()))
        }
        let request = AWSRequest(
            service: .s3, action: action, method: method,
            path: key.isEmpty ? "/" : "/" + AWSPathEncoding.encodeKey(key), query: allQuery, headers: allHeaders,
            body: bytes, bucket: bucket)
        return try await send(request, region: region)
    }

    /// A REST-JSON call (EKS): `path` is already encoded; `body` is sent as JSON when given.
    public func restJSON(
        _ service: AWSService, _ action: String, method: String, path: String,
        query: [(name: String, value: String)] = [], body: AttributeValue? = nil, region: String
    ) async throws -> AttributeValue {
        let bytes = try body.map { try JSONEncoder().encode($0) }.map { Array($0) } ?? []
        let request = AWSRequest(
            service: service, action: action, method: method, path: path, query: query,
            headers: bytes.isEmpty ? [] : [("content-type", "application/json")], body: bytes)
        let response = try await send(request, region: region)
        return try Self.decodeJSON(response, service: service, action: action)
    }

    /// A JSON 1.1 call (Pricing): `POST /` with `X-Amz-Target: <targetPrefix>.<action>`.
    public func json11(
        _ service: AWSService, targetPrefix: String, _ action: String, body: AttributeValue, region: String
    ) async throws -> AttributeValue {
        let request = AWSRequest(
            service: service, action: action, method: "POST", path: "/",
            headers: [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", targetPrefix + "." + action)],
            body: Array(try JSONEncoder().encode(body)))
        let response = try await send(request, region: region)
        return try Self.decodeJSON(response, service: service, action: action)
    }

    static func decodeJSON(_ response: HTTPResponse, service: AWSService, action: String) throws -> AttributeValue {
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { return .map([:]) }
        do {
            return try JSONDecoder().decode(AttributeValue.self, from: Data(response.body))
        } catch {
            throw AWSError(
                kind: .invalidResponse, service: service, action: action, code: "MalformedJSON",
                message: "expected JSON, got '\(String(decoding: response.body.prefix(200), as: UTF8.self))'")
        }
    }
}

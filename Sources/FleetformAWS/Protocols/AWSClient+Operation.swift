import FleetformModel

/// Structured calls: an `APIOperation` and an input keyed by wire member names, encoded for the
/// operation's protocol, answered as a `ResponseNode`. What the resource declarations use.
extension AWSClient {
    /// Calls `operation` with `input` in `region`.
    func call(
        _ operation: APIOperation, _ input: [String: AttributeValue], region: String,
        resendAfterTransportError: Bool = true
    ) async throws -> ResponseNode {
        let service = operation.service
        switch service.wireProtocol {
        case .ec2Query, .awsQuery:
            let parameters = QueryParameters(
                flattening: input, style: service.wireProtocol == .ec2Query ? .ec2 : .awsQuery)
            return .xml(
                try await query(
                    service, operation.action, parameters, region: region,
                    resendAfterTransportError: resendAfterTransportError))
        case .json11:
            guard let prefix = service.jsonTargetPrefix else {
                throw AWSError.configuration("\(service) has no JSON target prefix; add it to AWSService")
            }
            return .json(
                try await json11(service, targetPrefix: prefix, operation.action, body: .map(input), region: region))
        case .restJSON:
            var body = input
            var path = operation.path
            for member in operation.pathMembers {
                guard let value = body.removeValue(forKey: member), let text = Self.text(value) else {
                    throw AWSError.configuration("\(operation): the path member '\(member)' has no value")
                }
                path = path.replacing("{\(member)}", with: AWSPathEncoding.encodeSegment(text))
            }
            var query: [(name: String, value: String)] = []
            for member in operation.queryMembers {
                guard let value = body.removeValue(forKey: member) else { continue }
                for element in value.listValue ?? [value] {
                    if let text = Self.text(element) { query.append((member, text)) }
                }
            }
            return .json(
                try await restJSON(
                    service, operation.action, method: operation.method, path: path, query: query,
                    body: body.isEmpty ? nil : .map(body), region: region))
        case .restXML:
            throw AWSError.configuration("\(operation): S3 calls go through AWSClient.s3")
        }
    }

    /// Calls a paginated query-protocol `operation` until its token runs out, returning every page.
    func callPages(_ operation: APIOperation, _ input: [String: AttributeValue], region: String) async throws
        -> [ResponseNode]
    {
        let service = operation.service
        if service.wireProtocol == .json11 {
            // JSON 1.1 lists page with NextMarker + Truncated (KMS) or NextToken.
            var pages: [ResponseNode] = []
            var input = input
            for _ in 0..<1000 {
                let page = try await call(operation, input, region: region)
                pages.append(page)
                if page.string("Truncated") == "true", let marker = page.string("NextMarker") {
                    input["Marker"] = .string(marker)
                } else if let token = page.string("NextToken"), !token.isEmpty {
                    input["NextToken"] = .string(token)
                } else {
                    break
                }
            }
            return pages
        }
        guard service.wireProtocol == .ec2Query || service.wireProtocol == .awsQuery else {
            return [try await call(operation, input, region: region)]
        }
        let parameters = QueryParameters(flattening: input, style: service.wireProtocol == .ec2Query ? .ec2 : .awsQuery)
        return try await queryPages(service, operation.action, parameters, region: region).map(ResponseNode.xml)
    }

    /// A scalar input value as text (path segments and query strings).
    private static func text(_ value: AttributeValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return AttributeValue.format(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}

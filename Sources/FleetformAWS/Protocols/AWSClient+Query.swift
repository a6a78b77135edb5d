import AWSSigV4

/// The EC2 query and AWS query protocols (EC2; Auto Scaling, IAM, STS): a form-encoded
/// `POST /` with `Action` and `Version`, answered with XML.
extension AWSClient {
    /// Calls `action` and returns the parsed XML response.
    public func query(
        _ service: AWSService, _ action: String, _ parameters: QueryParameters, region: String,
        resendAfterTransportError: Bool = true
    ) async throws -> XMLTree {
        precondition(
            service.wireProtocol == .ec2Query || service.wireProtocol == .awsQuery, "\(service) is not a query service")
        var form = [("Action", action), ("Version", service.apiVersion)]
        form += parameters.items
        let body = form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
        let request = AWSRequest(
            service: service, action: action, method: "POST", path: "/",
            headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(body.utf8),
            resendAfterTransportError: resendAfterTransportError)
        let response = try await send(request, region: region)
        return try XMLTree.parse(response.body)
    }

    /// Calls a paginated `action` until its token runs out (or `maxPages`), returning every page.
    /// EC2 names the token `NextToken` in requests and `nextToken` in responses; AWS query uses
    /// `NextToken` (IAM: `Marker`/`IsTruncated`) in both.
    public func queryPages(
        _ service: AWSService, _ action: String, _ parameters: QueryParameters, region: String, maxPages: Int = 100
    ) async throws -> [XMLTree] {
        var pages: [XMLTree] = []
        var parameters = parameters
        while pages.count < maxPages {
            let page = try await query(service, action, parameters, region: region)
            pages.append(page)
            if service == .iam {
                guard page.first("IsTruncated")?.text == "true", let marker = page.first("Marker")?.text else { break }
                parameters["Marker"] = marker
            } else {
                let token = (service == .ec2 ? page.child("nextToken") : page.first("NextToken"))?.text ?? ""
                guard !token.isEmpty else { break }
                parameters["NextToken"] = token
            }
        }
        return pages
    }

    /// `application/x-www-form-urlencoded`: SigV4's percent-encoding with spaces as `+`, which is
    /// what botocore sends (and what moto re-encodes the form as before checking the signature).
    static func formEncode(_ text: String) -> String {
        let encoded = PercentEncoding.encode(text)
        return encoded.contains("%20") ? encoded.replacing("%20", with: "+") : encoded
    }
}

import Foundation

/// Turns an error response of any protocol into an `AWSError`: EC2 (`Response/Errors/Error`),
/// AWS query (`ErrorResponse/Error`), S3 (`Error`), JSON (`__type` / `x-amzn-ErrorType`), and the
/// XML `ErrorResponse` moto sends even to JSON services when a signature is wrong.
enum AWSErrorDecoder {
    static func decode(
        _ response: HTTPResponse, service: AWSService, action: String, endpoint: String, accessKeyId: String?
    ) -> AWSError {
        var code = "HTTP\(response.status)"
        var message = ""
        var requestId = response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
        let trimmed = response.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.first == UInt8(ascii: "<"), let root = try? XMLTree.parse(Array(trimmed)) {
            code = root.first("Code")?.text ?? code
            message = root.first("Message")?.text ?? root.first("message")?.text ?? ""
            requestId = root.first("RequestId")?.text ?? root.first("RequestID")?.text ?? requestId
        } else if trimmed.first == UInt8(ascii: "{"),
            let object = try? JSONSerialization.jsonObject(with: Data(trimmed)) as? [String: Any]
        {
            if let type = object["__type"] as? String ?? object["code"] as? String { code = type }
            message = object["message"] as? String ?? object["Message"] as? String ?? ""
        } else if !response.body.isEmpty {
            message = String(decoding: response.body.prefix(300), as: UTF8.self)
        }
        if let header = response.header("x-amzn-errortype"), code.hasPrefix("HTTP") { code = header }
        // `aws.protocols#Foo:http://…` and `com.amazon…#Foo` both name `Foo`.
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        return AWSError(
            kind: .service, service: service, action: action, code: code, message: message, requestId: requestId,
            endpoint: endpoint, statusCode: response.status, accessKeyId: accessKeyId)
    }
}

/// Task 1: create a canonical request
/// ([spec](https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request)).
extension SigV4Signer {
    /// The canonical request: method, canonical URI, canonical query string, canonical headers,
    /// signed headers and hashed payload, separated by newlines.
    func canonicalRequest(
        method: String, path: String, query: [(name: String, value: String)], headers: CanonicalHeaders,
        payloadHash: String
    ) -> String {
        method + "\n" + canonicalURI(path) + "\n" + Self.canonicalQueryString(query) + "\n" + headers.canonical + "\n"
            + headers.signedHeaders + "\n" + payloadHash
    }

    /// Task 1, step 2: the canonical URI. Non-S3 services normalise the path (dot segments,
    /// duplicate slashes) and URI-encode it once more; S3 signs the path exactly as sent.
    func canonicalURI(_ path: String) -> String {
        let path = path.isEmpty ? "/" : path
        let normalized = options.normalizePath ? Self.removingDotSegments(path) : path
        return options.encodePath ? PercentEncoding.encode(normalized, keepSlash: true) : normalized
    }

    /// Removes `.` and `..` segments and empty segments (duplicate slashes), keeping a trailing slash.
    static func removingDotSegments(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !segments.isEmpty { result += "/" }
        return result
    }

    /// Task 1, step 3: the canonical query string — every name and value URI-encoded, sorted by
    /// encoded name, then encoded value, joined with `&`.
    static func canonicalQueryString(_ query: [(name: String, value: String)]) -> String {
        if query.isEmpty { return "" }
        return query.map { (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { $0.0 + "=" + $0.1 }
            .joined(separator: "&")
    }
}

/// Task 1, steps 4 and 5: the canonical headers and the signed headers list.
struct CanonicalHeaders {
    /// `name:value\n` per header, names lower-cased and sorted, values trimmed with inner
    /// whitespace runs collapsed, values of a repeated name joined by commas in request order.
    let canonical: String
    /// The sorted lower-case names joined by `;`.
    let signedHeaders: String

    init(_ headers: [(name: String, value: String)]) {
        var byName: [String: [String]] = [:]
        var order: [String] = []
        for (name, value) in headers {
            let key = name.lowercased()
            if byName[key] == nil { order.append(key) }
            byName[key, default: []].append(Self.trimmed(value))
        }
        let names = order.sorted()
        var canonical = ""
        for name in names {
            canonical += name + ":" + byName[name, default: []].joined(separator: ",") + "\n"
        }
        self.canonical = canonical
        self.signedHeaders = names.joined(separator: ";")
    }

    /// Trims outer whitespace and collapses inner runs of spaces, tabs and line breaks to one space.
    static func trimmed(_ value: String) -> String {
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return value }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for byte in utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import AWSSigV4
import FleetformTestSupport
import Foundation

/// A request from the SigV4 suite's `.req` / `request.txt` files, parsed the way the suite's
/// README says: LF line endings, `METHOD SP target SP version` with the version taken from the
/// right, obs-fold continuation lines, raw spaces and UTF-8 in the target.
struct SuiteRequest {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(parsing text: String) throws {
        let (head, body): (Substring, Substring) = {
            if let blank = text.range(of: "\n\n") { return (text[..<blank.lowerBound], text[blank.upperBound...]) }
            return (Substring(text), "")
        }()
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
            firstSpace < lastSpace
        else { throw SuiteError("malformed request line '\(requestLine)'") }
        method = String(requestLine[..<firstSpace])
        let target = requestLine[requestLine.index(after: firstSpace)..<lastSpace]
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = target[target.index(after: questionMark)...].split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (
                    PercentEncoding.decode(String(parts[0])),
                    parts.count > 1 ? PercentEncoding.decode(String(parts[1])) : ""
                )
            }
        } else {
            path = String(target)
            query = []
        }
        headers = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw SuiteError("continuation line before any header") }
                headers[headers.count - 1].value += "\n" + line
            } else {
                guard let colon = line.firstIndex(of: ":") else { throw SuiteError("malformed header '\(line)'") }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        self.body = Array(body.utf8)
    }

    /// Removes every header named `name` (case-insensitive) and returns the last value.
    mutating func removeHeader(_ name: String) -> String? {
        let value = headers.last { $0.name.lowercased() == name }?.value
        headers.removeAll { $0.name.lowercased() == name }
        return value
    }

    var signable: SignableRequest {
        SignableRequest(method: method, path: path, query: query, headers: headers, body: body)
    }
}

struct SuiteError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The SigV4 suite vendored in `data/sigv4` (see its README).
enum SuiteLocation {
    static func sigv4Directory() -> URL { TestData.folder("sigv4") }

    static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SuiteError("missing suite file \(url.path); the repository's data/sigv4 folder is incomplete")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Directories below `root` (at any depth) that hold a file ending in `marker`.
    static func caseDirectories(under root: URL, containing marker: String) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw SuiteError("cannot list \(root.path)")
        }
        var found = Set<String>()
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(marker) {
            found.insert(url.deletingLastPathComponent().path)
        }
        return found.sorted().map { URL(fileURLWithPath: $0) }
    }
}

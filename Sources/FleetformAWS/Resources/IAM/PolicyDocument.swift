import AWSSigV4
import Foundation

/// IAM policy documents as IAM returns them (URL-encoded JSON, reformatted), compared by meaning.
enum PolicyDocument {
    /// The JSON text of a document IAM returned (percent-decoded when needed).
    static func decode(_ text: String) -> String {
        text.hasPrefix("%7B") || text.hasPrefix("%7b") ? PercentEncoding.decode(text) : text
    }

    /// The document re-serialised with sorted keys and no whitespace, or nil when it is not JSON.
    static func canonical(_ text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// `prior` when it means the same as `fromCloud` (so formatting never shows as a change), else `fromCloud`.
    static func preferring(_ prior: String?, over fromCloud: String) -> String {
        let cloud = decode(fromCloud)
        if let prior, let a = canonical(prior), let b = canonical(cloud), a == b { return prior }
        return cloud
    }
}

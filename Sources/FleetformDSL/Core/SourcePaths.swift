import FleetformModel
import Foundation

/// Writes the source files of declarations (`#filePath`, absolute where the binary was built)
/// relative to the stack package's root, so manifests and diagnostics read `plans/training.swift`
/// on any machine and a binary that moved (a CI cache, another checkout) still names the right
/// files.
///
/// A path under the root loses the root; a path built elsewhere is matched by its longest
/// trailing part that exists under the root (`/build/ci/infra/plans/a.swift` → `plans/a.swift`);
/// anything else is kept as compiled.
public struct SourcePaths {
    let root: String
    let fileExists: (String) -> Bool
    private var cache: [String: String] = [:]

    /// Paths relative to `root`; `fileExists` checks a candidate under it.
    public init(root: String, fileExists: @escaping (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
        self.fileExists = fileExists
    }

    /// `file` relative to the root where it can be placed there, else unchanged.
    public mutating func relative(_ file: String) -> String {
        if let known = cache[file] { return known }
        let result = Self.relative(file, root: root, fileExists: fileExists)
        cache[file] = result
        return result
    }

    /// `location` with its file made relative.
    public mutating func relative(_ location: SourceLocation) -> SourceLocation {
        SourceLocation(file: relative(location.file), line: location.line)
    }

    static func relative(_ file: String, root: String, fileExists: (String) -> Bool) -> String {
        guard file.hasPrefix("/"), !root.isEmpty else { return file }
        if file.hasPrefix(root + "/") { return String(file.dropFirst(root.count + 1)) }
        let parts = file.split(separator: "/")
        for start in parts.indices.dropFirst() {
            let suffix = parts[start...].joined(separator: "/")
            if fileExists(root + "/" + suffix) { return suffix }
        }
        return file
    }
}

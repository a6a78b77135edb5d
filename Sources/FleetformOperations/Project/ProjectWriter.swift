import Foundation

/// Writes a scaffold's files into a directory without ever overwriting one: a directory that is
/// not empty is refused unless `force`, and even then existing files are kept as they are.
public struct ProjectWriter: Sendable {
    /// What was written.
    public struct Result: Sendable, Equatable {
        /// Files created, relative to the directory.
        public var created: [String] = []
        /// Files that already existed and were left alone.
        public var kept: [String] = []
    }

    public var directory: String
    public var force: Bool

    /// A writer into `directory`.
    public init(directory: String, force: Bool) {
        self.directory = directory
        self.force = force
    }

    /// Creates `files` (paths relative to the directory), refusing a non-empty directory unless
    /// `force`; no existing file is changed.
    public func write(_ files: [(path: String, contents: String)]) throws -> Result {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw OperationError("\(directory) is a file; name a directory for the new package")
            }
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            if !entries.isEmpty && !force {
                throw OperationError(
                    "\(directory) is not empty (\(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")); "
                        + "choose an empty or new directory, or pass --force to add the files that are missing")
            }
        }
        var result = Result()
        for (path, contents) in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            if manager.fileExists(atPath: url.path) {
                result.kept.append(path)
                continue
            }
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // withoutOverwriting: a file that appeared since the check is not replaced either.
                try Data(contents.utf8).write(to: url, options: .withoutOverwriting)
            } catch {
                throw OperationError("cannot write \(url.path): \(error.localizedDescription)")
            }
            result.created.append(path)
        }
        return result
    }
}

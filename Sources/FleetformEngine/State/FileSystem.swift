#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file operations the local backend needs, with the durability steps spelled
/// out: a write goes to a temporary file in the same directory, is fsynced, renamed over the
/// target and the directory fsynced, so a crash leaves either the old or the new file, never a
/// half-written one.
enum FileSystem {
    /// The file's bytes, or nil when it does not exist.
    static func readIfExists(_ path: String) throws(StateBackendError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io("open", path, errno: errno)
        }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// Everything left to read from `fd`.
    static func readAll(_ fd: Int32, path: String) throws(StateBackendError) -> [UInt8] {
        // Read straight into the result, sized from the file's length (a state can be megabytes).
        var info = stat()
        let size = fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) + 1 : 1 << 16
        var result = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            if filled == result.count { result.append(contentsOf: repeatElement(0, count: result.count)) }
            let count = result.withUnsafeMutableBytes { buffer in
                // Never empty: the loop grows it before it is full.
                guard let base = buffer.baseAddress else { return 0 }
                return read(fd, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("read", path, errno: errno)
            }
            if count == 0 {
                result.removeLast(result.count - filled)
                return result
            }
            filled += count
        }
    }

    /// Creates `path` and its parents with mode 0700 where missing.
    static func makeDirectories(_ path: String) throws(StateBackendError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST { throw .io("create the directory", current, errno: errno) }
        }
    }

    /// Replaces `path` with `bytes` atomically and durably; the file gets mode 0600.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StateBackendError) {
        let directory = parent(of: path)
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io("create", temporary, errno: errno) }
        var written = false
        defer { if !written { unlink(temporary) } }
        do {
            defer { close(fd) }
            if fchmod(fd, 0o600) != 0 { throw .io("set the mode of", temporary, errno: errno) }
            try writeAll(fd, bytes, path: temporary)
            if fsync(fd) != 0 { throw .io("flush", temporary, errno: errno) }
        }
        if rename(temporary, path) != 0 { throw .io("rename \(temporary) to", path, errno: errno) }
        written = true
        try syncDirectory(directory)
    }

    /// Writes all of `bytes` to `fd`, again after an interrupted or partial write.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StateBackendError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                // Not empty while offset < count.
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("write", path, errno: errno)
            }
            offset += count
        }
    }

    /// Flushes a directory's entries, so a rename inside it survives a crash.
    static func syncDirectory(_ directory: String) throws(StateBackendError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .io("open the directory", directory, errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0, errno != EINVAL { throw .io("flush the directory", directory, errno: errno) }
    }

    /// Renames `path` to `target` (replacing it) and makes the rename durable.
    static func move(_ path: String, to target: String) throws(StateBackendError) {
        if rename(path, target) != 0 { throw .io("rename \(path) to", target, errno: errno) }
        try syncDirectory(parent(of: target))
    }

    /// The names in `directory`, or an empty list when it does not exist.
    static func list(_ directory: String) throws(StateBackendError) -> [String] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw .io("list", directory, errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The directory part of `path` (`.` for a bare name).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

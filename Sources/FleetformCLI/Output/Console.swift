import FleetformDSL
import FleetformModel
import Foundation

/// Standard output and error, with colour only on a terminal.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Whether standard output is a terminal (and colour is wanted).
    static func useColor(noColor: Bool) -> Bool {
        !noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// The process's working directory.
    static var workingDirectory: String { FileManager.default.currentDirectoryPath }

    /// Prints diagnostics to standard error the way a compiler does, paths relative to `root`,
    /// then a count of the errors when there are any.
    static func report(_ diagnostics: [Diagnostic], root: String) {
        var paths = SourcePaths(root: root)
        for var diagnostic in diagnostics {
            if let location = diagnostic.location { diagnostic.location = paths.relative(location) }
            error(diagnostic.render())
        }
        let count = diagnostics.filter { $0.severity == .error }.count
        if count > 0 {
            error("\(count) error\(count == 1 ? "" : "s") found; nothing was planned or changed.")
        }
    }
}

// fleetform-fuzz TARGET --seconds N [--seed N] [--corpus DIR] [--crashes DIR]
// Runs one fuzz target of FleetformFuzz; on a crash (a Swift trap or a bad access) the input
// that crashed is written to CRASHES/<target>-crash-<seed> before the process dies, so
// `fleetform-fuzz TARGET --replay FILE` reproduces it. scripts/fuzz runs every target.
import FleetformFuzz
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The input being run, kept where a signal handler can write it without allocating.
nonisolated(unsafe) let crashBuffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
nonisolated(unsafe) var crashLength = 0
nonisolated(unsafe) var crashPath: UnsafeMutablePointer<CChar>? = nil
nonisolated(unsafe) let crashNote = strdup(
    "fleetform-fuzz: crashed; the input that did it is in (replay it with --replay FILE):\n")!

func usage() -> Never {
    let names = FuzzTargets.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
    FileHandle.standardError.write(
        Data(
            ("usage: fleetform-fuzz TARGET [--seconds N | --inputs N] [--seed N] [--corpus DIR] [--crashes DIR] "
                + "[--replay FILE]\ntargets:\n" + names + "\n").utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let target = FuzzTargets.named(name) else { usage() }
arguments.removeFirst()
var options: [String: String] = [:]
while arguments.count >= 2, arguments[0].hasPrefix("--") {
    options[String(arguments[0].dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.isEmpty else { usage() }

if let replay = options["replay"] {
    guard let data = FileManager.default.contents(atPath: replay) else { usage() }
    let accepted = await target.run(Array(data))
    print("\(name): \(replay) ran without crashing (\(accepted ? "accepted" : "refused"))")
    exit(0)
}

let seed = UInt64(options["seed"] ?? "1") ?? 1
let corpusDirectory = URL(fileURLWithPath: options["corpus"] ?? "Tests/Fuzz/corpus/\(name)")
let crashes = URL(fileURLWithPath: options["crashes"] ?? ".build/fuzz-crashes")
try FileManager.default.createDirectory(at: crashes, withIntermediateDirectories: true)
crashPath = strdup(crashes.appendingPathComponent("\(name)-crash-\(seed)").path)

for signalNumber in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
    signal(signalNumber) { received in
        if let path = crashPath {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            if fd >= 0 {
                _ = write(fd, crashBuffer.baseAddress, crashLength)
                close(fd)
            }
            _ = write(2, crashNote, strlen(crashNote))
            _ = write(2, path, strlen(path))
            _ = write(2, "\n", 1)
        }
        signal(received, SIG_DFL)
        raise(received)
    }
}

let corpus = try FuzzRunner.loadCorpus(corpusDirectory)
let seconds = Double(options["seconds"] ?? "") ?? (options["inputs"] == nil ? 10 : nil)
let report = await FuzzRunner(target: target, corpus: corpus, seed: seed).run(
    inputs: options["inputs"].flatMap { Int($0) }, duration: seconds.map { .milliseconds(Int64($0 * 1000)) }
) { input in
    let count = min(input.count, crashBuffer.count)
    _ = crashBuffer.initialize(from: input.prefix(count))
    crashLength = count
}
print(report)
if !report.slowInputs.isEmpty {
    for (index, input) in report.slowInputs.prefix(5).enumerated() {
        let path = crashes.appendingPathComponent("\(name)-slow-\(seed)-\(index)")
        try Data(input).write(to: path)
        print("slow input: \(path.path)")
    }
    exit(1)
}

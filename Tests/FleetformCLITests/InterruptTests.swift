import FleetformTestSupport
import Foundation
import Testing

/// Ctrl-C during `apply`, as users press it, against moto with signature checking: SIGINT after
/// a chosen number of finished creates (counted from the progress output, not timed), once or
/// twice; the next `apply` must exit 0 with the cloud, the state and the declaration agreeing:
/// no duplicates, no orphans, and a clean re-plan.
@Suite(.serialized) struct InterruptTests {
    /// Runs `fleetform args…` and sends SIGINT once `completions` creates have finished, and
    /// again as soon as the first interrupt is acknowledged when `twice`.
    static func interrupt(
        _ cli: CLIRunner, _ args: [String], environment: [String: String], afterCompletions completions: Int,
        twice: Bool
    ) throws -> CLIRunner.Result {
        let started = try cli.start(args, environment: environment)
        var text = ""
        var sent = 0
        while true {
            let chunk = started.out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            let finished = text.components(separatedBy: "Creation complete").count - 1
            if sent == 0 && finished >= completions {
                kill(started.process.processIdentifier, SIGINT)
                sent = 1
            } else if sent == 1 && twice && text.contains("Interrupt received") {
                kill(started.process.processIdentifier, SIGINT)
                sent = 2
            }
        }
        let rest = started.finish()
        return CLIRunner.Result(status: rest.status, stdout: text + rest.stdout, stderr: rest.stderr)
    }

    /// Interrupts an apply of `target`, then applies again and checks that the cloud holds
    /// exactly what the state and the stack declare.
    static func interruptAndRecover(
        _ cli: CLIRunner, _ target: [String], stack: String, environment env: String, declared: Int,
        after completions: Int, twice: Bool, moto: [String: String]
    ) throws -> String {
        let run = try interrupt(
            cli, ["apply"] + target + ["--auto-approve"], environment: moto, afterCompletions: completions, twice: twice
        )
        let label = "\(stack)/\(env) interrupted \(twice ? "twice " : "")after \(completions) creates"
        #expect(run.status == 130, "\(label): exit \(run.status)\n\(run.stdout.suffix(1500))\(run.stderr.suffix(1500))")
        #expect(run.stdout.contains("Interrupt received: starting nothing new"), "\(label)")
        #expect(!(run.stdout + run.stderr).contains("CancellationError"), "\(label): a Swift type name in the output")
        let inDoubt = run.stderr.components(separatedBy: "interrupted before the service answered").count - 1

        let recover = try cli.run(["apply"] + target + ["--auto-approve"], environment: moto)
        #expect(
            recover.status == 0, "\(label): the next apply failed:\n\(recover.stdout.suffix(1500))\(recover.stderr)")
        let state = try cli.run(["state", "list"] + target, environment: moto)
        let addresses = state.stdout.split(separator: "\n")
        #expect(addresses.count == declared, "\(label): \(addresses.count) resources in state, \(declared) declared")
        let inventory = try CLIRunner.inventory(stack: stack, env: env, environment: moto)
        #expect(inventory.duplicates.isEmpty, "\(label): duplicates \(inventory.duplicates)")
        let replan = try cli.run(["plan"] + target + ["--detailed-exitcode"], environment: moto)
        #expect(replan.status == 0, "\(label): re-plan not clean:\n\(replan.stdout.suffix(1500))")
        let adopted = recover.stdout.components(separatedBy: "adopted it into state").count - 1
        return "\(label): exit \(run.status), \(inDoubt) in doubt; next apply adopted \(adopted); "
            + "\(addresses.count) in state, \(inventory.total) tagged in the cloud"
    }

    @Test func ctrlCOnAThreeHundredGroupApplyRecovers() async throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        var log: [String] = []
        // Early, middle and late single interrupts and one double; each on a fresh emulator, so
        // none pays for filtering the groups of the others.
        for (index, point) in [(1, false), (150, false), (290, false), (100, true)].enumerated() {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let env = "int-\(index)"
            let target = ["--stack", "flat", "--env", env, "--var", "units=300"]
            log.append(
                try Self.interruptAndRecover(
                    cli, target, stack: "flat", environment: env, declared: 300, after: point.0, twice: point.1,
                    moto: moto.processEnvironment))
            let inventory = try CLIRunner.inventory(stack: "flat", env: env, environment: moto.processEnvironment)
            #expect(inventory.byType == ["aws_security_group": 300], "\(env): \(inventory.byType)")
        }
        print("interrupt test (flat, 300 groups):\n" + log.joined(separator: "\n"))
    }

    @Test func ctrlCOnTrainingRecovers() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let cli = try CLIRunner()
        defer { cli.remove() }
        var log: [String] = []
        // What the stack declares, counted from its manifest (so the test follows the stack).
        let manifest = try cli.declared(stack: "training", env: "int-0")
        let declared = manifest.total
        for (index, point) in [(2, false), (12, false), (30, false), (48, false), (7, true), (25, true)].enumerated() {
            let env = "int-\(index)"
            let target = ["--stack", "training", "--env", env]
            log.append(
                try Self.interruptAndRecover(
                    cli, target, stack: "training", environment: env, declared: declared, after: point.0,
                    twice: point.1,
                    moto: moto.processEnvironment))
            let inventory = try CLIRunner.inventory(stack: "training", env: env, environment: moto.processEnvironment)
            #expect(inventory.byType == manifest.listed, "\(env): \(inventory.byType)")
        }
        print("interrupt test (training):\n" + log.joined(separator: "\n"))
    }
}

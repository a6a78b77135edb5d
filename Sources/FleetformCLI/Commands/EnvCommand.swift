import ArgumentParser

extension Fleetform {
    /// `fleetform env`: the environments of stacks, and reaping the expired ones.
    struct Env: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List environments, and reap expired ones and orphaned resources.",
            subcommands: [EnvList.self, EnvReap.self])
    }
}

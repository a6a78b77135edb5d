import Foundation

/// The files of a new team repository, as `fleetform init` writes them: a Swift package that
/// depends on Fleetform, an executable of a few lines over the team's stacks, a starter stack
/// (a network, a spot GPU pool, an encrypted bucket), `.gitignore`, a README with the commands,
/// and the CI workflows of `examples/ci` adapted to it. Pure: it returns paths and contents;
/// the command decides what to write.
public struct ProjectScaffold: Sendable {
    /// How the new package gets Fleetform.
    public enum Dependency: Sendable, Equatable {
        /// A published release: the package URL and the lowest version (`from:`).
        case release(url: String, version: String)
        /// A local checkout (`--fleetform-path`), for trying an unreleased Fleetform.
        case path(String)
    }

    /// The package's name (the directory's name, made a valid identifier where needed).
    public var packageName: String
    public var dependency: Dependency
    /// The CI workflows to adapt, by file name (`examples/ci` of this Fleetform).
    public var workflows: [String: String]

    /// A scaffold for a package called `packageName` depending on Fleetform by `dependency`.
    public init(
        packageName: String, dependency: Dependency, workflows: [String: String] = ProjectScaffold.bundledWorkflows
    ) {
        self.packageName = packageName
        self.dependency = dependency
        self.workflows = workflows
    }

    /// A package name for a directory called `directory`: letters, digits, `-` and `_`, not
    /// starting with a digit (`infra`, `ml-platform`).
    public static func packageName(for directory: String) -> String {
        var name = String(directory.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        if name.isEmpty || name.first?.isNumber == true { name = "infra" + (name.isEmpty ? "" : "-" + name) }
        return name
    }

    /// The name SwiftPM knows the Fleetform package by in `.product(name:package:)`: the last
    /// path component of its URL or directory, without `.git`, lowercased.
    public var fleetformPackageIdentity: String {
        let location: String
        switch dependency {
        case .release(let url, _): location = url
        case .path(let path): location = path
        }
        var last = location.split(separator: "/").last.map(String.init) ?? "fleetform"
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.lowercased()
    }

    /// Every file, by path relative to the package root.
    public var files: [(path: String, contents: String)] {
        var files: [(String, String)] = [
            ("Package.swift", packageManifest),
            ("Sources/Infra/Infra.swift", executable),
            ("plans/Stacks.swift", stackList),
            ("plans/platform.swift", starterStack),
            (".gitignore", gitignore),
            ("README.md", readme),
        ]
        for (name, text) in workflows.sorted(by: { $0.key < $1.key }) {
            let file = Self.workflowFileName(text) ?? "fleetform-\(name)"
            files.append((".github/workflows/" + file, Self.adapt(workflow: text)))
        }
        return files
    }

    var packageManifest: String {
        let dependencyLine: String
        switch dependency {
        case .release(let url, let version):
            dependencyLine = ".package(url: \"\(url)\", from: \"\(version)\")"
        case .path(let path):
            dependencyLine = ".package(path: \"\(path)\")"
        }
        let id = fleetformPackageIdentity
        return """
            // swift-tools-version: 6.1
            // \(packageName): infrastructure as code with Fleetform. The stacks live in plans/;
            // the `fleetform` executable is Fleetform's CLI over them.
            import PackageDescription

            let package = Package(
                name: "\(packageName)",
                platforms: [.macOS(.v15)],
                products: [
                    .executable(name: "fleetform", targets: ["Infra"]),
                ],
                dependencies: [
                    \(dependencyLine),
                ],
                targets: [
                    // The stacks (and any modules of your own): plain Swift over Fleetform's DSL.
                    .target(
                        name: "Stacks",
                        dependencies: [.product(name: "FleetformDSL", package: "\(id)")],
                        path: "plans"
                    ),
                    // The command-line tool: Fleetform's commands over the stacks above.
                    .executableTarget(
                        name: "Infra",
                        dependencies: ["Stacks", .product(name: "FleetformCLI", package: "\(id)")],
                        path: "Sources/Infra"
                    ),
                ]
            )

            """
    }

    var executable: String {
        """
        import FleetformCLI
        import Stacks

        /// `fleetform`: plan, apply, cost, reap … the stacks listed in plans/Stacks.swift.
        @main struct Infra {
            static func main() async { await Fleetform.main(stacks: allStacks) }
        }

        """
    }

    var stackList: String {
        """
        import FleetformDSL

        /// Every stack `fleetform` knows. Add a new stack's value here.
        public let allStacks: [Stack] = [platform]

        """
    }

    var starterStack: String {
        """
        import FleetformDSL

        /// A starting point: a network across two zones, a spot GPU pool that scales from zero, and
        /// an encrypted, versioned bucket. Change it, or add stacks beside it and list them in
        /// `allStacks` (plans/Stacks.swift).
        public let platform = Stack(
            "platform", region: .usEast1,
            summary: "a network, a spot L4/A10G pool and an encrypted artifacts bucket"
        ) { env in
            let net = Network("core", cidr: "10.50.0.0/16", zones: 2)

            GPUNodePool("gpu", network: net)
                .instanceTypes("g6.xlarge", "g5.xlarge")
                .capacity(min: 0, desired: env.isProduction ? 2 : env.variable("gpus", default: 1), max: 8)
                .purchase(.spot())
                .volumeSize(gigabytes: 100)

            Bucket("artifacts").versioned().encrypted().usage(storedTerabytes: 1)
        }

        """
    }

    var gitignore: String {
        """
        .build/
        .swiftpm/
        .fleetform/
        Package.resolved

        """
    }

    var readme: String {
        """
        # \(packageName)

        Infrastructure as code with [Fleetform](\(Self.homepage)): the stacks are Swift in `plans/`,
        and `fleetform` (this package's executable) plans, applies and prices them.

        ## The two commands

        ```sh
        swift build -c release --product fleetform && export PATH="$PWD/.build/release:$PATH"
        fleetform plan --stack platform --env dev        # what would change, and what it costs
        ```

        Then `fleetform apply --stack platform --env dev` makes the change (it shows the plan and asks
        for `yes`; `--auto-approve` in CI), and `fleetform destroy --stack platform --env dev` removes it.
        AWS credentials, regions and endpoints are read the way the AWS CLI reads them (`AWS_PROFILE`,
        `~/.aws/credentials`, `AWS_ENDPOINT_URL` for a local emulator).

        ## Day to day

        - `fleetform stacks`: the stacks in this package; `fleetform validate --stack platform`: every mistake, with file and line.
        - `fleetform cost --stack platform --env prod`: what it costs per month, per resource and purchase option.
        - `fleetform env list` / `fleetform env reap`: preview environments and their expiry.
        - State lives in `.fleetform/state/` (ignored by git); for a team, give the stack an S3 backend
          (`backend: .s3(bucket:key:region:)`) so CI and laptops share it.
        - `.github/workflows/` plans every pull request, gives it a preview environment, and reaps expired ones.

        """
    }

    /// Where users read about Fleetform.
    static let homepage = "https://github.com/fleetform/fleetform"

    /// The file name a workflow asks to be copied to (`# Copy to .github/workflows/NAME.yml`).
    static func workflowFileName(_ text: String) -> String? {
        let marker = "# Copy to .github/workflows/"
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else { return nil }
        var name = line.dropFirst(marker.count).prefix { !$0.isWhitespace && $0 != ";" && $0 != "," }
        while name.hasSuffix(".") { name = name.dropLast() }
        return name.hasSuffix(".yml") ? String(name) : nil
    }

    /// A workflow of `examples/ci` for this package: the build step makes this package's
    /// `fleetform`, and the preview stack is the starter's.
    static func adapt(workflow text: String) -> String {
        text.replacingOccurrences(of: "STACK: preview", with: "STACK: platform")
            .replacingOccurrences(
                of: "# Copy to .github/workflows/", with: "# Written by `fleetform init` as .github/workflows/")
    }
}

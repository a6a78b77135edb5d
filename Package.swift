// swift-tools-version: 6.1
// Fleetform: infrastructure as code for ML platforms.
// The target graph below is the layering of ARCHITECTURE.md: imports only go down.
import PackageDescription

let package = Package(
    name: "Fleetform",
    // macOS 15: Synchronization.Mutex; Linux needs no entry.
    platforms: [.macOS(.v15)],
    products: [
        // No executable product: this repository's `fleetform` (the CLI over its example stacks)
        // is built here as the root package's own, and stays out of the way of a team's
        // `fleetform` when Fleetform is their dependency.
        // What a team's infrastructure package depends on: `Fleetform.main(stacks:)` and every command.
        .library(name: "FleetformCLI", targets: ["FleetformCLI"]),
        // The DSL alone, for packages of reusable modules.
        .library(name: "FleetformDSL", targets: ["FleetformDSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // `swift package generate-documentation` (the DSL's and the CLI library's DocC catalogs).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // Plain value types: addresses, attribute values, Manifest, State, Plan, diagnostics,
        // the instance catalog and the provider protocol. No I/O, no dependencies.
        .target(name: "FleetformModel"),
        // What users write: Stack, Environment, result builders, constructs, validation.
        .target(name: "FleetformDSL", dependencies: ["FleetformModel"]),
        // Planner, DAG, executor, state backends and locks, plan files.
        .target(
            name: "FleetformEngine",
            dependencies: ["FleetformModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The SigV4 request signer, alone.
        .target(name: "AWSSigV4", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // AWS provider: credentials, endpoints, transport, wire protocols, retry, handlers.
        .target(
            name: "FleetformAWS",
            dependencies: [
                "FleetformModel", "AWSSigV4",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The S3 state backend: Engine's StateBackend over FleetformAWS's signed client. Engine and
        // FleetformAWS do not import each other; this small target is where they meet for state.
        .target(name: "FleetformS3State", dependencies: ["FleetformEngine", "FleetformAWS", "FleetformModel"]),
        // Price catalog, estimator, report renderers.
        .target(name: "FleetformCost", dependencies: ["FleetformModel"], resources: [.copy("Resources")]),
        // Forecasting models, intervals, accuracy metrics, backtests (pure math).
        .target(name: "FleetformForecast", dependencies: ["FleetformModel"]),
        // Capacity optimizer: forecast + catalog + interruption risk -> capacity plan.
        .target(name: "FleetformCapacity", dependencies: ["FleetformModel", "FleetformForecast", "FleetformCost"]),
        // Reusable infrastructure modules written in the DSL.
        .target(name: "FleetformModules", dependencies: ["FleetformDSL"], path: "modules"),
        // The stacks a team deploys; the CLI finds them through `allStacks`.
        // plans/capacity holds the recommendation files `recommend --write` writes; read at run time
        // from the project root, not bundled.
        .target(
            name: "FleetformPlans", dependencies: ["FleetformDSL", "FleetformModules"], path: "plans",
            exclude: ["capacity"]),
        // The work the commands do (plan, apply, reap, state edits, pricing refresh, init), as
        // library types that take a clock and return reports; no argument parsing, no printing.
        .target(
            name: "FleetformOperations",
            dependencies: [
                "FleetformModel", "FleetformDSL", "FleetformEngine", "FleetformAWS", "FleetformS3State", "FleetformCost",
                "FleetformForecast", "FleetformCapacity",
            ]
        ),
        // The command-line interface as a library: argument declarations and printing, one file per
        // subcommand, and `Fleetform.main(stacks:)` for a team's own executable.
        .target(
            name: "FleetformCLI",
            dependencies: [
                "FleetformOperations", "FleetformModel", "FleetformDSL", "FleetformEngine", "FleetformAWS",
                "FleetformCost", "FleetformForecast", "FleetformCapacity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // This repository's own executable: the CLI over the stacks in plans/.
        .executableTarget(name: "fleetform", dependencies: ["FleetformCLI", "FleetformPlans"]),
        .testTarget(name: "FleetformModelTests", dependencies: ["FleetformModel"]),
        .testTarget(name: "FleetformDSLTests", dependencies: ["FleetformDSL", "FleetformModel", "FleetformModules", "FleetformPlans"]),
        .testTarget(name: "FleetformEngineTests", dependencies: ["FleetformEngine", "FleetformModel"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4", "FleetformTestSupport"]),
        // The AWS tests also apply the shipped stacks through the engine (plans → planner → executor).
        .testTarget(
            name: "FleetformAWSTests",
            dependencies: [
                "FleetformAWS", "FleetformModel", "FleetformTestSupport", "FleetformEngine", "FleetformDSL", "FleetformPlans",
            ]),
        .testTarget(
            name: "FleetformS3StateTests",
            dependencies: ["FleetformS3State", "FleetformEngine", "FleetformAWS", "FleetformModel", "FleetformTestSupport"]),
        .testTarget(name: "FleetformCostTests", dependencies: ["FleetformCost", "FleetformModel", "FleetformTestSupport"]),
        .testTarget(name: "FleetformForecastTests", dependencies: ["FleetformForecast", "FleetformTestSupport"]),
        .testTarget(
            name: "FleetformCapacityTests",
            dependencies: ["FleetformCapacity", "FleetformForecast", "FleetformCost", "FleetformModel", "FleetformTestSupport"]),
        .testTarget(
            name: "FleetformOperationsTests",
            dependencies: ["FleetformOperations", "FleetformDSL", "FleetformEngine", "FleetformModel", "FleetformTestSupport"]),
        .testTarget(name: "FleetformCLITests", dependencies: ["fleetform", "FleetformCLI", "FleetformTestSupport"]),
        // Fuzzing: seeded mutation fuzzing of every decoder of outside input (scripts/fuzz runs
        // fleetform-fuzz per target; FleetformFuzzTests runs each briefly in the suite).
        .target(
            name: "FleetformFuzz",
            dependencies: [
                "FleetformModel", "FleetformEngine", "FleetformAWS", "FleetformForecast", "AWSSigV4", "FleetformTestSupport",
            ],
            path: "Tests/Fuzz/FleetformFuzz"),
        .executableTarget(name: "fleetform-fuzz", dependencies: ["FleetformFuzz"], path: "Tests/Fuzz/fleetform-fuzz"),
        .testTarget(name: "FleetformFuzzTests", dependencies: ["FleetformFuzz"]),
        // Test harness shared by the integration tests (moto on a free loopback port) and a seeded generator.
        .target(
            name: "FleetformTestSupport", dependencies: ["FleetformAWS", "AWSSigV4"], path: "Tests/FleetformTestSupport"),
    ]
)

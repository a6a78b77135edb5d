import FleetformEngine
import FleetformModel
import Testing

/// A small training platform: a VPC, a subnet in it, a launch template and a pool using both.
private enum Platform {
    static func declared(desired: Int = 2, cidr: String = "10.40.0.0/16") -> [ManifestResource] {
        [
            Fixtures.declared("aws_vpc.core", ["cidr_block": .string(cidr), "tags": ["Name": "core"]], line: 10),
            Fixtures.declared(
                "aws_subnet.a",
                ["vpc_id": Fixtures.ref("aws_vpc.core.id"), "cidr_block": "10.40.0.0/20"], line: 11),
            Fixtures.declared(
                "aws_launch_template.gpu", ["image_id": "ami-123", "instance_type": "p5.48xlarge"], line: 12),
            Fixtures.declared(
                "aws_autoscaling_group.trainers",
                [
                    "name": "trainers", "desired_capacity": .number(Double(desired)), "max_size": 32,
                    "vpc_zone_identifier": [Fixtures.ref("aws_subnet.a.id")],
                    "launch_template": ["id": Fixtures.ref("aws_launch_template.gpu.id"), "version": "$Latest"],
                ], line: 13),
        ]
    }

    /// The state after applying `declared()`, with server-side extras the manifest never set.
    static func recorded() -> [ResourceState] {
        [
            Fixtures.recorded(
                "aws_vpc.core", id: "vpc-1",
                [
                    "cidr_block": "10.40.0.0/16", "tags": ["Name": "core"], "arn": "arn:aws:ec2:vpc/vpc-1",
                    "enable_dns_support": true,
                ]),
            Fixtures.recorded(
                "aws_subnet.a", id: "subnet-1",
                ["vpc_id": "vpc-1", "cidr_block": "10.40.0.0/20", "map_public_ip_on_launch": false],
                dependencies: ["aws_vpc.core"]),
            Fixtures.recorded(
                "aws_launch_template.gpu", id: "lt-1",
                ["image_id": "ami-123", "instance_type": "p5.48xlarge", "latest_version": 1]),
            Fixtures.recorded(
                "aws_autoscaling_group.trainers", id: "trainers",
                [
                    "name": "trainers", "desired_capacity": "2", "max_size": 32.0, "min_size": 0,
                    "vpc_zone_identifier": ["subnet-1"], "launch_template": ["id": "lt-1", "version": "$Latest"],
                    "arn": "arn:aws:autoscaling:trainers",
                ], dependencies: ["aws_subnet.a", "aws_launch_template.gpu"]),
        ]
    }
}

struct PlannerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var declared: [ManifestResource]
        var recorded: [ResourceState]
        var options = PlanOptions()
        /// Expected changes in plan order: `action address`.
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "empty state: everything is created, dependencies first",
            declared: Platform.declared(), recorded: [],
            expected: [
                "create aws_launch_template.gpu", "create aws_vpc.core", "create aws_subnet.a",
                "create aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "state matches the manifest (server-side extras ignored): all no-op",
            declared: Platform.declared(), recorded: Platform.recorded(),
            expected: [
                "no-op aws_launch_template.gpu", "no-op aws_vpc.core", "no-op aws_subnet.a",
                "no-op aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "edited pool size: exactly one update",
            declared: Platform.declared(desired: 4), recorded: Platform.recorded(),
            expected: [
                "no-op aws_launch_template.gpu", "no-op aws_vpc.core", "no-op aws_subnet.a",
                "update aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "force-new change replaces and cascades through a force-new reference",
            declared: Platform.declared(cidr: "10.50.0.0/16"), recorded: Platform.recorded(),
            expected: [
                "no-op aws_launch_template.gpu", "delete-create aws_vpc.core", "delete-create aws_subnet.a",
                "update aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "removed resources are deleted, dependents first",
            declared: [], recorded: Platform.recorded(),
            expected: [
                "delete aws_autoscaling_group.trainers", "delete aws_launch_template.gpu", "delete aws_subnet.a",
                "delete aws_vpc.core",
            ]),
        Case(
            name: "destroy deletes everything in reverse dependency order",
            declared: Platform.declared(), recorded: Platform.recorded(), options: PlanOptions(destroy: true),
            expected: [
                "delete aws_autoscaling_group.trainers", "delete aws_launch_template.gpu", "delete aws_subnet.a",
                "delete aws_vpc.core",
            ]),
        Case(
            name: "--replace replaces an unchanged resource",
            declared: Platform.declared(), recorded: Platform.recorded(),
            options: PlanOptions(replace: [Fixtures.address("aws_launch_template.gpu")]),
            expected: [
                "delete-create aws_launch_template.gpu", "no-op aws_vpc.core", "no-op aws_subnet.a",
                "update aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "--target plans the target and its dependencies only",
            declared: Platform.declared(desired: 5), recorded: [],
            options: PlanOptions(targets: [Fixtures.address("aws_subnet.a")]),
            expected: ["create aws_vpc.core", "create aws_subnet.a"]),
        Case(
            name: "--target with destroy takes what depends on the target",
            declared: Platform.declared(), recorded: Platform.recorded(),
            options: PlanOptions(targets: [Fixtures.address("aws_subnet.a")], destroy: true),
            expected: ["delete aws_autoscaling_group.trainers", "delete aws_subnet.a"]),
        Case(
            name: "refresh-only changes nothing",
            declared: Platform.declared(desired: 9), recorded: Platform.recorded(),
            options: PlanOptions(refreshOnly: true),
            expected: [
                "no-op aws_launch_template.gpu", "no-op aws_vpc.core", "no-op aws_subnet.a",
                "no-op aws_autoscaling_group.trainers",
            ]),
        Case(
            name: "ignored attribute changes cause no diff",
            declared: Platform.declared(desired: 7).map {
                var r = $0
                if r.type == "aws_autoscaling_group" { r.lifecycle.ignoreChanges = ["desired_capacity"] }
                return r
            }, recorded: Platform.recorded(),
            expected: [
                "no-op aws_launch_template.gpu", "no-op aws_vpc.core", "no-op aws_subnet.a",
                "no-op aws_autoscaling_group.trainers",
            ]),
    ]

    @Test(arguments: cases)
    func plansTheExpectedActionsInOrder(_ c: Case) throws {
        let plan = try Planner().plan(
            manifest: Fixtures.manifest(c.declared), state: Fixtures.state(c.recorded), schemas: Fixtures.schemas,
            options: c.options)
        #expect(plan.changes.map { "\($0.action.rawValue) \($0.address)" } == c.expected)
    }

    private func plan(
        _ declared: [ManifestResource], _ recorded: [ResourceState], _ options: PlanOptions = PlanOptions(),
        production: Bool = false
    ) throws -> Plan {
        var manifest = Fixtures.manifest(declared)
        manifest.isProduction = production
        return try Planner().plan(
            manifest: manifest, state: Fixtures.state(recorded), schemas: Fixtures.schemas, options: options)
    }

    private func change(_ plan: Plan, _ address: String) throws -> PlannedChange {
        try #require(plan.changes.first { $0.address == Fixtures.address(address) })
    }

    @Test func createsHaveComputedAttributesUnknownAndReferencesUnknown() throws {
        let plan = try plan(Platform.declared(), [])
        #expect(plan.summary == (add: 4, change: 0, destroy: 0))
        let vpc = try change(plan, "aws_vpc.core")
        #expect(vpc.after == ["cidr_block": "10.40.0.0/16", "tags": ["Name": "core"], "id": .unknown, "arn": .unknown])
        #expect(vpc.before == nil && vpc.priorID == nil)
        #expect(vpc.changedAttributes == ["cidr_block", "tags"])
        let subnet = try change(plan, "aws_subnet.a")
        #expect(subnet.after?["vpc_id"] == .unknown)
        #expect(subnet.dependencies == [Fixtures.address("aws_vpc.core")])
        #expect(subnet.desired?.attributes["vpc_id"] == Fixtures.ref("aws_vpc.core.id"))
    }

    @Test func matchingStateHasNoChanges() throws {
        let plan = try plan(Platform.declared(), Platform.recorded())
        #expect(plan.hasChanges == false)
        #expect(plan.priorSerial == 3 && plan.priorLineage == "6f1c2d9e-lineage")
        let pool = try change(plan, "aws_autoscaling_group.trainers")
        #expect(pool.after?["vpc_zone_identifier"] == ["subnet-1"])
        #expect(pool.after?["arn"] == "arn:aws:autoscaling:trainers")
    }

    @Test func editedPoolSizeIsOneInPlaceUpdate() throws {
        let plan = try plan(Platform.declared(desired: 4), Platform.recorded())
        #expect(plan.summary == (add: 0, change: 1, destroy: 0))
        let pool = try change(plan, "aws_autoscaling_group.trainers")
        #expect(pool.changedAttributes == ["desired_capacity"])
        #expect(pool.before?["desired_capacity"] == "2")
        #expect(pool.after?["desired_capacity"] == 4)
        #expect(pool.after?["min_size"] == 0)
        #expect(pool.priorID == "trainers")
        #expect(pool.replacePaths.isEmpty && pool.reason == nil)
    }

    @Test func forceNewChangeReplacesWithReasonAndCascades() throws {
        let plan = try plan(Platform.declared(cidr: "10.50.0.0/16"), Platform.recorded())
        let vpc = try change(plan, "aws_vpc.core")
        #expect(vpc.action == .deleteThenCreate)
        #expect(vpc.replacePaths == ["cidr_block"])
        #expect(vpc.reason == "cidr_block forces replacement")
        #expect(vpc.after?["id"] == .unknown && vpc.after?["arn"] == .unknown)
        #expect(vpc.after?["enable_dns_support"] == true)
        let subnet = try change(plan, "aws_subnet.a")
        #expect(subnet.action == .deleteThenCreate)
        #expect(subnet.replacePaths == ["vpc_id"])
        #expect(subnet.reason == "vpc_id forces replacement")
        let pool = try change(plan, "aws_autoscaling_group.trainers")
        #expect(pool.action == .update)
        #expect(pool.changedAttributes == ["vpc_zone_identifier"])
        #expect(pool.after?["vpc_zone_identifier"] == [.unknown])
        #expect(plan.summary == (add: 2, change: 1, destroy: 2))
    }

    @Test func replacementStepsDeleteDependentsFirstAndCreateDependenciesFirst() throws {
        let state = Fixtures.state(Platform.recorded())
        let plan = try Planner().plan(
            manifest: Fixtures.manifest(Platform.declared(cidr: "10.50.0.0/16")), state: state,
            schemas: Fixtures.schemas)
        let schedule = try PlanSchedule(changes: plan.changes, prior: state)
        let steps = schedule.order.filter { $0.operation != .none }.map(\.description)
        #expect(
            steps == [
                "aws_subnet.a (destroy)", "aws_vpc.core (destroy)", "aws_vpc.core (create)", "aws_subnet.a (create)",
                "aws_autoscaling_group.trainers (update)",
            ])
    }

    @Test func createBeforeDestroyCreatesFirstAndDestroysAfterDependentsMove() throws {
        let declared = Platform.declared().map { resource -> ManifestResource in
            var r = resource
            if r.type == "aws_launch_template" { r.lifecycle.createBeforeDestroy = true }
            return r
        }
        let state = Fixtures.state(Platform.recorded())
        let plan = try Planner().plan(
            manifest: Fixtures.manifest(declared), state: state, schemas: Fixtures.schemas,
            options: PlanOptions(replace: [Fixtures.address("aws_launch_template.gpu")]))
        let template = try change(plan, "aws_launch_template.gpu")
        #expect(template.action == .createThenDelete)
        #expect(template.reason == "requested with --replace")
        let schedule = try PlanSchedule(changes: plan.changes, prior: state)
        let steps = schedule.order.filter { $0.operation != .none }.map(\.description)
        #expect(
            steps == [
                "aws_launch_template.gpu (create)", "aws_autoscaling_group.trainers (update)",
                "aws_launch_template.gpu (destroy)",
            ])
        #expect(
            schedule.graph.descendants(of: [PlanStep(Fixtures.address("aws_launch_template.gpu"), .create)])
                .contains(PlanStep(Fixtures.address("aws_launch_template.gpu"), .destroy)))
    }

    @Test func serverSideAttributesAndRepresentationsCauseNoDiff() throws {
        let declared = [
            Fixtures.declared(
                "aws_s3_bucket.data",
                ["bucket": "data", "tags": ["team": "ml", "cost": 3], "versions": [1, 2.5], "force_destroy": nil])
        ]
        let recorded = [
            Fixtures.recorded(
                "aws_s3_bucket.data", id: "data",
                [
                    "bucket": "data", "tags": ["cost": "3", "team": "ml"], "versions": [1.0, "2.5"],
                    "region": "us-east-1", "acl": "private", "force_destroy": false,
                ])
        ]
        let plan = try plan(declared, recorded)
        #expect(plan.hasChanges == false)
    }

    @Test func mapsAndListsCompareWhole() throws {
        let declared = [Fixtures.declared("aws_s3_bucket.data", ["tags": ["team": "ml"], "zones": ["a", "b"]])]
        let extraTag = [
            Fixtures.recorded("aws_s3_bucket.data", id: "d", ["tags": ["team": "ml", "x": "y"], "zones": ["a", "b"]])
        ]
        #expect(try change(plan(declared, extraTag), "aws_s3_bucket.data").changedAttributes == ["tags"])
        let reordered = [
            Fixtures.recorded("aws_s3_bucket.data", id: "d", ["tags": ["team": "ml"], "zones": ["b", "a"]])
        ]
        #expect(try change(plan(declared, reordered), "aws_s3_bucket.data").changedAttributes == ["zones"])
    }

    @Test func ignoreChangesSkipsOnlyTheNamedAttribute() throws {
        var declared = Platform.declared(desired: 7)
        declared[3].lifecycle.ignoreChanges = ["desired_capacity"]
        declared[3].attributes["max_size"] = 40
        let pool = try change(plan(declared, Platform.recorded()), "aws_autoscaling_group.trainers")
        #expect(pool.action == .update)
        #expect(pool.changedAttributes == ["max_size"])
        #expect(pool.after?["desired_capacity"] == "2")
    }

    @Test func preventDestroyRefusesReplacementNamingTheResource() throws {
        var declared = Platform.declared(cidr: "10.60.0.0/16")
        declared[0].lifecycle.preventDestroy = true
        let error = try #require(throws: DiagnosticsError.self) { try plan(declared, Platform.recorded()) }
        #expect(error.diagnostics.count == 1)
        #expect(
            error.diagnostics[0].render()
                == "plans/test.swift:10: error: aws_vpc.core has preventDestroy set, but this plan would replace it "
                + "(cidr_block forces replacement) — undo the change that forces the replacement, or remove "
                + "preventDestroy from its declaration")
    }

    @Test func preventDestroyRefusesDestroyRecordedInState() throws {
        var recorded = Platform.recorded()
        recorded[0].lifecycle.preventDestroy = true
        let error = try #require(throws: DiagnosticsError.self) { try plan([], recorded, PlanOptions(destroy: true)) }
        #expect(error.diagnostics.map(\.address) == [Fixtures.address("aws_vpc.core")])
        #expect(error.diagnostics[0].message.contains("would destroy it"))
    }

    @Test func aDeletionGuardOnInStateRefusesDestroyAndReplacementInProductionButNotWhenOff() throws {
        let serving = { (protected: Bool) in
            Fixtures.recorded(
                "aws_lb.serving", id: "arn:lb/1", ["name": "serving", "enable_deletion_protection": .bool(protected)])
        }
        let error = try #require(throws: DiagnosticsError.self) {
            try plan([], [serving(true)], PlanOptions(destroy: true), production: true)
        }
        #expect(error.diagnostics.map(\.address) == [Fixtures.address("aws_lb.serving")])
        #expect(
            error.diagnostics.map(\.message) == [
                "aws_lb.serving has enable_deletion_protection on, so the cloud refuses to delete it, but this "
                    + "plan would destroy it"
            ])
        #expect(
            error.diagnostics.first?.hint
                == "if it really must go, first declare it with enable_deletion_protection off (an "
                + "InferenceEndpoint's .deletionProtection(false)) and apply that, then run this again")
        // A replacement is refused the same way, at the declaration; so is dropping it from the stack.
        let renamed = Fixtures.declared("aws_lb.serving", ["name": "serving-2", "enable_deletion_protection": true])
        let replaced = try #require(throws: DiagnosticsError.self) {
            try plan([renamed], [serving(true)], production: true)
        }
        #expect(
            replaced.diagnostics.map(\.message).first?.contains("would replace it (name forces replacement)") == true)
        #expect(replaced.diagnostics.first?.location != nil)
        #expect(throws: DiagnosticsError.self) { try plan([], [serving(true)], production: true) }
        // Turned off first (the state records it off): the destroy plans.
        let destroy = try plan([], [serving(false)], PlanOptions(destroy: true), production: true)
        #expect(destroy.changes.map(\.action) == [.delete])
        // Outside production the delete lifts the protection itself: a dev environment goes in one step.
        let dev = try plan([], [serving(true)], PlanOptions(destroy: true))
        #expect(dev.changes.map(\.action) == [.delete])
    }

    @Test func cycleIsADiagnosticListingTheCycleWithLocations() throws {
        let declared = [
            Fixtures.declared("aws_security_group.a", ["peer": Fixtures.ref("aws_security_group.b.id")], line: 4),
            Fixtures.declared("aws_security_group.b", dependsOn: ["aws_security_group.c"], line: 5),
            Fixtures.declared("aws_security_group.c", ["peer": Fixtures.ref("aws_security_group.a.arn")], line: 6),
            Fixtures.declared("aws_vpc.core", line: 7),
        ]
        let error = try #require(throws: DiagnosticsError.self) { try plan(declared, []) }
        #expect(
            error.diagnostics.map { $0.render() } == [
                "plans/test.swift:4: error: dependency cycle: aws_security_group.a (plans/test.swift:4) → "
                    + "aws_security_group.b (plans/test.swift:5) → aws_security_group.c (plans/test.swift:6) → "
                    + "aws_security_group.a (plans/test.swift:4) — remove one of these references or dependsOn "
                    + "entries so the resources can be ordered"
            ])
    }

    @Test func danglingReferencesAreAllReported() throws {
        let declared = [
            Fixtures.declared("aws_vpc.core", line: 3),
            Fixtures.declared("aws_subnet.a", ["vpc_id": Fixtures.ref("aws_vpc.x.id")], line: 8),
            Fixtures.declared("aws_subnet.b", dependsOn: ["aws_internet_gateway.gw"], line: 9),
        ]
        let error = try #require(throws: DiagnosticsError.self) { try plan(declared, []) }
        #expect(
            error.diagnostics.map { $0.render() } == [
                "plans/test.swift:8: error: aws_subnet.a refers to aws_vpc.x, which the stack does not declare — "
                    + "declare aws_vpc.x in the stack, or remove the reference (did you mean aws_vpc.core?)",
                "plans/test.swift:9: error: aws_subnet.b depends on aws_internet_gateway.gw, which the stack does "
                    + "not declare — declare aws_internet_gateway.gw in the stack, or remove the reference",
            ])
    }

    @Test func referencesResolveAgainstPriorStateWhenNotRebuilt() throws {
        let plan = try plan(Platform.declared(desired: 3), Platform.recorded())
        let subnet = try change(plan, "aws_subnet.a")
        #expect(subnet.after?["vpc_id"] == "vpc-1")
        let pool = try change(plan, "aws_autoscaling_group.trainers")
        #expect(pool.after?["launch_template"] == ["id": "lt-1", "version": "$Latest"])
    }

    @Test func targetWithUnknownAddressWarns() throws {
        let plan = try plan(
            Platform.declared(), Platform.recorded(), PlanOptions(targets: [Fixtures.address("aws_vpc.nope")]))
        #expect(plan.changes.isEmpty)
        #expect(plan.warnings.contains { $0.message.contains("--target aws_vpc.nope matches no resource") })
    }

    @Test func keyedInstancesAreCoveredByTheirBaseAddress() throws {
        let declared = [
            Fixtures.declared("aws_subnet.az[\"use1-az1\"]", ["cidr_block": "10.0.0.0/24"]),
            Fixtures.declared("aws_subnet.az[\"use1-az2\"]", ["cidr_block": "10.0.1.0/24"]),
            Fixtures.declared("aws_vpc.core"),
        ]
        let plan = try plan(declared, [], PlanOptions(targets: [Fixtures.address("aws_subnet.az")]))
        #expect(
            plan.changes.map(\.address.description) == ["aws_subnet.az[\"use1-az1\"]", "aws_subnet.az[\"use1-az2\"]"])
    }

    @Test func sensitiveAttributesComeFromDeclarationAndSchema() throws {
        let declared = [
            Fixtures.declared(
                "aws_iam_role.replicator", ["name": "r", "secret": "s", "token": "t"], sensitive: ["token"])
        ]
        let role = try change(plan(declared, []), "aws_iam_role.replicator")
        #expect(role.sensitive == ["secret", "token"])
    }

    @Test func unknownTypeUsesFallbackSchema() throws {
        let declared = [Fixtures.declared("aws_widget.w", ["size": 2])]
        let recorded = [Fixtures.recorded("aws_widget.w", id: "w-1", ["size": 1])]
        let widget = try change(plan(declared, recorded), "aws_widget.w")
        #expect(widget.action == .update)
    }

    @Test func driftListsAttributesChangedOutside() {
        let recorded = Fixtures.state(Platform.recorded())
        var refreshed = recorded
        refreshed.resources[Fixtures.address("aws_autoscaling_group.trainers")]!.attributes["desired_capacity"] = 3
        refreshed.resources[Fixtures.address("aws_autoscaling_group.trainers")]!.attributes["max_size"] = 32
        refreshed.resources[Fixtures.address("aws_launch_template.gpu")] = nil
        let drift = Planner.drift(recorded: recorded, refreshed: refreshed)
        #expect(
            drift.map { "\($0.address).\($0.attribute)" } == [
                "aws_autoscaling_group.trainers.desired_capacity", "aws_launch_template.gpu.image_id",
                "aws_launch_template.gpu.instance_type", "aws_launch_template.gpu.latest_version",
            ])
        #expect(drift[0].recorded == "2" && drift[0].actual == 3)
    }

    /// Without deletes or replacements the planner keeps the order it planned in instead of
    /// building the schedule; that order must be the one the schedule gives. Names run against
    /// the dependencies (`aws_a_*` depend on `aws_z_*`), with creates, updates and no-ops mixed.
    @Test func planOrderWithoutDestroysIsTheScheduleOrder() throws {
        var declared: [ManifestResource] = []
        var recorded: [ResourceState] = []
        for unit in 0..<12 {
            declared.append(Fixtures.declared("aws_z_root.u\(unit)", ["size": .number(Double(unit))]))
            declared.append(
                Fixtures.declared(
                    "aws_m_mid.u\(unit)", ["root": Fixtures.ref("aws_z_root.u\(unit).id"), "size": 1]))
            declared.append(
                Fixtures.declared(
                    "aws_a_leaf.u\(unit)",
                    [
                        "mid": Fixtures.ref("aws_m_mid.u\(unit).id"),
                        "other": Fixtures.ref("aws_z_root.u\((unit + 5) % 12).id"),
                    ],
                    dependsOn: unit % 3 == 0 ? ["aws_m_mid.u\((unit + 1) % 12)"] : []))
            // Every other unit exists already; some of those have an edited size.
            if unit % 2 == 0 {
                recorded.append(
                    Fixtures.recorded(
                        "aws_z_root.u\(unit)", id: "r\(unit)", ["size": .number(Double(unit % 4 == 0 ? unit : 99))]))
                recorded.append(
                    Fixtures.recorded("aws_m_mid.u\(unit)", id: "m\(unit)", ["root": .string("r\(unit)"), "size": 1]))
            }
        }
        let state = Fixtures.state(recorded)
        let plan = try Planner().plan(
            manifest: Fixtures.manifest(declared.reversed()), state: state, schemas: Fixtures.schemas)
        #expect(Set(plan.changes.map(\.action)) == [.create, .update, .noOp])
        let scheduled = try PlanSchedule(changes: plan.changes.reversed(), prior: state).orderedChanges
        #expect(plan.changes.map(\.address) == scheduled.map(\.address))
        #expect(plan.changes.first?.address.type == "aws_z_root")
    }
}

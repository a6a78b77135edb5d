import FleetformModel
import Foundation
import Testing

@testable import FleetformCost

@Suite struct CostEstimatorTests {
    let estimator = Fixtures.estimator

    /// Must show: 4 × p5.48xlarge in us-east-1, 2 on-demand and 2 spot, costs
    /// 730 × (2 × on-demand + 2 × the spot prices chosen), checked against the bundled rows.
    @Test func p5PoolCostsTwoOnDemandPlusTheTwoCheapestSpotPools() throws {
        let manifest = Manifest(
            stack: "s", environment: "e", region: "us-east-1",
            resources: [Fixtures.launchTemplate(volumeGB: 0), Fixtures.autoScalingGroup(desired: 4, onDemandBase: 2)])
        let report = estimator.estimate(manifest)
        let pool = try #require(report.resource(Fixtures.address("module.training.aws_autoscaling_group.trainers")))

        let row = try #require(Fixtures.rawInstance("p5.48xlarge", "us-east-1"))
        let onDemand = try #require(row["on_demand"] as? Double)
        let spotByZone = try #require(row["spot"] as? [String: Double])
        let cheapest = spotByZone.sorted { $0.value < $1.value }.prefix(2)

        let economics = try #require(pool.pool)
        #expect(economics.onDemandInstances == 2 && economics.spotInstances == 2)
        #expect(Set(economics.spotPools.map(\.zone)) == Set(cheapest.map(\.key)))
        let chosenSpot = economics.spotPools.reduce(0.0) { $0 + $1.hourly * Double($1.instances) }
        #expect(chosenSpot == cheapest.reduce(0.0) { $0 + $1.value })

        let expected = 730 * (2 * onDemand + cheapest.reduce(0.0) { $0 + $1.value })
        #expect(abs(pool.monthly - expected) < 0.005, "monthly \(pool.monthly) != \(expected)")
        #expect(Money.plain(pool.monthly) == Money.plain(expected))
        #expect(pool.status == .priced)
        #expect(pool.monthlyByPurchaseOption[.onDemand]! == 730 * 2 * onDemand)
    }

    @Test func spotIsPlacedOnlyInTheGroupsZones() throws {
        let report = estimator.estimate(Fixtures.trainingManifest())
        let pool = try #require(
            report.resource(Fixtures.address("module.training.aws_autoscaling_group.trainers"))?.pool)
        let row = try #require(Fixtures.rawInstance("p5.48xlarge", "us-east-1")?["spot"] as? [String: Double])
        let inZones = row.filter { ["use1-az1", "use1-az2", "use1-az4"].contains($0.key) }.sorted {
            $0.value < $1.value
        }
        #expect(pool.spotPools.map(\.zone) == inZones.prefix(2).map(\.key))
    }

    @Test func gpuEconomicsComparesAllOnDemandAndAllSpot() throws {
        let report = estimator.estimate(Fixtures.trainingManifest())
        let cost = try #require(report.resource(Fixtures.address("module.training.aws_autoscaling_group.trainers")))
        let pool = try #require(cost.pool)
        #expect(pool.gpuHoursPerMonth == 4 * 8 * 730)
        #expect(abs(pool.usdPerGPUHour! - cost.monthly / (4 * 8 * 730)) < 1e-9)
        let onDemand = try #require(Fixtures.catalog.onDemandPrice(type: "p5.48xlarge", region: "us-east-1")).usd
        let ebs = 4 * 500 * Fixtures.catalog.price(.ebsGP3Storage, region: "us-east-1")!.usd
        #expect(abs(pool.allOnDemandMonthly! - (4 * 730 * onDemand + ebs)) < 1e-6)
        #expect(pool.allSpotMonthly! < cost.monthly && cost.monthly < pool.allOnDemandMonthly!)
    }

    @Test func doublingAPoolChangesTheCostByExactlyThatPool() throws {
        let before = estimator.estimate(Fixtures.trainingManifest(desired: 4))
        let after = estimator.estimate(Fixtures.trainingManifest(desired: 8))
        let address = Fixtures.address("module.training.aws_autoscaling_group.trainers")
        let delta = after.monthlyTotal - before.monthlyTotal
        let poolDelta = after.resource(address)!.monthly - before.resource(address)!.monthly
        #expect(abs(delta - poolDelta) < 1e-6)
        // 8 = 2 on-demand base + 6 spot over the best bucket's pools in three zones (two each).
        #expect(after.resource(address)!.pool!.spotInstances == 6)
        #expect(delta > 0)
    }

    @Test func planDiffPricesBeforeAndAfterAndTheCostLine() throws {
        let manifest = Fixtures.trainingManifest(desired: 4)
        let doubled = Fixtures.trainingManifest(desired: 8)
        let plan = PlanFixture.plan(from: manifest, to: doubled)
        let diff = estimator.estimate(plan)
        let beforeTotal = estimator.estimate(manifest).monthlyTotal
        let afterTotal = estimator.estimate(doubled).monthlyTotal
        #expect(abs(diff.monthlyBefore - beforeTotal) < 1e-6)
        #expect(abs(diff.monthlyAfter - afterTotal) < 1e-6)
        let changed = diff.changesWithCostDelta
        #expect(changed.map(\.address) == [Fixtures.address("module.training.aws_autoscaling_group.trainers")])
        let object = try #require(diff.costObject(for: changed[0].address))
        #expect(object.monthlyDelta == CostDiff.cents(object.monthlyAfter - object.monthlyBefore))
        let line = diff.costLine
        #expect(
            line.hasPrefix(
                "Monthly cost: " + Money.usd(beforeTotal, decimals: 0) + " → " + Money.usd(afterTotal, decimals: 0)))
        #expect(line.hasSuffix("%)"))
    }

    /// Alarms cost per metric they read (a metric-math alarm per metric, not per expression),
    /// dashboards per month; the topic and the interruption rule are free.
    @Test func monitoringIsPriced() throws {
        let metric: AttributeValue = ["namespace": "AWS/AutoScaling", "metric_name": "GroupDesiredCapacity"]
        let manifest = Manifest(
            stack: "s", environment: "e", region: "us-east-1",
            resources: [
                Fixtures.resource("aws_cloudwatch_metric_alarm.idle", ["metric_name": "DCGM_FI_DEV_GPU_UTIL"]),
                Fixtures.resource(
                    "aws_cloudwatch_metric_alarm.capacity",
                    [
                        "metric_query": [
                            ["id": "a", "metric": metric], ["id": "b", "metric": metric],
                            ["id": "e", "expression": "a - b"],
                        ]
                    ]),
                Fixtures.resource("aws_cloudwatch_dashboard.fleetform", ["dashboard_name": "d"]),
                Fixtures.resource("aws_sns_topic.alerts", ["name": "alerts"]),
                Fixtures.resource("aws_cloudwatch_event_rule.interruptions", ["name": "r"]),
                Fixtures.resource("aws_kms_key.alerts", ["enable_key_rotation": true]),
                Fixtures.resource("aws_kms_key_policy.alerts", ["policy": "{}"]),
                Fixtures.resource("aws_kms_alias.alerts", ["name": "alias/alerts"]),
            ])
        let report = estimator.estimate(manifest)
        let idle = try #require(report.resource(Fixtures.address("aws_cloudwatch_metric_alarm.idle")))
        let capacity = try #require(report.resource(Fixtures.address("aws_cloudwatch_metric_alarm.capacity")))
        let dashboard = try #require(report.resource(Fixtures.address("aws_cloudwatch_dashboard.fleetform")))
        #expect(idle.status == .priced && abs(idle.monthly - 0.10) < 1e-9, "\(idle.monthly)")
        #expect(capacity.status == .priced && abs(capacity.monthly - 0.20) < 1e-9, "\(capacity.monthly)")
        #expect(dashboard.status == .priced && abs(dashboard.monthly - 3.00) < 1e-9, "\(dashboard.monthly)")
        #expect(report.resource(Fixtures.address("aws_sns_topic.alerts"))!.status.name == "free")
        #expect(report.resource(Fixtures.address("aws_cloudwatch_event_rule.interruptions"))!.status.name == "free")
        let key = try #require(report.resource(Fixtures.address("aws_kms_key.alerts")))
        #expect(key.status == .priced && abs(key.monthly - 1.00) < 1e-9, "\(key.monthly)")
        #expect(key.assumptions.contains { $0.contains("rotation") })
        #expect(report.resource(Fixtures.address("aws_kms_key_policy.alerts"))!.status.name == "free")
        #expect(report.resource(Fixtures.address("aws_kms_alias.alerts"))!.status.name == "free")
    }

    @Test func flowLogsArePricedPerGigabyteDeliveredAndTheSecureDefaultsAreFree() throws {
        let manifest = Manifest(
            stack: "s", environment: "e", region: "us-east-1",
            resources: [
                Fixtures.resource(
                    "aws_flow_log.hinted", ["traffic_type": "ALL"], usage: ["delivered_gb_per_month": 40]),
                Fixtures.resource("aws_flow_log.unhinted", ["traffic_type": "ALL"]),
                Fixtures.resource("aws_default_security_group.core", ["vpc_id": "vpc-1"]),
                Fixtures.resource("aws_s3_bucket_logging.data", ["target_bucket": "logs"]),
                Fixtures.resource("aws_s3_bucket_ownership_controls.data", ["bucket": "data"]),
            ])
        let report = estimator.estimate(manifest)
        let hinted = try #require(report.resource(Fixtures.address("aws_flow_log.hinted")))
        // 40 GB delivered to S3 at the first vended-logs tier, $0.25 a GB.
        #expect(hinted.status == .priced && abs(hinted.monthly - 10.0) < 1e-9, "\(hinted.monthly)")
        let unhinted = try #require(report.resource(Fixtures.address("aws_flow_log.unhinted")))
        #expect(unhinted.status.name == "needs-usage", "\(unhinted.status)")
        for free in [
            "aws_default_security_group.core", "aws_s3_bucket_logging.data", "aws_s3_bucket_ownership_controls.data",
        ] {
            #expect(report.resource(Fixtures.address(free))?.status.name == "free", "\(free)")
        }
    }

    @Test func missingPricesAreReportedNeverZero() throws {
        // p5e.48xlarge is offered in us-east-2 but has no on-demand price anywhere in the snapshot.
        var h200Group = Fixtures.autoScalingGroup("h200", types: ["p5e.48xlarge"], desired: 2, onDemandBase: 2)
        h200Group.provider = ProviderConfig(region: "us-east-2")
        let manifest = Manifest(
            stack: "s", environment: "e", region: "us-east-1",
            resources: [
                Fixtures.launchTemplate(volumeGB: 0),
                h200Group,
                Fixtures.resource("aws_kinesis_stream.events", ["name": "events"]),
                Fixtures.resource("aws_s3_bucket.empty", ["bucket": "empty"]),
                Fixtures.resource("aws_s3_bucket.far", region: "sa-east-1", ["bucket": "far"], usage: ["stored_tb": 1]),
            ])
        let report = estimator.estimate(manifest)
        let h200 = try #require(report.resource(Fixtures.address("module.training.aws_autoscaling_group.h200")))
        guard case .unpriced(let reasons) = h200.status else { Issue.record("p5e pool priced: \(h200.status)"); return }
        #expect(reasons.joined().contains("no on-demand price for p5e.48xlarge"))
        let stream = try #require(report.resource(Fixtures.address("aws_kinesis_stream.events")))
        #expect(stream.status == .unpriced(["Fleetform has no price model for aws_kinesis_stream"]))
        #expect(report.resource(Fixtures.address("aws_s3_bucket.empty"))!.status.name == "needs-usage")
        #expect(report.resource(Fixtures.address("aws_s3_bucket.far"))!.status.name == "unpriced")
        #expect(report.resourcesMissingPrices.count == 3)
        #expect(report.resource(Fixtures.address("aws_launch_template.trainers"))!.status.name == "free")
    }

    @Test func freeResourcesArePricedAtZeroExplicitly() {
        let report = estimator.estimate(Fixtures.trainingManifest())
        for type in ["aws_vpc", "aws_subnet", "aws_security_group", "aws_iam_role", "aws_s3_bucket_versioning"] {
            let r = report.resources.first { $0.type == type }
            #expect(r?.status.name == "free", "\(type)")
            #expect(r?.monthly == 0)
        }
    }

    @Test func lifecycleSplitsStorageByAgeAndSaysSo() throws {
        let report = estimator.estimate(Fixtures.trainingManifest())
        let bucket = try #require(report.resource(Fixtures.address("aws_s3_bucket.checkpoints")))
        let standard = Fixtures.catalog.price(.s3Storage(.standard), region: "us-east-1")!.usd
        let glacierIR = Fixtures.catalog.price(.s3Storage(.glacierIR), region: "us-east-1")!.usd
        let expected = 40 * 1024 * (30.0 / 365 * standard + 335.0 / 365 * glacierIR)
        #expect(abs(bucket.monthly - expected) < 1e-6)
        #expect(bucket.assumptions.contains { $0.contains("8.2% STANDARD") && $0.contains("91.8% GLACIER_IR") })
    }

    @Test func replicationPricesTransferAndTheReplicaOnce() throws {
        let report = estimator.estimate(Fixtures.trainingManifest())
        let replication = try #require(
            report.resource(Fixtures.address("aws_s3_bucket_replication_configuration.checkpoints")))
        let transfer = Fixtures.catalog.price(.s3InterRegionTransfer, region: "us-east-1")!.usd
        let replicaStandard = Fixtures.catalog.price(.s3Storage(.standard), region: "us-west-2")!.usd
        #expect(abs(replication.monthly - (10 * 1024 * transfer + 40 * 1024 * replicaStandard)) < 1e-6)
        #expect(
            report.resource(Fixtures.address("aws_s3_bucket.checkpoints_replica"))!.status.name == "priced-elsewhere")
    }

    @Test func fleetUsesWeightsAndDefaultCapacityType() throws {
        let fleet = Fixtures.resource(
            "aws_ec2_fleet.burst",
            [
                "target_capacity_specification": [
                    "total_target_capacity": 16, "on_demand_target_capacity": 8, "spot_target_capacity": 0,
                    "default_target_capacity_type": "spot",
                ],
                "launch_template_config": [
                    "launch_template_specification": ["launch_template_id": "lt-1"],
                    "override": [
                        ["instance_type": "g5.xlarge", "weighted_capacity": 1],
                        ["instance_type": "g5.12xlarge", "weighted_capacity": 4],
                    ],
                ],
                "spot_options": ["allocation_strategy": "lowest-price"],
            ])
        let report = estimator.estimate(Manifest(stack: "s", environment: "e", region: "us-east-1", resources: [fleet]))
        let cost = try #require(report.resources.first)
        #expect(cost.status == .priced)
        let offerSmall = Fixtures.catalog.offer(type: "g5.xlarge", region: "us-east-1")!
        let offerLarge = Fixtures.catalog.offer(type: "g5.12xlarge", region: "us-east-1")!
        // On-demand (fleet default lowest-price): the cheaper per unit of the two, for 8 units.
        let perUnit = min(offerSmall.onDemandHourly!, offerLarge.onDemandHourly! / 4)
        #expect(abs(cost.monthlyByPurchaseOption[.onDemand]! - 730 * 8 * perUnit) < 1e-6)
        // Spot: the remaining 8 units in the single cheapest pool per unit (instance_pools_to_use_count 1).
        let cheapest = (offerSmall.spotHourly.values.map { $0 } + offerLarge.spotHourly.values.map { $0 / 4 }).min()!
        #expect(abs(cost.monthlyByPurchaseOption[.spot]! - 730 * 8 * cheapest) < 1e-6)
    }

    @Test func eksClusterAndNodeGroup() throws {
        let manifest = Manifest(
            stack: "s", environment: "e", region: "us-west-2",
            resources: [
                Fixtures.resource("aws_eks_cluster.main", region: "us-west-2", ["name": "main"]),
                Fixtures.resource(
                    "aws_eks_node_group.gpu", region: "us-west-2",
                    [
                        "instance_types": ["g6.xlarge"], "capacity_type": "ON_DEMAND", "disk_size": 100,
                        "scaling_config": ["desired_size": 3, "min_size": 0, "max_size": 6],
                    ]),
            ])
        let report = estimator.estimate(manifest)
        #expect(abs(report.resource(Fixtures.address("aws_eks_cluster.main"))!.monthly - 73) < 1e-9)
        let group = try #require(report.resource(Fixtures.address("aws_eks_node_group.gpu")))
        let od = Fixtures.catalog.onDemandPrice(type: "g6.xlarge", region: "us-west-2")!.usd
        #expect(abs(group.monthly - (3 * 730 * od + 3 * 100 * 0.08)) < 1e-6)
    }

    @Test func stateIsPricedWithSubnetIDs() throws {
        let state = State(
            lineage: "l", stack: "training", environment: "staging",
            resources: [
                Fixtures.address("aws_subnet.a"): ResourceState(
                    address: Fixtures.address("aws_subnet.a"), provider: ProviderConfig(region: "us-east-1"),
                    id: "subnet-aaa", attributes: ["availability_zone_id": "use1-az1"]),
                Fixtures.address("aws_autoscaling_group.g"): ResourceState(
                    address: Fixtures.address("aws_autoscaling_group.g"), provider: ProviderConfig(region: "us-east-1"),
                    id: "g",
                    attributes: [
                        "desired_capacity": 1, "vpc_zone_identifier": ["subnet-aaa"],
                        "mixed_instances_policy": [
                            "instances_distribution": [
                                "on_demand_base_capacity": 0, "on_demand_percentage_above_base_capacity": 0,
                            ],
                            "launch_template": ["override": [["instance_type": "p5.48xlarge"]]],
                        ],
                    ]),
            ])
        let report = estimator.estimate(state)
        let pool = try #require(report.resource(Fixtures.address("aws_autoscaling_group.g"))?.pool)
        #expect(pool.spotPools.map(\.zone) == ["use1-az1"])
    }
}

@Suite struct PlanUsageTests {
    @Test func stateWithoutUsageHintsUsesTheDeclaredOnes() throws {
        let manifest = Fixtures.trainingManifest(desired: 4)
        let doubled = Fixtures.trainingManifest(desired: 8)
        var plan = PlanFixture.plan(from: manifest, to: doubled)
        // The prior state recorded no usage (older states, or a resource imported by id).
        let state = State(
            lineage: "l", stack: "training", environment: "staging",
            resources: Dictionary(
                uniqueKeysWithValues: manifest.resources.map {
                    (
                        $0.address,
                        ResourceState(
                            address: $0.address, provider: $0.provider, id: $0.address.name, attributes: $0.attributes)
                    )
                }))
        plan.changes = plan.changes.map {
            var c = $0; c.desired?.usage = manifest.resourcesByAddress[c.address]!.usage; return c
        }
        let diff = Fixtures.estimator.estimate(plan, priorState: state)
        #expect(
            diff.changesWithCostDelta.map(\.address) == [
                Fixtures.address("module.training.aws_autoscaling_group.trainers")
            ])
    }
}

@Suite struct ZoneIDTests {
    @Test func recognisesZoneIDsNotZoneNames() {
        for id in ["use1-az4", "apne1-az1", "euc1-az3", "usw2-az12"] { #expect(CostEstimator.isZoneID(id), "\(id)") }
        for name in ["us-east-1a", "use1-az", "use1-azz", "-az1", "USE1-az1", "use1az1", "use1-az1x", ""] {
            #expect(!CostEstimator.isZoneID(name), "\(name)")
        }
    }
}

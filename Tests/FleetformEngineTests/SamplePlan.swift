import FleetformEngine
import FleetformModel

/// A small plan touching every action: a create with nested values, an in-place update, a
/// forced replacement, a delete, and a sensitive attribute.
enum SamplePlan {
    static let state = Fixtures.state([
        Fixtures.recorded(
            "aws_vpc.core", id: "vpc-1",
            ["cidr_block": "10.40.0.0/16", "tags": ["Name": "core", "team": "ml"], "arn": "arn:vpc-1"]),
        Fixtures.recorded(
            "aws_autoscaling_group.trainers", id: "trainers",
            [
                "name": "trainers", "desired_capacity": 2, "max_size": 32, "min_size": 0,
                "instance_types": ["p5.48xlarge", "p4d.24xlarge"],
            ]),
        Fixtures.recorded("aws_s3_bucket.old", id: "old-bucket", ["bucket": "old-bucket", "force_destroy": false]),
    ])

    static let manifest = Fixtures.manifest([
        Fixtures.declared("aws_vpc.core", ["cidr_block": "10.50.0.0/16", "tags": ["Name": "core", "team": "ml"]]),
        Fixtures.declared(
            "aws_subnet.a",
            ["vpc_id": Fixtures.ref("aws_vpc.core.id"), "cidr_block": "10.50.0.0/20", "tags": ["Name": "a"]]),
        Fixtures.declared(
            "aws_autoscaling_group.trainers",
            [
                "name": "trainers", "desired_capacity": 4, "max_size": 32,
                "instance_types": ["p5.48xlarge", "p4de.24xlarge"],
            ]),
        Fixtures.declared("aws_iam_role.replication", ["name": "replication", "secret": "hunter2", "path": "/"]),
    ])

    static func plan() throws -> Plan {
        try Planner().plan(manifest: manifest, state: state, schemas: Fixtures.schemas)
    }
}

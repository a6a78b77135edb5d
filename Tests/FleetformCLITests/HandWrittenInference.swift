import Testing

/// A Terraform configuration of the `inference` stack's resources in its `handmade` environment,
/// as a team would have written it by hand: HCL, a module of its own, no Fleetform tags, the
/// bucket under another name, and a bucket the stack does not declare. Names that carry a hash
/// and the policy documents are taken from the stack's manifest, as a team would copy them.
struct HandWrittenInference {
    let bucket: String
    let loadBalancer: String
    let targetGroup: String
    let rolePolicy: String
    let accessPolicy: String
    let logBucket: String
    let logBucketPolicy: String
    let bucketPolicy: String

    init(manifest resources: [[String: Any]]) throws {
        func attribute(_ address: String, _ name: String) throws -> String {
            let resource = try #require(resources.first { $0["address"] as? String == address }, "\(address)")
            let attributes = try #require(resource["attributes"] as? [String: Any], "\(address)")
            return try #require(attributes[name] as? String, "\(address).\(name)")
        }
        bucket = try attribute("aws_s3_bucket.model-artifacts", "bucket")
        loadBalancer = try attribute("module.ranking.aws_lb.ranking", "name")
        targetGroup = try attribute("module.ranking.aws_lb_target_group.ranking", "name")
        rolePolicy = try attribute("module.ranking.aws_iam_role.servers", "assume_role_policy")
        accessPolicy = try attribute("module.ranking.aws_iam_policy.servers", "policy")
        logBucket = try attribute("aws_s3_bucket.fleetform_logs", "bucket")
        logBucketPolicy = try attribute("aws_s3_bucket_policy.fleetform_logs", "policy")
        bucketPolicy = try attribute("aws_s3_bucket_policy.model-artifacts", "policy")
    }

    /// A JSON document as an HCL quoted string.
    private static func quoted(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "${", with: "$${") + "\""
    }

    var root: String {
        """
        terraform {
          required_providers {
            aws = { source = "hashicorp/aws", version = "~> 5.100" }
          }
        }

        provider "aws" {
          region                      = "us-east-1"
          skip_credentials_validation = true
          skip_requesting_account_id  = true
          skip_metadata_api_check     = true
          s3_use_path_style           = true
        }

        locals {
          zones = ["us-east-1a", "us-east-1b", "us-east-1c"]
        }

        resource "aws_vpc" "core" {
          cidr_block           = "10.40.0.0/16"
          enable_dns_support   = true
          enable_dns_hostnames = true
        }

        resource "aws_subnet" "core" {
          for_each = {
            "us-east-1a" = "10.40.0.0/20"
            "us-east-1b" = "10.40.16.0/20"
            "us-east-1c" = "10.40.32.0/20"
          }
          vpc_id                  = aws_vpc.core.id
          availability_zone       = each.key
          cidr_block              = each.value
          map_public_ip_on_launch = false
        }

        resource "aws_subnet" "core_public" {
          for_each = {
            "us-east-1a" = "10.40.48.0/20"
            "us-east-1b" = "10.40.64.0/20"
            "us-east-1c" = "10.40.80.0/20"
          }
          vpc_id                  = aws_vpc.core.id
          availability_zone       = each.key
          cidr_block              = each.value
          map_public_ip_on_launch = false
        }

        resource "aws_internet_gateway" "core" {
          vpc_id = aws_vpc.core.id
        }

        resource "aws_route_table" "core_public" {
          for_each = toset(local.zones)
          vpc_id   = aws_vpc.core.id
        }

        resource "aws_route_table_association" "core_public" {
          for_each       = toset(local.zones)
          route_table_id = aws_route_table.core_public[each.key].id
          subnet_id      = aws_subnet.core_public[each.key].id
        }

        resource "aws_route" "core_public_internet" {
          for_each               = toset(local.zones)
          route_table_id         = aws_route_table.core_public[each.key].id
          destination_cidr_block = "0.0.0.0/0"
          gateway_id             = aws_internet_gateway.core.id
        }

        resource "aws_eip" "core_nat" {
          for_each = toset(["us-east-1a"])
          domain   = "vpc"
        }

        resource "aws_nat_gateway" "core" {
          for_each      = toset(["us-east-1a"])
          allocation_id = aws_eip.core_nat[each.key].id
          subnet_id     = aws_subnet.core_public[each.key].id
        }

        resource "aws_route_table" "core_private" {
          for_each = toset(local.zones)
          vpc_id   = aws_vpc.core.id
        }

        resource "aws_route_table_association" "core_private" {
          for_each       = toset(local.zones)
          route_table_id = aws_route_table.core_private[each.key].id
          subnet_id      = aws_subnet.core[each.key].id
        }

        resource "aws_route" "core_private_nat" {
          for_each               = toset(local.zones)
          route_table_id         = aws_route_table.core_private[each.key].id
          destination_cidr_block = "0.0.0.0/0"
          nat_gateway_id         = aws_nat_gateway.core["us-east-1a"].id
        }

        resource "aws_vpc_endpoint" "core_s3" {
          vpc_id            = aws_vpc.core.id
          service_name      = "com.amazonaws.us-east-1.s3"
          vpc_endpoint_type = "Gateway"
          route_table_ids   = [for zone in local.zones : aws_route_table.core_private[zone].id]
        }

        resource "aws_security_group" "core" {
          name        = "inference-handmade-core"
          description = "Fleetform nodes of network core"
          vpc_id      = aws_vpc.core.id
          ingress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            self        = true
            description = "nodes of the network with each other (NCCL, EFA, NFS, Lustre)"
          }
          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            self        = true
            description = "nodes of the network with each other (NCCL, EFA, NFS, Lustre)"
          }
          egress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
            description = "HTTPS to AWS APIs, image registries and package mirrors"
          }
        }

        # Emptied: nothing may use the VPC's default group by accident.
        resource "aws_default_security_group" "core" {
          vpc_id = aws_vpc.core.id
        }

        resource "aws_flow_log" "core" {
          vpc_id                   = aws_vpc.core.id
          traffic_type             = "ALL"
          log_destination_type     = "s3"
          log_destination          = aws_s3_bucket.fleetform_logs.arn
          max_aggregation_interval = 600
          depends_on               = [aws_s3_bucket_policy.fleetform_logs]
        }

        module "ranking" {
          source          = "./modules/ranking"
          vpc_id          = aws_vpc.core.id
          subnet_ids      = [for zone in local.zones : aws_subnet.core[zone].id]
          security_groups = [aws_security_group.core.id]
          log_bucket      = aws_s3_bucket.fleetform_logs.id
          # ELB checks that it may write its access logs: the log bucket's policy first.
          depends_on      = [aws_s3_bucket_policy.fleetform_logs]
        }

        resource "aws_s3_bucket" "artifacts" {
          bucket = "\(bucket)"
        }

        resource "aws_s3_bucket_versioning" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          versioning_configuration {
            status = "Enabled"
          }
        }

        resource "aws_s3_bucket_server_side_encryption_configuration" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm = "AES256"
            }
          }
        }

        resource "aws_s3_bucket_public_access_block" "model-artifacts" {
          bucket                  = aws_s3_bucket.artifacts.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }

        resource "aws_s3_bucket_ownership_controls" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          rule {
            object_ownership = "BucketOwnerEnforced"
          }
        }

        resource "aws_s3_bucket_policy" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          policy = \(Self.quoted(bucketPolicy))
        }

        resource "aws_s3_bucket_logging" "model-artifacts" {
          bucket        = aws_s3_bucket.artifacts.id
          target_bucket = aws_s3_bucket.fleetform_logs.id
          target_prefix = "access/\(bucket)/"
          depends_on    = [aws_s3_bucket_policy.fleetform_logs]
        }

        resource "aws_s3_bucket_notification" "model-artifacts" {
          bucket      = aws_s3_bucket.artifacts.id
          eventbridge = true
        }

        resource "aws_s3_bucket_lifecycle_configuration" "model-artifacts" {
          bucket = aws_s3_bucket.artifacts.id
          rule {
            id     = "abort-incomplete-uploads"
            status = "Enabled"
            filter {}
            abort_incomplete_multipart_upload {
              days_after_initiation = 7
            }
          }
        }

        resource "aws_s3_bucket" "fleetform_logs" {
          bucket        = "\(logBucket)"
          force_destroy = true
        }

        resource "aws_s3_bucket_versioning" "fleetform_logs" {
          bucket = aws_s3_bucket.fleetform_logs.id
          versioning_configuration {
            status = "Enabled"
          }
        }

        resource "aws_s3_bucket_server_side_encryption_configuration" "fleetform_logs" {
          bucket = aws_s3_bucket.fleetform_logs.id
          rule {
            apply_server_side_encryption_by_default {
              sse_algorithm = "AES256"
            }
          }
        }

        resource "aws_s3_bucket_public_access_block" "fleetform_logs" {
          bucket                  = aws_s3_bucket.fleetform_logs.id
          block_public_acls       = true
          block_public_policy     = true
          ignore_public_acls      = true
          restrict_public_buckets = true
        }

        resource "aws_s3_bucket_ownership_controls" "fleetform_logs" {
          bucket = aws_s3_bucket.fleetform_logs.id
          rule {
            object_ownership = "BucketOwnerEnforced"
          }
        }

        resource "aws_s3_bucket_policy" "fleetform_logs" {
          bucket = aws_s3_bucket.fleetform_logs.id
          policy = \(Self.quoted(logBucketPolicy))
        }

        resource "aws_s3_bucket_notification" "fleetform_logs" {
          bucket      = aws_s3_bucket.fleetform_logs.id
          eventbridge = true
        }

        resource "aws_s3_bucket_lifecycle_configuration" "fleetform_logs" {
          bucket = aws_s3_bucket.fleetform_logs.id
          rule {
            id     = "expire-365d"
            status = "Enabled"
            filter {}
            expiration {
              days = 365
            }
          }
          rule {
            id     = "abort-incomplete-uploads"
            status = "Enabled"
            filter {}
            abort_incomplete_multipart_upload {
              days_after_initiation = 7
            }
          }
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "inference-handmade-logs"
        }

        """
    }

    var module: String {
        """
        variable "vpc_id" {}
        variable "subnet_ids" {}
        variable "security_groups" {}
        variable "log_bucket" {}

        resource "aws_iam_role" "servers" {
          name               = "inference-handmade-ranking-servers"
          description        = "Fleetform nodes of pool servers"
          assume_role_policy = \(Self.quoted(rolePolicy))
        }

        resource "aws_iam_policy" "servers" {
          name        = "inference-handmade-ranking-servers"
          description = "What pool servers reads, writes, pulls and mounts"
          policy      = \(Self.quoted(accessPolicy))
        }

        resource "aws_iam_role_policy_attachment" "servers" {
          for_each = {
            ssm        = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
            cloudwatch = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
            access     = aws_iam_policy.servers.arn
          }
          role       = aws_iam_role.servers.name
          policy_arn = each.value
        }

        resource "aws_iam_instance_profile" "servers" {
          name = "inference-handmade-ranking-servers"
          role = aws_iam_role.servers.name
        }

        resource "aws_launch_template" "servers" {
          name                   = "inference-handmade-ranking-servers"
          image_id               = "resolve:ssm:/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/nvidia/recommended/image_id"
          instance_type          = "g6.2xlarge"
          vpc_security_group_ids = var.security_groups
          iam_instance_profile {
            name = aws_iam_instance_profile.servers.name
          }
          metadata_options {
            http_endpoint               = "enabled"
            http_tokens                 = "required"
            http_put_response_hop_limit = 2
          }
          block_device_mappings {
            device_name = "/dev/xvda"
            ebs {
              volume_size = 200
              volume_type = "gp3"
            }
          }
        }

        resource "aws_autoscaling_group" "servers" {
          name                = "inference-handmade-ranking-servers"
          min_size            = 1
          max_size            = 4
          desired_capacity    = 1
          capacity_rebalance  = true
          health_check_type   = "ELB"
          health_check_grace_period = 600
          vpc_zone_identifier = var.subnet_ids
          mixed_instances_policy {
            instances_distribution {
              on_demand_base_capacity                  = 1
              on_demand_percentage_above_base_capacity = 50
              spot_allocation_strategy                 = "price-capacity-optimized"
            }
            launch_template {
              launch_template_specification {
                launch_template_id = aws_launch_template.servers.id
                version            = "$Latest"
              }
              override { instance_type = "g6.2xlarge" }
              override { instance_type = "g6.4xlarge" }
              override { instance_type = "g5.2xlarge" }
              override { instance_type = "g5.4xlarge" }
            }
          }
          tag {
            key                 = "k8s.io/cluster-autoscaler/node-template/label/service"
            value               = "ranking"
            propagate_at_launch = true
          }
          tag {
            key                 = "k8s.io/cluster-autoscaler/node-template/label/workload"
            value               = "inference"
            propagate_at_launch = true
          }
        }

        resource "aws_security_group" "ranking_lb" {
          name        = "inference-handmade-ranking-ranking-lb"
          description = "Fleetform load balancer of endpoint ranking"
          vpc_id      = var.vpc_id
          ingress {
            from_port   = 80
            to_port     = 80
            protocol    = "tcp"
            cidr_blocks = ["10.40.0.0/16"]
            description = "clients in the VPC"
          }
          egress {
            from_port   = 8080
            to_port     = 8080
            protocol    = "tcp"
            cidr_blocks = ["10.40.0.0/16"]
            description = "to the serving port of the pool"
          }
        }

        resource "aws_lb" "ranking" {
          name               = "\(loadBalancer)"
          internal           = true
          load_balancer_type = "application"
          drop_invalid_header_fields = true
          enable_deletion_protection = true
          security_groups    = concat([aws_security_group.ranking_lb.id], var.security_groups)
          subnets            = var.subnet_ids
          access_logs {
            bucket  = var.log_bucket
            prefix  = "elb"
            enabled = true
          }
        }

        resource "aws_lb_target_group" "ranking" {
          name        = "\(targetGroup)"
          port        = 8080
          protocol    = "HTTP"
          target_type = "instance"
          vpc_id      = var.vpc_id
          health_check {
            enabled             = true
            healthy_threshold   = 2
            interval            = 15
            matcher             = "200"
            path                = "/health"
            port                = "traffic-port"
            protocol            = "HTTP"
            timeout             = 5
            unhealthy_threshold = 3
          }
        }

        resource "aws_lb_listener" "ranking" {
          load_balancer_arn = aws_lb.ranking.arn
          port              = 80
          protocol          = "HTTP"
          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.ranking.arn
          }
        }

        resource "aws_autoscaling_attachment" "ranking" {
          autoscaling_group_name = aws_autoscaling_group.servers.name
          lb_target_group_arn    = aws_lb_target_group.ranking.arn
        }

        """
    }
}

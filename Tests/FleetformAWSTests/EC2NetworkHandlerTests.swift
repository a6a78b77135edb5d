import FleetformAWS
import FleetformModel
import FleetformTestSupport
import Foundation
import Testing

/// VPCs and subnets against moto with signature checking on.
@Suite(.serialized) struct EC2NetworkHandlerTests {
    @Test func vpcAndSubnetLifecycle() async throws {
        try await withMotoProvider { _, provider in
            let vpcRequest = makeRequest(
                "aws_vpc", "core",
                [
                    "cidr_block": "10.40.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true,
                    "tags": ["team": "ml"],
                ])
            let vpc = try await provider.create(vpcRequest)
            #expect(vpc.id.hasPrefix("vpc-"))
            #expect(vpc.attributes["cidr_block"] == "10.40.0.0/16")
            #expect(vpc.attributes["enable_dns_hostnames"] == true)
            #expect(vpc.tags == ["team": "ml"])
            #expect(vpc.allTags["fleetform:address"] == "aws_vpc.core")
            #expect(vpc.allTags["fleetform:stack"] == "training")

            let subnetRequest = makeRequest(
                "aws_subnet", "a",
                [
                    "vpc_id": .string(vpc.id), "cidr_block": "10.40.1.0/24", "availability_zone": "us-east-1a",
                    "map_public_ip_on_launch": false, "tags": ["tier": "private"],
                ])
            let subnet = try await provider.create(subnetRequest)
            #expect(subnet.attributes["vpc_id"] == .string(vpc.id))
            #expect(subnet.attributes["availability_zone"] == "us-east-1a")
            #expect(subnet.attributes["map_public_ip_on_launch"] == false)

            var updatedSubnet = subnetRequest
            updatedSubnet.attributes["map_public_ip_on_launch"] = true
            updatedSubnet.attributes["tags"] = ["tier": "public"]
            let changed = try await provider.update(
                subnet, to: updatedSubnet, changed: ["map_public_ip_on_launch", "tags"])
            #expect(changed.attributes["map_public_ip_on_launch"] == true)
            #expect(changed.tags == ["tier": "public"])

            var updatedVPC = vpcRequest
            updatedVPC.attributes["enable_dns_hostnames"] = false
            let vpc2 = try await provider.update(vpc, to: updatedVPC, changed: ["enable_dns_hostnames"])
            #expect(vpc2.attributes["enable_dns_hostnames"] == false)

            let imported = try await provider.importResource(address: vpc.address, provider: vpc.provider, id: vpc.id)
            #expect(imported.attributes["cidr_block"] == "10.40.0.0/16")
            let found = try await provider.findCreated(subnetRequest)
            #expect(found?.id == subnet.id)

            try await provider.delete(changed)
            try await provider.delete(vpc2)
            let after = try await provider.read([changed, vpc2])
            #expect(after[changed.address] == .some(nil))
            #expect(after[vpc2.address] == .some(nil))
            // Deleting again: already gone counts as deleted.
            try await provider.delete(changed)
            try await provider.delete(vpc2)
            #expect(try await provider.findCreated(subnetRequest) == nil)
        }
    }

    @Test func refreshOf200SubnetsUsesAHandfulOfCalls() async throws {
        try await withMotoProvider { _, provider in
            let vpc = try await provider.create(makeRequest("aws_vpc", "big", ["cidr_block": "10.0.0.0/16"]))
            var subnets: [ResourceState] = []
            for i in 0..<200 {
                let request = makeRequest(
                    "aws_subnet", "s\(i)",
                    [
                        "vpc_id": .string(vpc.id), "cidr_block": .string("10.0.\(i).0/24"),
                        "availability_zone": "us-east-1b",
                    ])
                subnets.append(try await provider.create(request))
            }
            provider.client.metrics.reset()
            let refreshed = try await provider.read(subnets)
            let calls = provider.client.metrics.count(.ec2)
            print("refresh of \(subnets.count) subnets: \(calls) API call(s); \(provider.client.metrics.summary)")
            #expect(refreshed.count == 200)
            #expect(refreshed.values.allSatisfy { $0 != nil })
            #expect(refreshed[subnets[57].address]??.attributes["cidr_block"] == "10.0.57.0/24")
            #expect(calls <= 3)
        }
    }
}

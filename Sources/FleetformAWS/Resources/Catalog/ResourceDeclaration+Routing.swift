import FleetformModel

/// The EC2 types that make a VPC routable: internet gateway, Elastic IPs and NAT gateways, route
/// tables with their routes and subnet associations, and VPC endpoints. Every one is read in bulk
/// (one paged Describe call per type and region); routes and associations are read as children of
/// their route tables.
extension ResourceDeclaration {
    /// `aws_internet_gateway`: CreateInternetGateway, then AttachInternetGateway to `vpc_id`;
    /// detached before it is deleted.
    static let internetGateway = ResourceDeclaration(
        "aws_internet_gateway", service: .ec2, identity: .assigned(at: "internetGateway/internetGatewayId"),
        fields: [
            .string("vpc_id", read: "attachmentSet/item/vpcId"),
            .arn("arn:aws:ec2:{region}:{ownerId}:internet-gateway/{id}"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateInternetGateway")), resend: .afterLookup),
        read: .ec2Filter(
            action: "DescribeInternetGateways", filter: "internet-gateway-id", set: "internetGatewaySet",
            id: "internetGatewayId"),
        updates: [
            .setting(
                "vpc_id",
                APICall(
                    APIOperation(.ec2, "AttachInternetGateway"),
                    ["InternetGatewayId": .id, "VpcId": .attribute("vpc_id")]))
        ],
        delete: .init(
            before: [
                APICall(
                    APIOperation(.ec2, "DetachInternetGateway"),
                    ["InternetGatewayId": .id, "VpcId": .attribute("vpc_id")], onlyWith: "VpcId")
            ],
            call: APICall(APIOperation(.ec2, "DeleteInternetGateway"), ["InternetGatewayId": .id])),
        tags: .ec2("internet-gateway"), adoption: .init(lookup: .ownershipTags), forceNew: ["vpc_id"])

    /// `aws_eip` in a VPC (a NAT gateway's public address): AllocateAddress / ReleaseAddress; the
    /// id is the allocation id.
    static let elasticIP = ResourceDeclaration(
        "aws_eip", service: .ec2, identity: .assigned(at: "allocationId"),
        fields: [
            .string("domain", "Domain").sending(default: "vpc"),
            .string("public_ip", read: "publicIp"),
            .string("allocation_id", read: "allocationId"),
        ],
        create: .init(APICall(APIOperation(.ec2, "AllocateAddress"), fields: .all), resend: .afterLookup),
        read: .ec2Filter(action: "DescribeAddresses", filter: "allocation-id", set: "addressesSet", id: "allocationId"),
        delete: .init(call: APICall(APIOperation(.ec2, "ReleaseAddress"), ["AllocationId": .id])),
        tags: .ec2("elastic-ip"), adoption: .init(lookup: .ownershipTags), forceNew: ["domain"],
        computed: ["public_ip", "allocation_id"])

    /// `aws_nat_gateway`: CreateNatGateway (with a client token) in a public subnet with an Elastic
    /// IP; waits for `available`. Deleted gateways stay listed as `deleted` for a while.
    static let natGateway = ResourceDeclaration(
        "aws_nat_gateway", service: .ec2, identity: .assigned(at: "natGateway/natGatewayId"),
        fields: [
            .string("subnet_id", "SubnetId").required(),
            .string("allocation_id", "AllocationId", read: "natGatewayAddressSet/item/allocationId"),
            .string("connectivity_type", "ConnectivityType").reading(default: "public"),
            .string("public_ip", read: "natGatewayAddressSet/item/publicIp"),
            .string("private_ip", read: "natGatewayAddressSet/item/privateIp"),
            .string("network_interface_id", read: "natGatewayAddressSet/item/networkInterfaceId"),
        ],
        create: .init(
            APICall(APIOperation(.ec2, "CreateNatGateway"), ["ClientToken": .token], fields: .all),
            resend: .afterLookup),
        read: .ec2Filter(
            action: "DescribeNatGateways", filter: "nat-gateway-id", set: "natGatewaySet", id: "natGatewayId"),
        gone: .equals("state", "deleted"),
        delete: .init(
            call: APICall(APIOperation(.ec2, "DeleteNatGateway"), ["NatGatewayId": .id]), waitUntilGone: true),
        tags: .ec2("natgateway"), wait: .item("state", ready: "available", failed: ["failed"]),
        adoption: .init(lookup: .ownershipTags), forceNew: ["subnet_id", "allocation_id", "connectivity_type"],
        computed: ["public_ip", "private_ip", "network_interface_id"])

    /// `aws_route_table` (routes are `aws_route` resources of their own).
    static let routeTable = ResourceDeclaration(
        "aws_route_table", service: .ec2, identity: .assigned(at: "routeTable/routeTableId"),
        fields: [
            .string("vpc_id", "VpcId").required(),
            .arn("arn:aws:ec2:{region}:{ownerId}:route-table/{id}"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateRouteTable"), fields: .all), resend: .afterLookup),
        read: .ec2Filter(
            action: "DescribeRouteTables", filter: "route-table-id", set: "routeTableSet", id: "routeTableId"),
        delete: .init(call: APICall(APIOperation(.ec2, "DeleteRouteTable"), ["RouteTableId": .id])),
        tags: .ec2("route-table"), adoption: .init(lookup: .ownershipTags), companions: [.routeTableAssociations],
        forceNew: ["vpc_id"])

    /// `aws_route`: one IPv4 route of a route table, to an internet gateway (`gateway_id`) or a NAT
    /// gateway (`nat_gateway_id`). The id is `ROUTETABLE_DESTINATION` (Terraform's import id); the
    /// route is read from its table's `routeSet`. A changed target is ReplaceRoute.
    static let route = ResourceDeclaration(
        "aws_route", service: .ec2,
        identity: .named(["route_table_id", "destination_cidr_block"], separator: "_"),
        fields: [
            .string("route_table_id", "RouteTableId", read: .idPart(0)).required(),
            .string("destination_cidr_block", "DestinationCidrBlock").required(),
            .string("gateway_id", "GatewayId"),
            .string("nat_gateway_id", "NatGatewayId"),
            .string("state", read: "state"),
            .string("origin", read: "origin"),
        ],
        create: .init(APICall(APIOperation(.ec2, "CreateRoute"), fields: .all)),
        read: .ec2Nested(
            action: "DescribeRouteTables", filter: "route-table-id", byIDPart: 0, set: "routeTableSet",
            children: "routeSet",
            key: NestedKey(parent: "routeTableId", child: "destinationCidrBlock", separator: "_")),
        updates: [
            UpdateStep(
                ["gateway_id", "nat_gateway_id"], .whenChanged,
                APICall(APIOperation(.ec2, "ReplaceRoute"), fields: .all))
        ],
        delete: .init(
            call: APICall(
                APIOperation(.ec2, "DeleteRoute"), ["RouteTableId": .idPart(0), "DestinationCidrBlock": .idPart(1)])),
        adoption: .init(alreadyExists: ["RouteAlreadyExists"], lookup: .identity),
        forceNew: ["route_table_id", "destination_cidr_block"], computed: ["state", "origin"])

    /// `aws_route_table_association` of a subnet: AssociateRouteTable; read from the table's
    /// `associationSet`. Found after a lost answer by the subnet's association.
    static let routeTableAssociation = ResourceDeclaration(
        "aws_route_table_association", service: .ec2, identity: .assigned(at: "associationId"),
        fields: [
            .string("subnet_id", "SubnetId").required(),
            .string("route_table_id", "RouteTableId").required(),
        ],
        create: .init(APICall(APIOperation(.ec2, "AssociateRouteTable"), fields: .all), resend: .afterLookup),
        read: .ec2Nested(
            action: "DescribeRouteTables", filter: "association.route-table-association-id", byIDPart: nil,
            set: "routeTableSet", children: "associationSet", key: NestedKey(child: "routeTableAssociationId")),
        delete: .init(call: APICall(APIOperation(.ec2, "DisassociateRouteTable"), ["AssociationId": .id])),
        adoption: .init(
            alreadyExists: ["Resource.AlreadyAssociated"],
            lookup: .query(
                APICall(
                    APIOperation(.ec2, "DescribeRouteTables"),
                    ["Filter": .computed(filter("association.subnet-id", attribute: "subnet_id"))]),
                items: "routeTableSet/item/associationSet", id: "routeTableAssociationId",
                matching: (element: "subnetId", attribute: "subnet_id"))),
        forceNew: ["subnet_id", "route_table_id"])

    /// `aws_vpc_endpoint`: a gateway endpoint (S3, on route tables) or an interface endpoint (ECR,
    /// STS, Logs: network interfaces in subnets, private DNS). Route tables and subnets change in
    /// place (ModifyVpcEndpoint, against the endpoint as it is).
    static let vpcEndpoint = ResourceDeclaration(
        "aws_vpc_endpoint", service: .ec2, identity: .assigned(at: "vpcEndpoint/vpcEndpointId"),
        fields: [
            .string("vpc_id", "VpcId").required(),
            .string("service_name", "ServiceName").required(),
            .string("vpc_endpoint_type", "VpcEndpointType").reading(default: "Gateway"),
            .strings("route_table_ids", "RouteTableId", read: "routeTableIdSet", unordered: true),
            .strings("subnet_ids", "SubnetId", read: "subnetIdSet", unordered: true),
            .plucked("security_group_ids", "SecurityGroupId", read: "groupSet", element: "groupId"),
            .boolean("private_dns_enabled", "PrivateDnsEnabled", read: "privateDnsEnabled"),
            .string("state", read: "state"),
            .arn("arn:aws:ec2:{region}:{ownerId}:vpc-endpoint/{id}"),
        ],
        create: .init(
            APICall(APIOperation(.ec2, "CreateVpcEndpoint"), ["ClientToken": .token], fields: .all),
            resend: .afterLookup),
        // By the id list: DescribeVpcEndpoints's `vpc-endpoint-id` filter is AWS's, not moto 5.2.1's.
        read: .ec2IdList(
            action: "DescribeVpcEndpoints", parameter: "VpcEndpointId", set: "vpcEndpointSet", id: "vpcEndpointId"),
        gone: ItemCondition(path: "state") { $0.lowercased() == "deleted" },
        updates: [
            UpdateStep(
                ["route_table_ids", "subnet_ids"], .whenDiffers,
                APICall(
                    APIOperation(.ec2, "ModifyVpcEndpoint"),
                    [
                        "VpcEndpointId": .id,
                        "AddRouteTableId": .computed(setChange("route_table_ids", adding: true)),
                        "RemoveRouteTableId": .computed(setChange("route_table_ids", adding: false)),
                        "AddSubnetId": .computed(setChange("subnet_ids", adding: true)),
                        "RemoveSubnetId": .computed(setChange("subnet_ids", adding: false)),
                    ]))
        ],
        updateReadsCurrent: true,
        delete: .init(
            call: APICall(APIOperation(.ec2, "DeleteVpcEndpoints"), ["VpcEndpointId": .list(.id)]),
            waitUntilGone: true),
        tags: .ec2("vpc-endpoint"), adoption: .init(lookup: .ownershipTags),
        forceNew: ["vpc_id", "service_name", "vpc_endpoint_type", "security_group_ids", "private_dns_enabled"],
        computed: ["state"])

    /// An EC2 filter on `name` with the declared value of `attribute`, for lookups.
    private static func filter(_ name: String, attribute: String) -> @Sendable (InputContext) -> AttributeValue? {
        { context in
            guard let value = context.declared[attribute]?.stringValue else { return nil }
            return .list([.map(["Name": .string(name), "Value": .list([.string(value)])])])
        }
    }

    /// The strings of list `attribute` to add (declared, not in the cloud) or remove (in the cloud,
    /// not declared); nil when there are none.
    static func setChange(_ attribute: String, adding: Bool) -> @Sendable (InputContext) -> AttributeValue? {
        { context in
            let current = Set(context.current?.attributes[attribute]?.listValue?.compactMap(\.stringValue) ?? [])
            let declared = Set(context.declared[attribute]?.listValue?.compactMap(\.stringValue) ?? [])
            let change = (adding ? declared.subtracting(current) : current.subtracting(declared)).sorted()
            return change.isEmpty ? nil : .strings(change)
        }
    }
}

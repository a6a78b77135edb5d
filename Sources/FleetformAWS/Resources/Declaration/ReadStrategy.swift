import FleetformModel

/// How a type's resources are read back: in bulk wherever the API has a bulk form (a constant
/// number of paged calls per type and region), else one call per resource or per parent.
///
/// ```swift
/// .ec2Filter(action: "DescribeSubnets", filter: "subnet-id", set: "subnetSet", id: "subnetId")
/// .each(APICall(APIOperation(.eks, "DescribeCluster", "GET /clusters/{name}"), ["name": .id]), item: "cluster")
/// ```
enum ReadStrategy: Sendable {
    /// EC2 Describe* with an id filter (unknown ids are simply absent): ⌈ids/200⌉ paged calls.
    case ec2Filter(action: String, filter: String, set: String, id: String)
    /// EC2 Describe* with an `XxxId.N` list (for APIs without an id filter): ⌈ids/200⌉ paged
    /// calls; a chunk that fails on an unknown id is asked again id by id.
    case ec2IdList(action: String, parameter: String, set: String, id: String)
    /// EC2 Describe* of parents that hold the resources as children (a route table's routes and
    /// associations): ⌈ids/200⌉ paged calls filtered on `filter` = the id (or its first part);
    /// every child at `children` of every parent found is keyed as `key` says.
    case ec2Nested(action: String, filter: String, byIDPart: Int?, set: String, children: String, key: NestedKey)
    /// An API taking a list of names or ids (`AutoScalingGroupNames.member.N`, `repositoryNames`):
    /// ⌈ids/chunk⌉ paged calls; `items` is the path of the answer's list, `id` each item's name
    /// element. APIs that fail a whole call on one unknown name are asked again name by name.
    case names(APICall, parameter: String, chunk: Int, items: String, id: String)
    /// One call listing every resource of the type in the region (EFS's DescribeFileSystems takes
    /// one id or none): `items` is the answer's list, `id` each item's id element.
    case all(APICall, items: String, id: String)
    /// One call per resource (no bulk read in the API): `call` (with `.id` / `.idPart` input)
    /// answers the item at `item`; "not found" means gone.
    case each(APICall, item: String)
    /// One call per parent (the first id part): `call` gets `.idPart(0)` and the children's names
    /// (the last id parts) in `parameter`; items at `items`, matched by their `id` element. A
    /// parent that is gone takes its children with it.
    /// (`parameter` nil: the call lists all of a parent's children.)
    case perParent(APICall, parameter: String?, items: String, id: String)
    /// The handler reads by itself (custom handlers).
    case custom
}

/// How a child item of an `.ec2Nested` read is keyed: elements of the parent and the child joined
/// (`routeTableId` + `_` + `destinationCidrBlock`), matching the resource ids.
struct NestedKey: Sendable {
    var parent: String?
    var child: String
    var separator: String = ""

    func key(parent item: XMLTree, child: XMLTree) -> String? {
        guard let own = child.string(self.child) else { return nil }
        guard let parentElement = parent else { return own }
        return item.string(parentElement).map { $0 + separator + own }
    }
}

/// A call made for each found item to read what the describe call does not return (EC2's VPC
/// DNS attributes, a launch template's version data): its answer at `path` is available to
/// fields as `.itemRead(name, …)`.
struct ItemRead: Sendable {
    var name: String
    var call: APICall
    var path: String

    init(_ name: String, _ call: APICall, at path: String = "") {
        self.name = name
        self.call = call
        self.path = path
    }
}

/// A condition on a describe item: deleted resources some APIs keep listing for a while
/// (`fleetState` `deleted…`, `Status` `Delete in progress`) count as gone.
struct ItemCondition: Sendable {
    var path: String
    var test: @Sendable (String) -> Bool

    /// The item's text at `path` equals `value`.
    static func equals(_ path: String, _ value: String) -> ItemCondition {
        ItemCondition(path: path) { $0 == value }
    }

    /// The item's text at `path` starts with `prefix`.
    static func hasPrefix(_ path: String, _ prefix: String) -> ItemCondition {
        ItemCondition(path: path) { $0.hasPrefix(prefix) }
    }

    func holds(for item: ResponseNode) -> Bool { item.string(path).map(test) ?? false }
}

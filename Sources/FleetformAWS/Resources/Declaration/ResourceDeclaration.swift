import FleetformModel
import Foundation

/// Everything the provider knows about one resource type, as data: the service, the mapping
/// between attributes and API members, the create / read / update / delete calls, tags, how to
/// find a resource whose create had an unknown outcome, which errors mean "already exists", and
/// the planner's schema. `DeclaredResourceHandler` carries out any declaration; adding a type is
/// writing one (see `ResourceDeclaration+EC2.swift`).
///
/// ```swift
/// static let subnet = ResourceDeclaration(
///     "aws_subnet", service: .ec2, identity: .assigned(at: "subnet/subnetId"),
///     fields: [.string("vpc_id", "VpcId").required(), .string("cidr_block", "CidrBlock").required(), …],
///     create: .init(APICall(APIOperation(.ec2, "CreateSubnet"), fields: .all), resend: .afterLookup),
///     read: .ec2Filter(action: "DescribeSubnets", filter: "subnet-id", set: "subnetSet", id: "subnetId"),
///     delete: .init(APICall(APIOperation(.ec2, "DeleteSubnet"), ["SubnetId": .id])),
///     tags: .ec2("subnet"), adoption: .init(lookup: .ownershipTags),
///     forceNew: ["cidr_block", "availability_zone", "vpc_id"])
/// ```
struct ResourceDeclaration: Sendable {
    /// How a resource's id comes about.
    enum Identity: Sendable {
        /// The cloud assigns it; the create answer holds it at `path` (`vpc/vpcId`).
        case assigned(at: String)
        /// It is the declared name, or names joined (`CLUSTER:NODEGROUP`); `splitAtLast` when the
        /// first part may itself contain the separator.
        case named([String], separator: String = "", splitAtLast: Bool = false)
    }

    /// The create call and whether a create whose answer was lost may be sent again as is.
    struct Create: Sendable {
        /// What to do when a create's answer is lost (the create may or may not have happened).
        enum Resend: Sendable {
            /// Send again: the service honours the client token, or a unique name makes the
            /// second send fail with "already exists", which adoption resolves.
            case blind
            /// Look the resource up (by ownership tags) first and send again only if nothing was made.
            case afterLookup
        }

        var call: APICall
        var resend: Resend

        init(_ call: APICall, resend: Resend = .blind) {
            self.call = call
            self.resend = resend
        }
    }

    /// The delete call, and the calls that must come before it.
    struct Delete: Sendable {
        /// What must be undone first (an internet gateway's attachment), then the delete itself.
        var before: [APICall] = []
        var call: APICall
        /// Read first and do nothing if the resource is gone (APIs that fail on deleted ids).
        var readFirst = false
        /// Wait until a read no longer finds it (the delete is asynchronous).
        var waitUntilGone = false
    }

    /// How to find a resource a create made when its outcome is unknown (cancelled, timed out,
    /// connection lost) or the create answered "already exists": adopted only when its ownership
    /// tags say it is this stack, environment and address.
    struct Adoption: Sendable {
        /// Where to look.
        enum Lookup: Sendable {
            /// Describe by the ownership tags (EC2 types without a unique name), with the read's call.
            case ownershipTags
            /// The id follows from the declared names: read it.
            case identity
            /// A call finds the id: by the declared name (`DescribeLaunchTemplates` by name), or by
            /// the create's client token where the API can filter on it (an input of `.token`).
            /// `matching`: the item whose element equals the declared attribute (a listener by its
            /// port, a policy by its name among all of the account's).
            case query(APICall, items: String, id: String, matching: (element: String, attribute: String)? = nil)
            /// A listing of every resource of the type (paged) whose tags, at the declaration's tag
            /// path, carry the ownership tags (FSx, EFS: no name to look up, no tag filter).
            case scan(APICall, items: String, id: String)
            /// Nothing to look up.
            case none
        }

        /// Error codes the create answers when the resource exists already.
        var alreadyExists: Set<String> = []
        var lookup: Lookup
    }

    /// A status to wait for after create and update (EKS `ACTIVE`): an attribute, or a path in
    /// the describe item (`path`) for types whose schema has no status attribute (NAT gateways, FSx).
    struct Wait: Sendable {
        var attribute: String
        var ready: String
        var failed: Set<String>
        var path: String? = nil

        /// Waits for the describe item's `path` to read `ready`.
        static func item(_ path: String, ready: String, failed: Set<String>) -> Wait {
            Wait(attribute: "", ready: ready, failed: failed, path: path)
        }
    }

    var type: String
    var service: AWSService
    var identity: Identity
    var fields: [AttributeField]
    var create: Create?
    var read: ReadStrategy
    var itemReads: [ItemRead]
    /// Items that count as gone although listed.
    var gone: ItemCondition?
    var updates: [UpdateStep]
    /// Updates first read the resource from the cloud and compare against that (not the state).
    var updateReadsCurrent: Bool
    var delete: Delete?
    /// Delete only forgets the resource: it belongs to another one and goes with it (a VPC's
    /// default security group).
    var deleteForgets = false
    var tags: TagConvention
    var wait: Wait?
    var adoption: Adoption
    var companions: [ResourceCompanion]
    var naming: ResponseNaming
    /// Attributes whose change forces a replacement.
    var forceNew: Set<String>
    /// Computed attributes beyond `id`, `arn` and `tags_all`.
    var computedExtra: [String]
    /// A hand-written handler, for types whose API is not yet expressible as data (S3's).
    var customHandler: (@Sendable (HandlerContext) -> any ResourceHandler)?
    /// The attribute Terraform's provider uses as the id, when it is not Fleetform's id (an
    /// Auto Scaling schedule's is its action name, not `GROUP/ACTION`).
    var terraformIDAttribute: String?
    /// A boolean attribute that, while true, makes the API refuse the delete (see `ResourceSchema`).
    var deletionGuard: String?

    init(
        _ type: String, service: AWSService, identity: Identity, fields: [AttributeField] = [], create: Create? = nil,
        read: ReadStrategy, itemReads: [ItemRead] = [], gone: ItemCondition? = nil, updates: [UpdateStep] = [],
        updateReadsCurrent: Bool = false, delete: Delete? = nil, tags: TagConvention = .none, wait: Wait? = nil,
        adoption: Adoption, companions: [ResourceCompanion] = [], forceNew: Set<String> = [],
        computed: [String] = [], customHandler: (@Sendable (HandlerContext) -> any ResourceHandler)? = nil,
        terraformID: String? = nil, deletionGuard: String? = nil
    ) {
        self.type = type
        self.service = service
        self.identity = identity
        self.fields = fields
        self.create = create
        self.read = read
        self.itemReads = itemReads
        self.gone = gone
        self.updates = updates
        self.updateReadsCurrent = updateReadsCurrent
        self.delete = delete
        self.tags = tags
        self.wait = wait
        self.adoption = adoption
        self.companions = companions
        self.naming = service == .ec2 ? .lowerCamel : .asSent
        self.forceNew = forceNew
        self.computedExtra = computed
        self.customHandler = customHandler
        self.terraformIDAttribute = terraformID
        self.deletionGuard = deletionGuard
    }

    /// The planner's schema: `id`, then `arn` when the type reads one back, `tags_all` when it has a
    /// tags map, then the other computed attributes.
    var schema: ResourceSchema {
        var computed = ["id"]
        // An `arn` the declaration sends (a topic policy's topic) is an argument, not computed.
        if fields.contains(where: { $0.attribute == "arn" && $0.wire == nil }) { computed.append("arn") }
        if tags.isTaggable, tags.shape == .map { computed.append("tags_all") }
        return ResourceSchema(
            type: type, forceNew: forceNew, computed: computed + computedExtra, deletionGuard: deletionGuard)
    }

    /// The handler that carries the declaration out.
    func handler(_ context: HandlerContext) -> any ResourceHandler {
        customHandler?(context) ?? DeclaredResourceHandler(declaration: self, context: context)
    }

    /// The id Fleetform uses for a resource whose attributes (Terraform's, of a Terraform state)
    /// are `attributes`: the declared names joined, or Terraform's `id` for ids the cloud assigns.
    func cloudID(terraformAttributes attributes: [String: AttributeValue]) -> String? {
        guard case .named(let names, let separator, _) = identity else { return attributes["id"]?.stringValue }
        let parts = names.compactMap { attributes[$0]?.stringValue }
        return parts.count == names.count && !parts.contains("") ? parts.joined(separator: separator) : nil
    }

    /// The id Terraform's provider uses for `resource`.
    func terraformID(of resource: ResourceState) -> String {
        terraformIDAttribute.flatMap { resource.attributes[$0]?.stringValue } ?? resource.id
    }

    /// The parts of a composite id (one part for other ids).
    func idParts(_ id: String) throws -> [String] {
        guard case .named(let names, let separator, let splitAtLast) = identity, names.count > 1 else { return [id] }
        let index = splitAtLast ? id.range(of: separator, options: .backwards) : id.range(of: separator)
        guard let index else {
            throw AWSError.configuration(
                "'\(id)' is not an id of \(type); expected \(names.map { $0.uppercased() }.joined(separator: separator))"
            )
        }
        return [String(id[..<index.lowerBound]), String(id[index.upperBound...])]
    }
}

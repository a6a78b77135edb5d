/// A customer-managed KMS key of the stack's, one per purpose and region (`aws_kms_key.NAME`,
/// `…_<region>` outside the primary region): the key, rotated yearly; its policy; and an alias.
///
/// The alias is known before the key exists, so what uses the key names it through the alias: a
/// topic's `kms_master_key_id`, an IAM policy's `kms:ResourceAliases` condition (`iamGrant`). A
/// plan therefore shows those in full. The policy lets the account administer the key (so the
/// account's IAM policies can grant its use) and holds the grants constructs add with `grant`
/// (AWS services, service-linked roles). The policy names the account as
/// `AccountID.placeholder`, which the plan fills in.
struct StackKey: Sendable {
    /// `aws_kms_key.NAME`.
    let key: ResourceAddress
    /// The alias's name, `alias/<stack>-<env>-NAME`.
    let aliasName: String
    /// The key's region.
    let region: Region

    /// `aws_kms_key_policy.NAME`.
    var policy: ResourceAddress { ResourceAddress(type: "aws_kms_key_policy", name: key.name) }
    /// `aws_kms_alias.NAME`.
    var alias: ResourceAddress { ResourceAddress(type: "aws_kms_alias", name: key.name) }
    /// What a user of the key waits for: its alias and its policy.
    var ready: [ResourceAddress] { [alias, policy] }
    /// `aws_kms_key.NAME.arn`.
    var arn: AttributeValue { .reference(ResourceReference(key, "arn")) }

    /// The stack's key `name` in `region` (suffixed outside the primary region), emitted on first
    /// use with a policy holding `grants` besides the account's administration. `purpose` ends
    /// the key's description ("Encrypts the alert topic of stack training (prod) in us-east-1").
    static func include(
        _ name: String, in region: Region, purpose: String, grants: [AttributeValue] = [], context: SynthesisContext,
        at site: SourceLocation
    ) -> StackKey {
        let address = ResourceAddress(type: "aws_kms_key", name: context.regionalName(name, in: region))
        let aliasAddress = ResourceAddress(type: "aws_kms_alias", name: address.name)
        let stackKey = StackKey(
            key: address, aliasName: "alias/" + context.physicalName(for: aliasAddress, maxLength: 250),
            region: region)
        guard context.firstExpansion(of: "stack-key:\(address)") else { return stackKey }
        let stack = "\(context.stackName) (\(context.environment.name))"
        context.emit(
            context.resource(
                address, region: region,
                attributes: [
                    "description": .string("Encrypts \(purpose) of stack \(stack) in \(region.code)"),
                    "enable_key_rotation": true,
                    // Nothing stays encrypted under it once the stack is gone: the shortest wait.
                    "deletion_window_in_days": 7,
                ], options: ConstructOptions(), at: site))
        context.keyStatements[address] =
            [
                [
                    "Sid": "AccountAdministers", "Effect": "Allow",
                    "Principal": ["AWS": .string("arn:aws:iam::\(AccountID.placeholder):root")], "Action": "kms:*",
                    "Resource": "*",
                ]
            ] + grants
        context.emit(
            context.resource(
                stackKey.policy, region: region,
                attributes: [
                    "key_id": .reference(ResourceReference(address, "id")),
                    "policy": .string(stackKey.document(context)),
                ], options: ConstructOptions(), at: site, taggable: false))
        context.emit(
            context.resource(
                aliasAddress, region: region,
                attributes: [
                    "name": .string(stackKey.aliasName),
                    "target_key_id": .reference(ResourceReference(address, "key_id")),
                ], options: ConstructOptions(), at: site, taggable: false))
        return stackKey
    }

    /// Adds `statement` to the key's policy (once: the same statement twice is kept once).
    func grant(_ statement: AttributeValue, context: SynthesisContext) {
        guard context.keyStatements[key]?.contains(statement) == false else { return }
        context.keyStatements[key, default: []].append(statement)
        let document = document(context)
        context.amend(policy) { $0["policy"] = .string(document) }
    }

    /// An IAM statement's resource and condition that name this key through its alias.
    var iamGrant: PolicyDocument.Grant.Target { Self.grant(alias: aliasName, in: region) }

    /// An IAM statement's resource and condition that name a key through its alias `name`: any
    /// key of `region`, as long as the alias points at it (KMS authorizes a key's ARN, never an
    /// alias's, so an alias ARN as the resource would grant nothing).
    static func grant(alias name: String, in region: Region) -> PolicyDocument.Grant.Target {
        .init(
            resources: ["arn:aws:kms:\(region.code):*:key/*"],
            condition: ["ForAnyValue:StringEquals": ["kms:ResourceAliases": .string(name)]])
    }

    /// The stack's key for its buckets in `region` (`aws_kms_key.fleetform_data`), used by buckets
    /// encrypted with `.stackKey` (every bucket in production, by default).
    static func buckets(in region: Region, context: SynthesisContext, at site: SourceLocation) -> StackKey {
        include("fleetform_data", in: region, purpose: "the buckets", context: context, at: site)
    }

    private func document(_ context: SynthesisContext) -> String {
        JSONWriter.string(["Version": "2012-10-17", "Statement": .list(context.keyStatements[key] ?? [])])
    }
}

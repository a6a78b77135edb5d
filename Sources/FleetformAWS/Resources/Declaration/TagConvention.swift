/// How a type's tags are written and read back: inline in the create call or by a tagging call
/// after it, changed by add / remove calls, and read from the describe item.
///
/// ```swift
/// TagConvention.ec2("vpc")   // TagSpecification at create, CreateTags / DeleteTags, `tagSet`
/// ```
struct TagConvention: Sendable {
    /// Where the create input carries the tags (nil: the create call cannot; `add` writes them after).
    var inline: (member: String, value: InputValue)?
    /// Writes added and changed tags (`.tags(…)` in its input marks them).
    var add: APICall?
    /// Removes tags (`.tagKeys(…)` in its input marks the keys).
    var remove: APICall?
    /// Where the describe item holds the tags, and how.
    var read: (path: String, encoding: TagEncoding)?
    /// How the tags appear among the attributes.
    var shape: AttributeShape = .map

    /// How a type's tags appear among its attributes, as the Terraform provider has them.
    enum AttributeShape: Sendable {
        /// A `tags` map of the declared tags and a `tags_all` map of every tag (most types).
        case map
        /// `tag` blocks of `key`, `value` and `propagate_at_launch`, sorted by key, holding every
        /// tag (`aws_autoscaling_group`, which has no `tags` argument).
        case blocks
    }

    /// When the describe call does not return tags: the call that does, `read`'s path being
    /// relative to its answer.
    var readCall: TagReadCall? = nil

    /// Whether the type has tags at all.
    var isTaggable: Bool { read != nil }

    /// A type without tags.
    static let none = TagConvention(inline: nil, add: nil, remove: nil, read: nil)

    /// EC2: `TagSpecification` of `resourceType` at create; CreateTags / DeleteTags; `tagSet`.
    static func ec2(_ resourceType: String) -> TagConvention {
        TagConvention(
            inline: ("TagSpecification", .tagSpecification(resourceType: resourceType)),
            add: APICall(APIOperation(.ec2, "CreateTags"), ["ResourceId": .list(.id), "Tag": .tags(.pairs())]),
            remove: APICall(APIOperation(.ec2, "DeleteTags"), ["ResourceId": .list(.id), "Tag": .tagKeys(.pairs())]),
            read: ("tagSet", .pairs(key: "key", value: "value")))
    }
}

/// The call that reads a type's tags when its describe call does not.
enum TagReadCall: Sendable {
    /// One of the declaration's per-item reads, by name (ECR's ListTagsForResource): a call per resource.
    case itemRead(String)
    /// A call taking many ids at once (ELBv2's DescribeTags, 20 ARNs a call): ⌈ids/chunk⌉ calls
    /// per type and region, the answer's `items` matched to resources by their `id` element.
    case bulk(APICall, parameter: String, chunk: Int, items: String, id: String)
}

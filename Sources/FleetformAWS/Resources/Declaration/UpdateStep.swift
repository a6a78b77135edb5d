/// Updatable attributes and the calls that change them in place. A step runs when its trigger
/// says one of its attributes needs it; its calls run in order, later ones reading earlier
/// ones' outputs.
///
/// ```swift
/// UpdateStep(["target_capacity_specification"], .whenChanged,
///     APICall(APIOperation(.ec2, "ModifyFleet"), ["FleetId": .id], fields: ["target_capacity_specification"]))
/// UpdateStep.setting("enable_dns_support",
///     APICall(APIOperation(.ec2, "ModifyVpcAttribute"), ["VpcId": .id, "EnableDnsSupport.Value": .attribute("enable_dns_support")]))
/// ```
struct UpdateStep: Sendable {
    /// When a step runs.
    enum Trigger: Sendable {
        /// On every update (APIs whose update call restates the whole resource).
        case always
        /// When the planner lists one of the attributes as changed.
        case whenChanged
        /// When one of the attributes is declared (or has a read default) and differs from the
        /// resource as it is (the prior state, or the cloud when the declaration reads it first).
        case whenDiffers
    }

    var attributes: [String]
    var trigger: Trigger
    /// Also run right after create, for attributes the create call cannot set (a VPC's DNS
    /// flags): when declared, and different from the read default if there is one.
    var afterCreate: Bool
    /// Send only the members of the attributes that triggered the step (EKS's
    /// `UpdateNodegroupConfig` takes just what changes).
    var onlyTriggeredMembers: Bool
    var calls: [APICall]

    init(
        _ attributes: [String], _ trigger: Trigger, afterCreate: Bool = false, onlyTriggeredMembers: Bool = false,
        _ calls: APICall...
    ) {
        self.attributes = attributes
        self.trigger = trigger
        self.afterCreate = afterCreate
        self.onlyTriggeredMembers = onlyTriggeredMembers
        self.calls = calls
    }

    /// An attribute the create call cannot set (a VPC's DNS flags): written by its own call right
    /// after create when declared, and on update when it differs from the cloud's value.
    static func setting(_ attribute: String, _ call: APICall) -> UpdateStep {
        UpdateStep([attribute], .whenDiffers, afterCreate: true, call)
    }
}

import FleetformModel

/// The explicit upgrade path of a stored format: one function per version step, each turning a
/// document of version N into one of version N + 1 (as terraform's statefile upgrades do).
/// Readers upgrade what they read to `current` before decoding it, so decoding only ever
/// knows the current layout.
struct FormatUpgrades: Sendable {
    /// Turns a version-N document into a version-(N + 1) one.
    typealias Step = @Sendable ([String: AttributeValue]) -> [String: AttributeValue]

    /// The version this Fleetform writes.
    let current: Int
    /// `steps[n]` upgrades version n to n + 1; every n from 1 to current - 1 must have one.
    let steps: [Int: Step]

    /// `document` (of `version`) upgraded to `current`, with its version field set accordingly.
    func upgrade(_ document: [String: AttributeValue], from version: Int, versionKey: String)
        -> [String: AttributeValue]
    {
        var document = document
        var version = version
        while version < current, let step = steps[version] {
            document = step(document)
            version += 1
            document[versionKey] = .number(Double(version))
        }
        precondition(version == current, "no upgrade step from version \(version)")
        return document
    }
}

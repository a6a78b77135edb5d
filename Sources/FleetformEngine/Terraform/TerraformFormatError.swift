/// A Terraform document Fleetform cannot read or write: a state of another format, a field of the
/// wrong shape, a manifest the Terraform language cannot express. The message says what to do.
public struct TerraformFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The full message.
    public let message: String

    private init(_ message: String) { self.message = message }

    public var description: String { message }

    /// `file` is not a Terraform state Fleetform reads.
    static func unreadableState(file: String, _ detail: String) -> Self {
        Self("\(file) is not a Terraform state Fleetform can read: \(detail)")
    }

    /// `file` is a Terraform state of `version`, not format 4.
    static func stateVersion(file: String, found: Int) -> Self {
        let what =
            found < 4
            ? "written by Terraform before 0.12; run 'terraform plan' with Terraform 1.x once to upgrade it to format 4"
            : "newer than format 4; write it with a Terraform that still writes format 4 (any 1.x does)"
        return Self("\(file) is a Terraform state of format \(found), \(what)")
    }

    /// The manifest holds something the Terraform language cannot say as Fleetform writes it.
    static func inexpressible(_ address: String, _ detail: String) -> Self {
        Self("\(address) cannot be exported to Terraform: \(detail)")
    }

    /// A resource type the schema does not cover.
    static func unknownType(_ type: String, provider: String) -> Self {
        Self(
            "\(type) is not in the \(provider) schema Fleetform carries; re-run scripts/gen-terraform-schema to add it")
    }
}

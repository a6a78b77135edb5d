import FleetformDSL
import FleetformModel

/// The stacks a Fleetform executable was built with, by name.
///
/// A team's executable hands its stacks to `Fleetform.main(stacks:)`; the catalog finds them by
/// name and refuses two stacks with one name (a diagnostic at the second declaration naming the
/// first), rather than silently using one of them.
public struct StackCatalog: Sendable {
    /// The stacks in the order they were given.
    public let stacks: [Stack]
    /// Problems with the list itself: two stacks with one name.
    public let diagnostics: [Diagnostic]
    private let byName: [String: Stack]

    /// A catalog of `stacks`.
    public init(_ stacks: [Stack]) {
        self.stacks = stacks
        var byName: [String: Stack] = [:]
        var diagnostics: [Diagnostic] = []
        for stack in stacks {
            if let first = byName[stack.name] {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "a second stack is named '\(stack.name)'; the first is declared at \(first.location)",
                        hint: "give each stack its own name", at: stack.location))
            } else {
                byName[stack.name] = stack
            }
        }
        self.byName = byName
        self.diagnostics = diagnostics
    }

    /// Every stack name, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// The stack called `name`, if any.
    public subscript(name: String) -> Stack? { byName[name] }

    /// The stack called `name`, or an error listing the known ones.
    public func stack(named name: String?) throws -> Stack {
        let known = stacks.map(\.name).joined(separator: ", ")
        guard let name else {
            throw OperationError("--stack is required; known stacks: \(known)")
        }
        guard let stack = byName[name] else {
            throw OperationError(
                "no stack named '\(name)'; known stacks: \(known) (stacks are the values passed to Fleetform.main(stacks:))"
            )
        }
        return stack
    }
}

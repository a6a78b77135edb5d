import FleetformModel

/// Renders the dependency graph of a stack as Graphviz DOT: one box per resource, an edge from
/// each resource to each resource it depends on, boxes filled by planned action when a plan is
/// given.
///
/// ```swift
/// print(GraphDOTRenderer().render(manifest: manifest, plan: plan))   // fleetform graph | dot -Tsvg
/// ```
public struct GraphDOTRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The graph of `manifest`'s resources; with `plan`, its deleted resources are added and
    /// every box is labelled and coloured by its action.
    public func render(manifest: Manifest, plan: Plan? = nil) -> String {
        var graph = DependencyGraph<ResourceAddress>()
        for resource in manifest.resources {
            graph.addNode(resource.address)
            for dependency in resource.allDependencies { graph.addEdge(from: resource.address, to: dependency) }
        }
        var actions: [ResourceAddress: ChangeAction] = [:]
        for change in plan?.changes ?? [] {
            actions[change.address] = change.action
            graph.addNode(change.address)
            for dependency in change.dependencies { graph.addEdge(from: change.address, to: dependency) }
        }
        return render(graph: graph, actions: actions)
    }

    /// Any graph of resources, boxes coloured by `actions` where given.
    public func render(graph: DependencyGraph<ResourceAddress>, actions: [ResourceAddress: ChangeAction] = [:])
        -> String
    {
        var out = "digraph fleetform {\n"
        out += "  rankdir = \"RL\";\n"
        out +=
            "  node [shape = \"box\", style = \"rounded,filled\", fillcolor = \"white\", fontname = \"Helvetica\"];\n"
        for node in graph.nodes.sorted() {
            var attributes = ["label = \(Self.quoted(label(node, actions[node])))"]
            if let action = actions[node], action != .noOp {
                attributes.append("fillcolor = \(Self.quoted(Self.fill(action)))")
            }
            out += "  \(Self.quoted(node.description)) [\(attributes.joined(separator: ", "))];\n"
        }
        for edge in graph.edges {
            out += "  \(Self.quoted(edge.dependent.description)) -> \(Self.quoted(edge.dependency.description));\n"
        }
        return out + "}\n"
    }

    private func label(_ address: ResourceAddress, _ action: ChangeAction?) -> String {
        guard let action, action != .noOp else { return address.description }
        return "\(action.symbol) \(address)"
    }

    /// The fill colour of an action: green create, yellow update, orange replace, red delete.
    static func fill(_ action: ChangeAction) -> String {
        switch action {
        case .noOp: return "white"
        case .create: return "#c8f2c2"
        case .update: return "#fbefb1"
        case .deleteThenCreate, .createThenDelete: return "#fdd4a3"
        case .delete: return "#f6c1c1"
        }
    }

    /// A DOT string literal.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}

import FleetformDSL

/// Every stack the CLI can plan and apply. Add a new stack's value here.
public let allStacks: [Stack] = [training, inference, preview, scale, flat]

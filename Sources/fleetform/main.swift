// This repository's own `fleetform`: the CLI over the example stacks in plans/. A team's
// executable is the same few lines over its own stacks (`fleetform init` writes them).
import FleetformCLI
import FleetformPlans

await Fleetform.main(stacks: allStacks)

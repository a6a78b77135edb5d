// The FleetformCost target; its code lands with its issue.

// The FleetformCapacity target; its code lands with its issue.

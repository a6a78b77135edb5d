// The FleetformDSL target; its code lands with its issue.

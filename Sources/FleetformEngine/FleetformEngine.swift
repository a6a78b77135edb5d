// The FleetformEngine target; its code lands with its issue.

// The FleetformAWS target; its code lands with its issue.

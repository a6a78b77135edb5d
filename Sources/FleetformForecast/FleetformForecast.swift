// The FleetformForecast target; its code lands with its issue.

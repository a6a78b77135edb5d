// A stack file needs only `import FleetformDSL`: the model types it mentions come along.
@_exported import FleetformModel

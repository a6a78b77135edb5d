// Tests for FleetformCLI.

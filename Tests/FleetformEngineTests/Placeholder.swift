// Tests for FleetformEngine.

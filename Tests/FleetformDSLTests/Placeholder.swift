// Tests for FleetformDSL.

// Tests for FleetformCost.

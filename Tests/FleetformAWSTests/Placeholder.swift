// Tests for FleetformAWS.

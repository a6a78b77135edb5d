// Tests for FleetformForecast.

// Tests for AWSSigV4.

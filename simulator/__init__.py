"""A local Flatchr simulator: both hosts, seeded data, request log and fault injection."""

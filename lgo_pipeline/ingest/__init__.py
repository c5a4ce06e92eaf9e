"""Finding, hashing and decoding raw decision files: pure functions, no Dagster."""

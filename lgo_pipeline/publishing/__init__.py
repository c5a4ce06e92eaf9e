"""What readers see: the working copy a run writes and its publication (with the report), the single-writer
lock, and read-only access for people's SQL. No Dagster."""

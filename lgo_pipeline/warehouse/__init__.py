"""The DuckDB warehouse the Python assets write: one declaration of their tables, connections, transactions,
and the reads and writes of ingest, parse and the organisation register. No Dagster."""

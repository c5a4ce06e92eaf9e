"""lgo-pipeline: LGSCO decision statements turned into a DuckDB warehouse."""

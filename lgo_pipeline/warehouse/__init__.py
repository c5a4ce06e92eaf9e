"""DuckDB storage of the Python-produced layers (raw, staging): plain functions over a connection."""

"""Fetch the Ombudsman's published decisions into the raw folder, politely and resumably (no Dagster here)."""

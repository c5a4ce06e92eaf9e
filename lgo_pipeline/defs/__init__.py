"""Dagster definitions only: thin assets, checks, schedules and sensors over the library."""

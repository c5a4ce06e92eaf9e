"""Outcome, category and organisation lookups."""


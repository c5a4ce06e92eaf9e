"""Normalisation of outcomes, categories and organisation names: pure functions, no Dagster."""

"""A small dbt: SQL models in `dbt_like_sql/`, refs and sources, docs and column tests. No Dagster."""

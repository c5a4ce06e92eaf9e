"""One asset and one set of checks per SQL model in dbt_like_sql/."""


"""Where the bundled SQL project is: the package's own copy in an install (the wheel carries dbt_like_sql/
inside lgo_pipeline/, pyproject.toml's build configuration), the repository's top-level folder in a checkout
(an editable install). Kept free of imports, so that a quick check of the code can find it cheaply."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def bundled_sql_dir() -> Path:
    installed = _PACKAGE / "dbt_like_sql"
    return installed if installed.is_dir() else _PACKAGE.parent / "dbt_like_sql"

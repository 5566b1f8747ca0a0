"""The importer's statements (``sql/import_*.sql``), run on the cursor given.

The cursor is the import's own transaction when there is one: store-dependent rules then see a
replacement's old rows as already gone, and a failure rolls every write back.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from mututrack.queries import bind, sql_text

__all__ = ["known", "run"]


def known(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run ``sql/import_known_<name>.sql`` (or another ``import_`` query) on the given cursor."""
    text = sql_text(name if name.startswith("import_") else f"import_known_{name}")
    return cur.execute(text, bind(text, params)).df()


def run(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Execute ``sql/<name>.sql`` on the given cursor with its ``$parameters`` bound from ``params``."""
    text = sql_text(name)
    return cur.execute(text, bind(text, params))

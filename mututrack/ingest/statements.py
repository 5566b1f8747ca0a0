"""The importer's statements (``sql/import_*.sql``), run on the cursor given.

The cursor is the import's own transaction when there is one: store-dependent rules then see a
replacement's old rows as already gone, and a failure rolls every write back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from mututrack.queries import bind, sql_text, table_sql

__all__ = ["known", "run", "rows_of", "COUNTED"]

# The store tables an import (or the demo) fills, answers apart: they carry no import id and belong
# to their import through their respondent. Their names are written into SQL templates
# (import_insert_rows, import_rows_of_table), so only these are accepted.
COUNTED = (
    "entities", "projects", "project_services", "project_entities", "charter_steps", "agents", "events",
    "attendance", "waves", "questions", "respondents", "choices", "comments", "career_events", "proposals",
    "actions",
)


def known(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Run ``sql/import_known_<name>.sql`` (or another ``import_`` query) on the given cursor."""
    text = sql_text(name if name.startswith("import_") else f"import_known_{name}")
    return cur.execute(text, bind(text, params)).df()


def run(cur: duckdb.DuckDBPyConnection, name: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Execute ``sql/<name>.sql`` on the given cursor with its ``$parameters`` bound from ``params``."""
    text = sql_text(name)
    return cur.execute(text, bind(text, params))


def rows_of(cur: duckdb.DuckDBPyConnection, tables: Iterable[str], import_ids: list[int]) -> dict[str, int]:
    """How many rows of each of ``tables`` (names from :data:`COUNTED`, or ``answers``) the imports
    ``import_ids`` brought."""
    counts = {}
    for table in tables:
        text = sql_text("import_answer_rows") if table == "answers" else table_sql(
            "import_rows_of_table", table=table, tables=COUNTED
        )
        counts[table] = int(cur.execute(text, bind(text, {"import_ids": import_ids})).fetchall()[0][0])
    return counts

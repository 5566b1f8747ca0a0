"""The project's SQL as text: one query per file of ``mututrack/sql/``, its ``$name`` parameters
bound from keyword arguments, never formatted in. Used by the store and by the code that runs
statements inside a store's transaction (imports, keys, the audit log)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

__all__ = ["SQL_DIR", "sql_text", "table_sql", "execute", "bind"]

SQL_DIR = Path(__file__).parent / "sql"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def sql_text(name: str) -> str:
    """The text of ``mututrack/sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def table_sql(name: str, *, table: str, tables: Collection[str]) -> str:
    """The text of ``sql/<name>.sql`` naming ``table`` where it says ``{table}``: a table name is
    text in the statement, never a bound value, so it must be one of the caller's ``tables``."""
    if table not in tables:
        raise ValueError(f"{table!r} is not one of the tables {name} may name")
    return sql_text(name).replace("{table}", table)


def execute(cur: duckdb.DuckDBPyConnection, text: str, **params: Any) -> duckdb.DuckDBPyConnection:
    """Run one statement on the caller's cursor (inside its transaction), binding the ``$name``
    parameters it uses from ``params``; the cursor, to fetch from."""
    return cur.execute(text, bind(text, params))


def bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``params`` the statement refers to as ``$name`` (DuckDB rejects extra ones)."""
    wanted = set(_PARAM.findall(sql))
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"SQL parameters not provided: {sorted(missing)}")
    return {key: params[key] for key in wanted}

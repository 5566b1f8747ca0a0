"""The schema of a store: numbered migrations, applied once each, and the SQL macros, created
again every time a store opens.

Migrations change tables, and the ``schema_version`` table records the number of each one applied
(a database never runs one twice). Macros hold no data: ``sql/macros/*.sql`` defines each rule
(the WHO-5 index, reverse coding, a survey's scope) once, with ``create or replace macro``, so a
database made by any earlier version gets the current definitions on opening, and changing a
formula is an edit of one file rather than a new migration.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

__all__ = ["MIGRATIONS_DIR", "MACROS_DIR", "migrations", "migrate", "create_macros"]

PACKAGE_DIR = Path(__file__).parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
MACROS_DIR = PACKAGE_DIR / "sql" / "macros"


def migrations() -> list[tuple[int, Path]]:
    """The numbered migration files, in order."""
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    return [(int(f.name[:3]), f) for f in files]


def macro_files() -> list[Path]:
    """The files of ``sql/macros``, in name order."""
    return sorted(MACROS_DIR.glob("*.sql"))


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply, each in its own transaction, the migrations ``schema_version`` does not list yet."""
    cur = con.cursor()
    try:
        cur.execute(
            "create table if not exists schema_version "
            "(version integer primary key, applied_at timestamp default current_timestamp)"
        )
        done = {r[0] for r in cur.execute("select version from schema_version").fetchall()}
        for number, path in migrations():
            if number not in done:
                _in_transaction(cur, path.read_text(encoding="utf-8"), number)
    finally:
        cur.close()


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every macro of ``sql/macros``, in one transaction, after the migrations (the
    tables they read must exist)."""
    cur = con.cursor()
    try:
        _in_transaction(cur, "\n".join(p.read_text(encoding="utf-8") for p in macro_files()))
    finally:
        cur.close()


def _in_transaction(cur: duckdb.DuckDBPyConnection, text: str, version: int | None = None) -> None:
    """Run ``text`` (several statements) in one transaction, recording migration ``version``."""
    cur.execute("begin transaction")
    try:
        cur.execute(text)
        if version is not None:
            cur.execute("insert into schema_version (version) values ($v)", {"v": version})
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise

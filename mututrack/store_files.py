"""A store's file as a whole: dated backups, rewriting it into a fresh file, and the gate that
holds queries back while the connection moves to the new file (:meth:`Store.rewrite`)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

__all__ = ["Gate", "backup_path", "copy_database", "replace_file"]


def backup_path(path: Path) -> Path:
    """A free name beside ``path``: ``<name>.<YYYYMMDD-HHMMSS>.backup[-n].duckdb``."""
    target = path.with_name(f"{path.stem}.{dt.datetime.now():%Y%m%d-%H%M%S}.backup{path.suffix}")
    return next(
        candidate
        for n in range(100)
        if not (candidate := target.with_stem(target.stem + (f"-{n}" if n else ""))).exists()
    )


def copy_database(cur: duckdb.DuckDBPyConnection, target: Path, alias: str) -> None:
    """Every table, sequence, constraint and macro of the cursor's database, copied into the file
    ``target`` (attached as ``alias`` meanwhile), with DuckDB's ``COPY FROM DATABASE``: a consistent
    copy while the file stays open (a byte copy could miss what is still in the write-ahead log)."""
    name = cur.execute("select current_database()").fetchall()[0][0]
    cur.execute(f"attach '{_quoted(target)}' as {alias}")
    try:
        cur.execute('copy from database "{}" to {}'.format(name.replace('"', '""'), alias))
    finally:
        cur.execute(f"detach {alias}")


def replace_file(path: str, fresh: Path) -> None:
    """Put ``fresh`` in place of the file ``path``, whose connection the caller closed (and opens
    again afterwards, whatever happens); refused while another connection of this process holds it."""
    if not _only_connection(path):  # the file would change under the other one
        fresh.unlink()
        raise RuntimeError(f"{path} is open in another connection of this process: not rewritten")
    os.replace(fresh, path)
    Path(f"{path}.wal").unlink(missing_ok=True)


def _quoted(path: Path) -> str:
    """A path as the text of a SQL string literal (ATTACH takes no bound parameter)."""
    return str(path).replace("'", "''")


def _only_connection(path: str) -> bool:
    """True when no other connection of this process holds ``path``.

    DuckDB shares one database instance per file within a process: while another connection keeps
    it alive, connecting again returns it, still reading the replaced file. Connecting with another
    configuration is refused exactly then.
    """
    try:
        probe = duckdb.connect(path, config={"custom_user_agent": "mututrack-probe"})  # never the app's own
    except duckdb.ConnectionException:
        return False
    probe.close()
    return True


class Gate:
    """Many queries at once, or one swap of the connection (:meth:`Store.rewrite`), never both."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._queries = 0
        self._swapping = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._swapping)
            self._queries += 1
        try:
            yield
        finally:
            with self._changed:
                self._queries -= 1
                self._changed.notify_all()

    @contextmanager
    def swapping(self) -> Iterator[None]:
        with self._changed:
            self._swapping = True
            self._changed.wait_for(lambda: self._queries == 0)
        try:
            yield
        finally:
            with self._changed:
                self._swapping = False
                self._changed.notify_all()

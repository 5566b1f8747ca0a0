"""The only module that opens DuckDB.

One read-write connection per process and database file, a fresh cursor per query or
transaction (a shared connection used by two threads fails with "connection is busy"), one
process-wide write lock, numbered migrations recorded in ``schema_version``, and
``data_version()``, a counter bumped by every committed write so that caches keyed on it see
every import at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mututrack import store_files
from mututrack.queries import bind, sql_text
from mututrack.store_schema import create_macros, migrate, migrations

__all__ = [
    "Store",
    "StoreLockedError",
    "default_db_path",
    "open_store",
    "close_all",
    "question_ids",
    "set_aside",
    "scratch_query",
    "migrations",
]

PACKAGE_DIR = Path(__file__).parent
REPO_DATA_DIR = PACKAGE_DIR.parent / "data"
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


class StoreLockedError(RuntimeError):
    """The database file is held by another process; the message says which, in French and English."""

    def __init__(self, path: str, detail: str) -> None:
        holder = _LOCK_HOLDER.search(detail)
        who = f"{holder['program']} (PID {holder['pid']})" if holder else "?"
        super().__init__(
            f"La base {path} est déjà ouverte par un autre programme : {who}. "
            "Arrêtez ce programme (par exemple l'application MutuTrack) "
            "ou utilisez --db avec un autre fichier.\n"
            f"The database {path} is already open in another process: {who}. "
            "Stop that process (for instance the MutuTrack app) or pass --db with another file."
        )
        self.path = path
        self.holder = who


def default_db_path() -> Path:
    """The database file: ``MUTUTRACK_DB`` when set, else ``data/mututrack.duckdb`` in the project."""
    return Path(os.environ.get("MUTUTRACK_DB") or REPO_DATA_DIR / "mututrack.duckdb")


class Store:
    """A MutuTrack database: cursors, named queries, write transactions and the data version."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._write_lock = threading.RLock()
        self._gate = store_files.Gate()  # queries wait while rewrite() swaps the file under the connection
        # Values derived from the data by the layers above (a wave's publication), keyed with the
        # data_version they were read at, so that a write makes them unreachable.
        self.memo: dict[tuple, Any] = {}
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = _connect(self.path)
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise StoreLockedError(self.path, str(error)) from None
            raise
        migrate(self._con)
        create_macros(self._con)
        self._seed_catalogue()

    # -- reading -----------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A fresh cursor: its own transaction, safe to use from one thread."""
        return self._con.cursor()

    def query(
        self, name: str, *, frames: dict[str, pd.DataFrame] | None = None, **params: Any
    ) -> pd.DataFrame:
        """Run ``sql/<name>.sql`` with its ``$parameters`` bound from ``params``; ``frames`` are
        DataFrames the query reads as tables of those names (registered on its cursor only)."""
        return self.sql(sql_text(name), frames=frames, **params)

    def sql(self, text: str, *, frames: dict[str, pd.DataFrame] | None = None, **params: Any) -> pd.DataFrame:
        """Run one statement with bound parameters (and ``frames`` as tables) and return a DataFrame."""
        with self._gate.reading():
            cur = self.cursor()
            try:
                for name, frame in (frames or {}).items():
                    cur.register(name, frame)
                return cur.execute(text, bind(text, params)).df()
            finally:
                cur.close()

    def scalar(self, text: str, **params: Any) -> Any:
        """The first value of the first row of a statement (None when it returns no row)."""
        with self._gate.reading():
            cur = self.cursor()
            try:
                row = cur.execute(text, bind(text, params)).fetchone()
            finally:
                cur.close()
        return None if row is None else row[0]

    def value(self, name: str, **params: Any) -> Any:
        """The first value of the first row of ``sql/<name>.sql`` (None when it returns no row)."""
        return self.scalar(sql_text(name), **params)

    def data_version(self) -> int:
        """A counter that changes on every committed import, undo or setting change."""
        return int(self.scalar("select value from meta where key = 'data_version'"))

    def remember(self, key: tuple, value: Any, *, most: int = 64) -> None:
        """Keep ``value`` in :attr:`memo` under ``key`` (forgetting everything past ``most`` entries)."""
        if len(self.memo) >= most:
            self.memo.clear()
        self.memo[key] = value

    def is_demo(self) -> bool:
        """True while the store holds only the demo territory (no real import yet)."""
        return bool(
            self.scalar(
                "select count(*) filter (where status = 'demo') > 0 "
                "and count(*) filter (where status = 'imported') = 0 from imports"
            )
        )

    def holds_real_data(self) -> bool:
        """True when an organisation's own file was ever imported here (even if undone since)."""
        return bool(self.value("imports_hold_real_data"))

    def backup(self) -> Path | None:
        """A dated copy of this store beside it, ``<name>.<YYYYMMDD-HHMMSS>.backup.duckdb``, returned;
        None for an in-memory store. The copy keeps the store's id and its wrapped key, so it opens
        with the same installation secret, kept outside the data folder (:mod:`mututrack.keys`).

        Made under the write lock, with DuckDB's ``COPY FROM DATABASE`` (a consistent copy while the
        file stays open; a byte copy could miss what is still in the write-ahead log).
        """
        if self.path == ":memory:":
            return None
        target = store_files.backup_path(Path(self.path))
        with self._write_lock:
            cur = self.cursor()
            try:
                store_files.copy_database(cur, target, "mututrack_backup")
            finally:
                cur.close()
        return target

    def is_empty(self) -> bool:
        """True when nothing was ever imported or generated."""
        return self.scalar("select count(*) from imports where status in ('imported', 'demo')") == 0

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A stored setting, or ``default``."""
        value = self.scalar("select value from settings where key = $key", key=key)
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (bumps the data version, as every write does)."""
        with self.transaction() as cur:
            cur.execute(
                "insert or replace into settings values ($key, $value)", {"key": key, "value": value}
            )

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, bump_version: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction under the process-wide lock; rolled back whole on any error.

        ``bump_version=False`` is for writes no page computes from (an audit entry for a download),
        so that they do not empty every session's cache.
        """
        with self._write_lock:
            cur = self.cursor()
            cur.execute("begin transaction")
            try:
                yield cur
                if bump_version:
                    cur.execute(
                        "update meta set value = cast(cast(value as bigint) + 1 as varchar) "
                        "where key = 'data_version'"
                    )
                    cur.execute("delete from view_results")  # pages kept for the old data (views/stored.py)
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
            finally:
                cur.close()

    def try_write(self, statements: list[tuple[str, dict[str, Any]]]) -> bool:
        """Run ``statements`` in one transaction that does not bump the data version, only if no
        other write is under way (False then, and nothing written): for caches a page may fill
        without ever waiting behind an import."""
        if not self._write_lock.acquire(blocking=False):
            return False
        try:
            with self.transaction(bump_version=False) as cur:
                for text, params in statements:
                    cur.execute(text, bind(text, params))
        finally:
            self._write_lock.release()
        return True

    def next_import_id(self, cur: duckdb.DuckDBPyConnection) -> int:
        """A new import id, drawn inside the caller's transaction."""
        # fetchall, not fetchone: DuckDB 2.0 keeps a half-read result open and refuses the next register()
        return int(cur.execute("select nextval('import_id_seq')").fetchall()[0][0])

    def clear_demo(self, cur: duckdb.DuckDBPyConnection) -> bool:
        """Remove the demo territory inside the caller's transaction; True when there was one.

        Called by the first real import so that demo rows never mix with an organisation's data.
        Action plans typed in the app while the demo was shown were about the demo's groups: they
        go with it (the dated backup made before that import keeps them).
        """
        rows = cur.execute("select import_id from imports where status = 'demo'").fetchall()
        demo_ids = [r[0] for r in rows]
        if not demo_ids:
            return False
        delete_import_rows(cur, demo_ids)
        cur.execute("delete from import_files where import_id in (select unnest($ids))", {"ids": demo_ids})
        cur.execute("delete from imports where import_id in (select unnest($ids))", {"ids": demo_ids})
        cur.execute("delete from actions where import_id is null")
        return True

    def secret(self, *, keep: bool = True) -> bytes:
        """The key that pseudonymises identifiers and seals original files (:func:`keys.store_key`;
        ``keep=False``: a dry run, which never writes a new key).

        Raises :class:`keys.KeyUnavailableError` rather than making a new key for a store that holds
        an organisation's data, and :class:`keys.KeyInDataFolderError` for a key left in the data folder.
        """
        from mututrack import keys

        return keys.store_key(self, keep=keep)

    def rewrite(self) -> None:
        """Copy the whole store into a fresh file and put it in place of this one.

        Deleted rows stay in a DuckDB file's bytes: CHECKPOINT frees their blocks without wiping
        them, VACUUM and rebuilding a table leave them too, and column statistics keep the first
        bytes of the largest string ever stored (measured with DuckDB 2.0, docs/privacy.md). Only a
        fresh file holds nothing but the rows that remain. The copy runs under the write lock beside
        queries; the swap waits for the queries of :meth:`sql` and :meth:`scalar` to end and holds
        new ones back (a cursor taken with :meth:`cursor` and still in use then fails).
        """
        if self.path == ":memory:":
            return
        fresh = Path(f"{self.path}.rewrite")
        with self._write_lock:
            self._copy_to(fresh)
            with self._gate.swapping():
                self._swap_in(fresh)

    def _copy_to(self, fresh: Path) -> None:
        """Every table, sequence, constraint and macro of the store, copied into the new file ``fresh``."""
        for leftover in (fresh, Path(f"{fresh}.wal")):
            leftover.unlink(missing_ok=True)
        cur = self.cursor()
        try:
            store_files.copy_database(cur, fresh, "mututrack_rewrite")
        except BaseException:
            fresh.unlink(missing_ok=True)  # detached first: a half-made copy is never kept
            raise
        finally:
            cur.close()

    def _swap_in(self, fresh: Path) -> None:
        """Put ``fresh`` in place of the store's file and connect to it (no query may run meanwhile)."""
        self._con.close()
        try:
            store_files.replace_file(self.path, fresh)
        finally:
            self._con = _connect(self.path)

    def close(self) -> None:
        """Close the connection (further use raises)."""
        self._con.close()

    # -- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(self.scalar("select coalesce(max(version), 0) from schema_version"))

    def _seed_catalogue(self) -> None:
        """Insert the standard questions the first time (custom imported ones come with an import_id)."""
        if self.scalar("select count(*) from questions where import_id is null"):
            return
        frame = _standard_questions()[["code", "text_fr", "text_en", "dimension", "scale", "reverse"]]
        with self.transaction(bump_version=False) as cur:
            frame = frame.assign(question_id=frame["code"].map(question_ids(cur, frame["code"])))
            cur.register("standard_questions", frame)
            cur.execute("insert into questions by name select *, null as import_id from standard_questions")
            cur.unregister("standard_questions")


def _standard_questions():  # imported lazily: the catalogue is data, not a dependency of the store
    from mututrack import catalogue

    return catalogue.questions()


def question_ids(cur: duckdb.DuckDBPyConnection, codes: Any) -> dict[str, int]:
    """Each question code's integer id (migration 006), inside the caller's transaction.

    A code seen for the first time gets the next free id, kept for good: undoing an import never
    frees it, so answers always find their question again when its code comes back.
    """
    wanted = sorted(set(codes))
    cur.execute(
        "insert into question_ids "
        "select code, (select coalesce(max(question_id), 0) from question_ids) "
        "+ row_number() over (order by code) "
        "from (select unnest($codes::varchar[]) as code) where code not in (select code from question_ids)",
        {"codes": wanted},
    )
    rows = cur.execute(
        "select code, question_id from question_ids where code in (select unnest($codes::varchar[]))",
        {"codes": wanted},
    ).fetchall()
    return dict(rows)


def delete_import_rows(cur: duckdb.DuckDBPyConnection, import_ids: list[int]) -> None:
    """Delete every row the imports ``import_ids`` brought, inside the caller's transaction: the rows
    carrying their import id, then the answers of their respondents (numeric answers belong to
    their import through their respondent, migration 006), then the respondents."""
    params = {"ids": list(import_ids)}
    for table in data_tables(cur):
        cur.execute(f"delete from {table} where import_id in (select unnest($ids))", params)
    cur.execute(
        "delete from answers where respondent_id in "
        "(select respondent_id from respondents where import_id in (select unnest($ids)))",
        params,
    )
    cur.execute("delete from respondents where import_id in (select unnest($ids))", params)


def data_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables whose rows carry an ``import_id`` (choices and comments included), respondents excepted."""
    rows = cur.execute(
        "select table_name from duckdb_columns() where column_name = 'import_id' "
        "and schema_name = 'main' and table_name not in ('imports', 'import_files', 'respondents')"
    ).fetchall()
    return sorted(r[0] for r in rows)


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def open_store(path: str | Path | None = None) -> Store:
    """The process-wide Store for ``path`` (default: :func:`default_db_path`), opened once.

    Raises :class:`keys.KeyInDataFolderError` while the pseudonymisation key sits in the database's
    folder (unless ``MUTUTRACK_ALLOW_KEY_IN_DATA=1``): the app does not start that way.
    """
    from mututrack import keys

    key = str(Path(path or default_db_path()).resolve())
    keys.check_placement(key)
    with _stores_lock:
        if key not in _stores:
            _stores[key] = Store(key)
        return _stores[key]


def close_all() -> None:
    """Close every store this process opened (tests use it between databases)."""
    with _stores_lock:
        for store in _stores.values():
            store.close()
        _stores.clear()


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    """A connection to ``path`` without DuckDB's progress bar, which a query longer than two seconds
    would otherwise print into the command's output (the JSON of ``report`` and ``bench``)."""
    con = duckdb.connect(path)
    con.execute("set enable_progress_bar = false")
    return con


def scratch_query(name: str, **params: Any) -> pd.DataFrame:
    """Run ``sql/<name>.sql`` on a fresh in-memory DuckDB, for queries over files (the
    observatory's Parquet), never over a territory's store."""
    con = _connect(":memory:")
    try:
        text = sql_text(name)
        return con.execute(text, bind(text, params)).df()
    finally:
        con.close()


def set_aside(path: str | Path) -> Path | None:
    """Before the file ``path`` is replaced: refuse if another process holds it, keep a copy if it matters.

    Raises :class:`StoreLockedError` while another process (the app) has it open: deleting the file
    under it would lose what it writes next. When it holds an organisation's own imports, or cannot
    be read as a store at all, a byte copy of it as it was is kept beside it,
    ``<name>.<YYYYMMDD-HHMMSS>.backup.duckdb``, and returned; a demo-only store is not worth a copy.
    The copy keeps the store's id, and so finds its key outside the data folder (:mod:`keys`); a key
    file of an earlier version, beside the database, goes with the copy, never to the next store.
    """
    path = Path(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.stem}.{stamp}.backup{path.suffix}")
    shutil.copy2(path, backup)  # first: opening the file below may migrate it
    try:
        opened = Store(path)
    except StoreLockedError:
        backup.unlink()
        raise
    except (duckdb.Error, OSError):
        return backup  # not a store we can read: it was somebody's file
    try:
        real = opened.holds_real_data()
    finally:
        opened.close()
    legacy = path.with_suffix(".key")
    if not real:
        backup.unlink()
        legacy.unlink(missing_ok=True)  # the key of demo data only: nothing was pseudonymised with it
        return None
    if legacy.exists():
        os.replace(legacy, backup.with_suffix(".key"))
    return backup

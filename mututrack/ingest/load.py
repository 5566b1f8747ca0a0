"""Load: a file's rows prepared and written in one transaction (:func:`load`); undone the same way.

:func:`insert_tables` is the write itself: canonical rows of store tables, stamped with an import id.

- Everything is validated before the import is committed, and the write is one transaction: a
  rejected file, or a failure half-way, leaves the store as it was. (A survey's answers are inserted
  while its other columns are still being checked; a problem found then rolls them back.)
- The first real import removes the demo territory in the same transaction (and says so).
- Every accepted file's bytes are kept; an import is undone by deleting the rows carrying its
  ``import_id`` and the answers of its respondents (``store.delete_import_rows``; the history keeps
  the record, marked ``undone``), then rewriting the file so that no byte of them is left
  (``Store.rewrite``).
- Re-importing a roster: agents already in the store are duplicates, an error naming the import
  that holds them. The monthly roster update is a *replacement* of the previous roster import
  (:func:`~mututrack.ingest.pipeline.replace`: undo and import in one transaction), so that leavers
  disappear and nobody is counted twice; attendance and careers keep pointing at the same people
  because keys are stable.
- A survey wave belongs to one import; a corrected file replaces it the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mututrack import audit, keys, vault
from mututrack.ingest.job import (
    STATUS_IMPORTED,
    STATUS_REJECTED,
    STATUS_UNDONE,
    Context,
    ImportResult,
    Prepared,
    Understood,
)
from mututrack.ingest.prepare import prepare
from mututrack.ingest.problems import IngestError, error, warning
from mututrack.ingest.read import Table
from mututrack.ingest.statements import COUNTED, known, run
from mututrack.publication import build as publication
from mututrack.queries import sql_text
from mututrack.store import Store, delete_import_rows, question_ids

__all__ = [
    "load",
    "insert_tables",
    "INSERTABLE",
    "undo",
    "history",
    "original_file",
    "purge_undone",
    "remember_mapping",
    "remembered_mapping",
]

ROW_GROUP = 122_880  # DuckDB's row group size
# A survey's answers are inserted while its other columns are checked (responses.prepare); imports
# are serialised by the store's write lock, so one worker is enough.
INSERTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-insert")
INSERTABLE = frozenset(COUNTED)  # the tables whose name sql/import_insert_rows.sql may be given


def load(store: Store, table: Table, ctx: Context, understood: Understood, *, file_name: str, sha: str,
         sealed: Future, user: str, role: str | None = None, replacing: int | None = None,
         k_threshold: int | None = None,
         current: Callable[[duckdb.DuckDBPyConnection], dict[str, pd.DataFrame]] = lambda cur: {},
         ) -> tuple[Prepared, int]:
    """Prepare ``table`` and write it in one transaction (both or neither); its rows and import id.

    Inside the transaction, in order: the import replaced (``replacing``) is undone, the file is
    prepared (:func:`mututrack.ingest.prepare.prepare`, on the transaction's cursor), the demo
    territory is cleared, the rows, the wave, the record and the sealed file are written, a
    replaced wave stays published, and the audit says so. ``current(cur)`` gives the store's rows
    read beside the file when they are still current. Raises IngestError, nothing written.
    """
    with store.transaction() as cur:
        ctx.cur = cur
        ctx.lookups = current(cur)
        early = _Early(cur)
        ctx.insert_early = early.start
        published = _published_waves(cur, replacing)
        if replacing is not None:
            _undo_rows(cur, replacing, user)
        prepared = prepare(understood.kind, table, ctx, understood)
        cleared = store.clear_demo(cur)
        import_id = _write(
            cur, prepared, understood, sealed, file_name, sha, user, ctx, cleared, k_threshold, early
        )
        _keep_publication(cur, published, import_id)
        _audit(cur, understood.kind, file_name, prepared.rows, import_id, replacing, user, role)
    return prepared, import_id


def _published_waves(cur, import_id: int | None) -> list[tuple]:
    """The published waves of an import about to be replaced: (wave, locked threshold)."""
    if import_id is None:
        return []
    return run(cur, "import_published_waves", import_id=import_id).fetchall()


def _keep_publication(cur, published: list[tuple], import_id: int) -> None:
    """A corrected file of a published wave stays published, with the threshold it was locked with."""
    for wave, k in published:
        run(cur, "import_keep_published", k_threshold=k, wave=wave, import_id=import_id)


def _audit(
    cur,
    kind: str,
    file_name: str,
    rows: int,
    import_id: int,
    replacing: int | None,
    user: str,
    role: str | None,
) -> None:
    """The audit entry of an import or a replacement (file, kind and count; never a person's identifier)."""
    detail = f"{kind} · {file_name} · {rows} · n° {import_id}"
    if replacing is not None:
        detail += f" (remplace / replaces n° {replacing})"
    audit.record(
        cur, user=user, role=role, action="import" if replacing is None else "replace", detail=detail
    )


@dataclass
class _Early:
    """Ids drawn, and tables inserted, before the rest of the file is written (in the same transaction)."""

    cur: Any
    import_id: int | None = None
    respondent_ids: np.ndarray | None = None
    inserted: tuple[str, ...] = ()

    def start(self, tables: dict[str, Any], respondents: int) -> Future:
        """Number ``tables`` (local respondent numbers) and insert them in the background; the cursor is
        the worker's until the returned future is done."""
        self.import_id = _next_import_id(self.cur)
        self.respondent_ids = _draw_respondent_ids(self.cur, respondents)
        numbered = {name: _renumbered(rows, self.respondent_ids) for name, rows in tables.items()}
        self.inserted = tuple(tables)
        return INSERTER.submit(insert_tables, self.cur, numbered, self.import_id)


def _write(
    cur,
    prepared: Prepared,
    understood: Understood,
    sealed: Future,
    file_name: str,
    sha: str,
    user: str,
    ctx: Context,
    cleared: bool,
    k_threshold: int | None,
    early: _Early,
) -> int:
    import_id = early.import_id if early.import_id is not None else _next_import_id(cur)
    if cleared:
        prepared.warnings.insert(0, warning("demo_cleared"))
    tables = {name: rows for name, rows in prepared.tables.items() if name not in early.inserted}
    if "questions" in tables:  # each question's integer id, for good (store.question_ids)
        questions = tables["questions"]
        tables["questions"] = questions.assign(
            question_id=questions["code"].map(question_ids(cur, questions["code"]))
        )
    if "respondents" in tables:
        ids = (
            early.respondent_ids
            if early.respondent_ids is not None
            else _draw_respondent_ids(cur, len(tables["respondents"]))
        )
        tables = {name: _renumbered(rows, ids) for name, rows in tables.items() if name != "respondents"} | {
            "respondents": tables["respondents"].append_column("respondent_id", pa.array(ids))}
        _insert_wave(cur, prepared.wave, import_id, k_threshold)
    insert_tables(cur, tables, import_id)
    warnings_text = "\n".join(w.message() for w in prepared.warnings) or None
    run(
        cur,
        "import_insert_record",
        import_id=import_id,
        kind=understood.kind,
        file_name=file_name,
        sha256=sha,
        rows=prepared.rows,
        wave=(prepared.wave or {}).get("wave"),
        source_format=understood.source_format,
        user=user,
        warnings=warnings_text,
    )
    run(cur, "import_keep_file", import_id=import_id, content=sealed.result())
    _save_mapping(cur, ctx)
    return import_id


def _next_import_id(cur) -> int:
    return int(run(cur, "import_next_id").fetchall()[0][0])


def _draw_respondent_ids(cur, count: int) -> np.ndarray:
    """``count`` real respondent ids from the sequence, in order."""
    drawn = run(cur, "import_respondent_ids", count=count).fetchnumpy()["id"] if count else []
    return np.sort(np.asarray(drawn, dtype=np.int64)).astype(np.int32)


def _renumbered(rows: pa.Table, ids: np.ndarray) -> pa.Table:
    """Answers, choices or comments with the real respondent ids in place of their local numbers
    (``respondent``)."""
    local = rows.column("respondent")
    # under the write lock the drawn ids follow each other: an addition then does what a lookup would
    consecutive = len(ids) == 0 or int(ids[-1]) - int(ids[0]) == len(ids) - 1
    real = (
        pc.add(local, pa.scalar(int(ids[0]) if len(ids) else 0, pa.int32()))
        if consecutive
        else pa.array(ids).take(local)
    )
    return rows.drop_columns("respondent").append_column("respondent_id", real)

def insert_tables(
    cur: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table | pd.DataFrame], import_id: int
) -> None:
    """Insert canonical rows for the import ``import_id``, inside the caller's transaction.

    ``tables``: store table name -> rows without their import id (pandas or Arrow), as a preparer
    gives them (:class:`~mututrack.ingest.job.Prepared`), respondents already numbered (answers,
    choices and comments carry ``respondent_id``). Every table but ``answers`` must be one of
    :data:`INSERTABLE`; each row is stamped with ``import_id`` (numeric answers belong to their
    import through their respondent). Empty tables are skipped.
    """
    for name, rows in tables.items():
        _insert(cur, name, rows, import_id)


def _insert_wave(cur, wave: dict[str, Any], import_id: int, k_threshold: int | None) -> None:
    run(
        cur,
        "import_insert_wave",
        wave=wave["wave"],
        opened_at=wave["opened_at"],
        closed_at=wave["closed_at"],
        k_threshold=k_threshold,
        import_id=import_id,
    )


def _insert(cur, table: str, rows: Any, import_id: int) -> None:
    if len(rows) == 0:
        return
    arrow = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
    # one record batch per DuckDB row group: DuckDB scans batches in parallel
    arrow = pa.Table.from_batches(arrow.to_batches(max_chunksize=ROW_GROUP), schema=arrow.schema)
    cur.register("incoming_rows", arrow)
    try:
        # the import id is a constant DuckDB adds (numeric answers have none: they belong to the import
        # through their respondent)
        if table == "answers":
            run(cur, "import_insert_answers")
        else:
            cur.execute(_insert_rows_sql(table), {"import_id": import_id})
    finally:
        cur.unregister("incoming_rows")


@cache
def _insert_rows_sql(table: str) -> str:
    """``sql/import_insert_rows.sql`` for one table of :data:`INSERTABLE` (any other name is
    refused: the name is written into the statement)."""
    if table not in INSERTABLE:
        raise ValueError(f"not a table an import fills: {table!r}")
    return sql_text("import_insert_rows").replace("{table}", table)


def _save_mapping(cur, ctx: Context) -> None:
    for header, code in ctx.hand_mapping.items():
        if code:
            run(cur, "import_remember_mapping", source=ctx.source_format, header=header, code=code)

def remember_mapping(store: Store, source: str, mapping: dict[str, str]) -> None:
    """Remember hand mappings of survey columns for ``source`` (offered again at the next wave)."""
    with store.transaction() as cur:
        _save_mapping(cur, Context(cur, b"", source, None, mapping))


def remembered_mapping(store: Store, source: str) -> dict[str, str]:
    """The hand mappings remembered for ``source``: header -> question code."""
    frame = store.query("import_column_mappings", source=source)
    return dict(zip(frame["header"], frame["question_code"], strict=True))


def _undo_rows(cur, import_id: int, user: str) -> dict[str, Any]:
    """Delete an import's rows inside the caller's transaction and mark it undone; raises IngestError."""
    record = known(cur, "import_one", import_id=import_id)
    if record.empty:
        raise IngestError([error("unknown_import", value=import_id)])
    status = record.iloc[0]["status"]
    if status != STATUS_IMPORTED:
        raise IngestError([error("not_undoable", value=import_id, status=status)])
    delete_import_rows(cur, [import_id])
    run(cur, "import_mark_undone", import_id=import_id, user=user)
    return record.iloc[0].to_dict()


def undo(store: Store, import_id: int, *, user: str, role: str | None = None) -> ImportResult:
    """Remove exactly the rows of one import, in one transaction; the history keeps it as ``undone``."""
    try:
        with store.transaction() as cur:
            record = _undo_rows(cur, int(import_id), user)
            detail = f"{record['kind']} · {record['file_name']} · {record['rows']} · n° {int(import_id)}"
            audit.record(cur, user=user, role=role, action="undo", detail=detail)
    except IngestError as failed:
        return ImportResult(None, STATUS_REJECTED, problems=failed.problems)
    publication.refresh_all(store)
    store.rewrite()  # the removed rows (comments, names) leave no bytes behind in the file
    return ImportResult(
        record["kind"], STATUS_UNDONE, int(record["rows"]), int(import_id), wave=record["wave"]
    )


def purge_undone(store: Store, *, user: str, role: str | None = None) -> int:
    """Delete the kept original files of every undone import, then rewrite the store so that no byte
    of anything removed is left (``Store.rewrite``); returns how many files went. The history keeps
    each import's record; its file is then reported unavailable."""
    with store.transaction() as cur:
        count = run(cur, "import_purge_undone").fetchall()[0][0]
        audit.record(cur, user=user, role=role, action="setting", detail=f"purge · {count}")
    store.rewrite()
    return int(count)


def history(store: Store) -> pd.DataFrame:
    """Every real import, newest first: import_id, kind, file_name, rows, wave, source_format,
    imported_by, imported_at, status, undone_at, undone_by, warnings."""
    return store.query("import_history")


def original_file(store: Store, import_id: int) -> tuple[str, bytes]:
    """The name and bytes of an accepted file, exactly as it was uploaded.

    Raises KeyError when there is none, when the store's key cannot be opened (:mod:`keys`), or when
    it was sealed under another key (see :mod:`vault`).
    """
    frame = store.query("import_original_file", import_id=int(import_id))
    if frame.empty:
        raise KeyError(import_id)
    try:
        content = vault.unseal(bytes(frame.iloc[0]["content"]), store.secret())
    except (vault.SealError, keys.StoreKeyError):
        raise KeyError(import_id) from None
    return str(frame.iloc[0]["file_name"]), content

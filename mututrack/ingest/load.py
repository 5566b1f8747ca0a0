"""Importing, undoing and replacing files: each in one transaction, each exact.

- A byte-identical file of the same kind already imported is recognised by its sha256: the result
  says ``already_imported`` and nothing is written.
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
  (:func:`replace`: undo and import in one transaction), so that leavers disappear and nobody is
  counted twice; attendance and careers keep pointing at the same people because keys are stable.
- A survey wave belongs to one import; a corrected file replaces it the same way.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mututrack import audit, keys
from mututrack.ingest import canonical, detect, read, responses, vault, worker  # noqa: F401  (responses: loaded before any timing)
from mututrack.ingest.canonical import Context, Prepared, Understood, known
from mututrack.ingest.kinds import KINDS
from mututrack.ingest.problems import IngestError, Problem, error, warning
from mututrack.publication import build as publication
from mututrack.publication import suppression as privacy
from mututrack.store import Store, delete_import_rows, question_ids, sql_text

__all__ = ["ImportResult", "import_file", "preview", "undo", "replace", "replace_wave", "history", "original_file", "purge_undone", "remember_mapping", "remembered_mapping"]

ROW_GROUP = 122_880  # DuckDB's row group size
# Hashing and sealing the original (sha256, zstd, AES-GCM) release the GIL: they run beside reading,
# validation and the inserts.
SEALER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-seal")
# A survey's answers are inserted while its other columns are checked (responses.prepare); imports
# are serialised by the store's write lock, so one worker is enough.
INSERTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-insert")
# What a survey import reads from the store is read beside the file (DuckDB and Arrow both release
# the GIL), then used only if no write happened in between (the data version tells).
LOOKUP = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-lookup")
SURVEY_LOOKUPS = ("questions", "waves", "entities")
STATUS_IMPORTED, STATUS_ALREADY, STATUS_DRY, STATUS_REJECTED, STATUS_UNDONE = (
    "imported", "already_imported", "dry_run", "rejected", "undone",
)


@dataclass
class ImportResult:
    """What happened to a file: its status, rows, import id, problems and warnings, what was understood."""

    kind: str | None
    status: str
    rows: int = 0
    import_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    understood: Understood = field(default_factory=Understood)
    wave: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != STATUS_REJECTED

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON: kind, status, rows, import_id, wave, warnings and what was understood."""
        u = self.understood
        return {
            "kind": self.kind,
            "status": self.status,
            "rows": self.rows,
            "import_id": self.import_id,
            "wave": self.wave,
            "warnings": [w.message() for w in self.warnings],
            "format": u.source_format,
            "file_format": u.file_format,
            "encoding": u.encoding,
            "separator": u.separator,
            "unmatched_columns": u.unmatched,
        }


def import_file(
    store: Store,
    kind: str | None,
    data: bytes,
    file_name: str,
    *,
    wave: str | None = None,
    fmt: str = "auto",
    dry_run: bool = False,
    user: str = "cli",
    mapping: dict[str, str] | None = None,
    replacing: int | None = None,
    role: str | None = None,
    publish: bool = True,
    isolated: bool = False,
) -> ImportResult:
    """Validate ``data`` as ``kind`` (``None``/``"auto"``: detected) and import it in one transaction;
    then, unless ``publish`` is False (the benchmark times the two apart), store what the survey
    waves publish (``publication.refresh_all``). ``isolated``: read the file in a child process
    under memory and time limits (:mod:`worker`)."""
    understood = Understood(kind=None if kind in (None, "auto") else kind)
    hashed = SEALER.submit(lambda: hashlib.sha256(data).hexdigest())  # beside the reading
    lookups = LOOKUP.submit(_Lookups.read, store, understood.kind, hashed) if replacing is None and understood.kind in (None, "responses") else None
    try:
        table = _understand(store, kind, data, file_name, fmt, understood, lookups, isolated=isolated)
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    finally:
        if lookups is not None:
            wait([lookups])  # whatever happened, the store is no longer in use when the caller hears of it
    sha = hashed.result()
    found = lookups.result() if lookups is not None else None
    if found is not None and store.data_version() != found.version:
        found = None  # something was written while the file was read: everything is read again
    same = found.same if found is not None and found.kind == understood.kind else store.query("import_same_file", sha256=sha, kind=understood.kind)
    if not same.empty and replacing is None:
        row = same.iloc[0]
        return ImportResult(understood.kind, STATUS_ALREADY, int(row["rows"]), int(row["import_id"]), understood=understood, wave=row["wave"])
    try:
        secret = store.secret(keep=not dry_run)
    except keys.StoreKeyError as refused:  # never a new key for a store with data: people would count twice
        problem = error("key_unavailable", reason={"fr": refused.fr, "en": refused.en})
        return ImportResult(understood.kind, STATUS_REJECTED, problems=[problem], understood=understood)
    ctx = Context(None, secret, understood.source_format or "template", wave, dict(mapping or {}))
    if dry_run:
        ctx.lookups = found.frames if found is not None else {}
        return _dry_run(store, table, ctx, understood)
    k_threshold = (found.k_threshold if found is not None else privacy.threshold(store)) if understood.kind == "responses" else None
    sealed = SEALER.submit(vault.seal, data, ctx.secret)
    try:
        with store.transaction() as cur:
            ctx.cur = cur
            ctx.lookups = found.frames if found is not None and found.current(cur) else {}
            early = _Early(cur)
            ctx.insert_early = early.start
            published = _published_waves(cur, replacing)
            if replacing is not None:
                _undo_rows(cur, replacing, user)
            prepared = canonical.prepare(understood.kind, table, ctx, understood)
            cleared = store.clear_demo(cur)
            import_id = _write(cur, prepared, understood, sealed, file_name, sha, user, ctx, cleared, k_threshold, early)
            _keep_publication(cur, published, import_id)
            _audit(cur, understood.kind, file_name, prepared.rows, import_id, replacing, user, role)
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    wave_label = (prepared.wave or {}).get("wave")
    if publish:  # the figures pages read are stored with the data they come from
        publication.refresh_all(store)
    if replacing is not None:  # the replaced rows leave no bytes behind (Store.rewrite)
        store.rewrite()
    return ImportResult(understood.kind, STATUS_IMPORTED, prepared.rows, import_id, warnings=prepared.warnings, understood=understood, wave=wave_label)


def _published_waves(cur, import_id: int | None) -> list[tuple]:
    """The published waves of an import about to be replaced: (wave, locked threshold)."""
    if import_id is None:
        return []
    return cur.execute(
        "select wave, k_threshold from waves where import_id = $id and published", {"id": import_id}
    ).fetchall()


def _keep_publication(cur, published: list[tuple], import_id: int) -> None:
    """A corrected file of a published wave stays published, with the threshold it was locked with."""
    for wave, k in published:
        cur.execute(
            "update waves set published = true, k_threshold = $k where wave = $wave and import_id = $id",
            {"k": k, "wave": wave, "id": import_id},
        )


def _audit(cur, kind: str, file_name: str, rows: int, import_id: int, replacing: int | None, user: str, role: str | None) -> None:
    """The audit entry of an import or a replacement (file, kind and count; never a person's identifier)."""
    detail = f"{kind} · {file_name} · {rows} · n° {import_id}"
    if replacing is not None:
        detail += f" (remplace / replaces n° {replacing})"
    audit.record(cur, user=user, role=role, action="import" if replacing is None else "replace", detail=detail)


def preview(store: Store, kind: str | None, data: bytes, file_name: str, **options: Any) -> ImportResult:
    """What an import would do, without writing: the same as ``import_file(..., dry_run=True)``, the
    file read in a child process under memory and time limits (the server is shared by every user)."""
    return import_file(store, kind, data, file_name, dry_run=True, isolated=True, **options)


@dataclass
class _Lookups:
    """The store's rows a survey import reads (SURVEY_LOOKUPS), whether the same file is already in,
    and the anonymity threshold, read beside the file; ``version`` is the data version they are of."""

    kind: str | None
    version: int
    frames: dict[str, pd.DataFrame]
    same: pd.DataFrame
    k_threshold: int

    @classmethod
    def read(cls, store: Store, kind: str | None, hashed: Future) -> _Lookups:
        version = store.data_version()  # first: a write after it makes these rows stale, and tells
        frames = {name: store.query(f"import_known_{name}") for name in SURVEY_LOOKUPS}
        same = store.query("import_same_file", sha256=hashed.result(), kind=kind) if kind else pd.DataFrame()
        return cls(kind, version, frames, same, privacy.threshold(store))

    def current(self, cur) -> bool:
        """True when nothing was written since they were read (``cur``: the import's transaction)."""
        return int(cur.execute("select value from meta where key = 'data_version'").fetchall()[0][0]) == self.version


def _understand(store: Store, kind: str | None, data: bytes, file_name: str, fmt: str, understood: Understood,
                lookups: Future | None = None, *, isolated: bool = False) -> read.Table:
    table = (worker.read_bounded if isolated else read.read)(data, file_name)
    understood.file_format, understood.encoding, understood.separator = table.file_format, table.encoding, table.separator
    understood.rows = table.rows
    understood.source_format = detect.detect_format(table.headers) if fmt in (None, "auto") else fmt
    if understood.kind is None:
        questions = lookups.result().frames["questions"] if lookups is not None else store.sql(sql_text("import_known_questions"))
        understood.kind = detect.detect_kind(table.headers, questions)
        if understood.kind is None:
            raise IngestError([error("unknown_kind", kinds=", ".join(KINDS), file=file_name)])
    elif understood.kind not in KINDS:
        raise IngestError([error("bad_kind", value=understood.kind, kinds=", ".join(KINDS))])
    return table


def _dry_run(store: Store, table: read.Table, ctx: Context, understood: Understood) -> ImportResult:
    cur = store.cursor()
    try:
        ctx.cur = cur
        prepared = canonical.prepare(understood.kind, table, ctx, understood)
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    finally:
        cur.close()
    if store.is_demo():
        prepared.warnings.append(warning("demo_will_clear"))
    return ImportResult(understood.kind, STATUS_DRY, prepared.rows, warnings=prepared.warnings, understood=understood, wave=(prepared.wave or {}).get("wave"))


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
        return INSERTER.submit(_insert_all, self.cur, numbered, self.import_id)


def _write(cur, prepared: Prepared, understood: Understood, sealed: Future, file_name: str, sha: str, user: str, ctx: Context, cleared: bool, k_threshold: int | None, early: _Early) -> int:
    import_id = early.import_id if early.import_id is not None else _next_import_id(cur)
    if cleared:
        prepared.warnings.insert(0, warning("demo_cleared"))
    tables = {name: rows for name, rows in prepared.tables.items() if name not in early.inserted}
    if "questions" in tables:  # each question's integer id, for good (store.question_ids)
        questions = tables["questions"]
        tables["questions"] = questions.assign(question_id=questions["code"].map(question_ids(cur, questions["code"])))
    if "respondents" in tables:
        ids = early.respondent_ids if early.respondent_ids is not None else _draw_respondent_ids(cur, len(tables["respondents"]))
        tables = {name: _renumbered(rows, ids) for name, rows in tables.items() if name != "respondents"} | {
            "respondents": tables["respondents"].append_column("respondent_id", pa.array(ids))}
        _insert_wave(cur, prepared.wave, import_id, k_threshold)
    _insert_all(cur, tables, import_id)
    warnings_text = "\n".join(w.message() for w in prepared.warnings) or None
    cur.execute(
        "insert into imports (import_id, kind, file_name, sha256, rows, wave, source_format, imported_by, warnings) "
        "values ($id, $kind, $file, $sha, $rows, $wave, $fmt, $user, $warnings)",
        {"id": import_id, "kind": understood.kind, "file": file_name, "sha": sha, "rows": prepared.rows,
         "wave": (prepared.wave or {}).get("wave"), "fmt": understood.source_format, "user": user, "warnings": warnings_text},
    )
    cur.execute("insert into import_files values ($id, $content)", {"id": import_id, "content": sealed.result()})
    _save_mapping(cur, ctx)
    return import_id


def _next_import_id(cur) -> int:
    return int(cur.execute("select nextval('import_id_seq')").fetchall()[0][0])


def _draw_respondent_ids(cur, count: int) -> np.ndarray:
    """``count`` real respondent ids from the sequence, in order."""
    drawn = cur.execute("select nextval('respondent_id_seq') as id from range($n)", {"n": count}).fetchnumpy()["id"] if count else []
    return np.sort(np.asarray(drawn, dtype=np.int64)).astype(np.int32)


def _renumbered(rows: pa.Table, ids: np.ndarray) -> pa.Table:
    """Answers, choices or comments with the real respondent ids in place of their local numbers (``respondent``)."""
    local = rows.column("respondent")
    # under the write lock the drawn ids follow each other: an addition then does what a lookup would
    consecutive = len(ids) == 0 or int(ids[-1]) - int(ids[0]) == len(ids) - 1
    real = pc.add(local, pa.scalar(int(ids[0]) if len(ids) else 0, pa.int32())) if consecutive else pa.array(ids).take(local)
    return rows.drop_columns("respondent").append_column("respondent_id", real)


def _insert_all(cur, tables: dict[str, Any], import_id: int) -> None:
    for name, rows in tables.items():
        _insert(cur, name, rows, import_id)


def _insert_wave(cur, wave: dict[str, Any], import_id: int, k_threshold: int | None) -> None:
    cur.execute(
        "insert into waves (wave, opened_at, closed_at, k_threshold, import_id) values ($wave, $opened, $closed, $k, $id)",
        {"wave": wave["wave"], "opened": wave["opened_at"], "closed": wave["closed_at"], "k": k_threshold, "id": import_id},
    )


def _insert(cur, table: str, rows: Any, import_id: int) -> None:
    if len(rows) == 0:
        return
    arrow = rows if isinstance(rows, pa.Table) else pa.Table.from_pandas(rows, preserve_index=False)
    # one record batch per DuckDB row group: DuckDB scans batches in parallel
    arrow = pa.Table.from_batches(arrow.to_batches(max_chunksize=ROW_GROUP), schema=arrow.schema)
    cur.register("incoming_rows", arrow)
    try:
        # table names come from code, never from a file; the import id is a constant DuckDB adds
        # (numeric answers have none: they belong to the import through their respondent)
        stamp = "" if table == "answers" else ", $id as import_id"
        cur.execute(f"insert into {table} by name select *{stamp} from incoming_rows", {"id": import_id} if stamp else {})
    finally:
        cur.unregister("incoming_rows")


def _save_mapping(cur, ctx: Context) -> None:
    for header, code in ctx.hand_mapping.items():
        if code:
            cur.execute(
                "insert or replace into column_mappings values ($source, $header, $code)",
                {"source": ctx.source_format, "header": header, "code": code},
            )


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
    cur.execute(
        "update imports set status = 'undone', undone_at = current_timestamp, undone_by = $user where import_id = $id",
        {"id": import_id, "user": user},
    )
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
    return ImportResult(record["kind"], STATUS_UNDONE, int(record["rows"]), int(import_id), wave=record["wave"])


def replace(store: Store, import_id: int, data: bytes, file_name: str, *, kind: str | None = None, wave: str | None = None, user: str = "cli", **options: Any) -> ImportResult:
    """Undo ``import_id`` and import ``data`` in its place, in one transaction (both or neither).

    The kind and the wave label default to the replaced import's. The file is read in a child
    process under limits (:mod:`worker`) unless ``isolated=False``: the Import page replaces a file
    straight from an upload, with no preview before.
    """
    options.setdefault("isolated", True)
    record = store.query("import_one", import_id=int(import_id))
    if record.empty:
        return ImportResult(kind, STATUS_REJECTED, problems=[error("unknown_import", value=import_id)])
    old = record.iloc[0]
    return import_file(
        store, kind or old["kind"], data, file_name,
        wave=wave or (None if pd.isna(old["wave"]) else old["wave"]), user=user, replacing=int(import_id), **options,
    )


replace_wave = replace


def purge_undone(store: Store, *, user: str, role: str | None = None) -> int:
    """Delete the kept original files of every undone import, then rewrite the store so that no byte
    of anything removed is left (``Store.rewrite``); returns how many files went. The history keeps
    each import's record; its file is then reported unavailable."""
    with store.transaction() as cur:
        count = cur.execute(
            "delete from import_files where import_id in (select import_id from imports where status = 'undone')"
        ).fetchall()[0][0]
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

"""The import of one file, step by step (see the package's steps): read and detect
(:func:`_understand`), then a dry run prepares its rows without writing (:func:`_dry_run`), and an
import loads them (:func:`mututrack.ingest.load.load`: prepared and written in one transaction).

- A byte-identical file of the same kind already imported is recognised by its sha256: the result
  says ``already_imported`` and nothing is written.
- What a survey import reads from the store (its questions, waves and entities, the same-file check,
  the anonymity threshold) is read beside the file, and used only if nothing was written since.
- Once the rows are in, the figures the pages read are published again (``publication.refresh_all``).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mututrack import keys, vault
from mututrack.ingest import detect, load, read, worker
from mututrack.ingest.job import (
    STATUS_ALREADY,
    STATUS_DRY,
    STATUS_IMPORTED,
    STATUS_REJECTED,
    Context,
    ImportResult,
    Understood,
)
from mututrack.ingest.kinds import KINDS
from mututrack.ingest.prepare import prepare
from mututrack.ingest.problems import IngestError, error, warning
from mututrack.ingest.statements import run
from mututrack.publication import build as publication
from mututrack.publication import suppression as privacy
from mututrack.store import Store

__all__ = ["import_file", "preview", "replace", "replace_wave"]

# Hashing and sealing the original (sha256, zstd, AES-GCM) release the GIL: they run beside reading,
# validation and the inserts.
SEALER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-seal")
# What a survey import reads from the store is read beside the file (DuckDB and Arrow both release
# the GIL), then used only if no write happened in between (the data version tells).
LOOKUP = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mututrack-lookup")
SURVEY_LOOKUPS = ("questions", "waves", "entities")


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
    # read and detect; beside them, the file's hash and what a survey import reads from the store
    hashed = SEALER.submit(lambda: hashlib.sha256(data).hexdigest())  # beside the reading
    lookups = (
        LOOKUP.submit(_Lookups.read, store, understood.kind, hashed)
        if replacing is None and understood.kind in (None, "responses")
        else None
    )
    try:
        table = _understand(store, kind, data, file_name, fmt, understood, lookups, isolated=isolated)
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    finally:
        if lookups is not None:
            wait([lookups])  # whatever happened, the store is no longer in use when the caller hears of it
    # a byte-identical file already imported is not imported again
    sha = hashed.result()
    found = lookups.result() if lookups is not None else None
    if found is not None and store.data_version() != found.version:
        found = None  # something was written while the file was read: everything is read again
    same = (
        found.same
        if found is not None and found.kind == understood.kind
        else store.query("import_same_file", sha256=sha, kind=understood.kind)
    )
    if not same.empty and replacing is None:
        row = same.iloc[0]
        return ImportResult(
            understood.kind,
            STATUS_ALREADY,
            int(row["rows"]),
            int(row["import_id"]),
            understood=understood,
            wave=row["wave"],
        )
    try:
        secret = store.secret(keep=not dry_run)
    except keys.StoreKeyError as refused:  # never a new key for a store with data: people would count twice
        problem = error("key_unavailable", reason={"fr": refused.fr, "en": refused.en})
        return ImportResult(understood.kind, STATUS_REJECTED, problems=[problem], understood=understood)
    # headers, validate, prepare: without writing (dry run), or inside the load's transaction
    ctx = Context(None, secret, understood.source_format or "template", wave, dict(mapping or {}))
    if dry_run:
        ctx.lookups = found.frames if found is not None else {}
        return _dry_run(store, table, ctx, understood)
    k_threshold = (
        (found.k_threshold if found is not None else privacy.threshold(store))
        if understood.kind == "responses"
        else None
    )
    sealed = SEALER.submit(vault.seal, data, ctx.secret)
    try:
        prepared, import_id = load.load(
            store, table, ctx, understood, file_name=file_name, sha=sha, sealed=sealed, user=user, role=role,
            replacing=replacing, k_threshold=k_threshold,
            current=lambda cur: found.frames if found is not None and found.current(cur) else {},
        )
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    wave_label = (prepared.wave or {}).get("wave")
    if publish:  # the figures pages read are stored with the data they come from
        publication.refresh_all(store)
    if replacing is not None:  # the replaced rows leave no bytes behind (Store.rewrite)
        store.rewrite()
    return ImportResult(
        understood.kind,
        STATUS_IMPORTED,
        prepared.rows,
        import_id,
        warnings=prepared.warnings,
        understood=understood,
        wave=wave_label,
    )


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
        return int(run(cur, "import_data_version").fetchall()[0][0]) == self.version


def _understand(store: Store, kind: str | None, data: bytes, file_name: str, fmt: str, understood: Understood,
                lookups: Future | None = None, *, isolated: bool = False) -> read.Table:
    table = (worker.read_bounded if isolated else read.read)(data, file_name)
    understood.file_format, understood.encoding, understood.separator = (
        table.file_format,
        table.encoding,
        table.separator,
    )
    understood.rows = table.rows
    understood.source_format = detect.detect_format(table.headers) if fmt in (None, "auto") else fmt
    if understood.kind is None:
        questions = (
            lookups.result().frames["questions"]
            if lookups is not None
            else store.query("import_known_questions")
        )
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
        prepared = prepare(understood.kind, table, ctx, understood)
    except IngestError as failed:
        return ImportResult(understood.kind, STATUS_REJECTED, problems=failed.problems, understood=understood)
    finally:
        cur.close()
    if store.is_demo():
        prepared.warnings.append(warning("demo_will_clear"))
    return ImportResult(
        understood.kind,
        STATUS_DRY,
        prepared.rows,
        warnings=prepared.warnings,
        understood=understood,
        wave=(prepared.wave or {}).get("wave"),
    )


def replace(
    store: Store,
    import_id: int,
    data: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    wave: str | None = None,
    user: str = "cli",
    **options: Any,
) -> ImportResult:
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
        store,
        kind or old["kind"],
        data,
        file_name,
        wave=wave or (None if pd.isna(old["wave"]) else old["wave"]),
        user=user,
        replacing=int(import_id),
        **options,
    )


replace_wave = replace

"""Each page's data kept in the store once computed, so that a page opened after a restart, in a
new process or by the next visitor answers at once (the issue's "computed at import and stored").

What is kept is exactly what a view returns (published figures, never answers: the views sit
above the publication layer), keyed by view, selection, language, the day it was computed for, the
data version and a fingerprint of the program. A committed write empties the table
(:meth:`Store.transaction`), so nothing kept outlives the data it was computed from, and an undone
import leaves no kept page behind. Free-text views (comments) are never kept.

The payload is JSON (frames as Arrow IPC streams, other values tagged) compressed with zstd: safe to
read back (no pickle: a database file copied from elsewhere cannot run code here) and exact (a test
compares every view of the demo with its round trip). A value the codec does not know is simply
not kept. :func:`warm` computes the default selection of every page after an import, an undo or the
demo, in French (the first language); anything else is kept the first time a user opens it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import importlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from mututrack import i18n
from mututrack.filters import Filters
from mututrack.queries import sql_text
from mututrack.store import Store
from mututrack.views import VIEWS, scoping

__all__ = [
    "NOT_KEPT", "CodecError", "encode", "decode", "fetch", "keep", "compute", "warm", "forget",
    "code_fingerprint",
]

log = logging.getLogger(__name__)

# free text stays in its own tables only (the answers', the proposals'), and is fast to read
NOT_KEPT = frozenset({"comments", "proposal_texts"})
PACKAGE = Path(__file__).resolve().parents[1]


class CodecError(TypeError):
    """A value the codec cannot write exactly: the view is then computed each time, not kept."""


@cache
def code_fingerprint() -> str:
    """A hash of the program's code, SQL, wording and catalogue: kept data from another version of
    MutuTrack is never read back."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".sql", ".json", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# -- the codec -------------------------------------------------------------------------------------
def _value(x: Any) -> Any:
    if x is None or isinstance(x, (bool, str, int, float)):
        return x
    if isinstance(x, np.generic):
        return _value(x.item())
    if x is pd.NA:
        return {"$na": 1}
    if x is pd.NaT:
        return {"$nat": 1}
    if isinstance(x, pd.Timestamp):
        return {"$ts": x.isoformat()}
    if isinstance(x, dt.datetime):
        return {"$dt": x.isoformat()}
    if isinstance(x, dt.date):
        return {"$d": x.isoformat()}
    if isinstance(x, list):
        return [_value(v) for v in x]
    if isinstance(x, tuple):
        return {"$tuple": [_value(v) for v in x]}
    if isinstance(x, dict) and all(isinstance(k, str) for k in x):
        return {"$dict": {k: _value(v) for k, v in x.items()}}
    if isinstance(x, pd.DataFrame):
        return {"$frame": _frame(x)}
    raise CodecError(type(x).__name__)


def _frame(frame: pd.DataFrame) -> dict[str, Any]:
    index = frame.index
    if not isinstance(index, pd.RangeIndex) or not all(isinstance(c, str) for c in frame.columns):
        raise CodecError("a frame with an index or column names other than a range and strings")
    objects = [c for c in frame.columns if frame[c].dtype == object]
    table = pa.Table.from_pandas(frame.drop(columns=objects), preserve_index=False)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {
        "columns": list(frame.columns),
        "range": [index.start, index.stop, index.step],
        "arrow": base64.b64encode(sink.getvalue().to_pybytes()).decode("ascii"),
        "objects": {c: [_value(v) for v in frame[c].tolist()] for c in objects},
    }


_TAGS: dict[str, Callable[[Any], Any]] = {
    "$na": lambda _: pd.NA,
    "$nat": lambda _: pd.NaT,
    "$ts": pd.Timestamp,
    "$dt": dt.datetime.fromisoformat,
    "$d": dt.date.fromisoformat,
    "$tuple": lambda v: tuple(_read(i) for i in v),
    "$dict": lambda v: {k: _read(i) for k, i in v.items()},
    "$frame": lambda v: _unframe(v),
}


def _read(x: Any) -> Any:
    if isinstance(x, list):
        return [_read(v) for v in x]
    if isinstance(x, dict):
        ((tag, body),) = x.items()
        return _TAGS[tag](body)
    return x


def _unframe(body: dict[str, Any]) -> pd.DataFrame:
    frame = pa.ipc.open_stream(base64.b64decode(body["arrow"])).read_all().to_pandas()
    frame.index = pd.RangeIndex(*body["range"])
    for column, values in body["objects"].items():
        frame[column] = pd.Series([_read(v) for v in values], index=frame.index, dtype=object)
    return frame[body["columns"]]


def _codec() -> pa.Codec:
    return pa.Codec("zstd", compression_level=1)


def encode(value: Any) -> bytes:
    """``value`` (a view's dict) as compressed bytes; raises :class:`CodecError` on an unknown type."""
    text = json.dumps(_value(value), separators=(",", ":"), allow_nan=True).encode("utf-8")
    return len(text).to_bytes(8, "little") + _codec().compress(text, asbytes=True)


def decode(payload: bytes) -> Any:
    """The value :func:`encode` wrote."""
    size = int.from_bytes(payload[:8], "little")
    return _read(json.loads(_codec().decompress(payload[8:], decompressed_size=size, asbytes=True)))


# -- reading and keeping ---------------------------------------------------------------------------
def _key(store: Store, name: str, filters_key: str, lang: str, day: dt.date) -> dict[str, Any]:
    return {"view": name, "filters": filters_key, "lang": lang, "day": day,
            "data_version": store.data_version(), "code": code_fingerprint()}


def fetch(store: Store, name: str, filters_key: str, lang: str, *, day: dt.date | None = None) -> Any | None:
    """The kept data of a view for the current data, or None."""
    if name in NOT_KEPT:
        return None
    rows = store.query("view_result_read", **_key(store, name, filters_key, lang, day or dt.date.today()))
    if rows.empty:
        return None
    try:
        return decode(bytes(rows["payload"].iloc[0]))
    except (CodecError, KeyError, ValueError, pa.ArrowException):  # written by something else: compute
        log.warning("kept data of view %s unreadable, computed again", name, exc_info=True)
        return None


def keep(store: Store, name: str, filters_key: str, lang: str, value: Any, *, seconds: float,
         day: dt.date | None = None, version: int | None = None) -> bool:
    """Keep a view's data (True when kept). Never waits behind a write: when the store is busy, or
    the data changed while it was computed (``version``, the data version it was computed from),
    it is not kept and the next visit computes it again."""
    if name in NOT_KEPT:
        return False
    key = _key(store, name, filters_key, lang, day or dt.date.today())
    if version is not None and version != key["data_version"]:
        return False
    try:
        payload = encode(value)
    except CodecError:
        log.info("view %s holds a value the store cannot keep exactly: computed each time", name)
        return False
    return store.try_write([
        (sql_text("view_result_forget"), key),
        (sql_text("view_result_keep"), {**key, "payload": payload, "computed_seconds": seconds}),
    ])


def compute(store: Store, name: str, filters: Filters, lang: str) -> dict[str, Any]:
    """A view's data for a selection and language: kept data when there is some, otherwise computed
    and kept. This is what :func:`mututrack.ui.view` calls under Streamlit's own cache. A scoped
    selection is everyone's data with the other entities' rows removed (:mod:`.scoping`)."""
    i18n.set_language(lang)
    return scoping.compute(store, name, filters, lambda chosen: _unscoped(store, name, chosen, lang))


def _unscoped(store: Store, name: str, filters: Filters, lang: str) -> dict[str, Any]:
    kept = fetch(store, name, filters.key(), lang)
    if kept is not None:
        return kept
    version = store.data_version()
    started = time.perf_counter()
    value = importlib.import_module(VIEWS[name]).compute(store, filters)
    keep(store, name, filters.key(), lang, value, seconds=time.perf_counter() - started, version=version)
    return value


def forget(store: Store) -> None:
    """Forget every page's kept view, without changing the data version (the data did not change):
    each is computed again the next time a page asks for it."""
    with store.transaction(bump_version=False) as cur:
        cur.execute(sql_text("view_results_forget_all"))


def warm(store: Store, *, langs: Iterable[str] = ("fr",),
         progress: Callable[[str, float], None] | None = None) -> dict[str, float]:
    """Compute and keep every page's default selection (seconds per view), so that the first visit
    after an import, an undo or the demo is as fast as the next ones."""
    names = [n for n in VIEWS if n not in NOT_KEPT]
    langs, current = list(langs), i18n.language()
    seconds: dict[str, float] = {}
    try:
        for step, (lang, name) in enumerate((lang, name) for lang in langs for name in names):
            if progress:
                progress(name, step / (len(names) * len(langs)))
            started = time.perf_counter()
            compute(store, name, Filters(), lang)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
    finally:
        i18n.set_language(current)
    return seconds

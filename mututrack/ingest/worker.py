"""Reading a file in a child process with a memory and a time limit, so that no file can take the server down.

The Streamlit server is one process shared by every user: a reader that blows up on a hostile or
broken file (a decompression bomb, a pathological CSV) must not exhaust its memory or hold it. The
Import page's preview therefore reads the file (:func:`mututrack.ingest.read.read`) in a child
process run as ``python -m mututrack.ingest.worker``, whose address space is capped with
``RLIMIT_AS`` and whose run is cut after a wall-clock limit. The child never opens the store (DuckDB
lets one process write it, and that process is the server); it hands back the cells as an Arrow IPC
file, or the problems it found, and the parent carries on with detection and validation.

Limits: ``MUTUTRACK_READ_MEMORY_MB`` (default 1536 MB of address space: a 54 MB CSV reads under 1024, a
workbook read by openpyxl takes more) and ``MUTUTRACK_READ_SECONDS`` (default 180: openpyxl read a
32,000-row, 44-column workbook, 93 MB unpacked, in 111 s on a loaded 2-core machine).
A child past either is refused with one message naming the file (``read_limits``). Reading
again on every rerun of the page would cost a process each time: the last tables read are kept,
keyed by the file's sha256 and name.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pyarrow as pa

from mututrack.ingest.problems import IngestError, error
from mututrack.ingest.read import Table

__all__ = ["read_bounded", "forget", "memory_limit_mb", "time_limit_seconds"]

ROW_NUMBERS = "__row_number"  # the column that carries each row's spreadsheet number back
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# Address space, not resident memory, is what RLIMIT_AS caps. Reading a 47 MB Windows-1252 CSV
# (resident peak about 340 MB) reserved 1.56 GB of it with Arrow's default allocator (mimalloc),
# 1.8 GB with the system one, 0.76 GB with jemalloc; glibc adds a 64 MB arena per thread unless told.
CHILD_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc", "MALLOC_ARENA_MAX": "2"}
KEPT = 2  # tables kept for the page's reruns (a 50 MB upload reads into about as much)
_kept: OrderedDict[tuple[str, str, int, int], Table] = OrderedDict()
_kept_lock = threading.Lock()


def memory_limit_mb() -> int:
    """The child's address-space limit in MB (``MUTUTRACK_READ_MEMORY_MB``, default 1536)."""
    return int(os.environ.get("MUTUTRACK_READ_MEMORY_MB", "1536"))


def time_limit_seconds() -> float:
    """The child's wall-clock limit in seconds (``MUTUTRACK_READ_SECONDS``, default 180)."""
    return float(os.environ.get("MUTUTRACK_READ_SECONDS", "180"))


def read_bounded(data: bytes, file_name: str) -> Table:
    """:func:`mututrack.ingest.read.read` run in a child process under the memory and time limits.

    Raises :class:`IngestError` with the reader's own problems, or ``read_limits`` when the child
    ran out of memory or time (or died in any other way).
    """
    memory, seconds = memory_limit_mb(), time_limit_seconds()
    key = (hashlib.sha256(data).hexdigest(), file_name, memory, int(seconds))
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    table = _read_in_child(data, file_name, memory, seconds)
    with _kept_lock:
        _kept[key] = table
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return table


def forget() -> None:
    """Drop the tables kept for reruns (the benchmark times a first reading)."""
    with _kept_lock:
        _kept.clear()


def _read_in_child(data: bytes, file_name: str, memory: int, seconds: float) -> Table:
    with tempfile.TemporaryDirectory(prefix="mututrack-read-") as folder:
        source, target = Path(folder) / "file", Path(folder) / "table"
        source.write_bytes(data)
        env = {
            **os.environ,
            **CHILD_ENV,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")])),
        }
        command = [
            sys.executable,
            "-m",
            "mututrack.ingest.worker",
            str(source),
            str(target),
            file_name,
            str(memory),
        ]
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=seconds, check=False)
        except subprocess.TimeoutExpired:  # run() has killed the child
            raise _over_limits(file_name, memory, seconds) from None
        if done.returncode != 0 or not target.exists():
            raise _over_limits(file_name, memory, seconds)
        return _unpacked(target.read_bytes())


def _over_limits(file_name: str, memory: int, seconds: float) -> IngestError:
    return IngestError([error("read_limits", file=file_name, memory=memory, seconds=int(seconds))])


def _unpacked(payload: bytes) -> Table:
    """The child's answer: an Arrow IPC stream (the table), or a pickle of the problems."""
    if payload.startswith(b"problems\n"):
        # written by our own child, in a folder only this process knows
        raise IngestError(pickle.loads(payload[len(b"problems\n"):]))  # noqa: S301
    arrow = pa.ipc.open_stream(payload).read_all()
    meta = json.loads(arrow.schema.metadata[b"mututrack"])
    rows = arrow.column(ROW_NUMBERS).to_numpy().astype(np.int64)
    cells = arrow.drop_columns([ROW_NUMBERS]).replace_schema_metadata(None).combine_chunks()
    return Table(meta["headers"], cells, rows, meta["file_format"], meta["encoding"], meta["separator"])


def _packed(table: Table) -> bytes:
    meta = {
        "headers": table.headers,
        "file_format": table.file_format,
        "encoding": table.encoding,
        "separator": table.separator,
    }
    arrow = table.arrow.append_column(ROW_NUMBERS, pa.array(table.row_numbers, pa.int64()))
    arrow = arrow.replace_schema_metadata({"mututrack": json.dumps(meta)})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, arrow.schema) as writer:
        writer.write_table(arrow)
    return sink.getvalue().to_pybytes()


def _child(source: str, target: str, file_name: str, memory_mb: int) -> int:
    """The child's work: cap its own memory, read the file, write the table or the problems."""
    import resource

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from mututrack.ingest import read

    try:
        payload = _packed(read.read(Path(source).read_bytes(), file_name))
    except IngestError as refused:
        payload = b"problems\n" + pickle.dumps(refused.problems)
    Path(target).write_bytes(payload)
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))

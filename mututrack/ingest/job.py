"""What an import hands on from step to step, and what it gives back (see the package's steps).

- :class:`Understood`: what was understood of the file (kind, tool, encoding, columns, a sample),
  filled in by the first steps and shown before anything is written;
- :class:`Context`: what a kind's rules need from outside the file (the cursor, the key, the wave);
- :class:`Prepared`: the canonical rows of each store table, ready to load, and the warnings;
- :class:`ImportResult`: what happened to the file, for the CLI and the Import page.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from mututrack.ingest.problems import Problem
from mututrack.ingest.statements import known

__all__ = ["Context", "Understood", "Prepared", "ImportResult", "SAMPLE_ROWS"]

SAMPLE_ROWS = 5  # the rows of the file the preview shows, as they were understood
STATUS_IMPORTED, STATUS_ALREADY, STATUS_DRY, STATUS_REJECTED, STATUS_UNDONE = (
    "imported", "already_imported", "dry_run", "rejected", "undone",
)


@dataclass
class Context:
    """What a kind's rules need from outside the file."""

    cur: duckdb.DuckDBPyConnection
    secret: bytes
    source_format: str = "template"
    wave: str | None = None
    hand_mapping: dict[str, str] = field(default_factory=dict)
    # set by an import (not a dry run): start inserting some tables now, (tables, respondents) -> Future
    insert_early: Callable[[dict[str, Any], int], Future] | None = None
    # rows of import_known_* queries read beside the file, checked current by the caller (pipeline._Lookups)
    lookups: dict[str, pd.DataFrame] = field(default_factory=dict)

    def known(self, name: str, **params: Any) -> pd.DataFrame:
        """A known_* query's rows: those read beside the file when there are, else read on the cursor."""
        return self.lookups[name] if name in self.lookups else known(self.cur, name, **params)


@dataclass
class Understood:
    """What the importer understood of a file, shown before anything is written."""

    kind: str | None = None
    file_format: str | None = None
    source_format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # header -> field or question code
    metadata: list[str] = field(default_factory=list)  # survey tool columns set aside
    unmatched: list[str] = field(default_factory=list)
    sample: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class Prepared:
    """Rows ready to insert (table -> frame without import_id) and the warnings to report."""

    tables: dict[str, Any]
    rows: int
    warnings: list[Problem] = field(default_factory=list)
    wave: dict[str, Any] | None = None
    respondents: int = 0



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

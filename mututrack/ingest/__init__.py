"""Import HR's files: bytes -> validated canonical rows -> one transaction (DESIGN.md "Import contract").

Steps, one module each: :mod:`read` (CSV dialects and encodings, ``.xlsx``, refusing what is not a
table or went through the wrong encoding), :mod:`detect` (which tool wrote it, which kind it is),
:mod:`map` (headers, survey questions and answer labels), :mod:`validate` (row rules, pandera),
:mod:`pseudonymise` (HMAC-SHA256 of people's identifiers), :mod:`load` (import, undo, replace,
history). :mod:`templates` writes the CSV and XLSX template of each kind.

Decisions worth knowing (details in :mod:`load`):

- Agents may name an entity the store does not know yet: they are imported and a warning lists the
  unknown ids (import the ``entities`` file, before or after, to give them a name and a kind).
  Nothing is created implicitly, so every row still belongs to exactly one import.
- A roster re-import with known matricules is rejected; the monthly roster update replaces the
  previous roster import in one step (``replace``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mututrack.ingest.kinds import KINDS, kind_names
    from mututrack.ingest.load import (
        ImportResult,
        history,
        import_file,
        original_file,
        preview,
        purge_undone,
        remember_mapping,
        remembered_mapping,
        replace,
        replace_wave,
        undo,
    )
    from mututrack.ingest.problems import Problem, problems_frame, report_csv

# Loaded on first use, so that reading a file (mututrack.ingest.worker's child process) does not
# import the store, DuckDB and the publication layer.
_HOMES = {
    "KINDS": "kinds", "kind_names": "kinds",
    "ImportResult": "load", "history": "load", "import_file": "load", "original_file": "load", "preview": "load",
    "purge_undone": "load", "remember_mapping": "load", "remembered_mapping": "load", "replace": "load", "replace_wave": "load", "undo": "load",
    "Problem": "problems", "problems_frame": "problems", "report_csv": "problems",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f"mututrack.ingest.{_HOMES[name]}"), name)
    try:  # a submodule: ``ingest.read`` works as it did when this package imported everything
        return importlib.import_module(f"mututrack.ingest.{name}")
    except ModuleNotFoundError as missing:
        if missing.name != f"mututrack.ingest.{name}":
            raise
        raise AttributeError(f"module 'mututrack.ingest' has no attribute {name!r}") from None


__all__ = [
    "KINDS",
    "ImportResult",
    "Problem",
    "history",
    "import_file",
    "kind_names",
    "original_file",
    "preview",
    "problems_frame",
    "purge_undone",
    "remember_mapping",
    "remembered_mapping",
    "replace",
    "replace_wave",
    "report_csv",
    "undo",
]

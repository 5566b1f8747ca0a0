"""Import HR's files: bytes -> validated canonical rows -> one transaction (DESIGN.md "Import contract").

One pipeline (:mod:`pipeline`), one module per step, each handing on one thing:

1. :mod:`read`: file bytes -> a :class:`~read.Table` of text cells (CSV dialects and encodings,
   ``.xlsx`` through :mod:`xlsx`, size limits in :mod:`limits`; refusing what is not a table or went
   through the wrong encoding). :mod:`worker` runs it in a child process under memory and time limits.
2. :mod:`detect`: the headers -> which tool wrote the file and which kind it is.
3. :mod:`headers`: headers -> canonical columns and survey question codes (:mod:`answers` turns
   answer labels into values).
4. :mod:`validate`: row rules of every kind, checked at once with pandera (:mod:`dates` reads dates).
5. :mod:`prepare`: one preparer per kind (:data:`~prepare.PREPARERS`; survey waves in
   :mod:`responses`, the others' rows built by :mod:`tables`) -> the canonical rows of each store
   table, people's identifiers pseudonymised (:mod:`pseudonymise`).
6. :mod:`load`: prepared and written in one transaction (import, replace, undo), the original file
   kept sealed (:mod:`mututrack.vault`).

What an import hands on from step to step is in :mod:`job` (what was understood, the rules'
context, the prepared rows, the result); :mod:`statements` runs the ``sql/import_*.sql`` queries;
:mod:`problems` says what is wrong with a file. :mod:`display` gives the Import page its tables,
:mod:`templates` writes the CSV and XLSX template of each kind, :mod:`samples` and
:mod:`territory_samples` the sample files.

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
    from mututrack.ingest.job import ImportResult
    from mututrack.ingest.kinds import KINDS, kind_names
    from mututrack.ingest.load import (
        history,
        original_file,
        purge_undone,
        remember_mapping,
        remembered_mapping,
        undo,
    )
    from mututrack.ingest.pipeline import import_file, preview, replace, replace_wave
    from mututrack.ingest.problems import Problem, problems_frame, report_csv

# Loaded on first use, so that reading a file (mututrack.ingest.worker's child process) does not
# import the store, DuckDB and the publication layer.
_HOMES = {
    "KINDS": "kinds", "kind_names": "kinds",
    "ImportResult": "job",
    "import_file": "pipeline", "preview": "pipeline", "replace": "pipeline", "replace_wave": "pipeline",
    "history": "load", "original_file": "load", "purge_undone": "load", "remember_mapping": "load",
    "remembered_mapping": "load", "undo": "load",
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

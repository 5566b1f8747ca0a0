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

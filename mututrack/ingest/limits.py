"""How big a file the importer reads: checked before anything is loaded, each with its own message.

A small file must not be able to make the server build a huge table: a zip declares what it unpacks
to, a sheet declares how far it extends, so both are checked before any cell is read, and every row
and cell read is checked again (a declaration can lie).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from mututrack.ingest.problems import IngestError, error

__all__ = [
    "MAX_BYTES",
    "MAX_UNPACKED_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELL_CHARS",
    "check_shape",
    "check_cells",
]

MAX_BYTES = 200 * 1024 * 1024  # the file as uploaded (the Import page's own limit is lower, see config.toml)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx once unzipped: a 300,000-agent roster is about 40 MB
MAX_ROWS = 200_000  # data rows, the header excepted: the largest demo wave has 116,117
MAX_COLUMNS = 500  # a LimeSurvey export of the whole questionnaire with timings has about 120
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell


def check_shape(rows: int, columns: int, file_name: str) -> None:
    """Refuse a table of more than :data:`MAX_ROWS` data rows or :data:`MAX_COLUMNS` columns."""
    problems = []
    if rows > MAX_ROWS:
        problems.append(error("too_many_rows", file=file_name, rows=rows, limit=MAX_ROWS))
    if columns > MAX_COLUMNS:
        problems.append(error("too_many_columns", file=file_name, columns=columns, limit=MAX_COLUMNS))
    if problems:
        raise IngestError(problems)


def check_cells(arrow: pa.Table, headers: list[str], row_numbers, file_name: str) -> None:
    """Refuse cells longer than :data:`MAX_CELL_CHARS` characters, naming each one's row and column."""
    problems = []
    for index, name in enumerate(arrow.column_names):
        lengths = pc.fill_null(pc.utf8_length(arrow.column(name)), 0).to_numpy(zero_copy_only=False)
        for position in (lengths > MAX_CELL_CHARS).nonzero()[0][:20]:
            column = headers[index] if index < len(headers) else name
            problems.append(
                error(
                    "cell_too_long",
                    row=int(row_numbers[position]),
                    column=column,
                    file=file_name,
                    length=int(lengths[position]),
                    limit=MAX_CELL_CHARS,
                )
            )
    if problems:
        raise IngestError(problems)

"""An ``.xlsx`` workbook's first sheet as rows of text, read so that no file can exhaust the server.

The zip's declared sizes and the sheet's declared extent are checked before any cell is read
(:mod:`limits`); rows are then read as the sheet stores them, never padded to the extent it declares
(openpyxl's ``iter_rows`` pads every row to the declared width and fills every missing row: a 2 KB
file declaring ``A1:XFD1048576`` made it build seventeen billion empty cells). A damaged workbook
(truncated, bad XML, a date that does not exist) is refused with a message naming the file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterator

from mututrack.ingest.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, check_shape
from mututrack.ingest.problems import IngestError, error

__all__ = ["rows"]

# What openpyxl, lxml and zipfile raise on a damaged workbook: SyntaxError covers both XML parsers'
# ParseError, zlib.error a truncated deflate stream, EOFError a member cut short, ValueError and
# OverflowError a typed date or number that does not exist.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, IndexError, OSError, ValueError,
           OverflowError, TypeError, AttributeError)


def rows(data: bytes, file_name: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the first sheet: (row number as Excel shows it, cells as text)."""
    import openpyxl

    _check_archive(data, file_name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DAMAGED as reason:
        raise _damaged(data, file_name, reason) from None
    try:
        if not book.worksheets:
            raise IngestError([error("xlsx_no_sheet", file=file_name)])
        sheet = book.worksheets[0]
        _check_declared(sheet, file_name)
        return [(number, cells) for number, cells in _sheet_rows(book, sheet, file_name) if any(cells)]
    except DAMAGED as reason:
        raise _damaged(data, file_name, reason) from None
    finally:
        book.close()


def _check_archive(data: bytes, file_name: str) -> None:
    """Refuse a zip that is not one, or that would unpack to more than :data:`MAX_UNPACKED_BYTES`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as reason:
        raise _damaged(data, file_name, reason) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise IngestError([
            error(
                "too_big_unpacked", file=file_name, size=unpacked // 2**20, limit=MAX_UNPACKED_BYTES // 2**20
            )
        ])


def _check_declared(sheet, file_name: str) -> None:
    """Refuse a sheet whose ``<dimension>`` reaches beyond the limits, before reading any cell."""
    check_shape(max((sheet.max_row or 1) - 1, 0), sheet.max_column or 0, file_name)


def _sheet_rows(book, sheet, file_name: str) -> Iterator[tuple[int, list[str]]]:
    """Each row the sheet stores, as text, checked against the limits as it is read."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with book._archive.open(sheet._worksheet_path) as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            if number > MAX_ROWS + 1:  # the header is row 1
                check_shape(number - 1, 0, file_name)
            yield number, _row_text(cells, number, file_name)


def _row_text(cells: list[dict], number: int, file_name: str) -> list[str]:
    width = max((cell["column"] for cell in cells), default=0)
    if width > MAX_COLUMNS:
        check_shape(0, width, file_name)
    texts = [""] * width
    for cell in cells:
        text = _cell(cell["value"])
        if len(text) > MAX_CELL_CHARS:
            raise IngestError([
                error(
                    "cell_too_long",
                    row=number,
                    column=_letter(cell["column"]),
                    file=file_name,
                    length=len(text),
                    limit=MAX_CELL_CHARS,
                )
            ])
        texts[cell["column"] - 1] = text
    return texts


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _cell(value: object) -> str:
    """An Excel cell as the text a CSV export would hold (dates ISO, 12.0 -> 12)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.time() != dt.time() else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _damaged(data: bytes, file_name: str, reason: BaseException) -> IngestError:
    """The refusal of a workbook that cannot be read: an OpenDocument file, a damaged workbook, or a zip
    of something else."""
    head = data[:4096]
    if b"opendocument" in head:
        return IngestError([error("not_a_table_ods", what="ods")])
    detail = (str(reason).splitlines() or [type(reason).__name__])[0][:100] or type(reason).__name__
    if b"[Content_Types].xml" in data[:200_000] or b"xl/" in head:
        return IngestError([error("xlsx_damaged", file=file_name, detail=detail)])
    return IngestError([error("not_a_table", what="zip", detail=detail)])

"""Date cells -> timestamps, every date column of a file read in one order (day or month first).

The shapes of date and time the survey tools and spreadsheets write, in French and English locales
(DOMAIN.md "The files HR really has"): LimeSurvey ``2026-05-11 17:53:00``; Microsoft Forms
``11/05/2026 17:53:00`` or ``5/11/2026 5:53:00 PM``; Google Forms ``11/05/2026 17:53:00`` (Sheets)
or ``2026/05/11 5:53:00 PM UTC+2`` (direct download); French Excel ``11/05/2026 17:53``; ISO 8601.
DuckDB reads them (``sql/import_read_dates*.sql``), refusing dates that do not exist.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import duckdb
import numpy as np
import pandas as pd
import pyarrow

from mututrack.queries import sql_text

__all__ = ["DateOrder", "DATE_FORMATS", "parse_dates", "read_dates"]

# A time zone written after the time is dropped first (:data:`ZONE`), and a two-digit year widened
# (:data:`SHORT_YEAR`): the formats below then read what is left.
TIMES = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%H:%M:%S.%f")


def _formats(date: str, *, t: bool = False) -> tuple[str, ...]:
    """``date`` alone and followed by each time of :data:`TIMES` (after a space, or a ``T`` too)."""
    separators = (" ", "T") if t else (" ",)
    return (date, *(f"{date}{sep}{time}" for time in TIMES for sep in separators))


SLASHED = {
    "dmy": tuple(f for sep in "/.-" for f in _formats(f"%d{sep}%m{sep}%Y")),
    "mdy": tuple(f for sep in "/.-" for f in _formats(f"%m{sep}%d{sep}%Y")),
}
OTHER = {"dmy": "mdy", "mdy": "dmy"}
ISO_FORMATS = (*_formats("%Y-%m-%d", t=True), *_formats("%Y/%m/%d"))
DATE_FORMATS = (*SLASHED["dmy"], *ISO_FORMATS)
# " UTC+2", " GMT+02:00", " UTC" (Google Forms' direct download); "Z", "+02:00" after an ISO time.
# The wall-clock time the tool wrote is kept: it is the respondent's own local time.
ZONE = r"(\s*(UTC|GMT|CEST|CET)\s*([+-]\d{1,2}(:?\d{2})?)?|(:\d\d(\.\d+)?)\s*(Z|[+-]\d\d(:?\d\d)?))$"
# "5/11/26": years 00..69 are 2000..2069, 70..99 are 1970..1999 (the POSIX %y pivot).
SHORT_YEAR = (r"^(\d{1,2}[/.-]\d{1,2}[/.-])([0-6]\d)(\s|$)", r"^(\d{1,2}[/.-]\d{1,2}[/.-])([7-9]\d)(\s|$)")
TWELVE_HOUR = r"\d\s*[AaPp]\.?[Mm]\.?$"


@dataclass(frozen=True)
class DateOrder:
    """How a file's slashed dates read: ``dmy`` (11/05/2026 is 11 May) or ``mdy`` (5/11/2026 is 11 May).

    ``guessed`` when every value read both ways: the file's tool and language decided, and the
    preview says so (a warning) so that HR can check.
    """

    order: str = "dmy"
    guessed: bool = False



def parse_dates(
    cells: pd.Series, *, con: duckdb.DuckDBPyConnection | None = None, order: str | None = None
) -> pd.Series:
    """Text -> timestamps (NaT where empty or unparseable), in any shape of :data:`DATE_FORMATS`.

    ``order`` reads slashed dates day first (``dmy``) or month first (``mdy``); None decides it from
    the cells, French day first when they allow both (:func:`read_dates`).
    """
    return read_dates(pd.DataFrame({"d": cells}), ["d"], con=con, order=order)[0]["d"]


def read_dates(frame: pd.DataFrame, names: Iterable[str], *, con: duckdb.DuckDBPyConnection | None = None,
               month_first: bool = False, order: str | None = None) -> tuple[dict[str, pd.Series], DateOrder]:
    """The date columns ``names`` of ``frame`` as timestamps, all read in one order, and that order.

    The order is the file's, not the row's: a value that reads only day first (its first field
    passes 12) makes the file day first, one that reads only month first makes it month first (day
    first wins when both happen, and the others are refused); when every value reads both ways,
    ``month_first`` (a form tool writing in English) or a 12-hour clock (``5:53:00 PM``, the US way)
    says month first, else French day first. ``order`` imposes one.
    """
    first = order or ("mdy" if month_first else "dmy")  # the likely order first: most files read once
    readings = {name: _reading(frame[name], first, con) for name in names}
    chosen = DateOrder(order) if order else _order_of(readings.values(), month_first=month_first)
    if chosen.order != first:  # read again the other way
        readings = {name: _reading(frame[name], chosen.order, con) for name in names}
    return {name: pd.Series(reading.t, index=frame.index) for name, reading in readings.items()}, chosen


def _order_of(readings: Iterable[Reading], *, month_first: bool = False) -> DateOrder:
    """:class:`DateOrder` of cells read in one order or the other (see :func:`read_dates` and
    :func:`_reading`)."""
    fits = {"dmy": False, "mdy": False}  # some value reads only this way
    ambiguous = twelve_hour = False
    for reading in readings:
        positions = np.flatnonzero(reading.slashed)
        read = pd.DatetimeIndex(reading.t[positions])  # its day and month fields, computed in C
        differ = positions[read.day != read.month]
        fits[reading.order] |= bool((read.day > 12).any())
        fits[OTHER[reading.order]] |= bool((~np.isnat(reading.other)).any())
        ambiguous |= bool(len(differ))
        twelve_hour |= any(
            re.search(TWELVE_HOUR, v) for v in reading.text.take(pyarrow.array(differ[:20])).to_pylist()
        )
    if fits["dmy"] or fits["mdy"]:
        return DateOrder("dmy" if fits["dmy"] else "mdy")
    return DateOrder("mdy" if month_first or twelve_hour else "dmy", guessed=ambiguous)


@dataclass(frozen=True)
class Reading:
    """Cells read in one ``order``: ``t`` (NaT where they do not read), whether each is ``slashed`` (and so
    read), the ``other`` order's reading of the slashed cells this one could not read, the ``text``."""

    order: str
    t: np.ndarray
    other: np.ndarray
    slashed: np.ndarray
    text: pyarrow.Array


def _reading(cells: pd.Series, order: str, con: duckdb.DuckDBPyConnection | None) -> Reading:
    """The cells read in ``order``, and the cells it could not read in the other order (:class:`Reading`).

    DuckDB's ``try_strptime`` reads them vectorised and, unlike Arrow's, refuses dates that do not
    exist (31/02); years outside 1900..2100 are refused too (a typo). ``con`` is the import's own
    cursor when there is one (it only reads the cells given here); otherwise a private in-memory
    DuckDB does the parsing.
    """
    text = pyarrow.array(cells.astype("str"), pyarrow.string())
    stamps, other = (np.full(len(text), np.datetime64("NaT"), dtype="datetime64[us]") for _ in range(2))
    slashed = np.zeros(len(text), dtype=bool)
    filled = np.flatnonzero(np.asarray(pyarrow.compute.not_equal(text, ""), dtype=bool))
    unread = _read_in_rounds(text, filled, (*SLASHED[order], *ISO_FORMATS), stamps, slashed, con)
    if unread.size:
        _read_in_rounds(text, unread, SLASHED[OTHER[order]], other, np.zeros(len(text), dtype=bool), con)
    return Reading(order, stamps, other, slashed, text)


def _read_in_rounds(
    text: pyarrow.Array,
    todo: np.ndarray,
    formats: tuple[str, ...],
    stamps: np.ndarray,
    slashed: np.ndarray,
    con: duckdb.DuckDBPyConnection | None,
    *,
    rounds: int = 3,
) -> np.ndarray:
    """Read the cells at positions ``todo`` into ``stamps`` (and mark the ``slashed`` ones); the positions
    left unread.

    Each round reads the cells still unread with only the formats that read a sample of them
    (:func:`_likely`): a column is nearly always written one way, and DuckDB pays dearly for every
    format a cell fails (about 4 µs), so trying them all on every cell would cost seconds.
    """
    for _ in range(rounds):
        if not todo.size:
            break
        subset = text if len(todo) == len(text) else text.take(pyarrow.array(todo))
        likely, normalise = _likely(subset, formats, con)
        if not likely:
            break
        read = _timestamps(
            _query(con, READ_NORMALISED if normalise else READ, subset, {"likely": likely})["t"]
        )
        done = ~np.isnat(read)
        stamps[todo] = read
        slashed[todo[done]] = _slashed(subset.filter(pyarrow.array(done)), likely)
        if not done.any():
            break
        todo = todo[~done]
    return todo


def _slashed(cells: pyarrow.Array, formats: list[str]) -> np.ndarray | bool:
    """Whether each cell read by ``formats`` is a slashed date (11/05/2026) rather than an ISO one."""
    shapes = {f in ISO_FORMATS for f in formats}
    if len(shapes) == 1:
        return not shapes.pop()
    return np.asarray(pyarrow.compute.match_substring_regex(cells, r"^\s*\d{1,2}[/.-]"), dtype=bool)


def _query(con: duckdb.DuckDBPyConnection | None, sql: str, text: pyarrow.Array, params: dict) -> dict:
    """``sql`` run on the cells ``text`` (as the table ``date_cells``), its columns as numpy arrays."""
    cur = con or _scratch().cursor()
    cur.register("date_cells", pyarrow.table({"s": text}))
    try:
        return cur.execute(sql, params).fetchnumpy()
    finally:
        cur.unregister("date_cells")
        if con is None:
            cur.close()


def _timestamps(found: np.ndarray) -> np.ndarray:
    # nulls come masked
    return np.ma.masked_array(found).astype("datetime64[us]").filled(np.datetime64("NaT"))



# Cells read as they are, and cells normalised first: a time zone dropped, a two-digit year widened
# (the patterns ZONE and SHORT_YEAR are written into the SQL).
READ = sql_text("import_read_dates")
READ_NORMALISED = sql_text("import_read_dates_normalised")


@cache
def _scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for parsing cells, opened once: opening one costs ~15 ms, a cursor on it
    ~0.2 ms."""
    return duckdb.connect()


def _likely(
    cells: pyarrow.Array, formats: tuple[str, ...], con: duckdb.DuckDBPyConnection | None
) -> tuple[list[str], bool]:
    """The formats whose shape fits a sample of ``cells`` (the first ones and some spread over the rest),
    most cells first, and whether the cells must be normalised first (:data:`NORMALISED`) to fit.

    Shapes only (:func:`_shape`): DuckDB then reads the dates and refuses those that do not exist.
    """
    spread = (
        np.linspace(0, len(cells) - 1, 20).astype(np.int64) if len(cells) else np.array([], dtype=np.int64)
    )
    sample = cells.take(pyarrow.array(np.unique(np.r_[np.arange(min(20, len(cells))), spread]))).to_pylist()
    for normalise in (False, True):  # the cells as they are, else normalised
        values = [_normalised(v) for v in sample] if normalise else sample
        fitting = Counter(next((f for f in formats if _shape(f).fullmatch(v)), None) for v in values)
        likely = [f for f, _ in fitting.most_common() if f]
        if likely:
            return likely, normalise
    return [], False


DIRECTIVES = {
    "%d": r"\d{1,2}",
    "%m": r"\d{1,2}",
    "%Y": r"\d{4}",
    "%H": r"\d{1,2}",
    "%I": r"\d{1,2}",
    "%M": r"\d\d",
    "%S": r"\d\d",
    "%f": r"\d{1,6}",
    "%p": r"[AaPp][Mm]",
}


@cache
def _shape(fmt: str) -> re.Pattern[str]:
    """The shape of a date format as a pattern (``%d/%m/%Y`` -> ``\\d{1,2}/\\d{1,2}/\\d{4}``).

    Python's own ``strptime`` keeps only 5 formats compiled: trying dozens would recompile each time.
    """
    return re.compile(
        "".join(DIRECTIVES.get(part, re.escape(part)) for part in re.split(r"(%[a-zA-Z])", fmt))
    )


def _normalised(value: str) -> str:
    """:data:`NORMALISED` in Python, for the sample."""
    value = re.sub(ZONE, r"\5", value.strip())
    return re.sub(SHORT_YEAR[1], r"\g<1>19\2\3", re.sub(SHORT_YEAR[0], r"\g<1>20\2\3", value))


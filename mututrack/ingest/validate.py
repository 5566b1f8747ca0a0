"""Row rules of every kind, checked with pandera, all at once; then the typed canonical values.

Each rule is a vectorised pandera check on the file's text cells (indexed by the row number a
spreadsheet shows), named by the problem it reports: a required value is empty, a date, number,
category or status does not parse, an identifier is repeated in the file or already in the store,
a reference (project, event) is unknown, an end date comes before its start, an answer is outside
its scale. Every failure becomes a :class:`~mututrack.ingest.problems.Problem` naming the row, the
column as the file spells it and the value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from mututrack.i18n import LOCALES
from mututrack.ingest.kinds import ENUMS, Field, Kind
from mututrack.ingest.map import enum_lookup, norm
from mututrack.ingest.problems import PER_COLUMN_LIMIT, Problem, Word, error, warning

__all__ = ["Rule", "Rules", "DateOrder", "check", "date_notes", "parse_dates", "read_dates", "parse_numbers", "parse_enum", "parse_bool", "typed"]

# The shapes of date and time the survey tools and spreadsheets write, in French and English locales
# (DOMAIN.md "The files HR really has"): LimeSurvey ``2026-05-11 17:53:00``; Microsoft Forms
# ``11/05/2026 17:53:00`` or ``5/11/2026 5:53:00 PM``; Google Forms ``11/05/2026 17:53:00`` (Sheets)
# or ``2026/05/11 5:53:00 PM UTC+2`` (direct download); French Excel ``11/05/2026 17:53``; ISO 8601.
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
BOOLS = {"oui": True, "o": True, "yes": True, "y": True, "true": True, "vrai": True, "1": True, "x": True,
         "non": False, "n": False, "no": False, "false": False, "faux": False, "0": False, "": False}
# pandera registers its backends (and imports hypothesis) on the first validation: pay that once,
# when the importer is loaded, rather than inside the first import a user waits for.
pa.DataFrameSchema({"x": pa.Column(checks=[pa.Check(lambda s: s.notna())])}).validate(pd.DataFrame({"x": [1]}))

TYPE_RULES = {"date": "bad_date", "datetime": "bad_date", "number": "bad_number", "int": "bad_integer", "bool": "bad_bool"}


@dataclass
class Rule:
    """One named check of one column: a vectorised predicate, true where the cell is fine."""

    code: str
    passes: Callable[[pd.Series], pd.Series]
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DateOrder:
    """How a file's slashed dates read: ``dmy`` (11/05/2026 is 11 May) or ``mdy`` (5/11/2026 is 11 May).

    ``guessed`` when every value read both ways: the file's tool and language decided, and the
    preview says so (a warning) so that HR can check.
    """

    order: str = "dmy"
    guessed: bool = False


@dataclass
class Rules:
    """The rules of one file, column by column (canonical field name -> rules)."""

    by_column: dict[str, list[Rule]] = field(default_factory=dict)
    parsed: dict[str, pd.Series] = field(default_factory=dict)  # dates parsed once, reused by typed()
    date_order: DateOrder | None = None  # how the file's dates were read (read_dates)

    def add(self, column: str, code: str, passes: Callable[[pd.Series], pd.Series], **params) -> None:
        self.by_column.setdefault(column, []).append(Rule(code, passes, params))


def parse_dates(cells: pd.Series, *, con: duckdb.DuckDBPyConnection | None = None, order: str | None = None) -> pd.Series:
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
    """:class:`DateOrder` of cells read in one order or the other (see :func:`read_dates` and :func:`_reading`)."""
    fits = {"dmy": False, "mdy": False}  # some value reads only this way
    ambiguous = twelve_hour = False
    for reading in readings:
        positions = np.flatnonzero(reading.slashed)
        read = pd.DatetimeIndex(reading.t[positions])  # its day and month fields, computed in C
        differ = positions[read.day != read.month]
        fits[reading.order] |= bool((read.day > 12).any())
        fits[OTHER[reading.order]] |= bool((~np.isnat(reading.other)).any())
        ambiguous |= bool(len(differ))
        twelve_hour |= any(re.search(TWELVE_HOUR, v) for v in reading.text.take(pyarrow.array(differ[:20])).to_pylist())
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


def _read_in_rounds(text: pyarrow.Array, todo: np.ndarray, formats: tuple[str, ...], stamps: np.ndarray,
                    slashed: np.ndarray, con: duckdb.DuckDBPyConnection | None, *, rounds: int = 3) -> np.ndarray:
    """Read the cells at positions ``todo`` into ``stamps`` (and mark the ``slashed`` ones); the positions left unread.

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
        read = _timestamps(_query(con, READ_NORMALISED if normalise else READ, subset, {"likely": likely})["t"])
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
    return np.ma.masked_array(found).astype("datetime64[us]").filled(np.datetime64("NaT"))  # nulls come masked


# A time zone dropped, a two-digit year widened (see ZONE, SHORT_YEAR), spaces trimmed. The patterns are
# written into the SQL, not bound: DuckDB compiles a literal pattern once, a bound one for every cell.
NORMALISED = (
    f"regexp_replace(regexp_replace(regexp_replace(trim(s), '{ZONE}', '\\5'), "
    f"'{SHORT_YEAR[0]}', '\\120\\2\\3'), '{SHORT_YEAR[1]}', '\\119\\2\\3')"
)
FITTING = "case when year({0}) between 1900 and 2100 then {0} end"
READ = f"select {FITTING.format('try_strptime(s, $likely)')} as t from date_cells"
READ_NORMALISED = f"select {FITTING.format(f'try_strptime({NORMALISED}, $likely)')} as t from date_cells"


@cache
def _scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for parsing cells, opened once: opening one costs ~15 ms, a cursor on it ~0.2 ms."""
    return duckdb.connect()


def _likely(cells: pyarrow.Array, formats: tuple[str, ...], con: duckdb.DuckDBPyConnection | None) -> tuple[list[str], bool]:
    """The formats whose shape fits a sample of ``cells`` (the first ones and some spread over the rest),
    most cells first, and whether the cells must be normalised first (:data:`NORMALISED`) to fit.

    Shapes only (:func:`_shape`): DuckDB then reads the dates and refuses those that do not exist.
    """
    spread = np.linspace(0, len(cells) - 1, 20).astype(np.int64) if len(cells) else np.array([], dtype=np.int64)
    sample = cells.take(pyarrow.array(np.unique(np.r_[np.arange(min(20, len(cells))), spread]))).to_pylist()
    for normalise in (False, True):  # the cells as they are, else normalised
        values = [_normalised(v) for v in sample] if normalise else sample
        fitting = Counter(next((f for f in formats if _shape(f).fullmatch(v)), None) for v in values)
        likely = [f for f, _ in fitting.most_common() if f]
        if likely:
            return likely, normalise
    return [], False


DIRECTIVES = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%H": r"\d{1,2}", "%I": r"\d{1,2}", "%M": r"\d\d",
              "%S": r"\d\d", "%f": r"\d{1,6}", "%p": r"[AaPp][Mm]"}


@cache
def _shape(fmt: str) -> re.Pattern[str]:
    """The shape of a date format as a pattern (``%d/%m/%Y`` -> ``\\d{1,2}/\\d{1,2}/\\d{4}``).

    Python's own ``strptime`` keeps only 5 formats compiled: trying dozens would recompile each time.
    """
    return re.compile("".join(DIRECTIVES.get(part, re.escape(part)) for part in re.split(r"(%[a-zA-Z])", fmt)))


def _normalised(value: str) -> str:
    """:data:`NORMALISED` in Python, for the sample."""
    value = re.sub(ZONE, r"\5", value.strip())
    return re.sub(SHORT_YEAR[1], r"\g<1>19\2\3", re.sub(SHORT_YEAR[0], r"\g<1>20\2\3", value))


def parse_numbers(cells: pd.Series) -> pd.Series:
    """Text -> floats, decimal comma and thousands spaces allowed (NaN where empty or unparseable)."""
    cleaned = cells.astype("str").str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".", regex=False)
    return pd.to_numeric(cleaned.where(cleaned.ne("")), errors="coerce").astype("float64")


def parse_enum(cells: pd.Series, enum: str) -> pd.Series:
    """Text -> the enumeration's canonical value (NA where empty or unknown), spelled any known way."""
    lookup = enum_lookup(enum)
    positions, uniques = pd.factorize(cells)  # each distinct spelling normalised once; -1 (NA) picks the last slot
    values = np.array([lookup.get(norm(u)) for u in uniques.tolist()] + [None], dtype=object)
    return pd.Series(values[positions], index=cells.index, dtype="str")


def parse_bool(cells: pd.Series) -> pd.Series:
    """``oui``/``non``/``true``/``x``... -> booleans (NA where unknown)."""
    return cells.map(lambda v: BOOLS.get(norm(v))).astype("boolean")


def type_rules(rules: Rules, frame: pd.DataFrame, kind: Kind, *, con: duckdb.DuckDBPyConnection | None = None,
               month_first: bool = False) -> None:
    """The rules every field of ``kind`` present in ``frame`` carries by its type and requiredness.

    ``con`` and ``month_first`` are for the dates (:func:`read_dates`): all of a file's are read in
    one order.
    """
    dates = [name for name in frame.columns if kind.field(name).type in ("date", "datetime")]
    if dates:
        rules.parsed, rules.date_order = read_dates(frame, dates, con=con, month_first=month_first)
    for name in frame.columns:
        spec = kind.field(name)
        cells = frame[name]
        empty = cells.eq("")
        if spec.required:
            rules.add(name, "required", lambda s: s.ne(""))
        if spec.type in ("date", "datetime"):
            rules.add(name, "bad_date", lambda s, e=empty, p=rules.parsed[name]: e | p.notna())
        elif spec.type in ("number", "int"):
            rules.add(name, "bad_number", lambda s, e=empty: e | (parse_numbers(s) >= 0))
            # beyond a plausible value (and before it overflows the store's integer or the cast to one)
            rules.add(name, "out_of_range", lambda s, e=empty, m=spec.maximum: e | ~(parse_numbers(s) > m),
                      maximum={lang: _figure(spec.maximum, lang) for lang in ("fr", "en")})
            if spec.type == "int":
                rules.add(name, "bad_integer", lambda s, e=empty: e | _whole_or_nan(parse_numbers(s)))
        elif spec.type == "enum":
            allowed = ", ".join(ENUMS[spec.enum])
            rules.add(name, "bad_enum", lambda s, e=empty, en=spec.enum: e | parse_enum(s, en).notna(), allowed=allowed)
        elif spec.type == "bool":
            rules.add(name, "bad_bool", lambda s: parse_bool(s).notna())


def date_notes(rules: Rules, headers: Mapping[str, str]) -> list[Problem]:
    """The warning that says how the dates were read, when every one of them read both ways."""
    order = rules.date_order
    if order is None or not order.guessed:
        return []
    return [warning(f"date_order_{order.order}", column=", ".join(headers.get(n, n) for n in rules.parsed))]


def _figure(value: float, lang: str) -> str:
    """``100 000 000`` in French, ``100,000,000`` in English (a message parameter said in each language)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0", locale=LOCALES[lang])


def _whole_or_nan(values: pd.Series) -> pd.Series:
    return values.isna() | np.isinf(values) | (values % 1 == 0)  # infinity is out_of_range's to report


def check(frame: pd.DataFrame, rules: Rules, headers: Mapping[str, str], raw: Callable[[str, int], str] | None = None) -> list[Problem]:
    """Run ``rules`` on ``frame`` with pandera (lazily: every failure) and return the problems found.

    ``headers`` gives the file's own header of each column; ``raw(column, row)`` the cell as the file
    spelled it when the frame holds something else (coded answers). A file whose every rule holds on
    every cell is not handed to pandera: its schema machinery costs tens of milliseconds per file,
    and it would report nothing.
    """
    if _every_rule_holds(frame, rules):
        return []
    columns = {
        name: pa.Column(checks=[pa.Check(r.passes, name=r.code) for r in column_rules], nullable=True, required=False)
        for name, column_rules in rules.by_column.items()
        if name in frame.columns
    }
    try:
        pa.DataFrameSchema(columns).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as failed:
        return _problems(failed.failure_cases, rules, headers, raw)
    return []


def _every_rule_holds(frame: pd.DataFrame, rules: Rules) -> bool:
    """True when each rule passes on each cell, as pandera would judge it (an empty cell passes).

    Anything unusual (a rule that raises, or answers other than one boolean per row) says False,
    and pandera then runs and reports it.
    """
    for name, column_rules in rules.by_column.items():
        if name not in frame.columns:
            continue
        cells = frame[name]
        empty = cells.isna().to_numpy()
        for rule in column_rules:
            try:
                passed = rule.passes(cells)
                if not isinstance(passed, pd.Series) or not passed.index.equals(cells.index):
                    return False
                if not (passed.fillna(False).to_numpy(dtype=bool) | empty).all():
                    return False
            except Exception:  # noqa: BLE001 (pandera reports a failing rule; here it only means "look closer")
                return False
    return True


def _problems(cases: pd.DataFrame, rules: Rules, headers: Mapping[str, str], raw) -> list[Problem]:
    cases = cases[cases["schema_context"] == "Column"].sort_values(["index", "column", "check_number"], kind="stable")
    problems: list[Problem] = []
    for (column, number), group in cases.groupby(["column", "check_number"], sort=False):
        rule = rules.by_column[column][int(number)]
        shown = group.head(PER_COLUMN_LIMIT)
        for row, value in zip(shown["index"], shown["failure_case"], strict=True):
            cell = raw(column, int(row)) if raw else value
            problems.append(error(rule.code, row=int(row), column=headers.get(column, column), value=cell, **rule.params))
        if len(group) > len(shown):
            problems.append(error("more", column=headers.get(column, column), count=len(group) - len(shown), what=Word(f"ingest.problem.{rule.code}.short")))
    return sorted(problems, key=lambda p: (p.code == "more", p.row or 0, p.column or ""))


def typed(frame: pd.DataFrame, kind: Kind, parsed: Mapping[str, pd.Series] | None = None) -> pd.DataFrame:
    """The canonical values of a valid frame: dates as dates, enums canonical, empty text as NA."""
    out = {}
    parsed = parsed or {}
    for name in frame.columns:
        spec: Field = kind.field(name)
        cells = frame[name]
        if spec.type in ("date", "datetime"):
            stamps = parsed[name] if name in parsed else parse_dates(cells)
            out[name] = stamps.dt.date if spec.type == "date" else stamps
        elif spec.type in ("number", "int"):
            values = parse_numbers(cells)
            out[name] = values.round().astype("Int64") if spec.type == "int" else values
        elif spec.type == "enum":
            out[name] = parse_enum(cells, spec.enum)
        elif spec.type == "bool":
            out[name] = parse_bool(cells).fillna(False).astype(bool)
        else:
            out[name] = cells.where(cells.ne(""))
        if spec.default is not None:
            out[name] = out[name].fillna(spec.default)
    return pd.DataFrame(out, index=frame.index)


def duplicated(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """True on every row whose key (``columns``, normalised) appears more than once in the file."""
    keys = frame[columns].apply(lambda s: s.map(norm) if s.dtype != object else s, axis=0)
    return keys.duplicated(keep=False).to_numpy() & frame[columns].ne("").all(axis=1).to_numpy()

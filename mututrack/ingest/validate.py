"""Row rules of every kind, checked with pandera, all at once; then the typed canonical values.

Each rule is a vectorised pandera check on the file's text cells (indexed by the row number a
spreadsheet shows), named by the problem it reports: a required value is empty, a date, number,
category or status does not parse, an identifier is repeated in the file or already in the store,
a reference (project, event) is unknown, an end date comes before its start, an answer is outside
its scale. Every failure becomes a :class:`~mututrack.ingest.problems.Problem` naming the row, the
column as the file spells it and the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa

from mututrack.i18n import LOCALES
from mututrack.ingest.dates import DateOrder, parse_dates, read_dates
from mututrack.ingest.headers import enum_lookup, norm
from mututrack.ingest.kinds import ENUMS, Field, Kind
from mututrack.ingest.problems import PER_COLUMN_LIMIT, Problem, Word, error, warning

__all__ = [
    "Rule",
    "Rules",
    "check",
    "date_notes",
    "type_rules",
    "parse_numbers",
    "parse_enum",
    "parse_bool",
    "typed",
]

BOOLS = {"oui": True, "o": True, "yes": True, "y": True, "true": True, "vrai": True, "1": True, "x": True,
         "non": False, "n": False, "no": False, "false": False, "faux": False, "0": False, "": False}
# pandera registers its backends (and imports hypothesis) on the first validation: pay that once,
# when the importer is loaded, rather than inside the first import a user waits for.
pa.DataFrameSchema({"x": pa.Column(checks=[pa.Check(lambda s: s.notna())])}).validate(
    pd.DataFrame({"x": [1]})
)

TYPE_RULES = {
    "date": "bad_date",
    "datetime": "bad_date",
    "number": "bad_number",
    "int": "bad_integer",
    "bool": "bad_bool",
}


@dataclass
class Rule:
    """One named check of one column: a vectorised predicate, true where the cell is fine."""

    code: str
    passes: Callable[[pd.Series], pd.Series]
    params: dict = field(default_factory=dict)


@dataclass
class Rules:
    """The rules of one file, column by column (canonical field name -> rules)."""

    by_column: dict[str, list[Rule]] = field(default_factory=dict)
    parsed: dict[str, pd.Series] = field(default_factory=dict)  # dates parsed once, reused by typed()
    date_order: DateOrder | None = None  # how the file's dates were read (read_dates)

    def add(self, column: str, code: str, passes: Callable[[pd.Series], pd.Series], **params) -> None:
        self.by_column.setdefault(column, []).append(Rule(code, passes, params))



def parse_numbers(cells: pd.Series) -> pd.Series:
    """Text -> floats, decimal comma and thousands spaces allowed (NaN where empty or unparseable)."""
    cleaned = (
        cells
        .astype("str")
        .str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        .str.replace(",", ".", regex=False)
    )
    return pd.to_numeric(cleaned.where(cleaned.ne("")), errors="coerce").astype("float64")


def parse_enum(cells: pd.Series, enum: str) -> pd.Series:
    """Text -> the enumeration's canonical value (NA where empty or unknown), spelled any known way."""
    lookup = enum_lookup(enum)
    # each distinct spelling normalised once; -1 (NA) picks the last slot
    positions, uniques = pd.factorize(cells)
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
            rules.add(
                name,
                "bad_enum",
                lambda s, e=empty, en=spec.enum: e | parse_enum(s, en).notna(),
                allowed=allowed,
            )
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


def check(
    frame: pd.DataFrame,
    rules: Rules,
    headers: Mapping[str, str],
    raw: Callable[[str, int], str] | None = None,
) -> list[Problem]:
    """Run ``rules`` on ``frame`` with pandera (lazily: every failure) and return the problems found.

    ``headers`` gives the file's own header of each column; ``raw(column, row)`` the cell as the file
    spelled it when the frame holds something else (coded answers). A file whose every rule holds on
    every cell is not handed to pandera: its schema machinery costs tens of milliseconds per file,
    and it would report nothing.
    """
    if _every_rule_holds(frame, rules):
        return []
    columns = {
        name: pa.Column(
            checks=[pa.Check(r.passes, name=r.code) for r in column_rules], nullable=True, required=False
        )
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
            # any exception: pandera reports a failing rule; here it only means "look closer"
            except Exception:  # noqa: BLE001
                return False
    return True


def _problems(cases: pd.DataFrame, rules: Rules, headers: Mapping[str, str], raw) -> list[Problem]:
    cases = cases[cases["schema_context"] == "Column"].sort_values(
        ["index", "column", "check_number"], kind="stable"
    )
    problems: list[Problem] = []
    for (column, number), group in cases.groupby(["column", "check_number"], sort=False):
        rule = rules.by_column[column][int(number)]
        shown = group.head(PER_COLUMN_LIMIT)
        for row, value in zip(shown["index"], shown["failure_case"], strict=True):
            cell = raw(column, int(row)) if raw else value
            problems.append(
                error(rule.code, row=int(row), column=headers.get(column, column), value=cell, **rule.params)
            )
        if len(group) > len(shown):
            problems.append(
                error(
                    "more",
                    column=headers.get(column, column),
                    count=len(group) - len(shown),
                    what=Word(f"ingest.problem.{rule.code}.short"),
                )
            )
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


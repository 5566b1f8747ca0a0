"""What can be wrong with a file, said so that HR can fix it: the row, the column, the value, what to do.

A :class:`Problem` carries a code (``ingest.problem.<code>`` in ``locales/ingest.json``), the row
number as a spreadsheet shows it (the header is row 1), the column as the file spells it, the value
and the parameters of its message. Errors reject the file; warnings do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mututrack import i18n

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "Word", "IngestError", "error", "warning", "cap", "report_csv", "problems_frame"]

# Beyond this many problems of one code in one column, the rest are counted in one summary line,
# so that a wholly wrong file still gives a readable report (and does not take minutes to build).
PER_COLUMN_LIMIT = 50


@dataclass(frozen=True)
class Word:
    """A message parameter said in words: the i18n ``key`` whose text fills it, in the message's language.

    A marker type rather than a spelling (such as a leading ``@``): parameters also carry values read
    from the file (unknown ids, labels), and a value is never taken for a key, whatever it looks like.
    """

    key: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file (``severity`` ``error`` rejects it, ``warning`` does not)."""

    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def text(self, lang: str | None = None) -> str:
        """The message in one language (the current one by default)."""
        lang = lang or i18n.language()
        body = i18n.text_in(lang, f"ingest.problem.{self.code}", **self._values(lang))
        where = self.where(lang)
        return f"{where}{body}" if where else body[:1].upper() + body[1:]

    def message(self) -> str:
        """French, then English, on two lines (what the CLI prints)."""
        return f"{self.text('fr')}\n  {self.text('en')}"

    def where(self, lang: str) -> str:
        """``Ligne 5, colonne « date » : `` — the location prefix, empty when the problem has none."""
        parts = []
        if self.row is not None:
            parts.append(_word("ingest.where.row", lang).format(row=self.row))
        if self.column is not None:
            parts.append(_word("ingest.where.column", lang).format(column=self.column))
        if self.value is not None:
            parts.append(_word("ingest.where.value", lang).format(value=_short(self.value)))
        return (", ".join(parts) + _word("ingest.where.colon", lang)) if parts else ""

    def _values(self, lang: str) -> dict[str, Any]:
        # "file": the reader names the file in every problem it raises (read.read), after building them
        values = {
            "column": self.column or "",
            "value": _short(self.value or ""),
            "row": self.row or "",
            "file": "",
        }
        for key, value in self.params.items():
            if isinstance(value, Word):
                value = _word(value.key, lang)
            elif isinstance(value, dict):
                value = value.get(lang) or value.get("fr", "")  # a value said in each language
            values[key] = value
        return values


class IngestError(Exception):
    """Raised inside the importer when a file cannot go further; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.text("en") for p in self.problems[:3]))


def error(code: str, **kwargs: Any) -> Problem:
    """An error (the file is rejected)."""
    return Problem(code, **_split(kwargs))


def warning(code: str, **kwargs: Any) -> Problem:
    """A warning (the file is imported all the same)."""
    return Problem(code, severity="warning", **_split(kwargs))


def _split(kwargs: dict[str, Any]) -> dict[str, Any]:
    own = {k: kwargs.pop(k) for k in ("row", "column", "value") if k in kwargs}
    if own.get("value") is not None:
        own["value"] = str(own["value"])
    return {**own, "params": kwargs}


def cap(problems: list[Problem], limit: int = PER_COLUMN_LIMIT) -> list[Problem]:
    """Keep the first ``limit`` problems of each (code, column); count the rest in one summary line."""
    kept: list[Problem] = []
    extra: dict[tuple[str, str | None], int] = {}
    seen: dict[tuple[str, str | None], int] = {}
    for problem in problems:
        key = (problem.code, problem.column)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(problem)
        else:
            extra[key] = extra.get(key, 0) + 1
    for (code, column), count in extra.items():
        kept.append(error("more", column=column, count=count, what=Word(f"ingest.problem.{code}.short")))
    return kept


def _word(key: str, lang: str) -> str:
    entry = i18n.strings()[key]
    return entry.get(lang) or entry["fr"]


def _short(value: str, limit: int = 60) -> str:
    value = value.replace("\r", " ").replace("\n", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


def problems_frame(problems: Iterable[Problem], lang: str | None = None) -> pd.DataFrame:
    """The problems as a table: severity, row, column, value, message (in ``lang``)."""
    import pandas as pd  # here: reading a file (mututrack.ingest.worker's child) does without pandas

    lang = lang or i18n.language()
    rows = [
        {
            "severity": _word(f"ingest.severity.{p.severity}", lang),
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "message": p.text(lang),
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["severity", "row", "column", "value", "message"])
    return frame.astype({"row": "Int64"})


def report_csv(problems: Iterable[Problem], lang: str | None = None) -> bytes:
    """The error report as a CSV that Excel opens safely (:func:`mututrack.exports.safe_csv`)."""
    from mututrack import exports

    lang = lang or i18n.language()
    frame = problems_frame(problems, lang)
    return exports.safe_csv(frame.rename(columns=lambda name: _word(f"ingest.report.{name}", lang)))

"""Headers -> canonical columns, and question columns -> question codes.

Headers match case-, accent- and spacing-insensitively on the English name, the French name or a
known other spelling. Question columns of a survey match by code (``who5_1``), by LimeSurvey's
bracketed codes (``WHO5[SQ001]``, ``WHO5_SQ001`` -> ``who5_1``; ``INV[informed]`` ->
``inv_informed``), or by the question's text, French or English, including LimeSurvey's full-text
``Question [Sub-question]`` headers and the Forms tools' headers. An enumeration's values match the
same way (:func:`enum_lookup`). The matched columns are then taken as text under their canonical
names (:func:`text_frame`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import pandas as pd
import pyarrow as pa

from mututrack.ingest.kinds import ENUMS, Kind
from mututrack.ingest.read import Table, trimmed

__all__ = [
    "norm",
    "compact",
    "match_headers",
    "match_question",
    "match_questions",
    "questions_key",
    "METADATA",
    "IGNORE",
    "enum_lookup",
    "text_frame",
]

IGNORE = "__ignore__"  # a hand mapping that says "this column is not a question"
BRACKET = re.compile(r"^\s*(?P<base>[^\[\]]+?)\s*\[(?P<sub>[^\[\]]+)\]\s*$")
UNDERSCORE_SQ = re.compile(r"^(?P<base>[A-Za-z][A-Za-z0-9]*)_(?P<sub>SQ\d+)$", re.IGNORECASE)
SUBQUESTION = re.compile(r"^sq0*(\d+)$", re.IGNORECASE)
NOT_ALNUM = re.compile(r"[^0-9a-z]+")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})
# Columns the survey tools add themselves (DOMAIN.md "The files HR really has"): never questions.
METADATA = frozenset(
    {
        "id", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl",
        "id de la reponse", "response id", "derniere page", "last page", "langue de depart",
        "start language", "tete de serie", "date de debut", "date de lancement", "date started",
        "date de la derniere action", "date last action", "adresse ip", "ip address",
        "url de provenance", "referrer url", "start time", "heure de debut", "name", "nom",
        "last modified time", "heure de la derniere modification", "total time", "score",
        "temps total", "points", "commentaires", "interviewtime", "total time taken",
    }
)


def norm(text: object) -> str:
    """Lower case, no accents, no punctuation, single spaces: ``"Date d’entrée"`` -> ``"date d entree"``."""
    return _norm(str(text))


@lru_cache(maxsize=16384)  # headers, aliases, labels and distinct cells come back at every import
def _norm(text: str) -> str:
    if not text.isascii():  # ligatures, accents and other scripts only exist outside ASCII
        text = unicodedata.normalize("NFKD", text.translate(LIGATURES))
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(NOT_ALNUM.sub(" ", text.casefold()).split())


def compact(text: object) -> str:
    """``norm`` without spaces: codes compare this way (``qvt_overall`` = ``QVTOVERALL``)."""
    return norm(text).replace(" ", "")


def match_headers(headers: Sequence[str], kind: Kind) -> tuple[dict[int, str], list[int]]:
    """Column index -> field name for the headers that name a field of ``kind``; the other indices."""
    names: dict[str, list[str]] = {}
    for field in kind.fields:
        for alias in field.names():
            for spelling in {norm(alias), compact(alias)}:
                if field.name not in names.setdefault(spelling, []):
                    names[spelling].append(field.name)
    fields = [names.get(norm(header)) or names.get(compact(header)) or [] for header in headers]
    matched: dict[int, str] = {}
    # a spelling of one field first, then one shared by several fields ("proposition": the id or the
    # text) takes the first of them no other column has named
    for shared in (False, True):
        for index, candidates in enumerate(fields):
            if (len(candidates) > 1) != shared:
                continue
            name = next((name for name in candidates if name not in matched.values()), None)
            if name:
                matched[index] = name
    matched = dict(sorted(matched.items()))
    return matched, [i for i in range(len(headers)) if i not in matched]


@cache
def _question_keys(questions_key: tuple[tuple[str, str, str], ...]) -> tuple[dict[str, str], dict[str, str]]:
    by_code = {compact(code): code for code, _, _ in questions_key}
    by_text: dict[str, str] = {}
    for code, text_fr, text_en in questions_key:
        for text in (text_fr, text_en):
            if text:
                by_text.setdefault(norm(text), code)
    return by_code, by_text


def questions_key(questions: pd.DataFrame) -> tuple[tuple[str, str, str], ...]:
    """A hashable form of the questions frame (code, text_fr, text_en) for the cached matchers."""
    frame = questions[["code", "text_fr", "text_en"]].astype("object").fillna("")
    return tuple(zip(frame["code"], frame["text_fr"], frame["text_en"], strict=True))


def match_question(header: str, questions: tuple[tuple[str, str, str], ...]) -> str | None:
    """The question code a survey header stands for, or None."""
    by_code, by_text = _question_keys(questions)
    code = by_code.get(compact(header))
    if code:
        return code
    bracket = BRACKET.match(header) or UNDERSCORE_SQ.match(header.strip())
    if bracket:
        base, sub = bracket["base"], bracket["sub"]
        number = SUBQUESTION.match(sub.strip())
        code = by_code.get(compact(base) + (number[1] if number else compact(sub)))
        if code:
            return code
        # a full-text header: "Question [Sub-question]" (LimeSurvey, Google Forms grids)
        code = by_text.get(norm(f"{base} {sub}")) or by_text.get(norm(sub))
        if code:
            return code
        return _by_suffix(norm(sub), norm(base), by_text)
    return by_text.get(norm(header)) or _closest(norm(header), by_text)


def _by_suffix(sub: str, base: str, by_text: dict[str, str]) -> str | None:
    """A question whose text ends with the sub-question and starts like the question (one only)."""
    hits = {
        code
        for text, code in by_text.items()
        if text.endswith(sub) and (not base or text.startswith(base[:20]))
    }
    if len(hits) == 1:
        return hits.pop()
    return _closest(f"{base} {sub}", by_text)


def _closest(text: str, by_text: dict[str, str]) -> str | None:
    """The question whose text is nearly the same (small rewordings, typos); None when in doubt."""
    if len(text) < 15:
        return None
    close = difflib.get_close_matches(text, list(by_text), n=2, cutoff=0.9)
    codes = {by_text[c] for c in close}
    return codes.pop() if len(codes) == 1 else None


def match_questions(
    headers: Sequence[str],
    indices: Iterable[int],
    questions: pd.DataFrame,
    remembered: dict[str, str],
) -> tuple[dict[int, str], list[int], list[int]]:
    """Question code per column index, the metadata columns, the columns still unmatched.

    ``remembered`` maps a header (as :func:`norm` gives it) to a question code chosen by hand
    (or :data:`IGNORE`); it wins over automatic matching.
    """
    key = questions_key(questions)
    found: dict[int, str] = {}
    metadata: list[int] = []
    unmatched: list[int] = []
    for index in indices:
        header = headers[index]
        chosen = remembered.get(norm(header))
        if chosen == IGNORE or (chosen is None and norm(header) in METADATA):
            metadata.append(index)
            continue
        code = chosen or match_question(header, key)
        if code and code not in found.values():
            found[index] = code
        else:
            unmatched.append(index)
    return found, metadata, unmatched


@cache
def enum_lookup(enum: str) -> dict[str, str]:
    """Normalised spelling -> canonical value for an enumeration of :data:`ENUMS`."""
    lookup: dict[str, str] = {}
    for value, others in ENUMS[enum].items():
        for spelling in (value, *others):
            lookup[norm(spelling)] = value
    return lookup


def text_frame(table: Table, columns: dict[int, str]) -> pd.DataFrame:
    """Some columns of the table as text, under the given names, indexed by spreadsheet row number."""
    picked = pa.table([trimmed(table.arrow.column(i)) for i in columns], names=list(columns.values()))
    frame = picked.to_pandas().astype("str")
    frame.index = pd.Index(table.row_numbers, name="row")
    return frame

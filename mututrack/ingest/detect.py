"""Which tool wrote a file (template, LimeSurvey, Microsoft Forms, Google Forms) and which kind it is.

Both are read from the headers alone. The source tool is recognised by the metadata columns it
always writes (DOMAIN.md "The files HR really has"); the kind is the one whose required columns are
all present (a survey when question columns are found instead).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mututrack.ingest.headers import BRACKET, match_headers, match_question, norm, questions_key
from mututrack.ingest.kinds import KINDS

__all__ = ["FORMATS", "detect_format", "detect_kind", "month_first"]

FORMATS = ("template", "limesurvey", "msforms", "googleforms")
LIMESURVEY = (
    {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp"},
    {"id de la reponse", "date de soumission", "derniere page", "langue de depart", "tete de serie"},
    {"response id", "date submitted", "last page", "start language"},
)
MSFORMS = (
    {"id", "start time", "completion time", "email", "name", "last modified time"},
    {
        "id",
        "heure de debut",
        "heure de fin",
        "adresse de messagerie",
        "nom",
        "heure de la derniere modification",
    },
)
GOOGLE_FIRST = {"timestamp", "horodateur", "horodatage", "marque temporelle"}
# The metadata columns of a form tool set to English: its dates then read month first (5/11/2026 is
# 11 May) when none of them says otherwise (dates.read_dates).
ENGLISH_FORMS = {"timestamp", "start time", "completion time", "last modified time"}


def detect_format(headers: Sequence[str]) -> str:
    """``limesurvey``, ``msforms``, ``googleforms`` or ``template``."""
    names = {norm(h) for h in headers}
    if any(len(names & marks) >= 3 for marks in MSFORMS) and (
        "completion time" in names or "heure de fin" in names
    ):
        return "msforms"
    if any(len(names & marks) >= 2 for marks in LIMESURVEY):
        return "limesurvey"
    if headers and norm(headers[0]) in GOOGLE_FIRST:
        return "googleforms"
    if sum(bool(BRACKET.match(h)) for h in headers) >= 3:
        return "limesurvey"
    return "template"


def detect_kind(headers: Sequence[str], questions: pd.DataFrame) -> str | None:
    """The kind whose required columns are all present (most columns matched wins); None if none."""
    if detect_format(headers) != "template":
        return "responses"
    key = questions_key(questions)
    if sum(match_question(h, key) is not None for h in headers) >= 3:
        return "responses"
    best, best_score = None, 0
    for kind in KINDS.values():
        if kind.name == "responses":
            continue
        matched, _ = match_headers(headers, kind)
        required = {f.name for f in kind.required}
        if not required <= set(matched.values()):
            continue
        # more matched columns win; among equals the kind with fewer columns fits tighter
        score = len(matched) * 100 - len(kind.fields)
        if score > best_score:
            best, best_score = kind.name, score
    return best


def month_first(headers: Sequence[str]) -> bool:
    """True when a form tool's English metadata columns head the file (Microsoft or Google Forms in
    English)."""
    return any(norm(h) in ENGLISH_FORMS for h in headers)

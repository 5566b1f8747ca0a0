"""The standard questionnaire, its answer scales and dimensions, as data files.

Codes are a contract (DESIGN.md "The standard questionnaire"); the wording is the project's, except
the WHO-5, which keeps the instrument's official French and English wording.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

__all__ = [
    "questions", "scales", "dimensions", "comment_themes", "stop_words_fr", "MISSING_LABELS", "WHO5_CODES",
]

HERE = Path(__file__).parent
WHO5_CODES = ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5")
# Answers that mean "no answer": never zeros (DESIGN.md "Import contract").
MISSING_LABELS = frozenset({
    "", "sans avis", "je ne sais pas", "ne sait pas", "n/a", "na", "nsp",
    "no opinion", "don't know", "not applicable", "non applicable",
})


@cache
def questions() -> pd.DataFrame:
    """The standard questions: code, dimension, scale, reverse, text_fr, text_en."""
    frame = pd.read_csv(HERE / "questions.csv", dtype=str, keep_default_na=False)
    return frame.assign(reverse=frame["reverse"].eq("true"))


@cache
def scales() -> pd.DataFrame:
    """Answer labels: scale, value, label_fr, label_en (``choice:<code>`` scales hold text values)."""
    return pd.read_csv(HERE / "scales.csv", dtype=str, keep_default_na=False)


@cache
def dimensions() -> pd.DataFrame:
    """The dimensions: dimension, label_fr, label_en."""
    return pd.read_csv(HERE / "dimensions.csv", dtype=str, keep_default_na=False)


@cache
def comment_themes() -> pd.DataFrame:
    """The lexicon of comment themes: theme, dimension, label_fr, label_en, terms (phrases separated
    by ``|``, compared after stemming, so one form of a word finds the others)."""
    return pd.read_csv(HERE / "comment_themes.csv", dtype=str, keep_default_na=False)


@cache
def stop_words_fr() -> tuple[str, ...]:
    """French words that carry no theme (articles, pronouns, forms of être and avoir...), lowercase."""
    return tuple(pd.read_csv(HERE / "stopwords_fr.csv", dtype=str, keep_default_na=False)["word"])

"""The glossary: one name and one plain-language definition per term users meet, in French and
English, and the pages where each one appears (``glossary.csv``).

The glossary is the reference for wording: a page names a notion with the glossary's name, and a
key figure's tooltip is the glossary's definition (``mututrack.ui.term_help``). ``also`` lists the
other words people type for a term (an abbreviation, a synonym, the other language's usage), so that
searching for them finds it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd

__all__ = ["terms", "definition", "fold", "entries"]

HERE = Path(__file__).parent
_LISTS = ("pages", "also")  # "|"-separated in the file, tuples once read


@cache
def terms() -> pd.DataFrame:
    """Every term: term (its key), name_fr, name_en, definition_fr, definition_en, pages (page names
    as ``auth.PAGE_ROLES`` spells them) and also (other words that find it), in the file's order."""
    frame = pd.read_csv(HERE / "glossary.csv", dtype=str, keep_default_na=False)
    return frame.assign(**{column: frame[column].map(_split) for column in _LISTS})


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _row(term: str) -> pd.Series:
    found = terms().loc[terms()["term"] == term]
    if found.empty:
        raise KeyError(f"no glossary term {term!r}")
    return found.iloc[0]


def definition(term: str, lang: str) -> str:
    """The definition of ``term`` in ``lang`` (``fr`` or ``en``; another code reads French)."""
    return str(_row(term)[f"definition_{_language(lang)}"])


def _language(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


def fold(text: str) -> str:
    """``text`` as searching and sorting compare it: no accents, no case, one kind of space and
    apostrophe, "œ" as "oe" ("Mise en  Œuvre d’un" → "mise en oeuvre d'un")."""
    spelt = text.replace("\u2019", "'").replace("œ", "oe").replace("Œ", "Oe")  # French sorts œ as oe
    decomposed = unicodedata.normalize("NFKD", spelt)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def entries(lang: str, query: str = "") -> pd.DataFrame:
    """The terms in ``lang``, alphabetically (accents ignored), each with its first letter; only those
    that every word of ``query`` finds in their name (in either language), their definition or their
    other words. Columns: term, name, other_name, definition, pages, letter."""
    lang = _language(lang)
    other = "en" if lang == "fr" else "fr"
    frame = terms()
    shown = pd.DataFrame({
        "term": frame["term"], "name": frame[f"name_{lang}"], "other_name": frame[f"name_{other}"],
        "definition": frame[f"definition_{lang}"], "pages": frame["pages"],
    })
    searched = [fold(" ".join([row.name, row.other_name, row.definition, *also]))
                for row, also in zip(shown.itertuples(), frame["also"], strict=True)]
    words = fold(query).split()
    kept = shown.loc[[all(word in text for word in words) for text in searched]]
    order = kept["name"].map(fold)
    return (kept.assign(letter=order.str[0].str.upper(), _order=order)
            .sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True))

"""French and English strings, and locale formatting of numbers, percentages and dates (Babel).

Strings live in ``mututrack/locales/<area>.json`` as ``{"key": {"fr": ..., "en": ...}}``, one file per
area of the product so that each owner edits its own. The language is held in a context variable:
each Streamlit script run (one thread) and each CLI call sets it once.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import html
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

__all__ = ["LANGUAGES", "t", "set_language", "language", "fmt_number", "fmt_pct", "fmt_date", "fmt_datetime",
           "strings", "literal"]

LANGUAGES = ("fr", "en")
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
MISSING = "—"
LOCALES_DIR = Path(__file__).parent / "locales"
_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="fr")


@cache
def strings() -> dict[str, dict[str, str]]:
    """Every string of every area, keyed by its id; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} defined twice (again in {path.name})")
            merged[key] = value
    return merged


def set_language(lang: str) -> str:
    """Use ``lang`` for the rest of this run (unknown codes fall back to French); returns it."""
    chosen = lang if lang in LANGUAGES else "fr"
    _language.set(chosen)
    return chosen


def language() -> str:
    """The language of the current run: ``fr`` or ``en``."""
    return _language.get()


def t(key: str, /, **values: Any) -> str:
    """The string ``key`` in the current language, with ``{placeholders}`` filled from ``values``.

    An entry whose text depends on a number is a dict of CLDR plural forms (``{"one": "{count}
    alerte", "other": "{count} alertes"}``): the form is chosen by Babel's plural rules for the
    language from ``count`` (or ``rows``; French reads 0 and 1 as singular, English only 1).
    """
    return text_in(language(), key, **values)


def text_in(lang: str, key: str, /, **values: Any) -> str:
    """:func:`t` in the language ``lang`` (the CLI prints French then English)."""
    entry = strings().get(key)
    if entry is None:
        raise KeyError(f"missing i18n key {key!r}")
    text = entry.get(lang) or entry["fr"]
    if isinstance(text, dict):
        number = values["count"] if "count" in values else values["rows"]
        plural = Locale.parse(LOCALES[lang if lang in LANGUAGES else "fr"]).plural_form(abs(number))
        text = text.get(plural) or text["other"]
    return text.format(**values) if values else text


def _is_missing(value: Any) -> bool:
    # pandas' NA and NaT too, without importing pandas (the file-reading child stays light)
    return (value is None or (isinstance(value, float) and math.isnan(value))
            or type(value).__name__ in ("NAType", "NaTType"))


def fmt_number(value: float | None, *, decimals: int = 0) -> str:
    """``1 234,5`` in French, ``1,234.5`` in English; a dash for a missing value."""
    if _is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _minus(format_decimal(value, format=pattern, locale=LOCALES[language()]))


def _minus(text: str) -> str:
    """The typographic minus sign (U+2212) instead of a hyphen, as French and English typesetting
    want and screen readers read as "moins"."""
    return text.replace("-", "\u2212")


def fmt_pct(value: float | None, *, decimals: int = 0) -> str:
    """A fraction as a percentage: ``0.125`` → ``12,5 %`` (French) or ``12.5%`` (English)."""
    if _is_missing(value):
        return MISSING
    # French puts a narrow no-break space before the sign ("12,5 %"), English none ("12.5%").
    sign = "\u202f%" if language() == "fr" else "%"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + sign
    return _minus(format_percent(value, format=pattern, locale=LOCALES[language()]))


def fmt_rate(rate: float | None, most: float | None = None) -> str:
    """A rate as :func:`fmt_pct`, or "< x %" when only its bound ``most`` is published (fewer than k
    people behind it: DOMAIN.md "Counts")."""
    return fmt_pct(rate) if _is_missing(most) else f"< {fmt_pct(most)}"


def fmt_date(value: dt.date | None) -> str:
    """``26/11/2026`` in both languages (the format French administrations use)."""
    if value is None or value != value:  # NaT compares unequal to itself
        return MISSING
    return format_date(value, format="dd/MM/yyyy", locale=LOCALES[language()])


def fmt_datetime(value: dt.datetime | None) -> str:
    """``26/11/2026 14:05``."""
    if value is None or value != value:
        return MISSING
    return format_datetime(value, format="dd/MM/yyyy HH:mm", locale=LOCALES[language()])


# What Markdown (CommonMark, GitHub tables, Streamlit's :color[...] and :material/...: directives,
# $LaTeX$) reads as markup anywhere in a line; "&", "<" and ">" are left to html.escape. A list or
# heading marker counts only at the start of a text ("- x", "# x", "1. x"), where it is escaped too.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()!|~:$])")
_BLOCK_START = re.compile(r"^(\s*)([-+#=]|\d+(?=[.)]))")


def literal(text: object) -> str:
    """``text`` that came from users' files (a name, a wave label, a file name), escaped so that any
    Markdown or HTML element shows it exactly as typed: ``**x**`` stays ``**x**``, ``<img ...>``
    stays text."""
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")
    return _BLOCK_START.sub(lambda m: m[1] + ("\\" + m[2] if not m[2].isdigit() else m[2] + "\\"), escaped)

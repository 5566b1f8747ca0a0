import datetime as dt
import json
from pathlib import Path

import pytest

from mututrack import i18n

LOCALES = Path(i18n.__file__).parent / "locales"


@pytest.mark.parametrize(
    ("lang", "value", "decimals", "expected"),
    [
        ("fr", 0.125, 1, "12,5\u202f%"),
        ("en", 0.125, 1, "12.5%"),
        ("fr", 1.0, 0, "100\u202f%"),
        ("fr", None, 0, "—"),  # a figure that cannot be computed shows a dash, never 0 %
        ("fr", float("nan"), 0, "—"),
    ],
)
def test_fmt_pct(lang: str, value: float | None, decimals: int, expected: str) -> None:
    i18n.set_language(lang)
    assert i18n.fmt_pct(value, decimals=decimals) == expected


def test_numbers_and_dates_follow_the_locale() -> None:
    i18n.set_language("fr")
    assert i18n.fmt_number(1234.5, decimals=1) == "1\u202f234,5"
    assert i18n.fmt_date(dt.date(2026, 11, 26)) == "26/11/2026"
    i18n.set_language("en")
    assert i18n.fmt_number(1234.5, decimals=1) == "1,234.5"


def test_unknown_language_falls_back_to_french() -> None:
    assert i18n.set_language("de") == "fr"


def test_every_string_has_french_and_english_and_the_same_placeholders() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, entry in i18n.strings().items():
        assert entry.get("fr") and entry.get("en"), key
        forms = [
            entry[lang] if isinstance(entry[lang], dict) else {"other": entry[lang]} for lang in ("fr", "en")
        ]
        assert all("other" in f for f in forms), key  # a plural entry always has its general form
        general = fields(forms[0]["other"])
        assert fields(forms[1]["other"]) == general, key  # the same placeholders in both languages
        assert all(fields(text) <= general for f in forms for text in f.values()), key  # "sa ligne": no count
        if isinstance(entry["fr"], dict):
            assert fields(entry["fr"]["other"]) & {"count", "rows"}, key


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("fr", 0, "0 alerte demande votre attention."), ("fr", 1, "1 alerte demande votre attention."),
    ("fr", 2, "2 alertes demandent votre attention."), ("en", 1, "1 alert needs your attention."),
    ("en", 0, "0 alerts need your attention."),
])
def test_plurals_follow_each_language(lang: str, count: int, expected: str) -> None:
    i18n.set_language(lang)
    assert i18n.t("overview.summary.alerts", count=count) == expected


def test_no_lazy_plural_is_left() -> None:
    lazy = [key for key, entry in i18n.strings().items() for text in entry.values()
            for form in (text.values() if isinstance(text, dict) else [text]) if "(s)" in form]
    assert lazy == []


def test_negative_numbers_take_the_minus_sign() -> None:
    i18n.set_language("fr")
    assert i18n.fmt_number(-3.5, decimals=1) == "\u22123,5" and i18n.fmt_pct(-0.05) == "\u22125\u202f%"


def test_a_key_defined_in_two_files_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps({"dup.key": {"fr": "x", "en": "y"}}), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.strings.cache_clear()
    try:
        with pytest.raises(ValueError, match="dup.key"):
            i18n.strings()
    finally:
        monkeypatch.undo()
        i18n.strings.cache_clear()


def test_missing_key_raises() -> None:
    with pytest.raises(KeyError):
        i18n.t("no.such.key")


def test_a_rate_known_only_by_its_bound_reads_as_a_bound() -> None:
    import pandas as pd

    i18n.set_language("fr")
    assert i18n.fmt_rate(0.5) == "50\u202f%" and i18n.fmt_rate(float("nan"), 4 / 30) == "< 13\u202f%"
    assert i18n.fmt_rate(0.5, pd.NA) == "50\u202f%" and i18n.fmt_rate(pd.NA) == i18n.MISSING

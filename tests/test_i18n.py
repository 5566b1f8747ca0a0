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

    for key, entry in i18n.strings().items():
        assert entry.get("fr") and entry.get("en"), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in ("fr", "en")]
        assert fields[0] == fields[1], key


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

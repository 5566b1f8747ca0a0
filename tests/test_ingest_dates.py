"""Dates as the survey tools and spreadsheets write them, in French and English (dates.read_dates)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mututrack.ingest import detect
from mututrack.ingest.dates import DateOrder, parse_dates, read_dates

MAY_11 = dt.datetime(2026, 5, 11, 17, 53)

# (tool, how it writes 11 May 2026 at 17:53, whether its headers are a form tool's in English)
WRITTEN = [
    ("LimeSurvey", "2026-05-11 17:53:00", False),
    ("Microsoft Forms, French", "11/05/2026 17:53:00", False),
    ("Microsoft Forms, English", "5/11/2026 5:53:00 PM", True),
    ("Microsoft Forms, English, 12-hour clock alone", "5/11/2026 5:53:00 PM", False),  # PM says month first
    ("Microsoft Forms, English, short year", "5/11/26 17:53", True),
    ("Google Sheets CSV, French", "11/05/2026 17:53:00", False),
    ("Google Sheets CSV, English", "5/11/2026 17:53:00", True),
    ("Google Forms direct download", "2026/05/11 05:53:00 PM UTC+2", True),
    ("Google Forms direct download, GMT", "2026/05/11 5:53:00 PM GMT+2", False),
    ("Google Forms direct download, 24 h", "2026/05/11 17:53:00 UTC+2", False),
    ("Google Forms direct download, UTC", "2026/05/11 17:53:00 UTC", False),
    ("French Excel", "11/05/2026 17:53", False),
    ("ISO, UTC", "2026-05-11T17:53:00Z", False),  # the wall-clock time is kept, the zone dropped
    ("ISO, offset", "2026-05-11T17:53:00+02:00", False),
    ("ISO, offset without colon", "2026-05-11T17:53:00+0200", False),
    ("ISO, minutes only", "2026-05-11T17:53", False),
    ("French, dots", "11.05.2026 17:53", False),
    ("padded by a careless copy", " 11/05/2026 17:53 ", False),
]


@pytest.mark.parametrize(("tool", "cell", "english"), WRITTEN, ids=[w[0] for w in WRITTEN])
def test_every_tool_s_timestamp_reads(tool: str, cell: str, english: bool) -> None:
    parsed, _ = read_dates(pd.DataFrame({"d": [cell]}), ["d"], month_first=english)
    assert parsed["d"].iloc[0] == MAY_11


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("11/05/2026", dt.datetime(2026, 5, 11)),  # French Excel, a date alone
        ("2026-05-11", dt.datetime(2026, 5, 11)),
        ("2026/05/11", dt.datetime(2026, 5, 11)),
        # LimeSurvey's anonymous surveys (read, then set aside)
        ("1980-01-01 00:00:00", dt.datetime(1980, 1, 1)),
        ("01/09/95", dt.datetime(1995, 9, 1)),  # two-digit years 70..99 are the 1900s
        ("01/09/05", dt.datetime(2005, 9, 1)),
        ("2026-05-11 17:53:00.250", dt.datetime(2026, 5, 11, 17, 53, 0, 250_000)),
    ],
)
def test_dates_alone_and_odd_shapes(cell: str, expected: dt.datetime) -> None:
    assert parse_dates(pd.Series([cell])).iloc[0] == expected


@pytest.mark.parametrize(
    "cell",
    [
        "31/02/2026",
        "32/01/2026",
        "13/13/2026",
        "26/11/0026",
        "hier",
        "2026-13-01",
        "11/05/2026 25:00",
        "11/05/2026 17:53 UTC+2 oops",
    ],
)
def test_what_is_no_date_stays_unread(cell: str) -> None:
    assert pd.isna(parse_dates(pd.Series([cell])).iloc[0])


def dates(*cells: str, month_first: bool = False) -> tuple[list, DateOrder]:
    frame = pd.DataFrame({"d": list(cells)})
    parsed, order = read_dates(frame, ["d"], month_first=month_first)
    return [None if pd.isna(v) else v.date() for v in parsed["d"]], order


def test_a_day_over_12_makes_the_whole_file_day_first() -> None:
    assert dates("05/11/2026", "25/11/2026") == (
        [dt.date(2026, 11, 5), dt.date(2026, 11, 25)],
        DateOrder("dmy"),
    )


def test_a_second_field_over_12_makes_the_whole_file_month_first() -> None:
    # even in a French-speaking file: 5/25/2026 has no other reading
    assert dates("05/11/2026", "5/25/2026") == (
        [dt.date(2026, 5, 11), dt.date(2026, 5, 25)],
        DateOrder("mdy"),
    )


def test_day_first_wins_when_the_file_says_both_and_the_others_are_refused() -> None:
    assert dates("25/11/2026", "11/25/2026") == ([dt.date(2026, 11, 25), None], DateOrder("dmy"))


@pytest.mark.parametrize(
    ("cells", "month_first", "expected"),
    [
        # French by default, and said so
        (("05/11/2026", "06/11/2026"), False, DateOrder("dmy", guessed=True)),
        (("05/11/2026", "06/11/2026"), True, DateOrder("mdy", guessed=True)),  # a form tool set to English
        (("5/11/2026 5:53:00 PM",), False, DateOrder("mdy", guessed=True)),  # a 12-hour clock is the US way
        (("2026-05-11", "2026-06-11"), False, DateOrder("dmy")),  # ISO reads one way only: nothing to say
        (("05/05/2026", "2026-06-11"), False, DateOrder("dmy")),  # day = month reads the same both ways
        (("", ""), True, DateOrder("mdy")),
    ],
)
def test_when_every_date_reads_both_ways_the_tool_decides_and_it_is_said(
    cells, month_first, expected
) -> None:
    assert dates(*cells, month_first=month_first)[1] == expected


def test_one_order_for_all_the_date_columns_of_a_file() -> None:
    frame = pd.DataFrame({"start": ["05/11/2026"], "end": ["25/11/2026"]})
    parsed, order = read_dates(frame, ["start", "end"])
    assert order == DateOrder("dmy")
    assert parsed["start"].iloc[0].date() == dt.date(2026, 11, 5)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Timestamp", "Email address", "Q1"], True),  # Google Forms in English
        (["ID", "Start time", "Completion time", "Email", "Name"], True),  # Microsoft Forms in English
        (["Horodateur", "Q1"], False),
        (["ID", "Heure de début", "Heure de fin"], False),
        (["id", "submitdate", "lastpage"], False),  # LimeSurvey writes ISO dates anyway
        (["matricule", "date_entree"], False),
    ],
)
def test_a_form_tool_set_to_english_reads_month_first(headers: list[str], expected: bool) -> None:
    assert detect.month_first(headers) is expected


def test_a_large_column_is_read_without_a_loop_per_row() -> None:
    cells = pd.Series(pd.date_range("2026-01-01", periods=200_000, freq="min").strftime("%d/%m/%Y %H:%M"))
    parsed = parse_dates(cells)
    assert parsed.notna().all() and parsed.iloc[-1] == pd.Timestamp("2026-05-19 21:19")

"""Survey participation: response rates against the roster (DOMAIN.md "Response rate")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["TARGET_RATE", "response_rates", "is_open"]

# Below 60 % a group's answers say little about the group: the level survey vendors flag
# (DOMAIN.md "What the best tools do"; 75-80 % is good).
TARGET_RATE = 0.6


def response_rates(respondents_by_group: pd.DataFrame, headcount_by_group: pd.DataFrame) -> pd.DataFrame:
    """Per group: the group columns, ``respondents``, ``agents_active``, ``response_rate`` =
    respondents ÷ agents active (null when the group has no active agent, as without a roster).

    The group columns are those the two frames share besides ``respondents`` and
    ``agents_active``; a group present in only one frame counts 0 in the other.
    """
    keys = [c for c in respondents_by_group.columns if c in headcount_by_group.columns and c != "respondents"]
    left = respondents_by_group.groupby(keys, as_index=False, dropna=False)["respondents"].sum()
    right = headcount_by_group.groupby(keys, as_index=False, dropna=False)["agents_active"].sum()
    rates = _mergeable(left, keys, right).merge(_mergeable(right, keys, left), on=keys, how="outer")
    rates["respondents"] = rates["respondents"].fillna(0).astype("int64")
    rates["agents_active"] = rates["agents_active"].fillna(0).astype("int64")
    active = rates["agents_active"].where(rates["agents_active"] > 0)
    rates["response_rate"] = (rates["respondents"] / active).astype("float64")
    return rates.sort_values(keys, ignore_index=True)


def _mergeable(frame: pd.DataFrame, keys: list[str], other: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its keys as plain objects where ``other``'s differ or either side is empty.

    pandas cannot merge an Arrow string key with no rows on either side (``ArrowInvalid``: a roster
    but no survey wave yet), nor a float64 key (a column of nulls) with a string one.
    """
    plain = [k for k in keys if frame.empty or other.empty or frame[k].dtype != other[k].dtype]
    return frame.astype(dict.fromkeys(plain, object))


def is_open(waves: pd.DataFrame, *, today: dt.date) -> pd.Series:
    """True for the waves collecting answers on ``today``: opened on or before it, not closed before it."""
    now = pd.Timestamp(today)
    opened = pd.to_datetime(waves["opened_at"])
    closed = pd.to_datetime(waves["closed_at"])
    return ((opened.isna() | (opened <= now)) & (closed.isna() | (closed >= now))).astype(bool)

"""Agents' proposals followed to a decision (DOMAIN.md "Proposals")."""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["STATUSES", "OPEN_STATUSES", "summary", "funnel", "you_said_we_did"]

STATUSES = ("deposee", "a_l_etude", "retenue", "mise_en_oeuvre", "non_retenue")
OPEN_STATUSES = ("deposee", "a_l_etude")
ADOPTED = ("retenue", "mise_en_oeuvre")
DECIDED = (*ADOPTED, "non_retenue")
OPEN_DAYS = 60
# The stages of the funnel and the statuses that have reached each one.
FUNNEL = {
    "deposee": STATUSES,
    "a_l_etude": ("a_l_etude", *DECIDED),
    "decidee": DECIDED,
    "retenue": ADOPTED,
    "mise_en_oeuvre": ("mise_en_oeuvre",),
}


def summary(proposals: pd.DataFrame, *, today: dt.date) -> dict[str, float | int | None]:
    """``total``, ``adoption_rate``, ``median_days_to_decision``, ``open_over_60_days`` and one
    count per status (``deposee`` .. ``non_retenue``).

    adoption_rate = (retenue + mise_en_oeuvre) ÷ (retenue + mise_en_oeuvre + non_retenue);
    open over 60 days = still deposee or a_l_etude, submitted more than 60 days before ``today``.
    """
    status = proposals["status"]
    counts = {s: int((status == s).sum()) for s in STATUSES}
    decided = sum(counts[s] for s in DECIDED)
    days = (pd.to_datetime(proposals["decision_date"]) - pd.to_datetime(proposals["date"])).dt.days
    old = pd.to_datetime(proposals["date"]) < pd.Timestamp(today) - pd.Timedelta(days=OPEN_DAYS)
    median = days.median()
    return {
        "total": len(proposals),
        "adoption_rate": sum(counts[s] for s in ADOPTED) / decided if decided else None,
        "median_days_to_decision": None if pd.isna(median) else float(median),
        "open_over_60_days": int((status.isin(OPEN_STATUSES) & old).sum()),
        **counts,
    }


def funnel(proposals: pd.DataFrame) -> pd.DataFrame:
    """The proposals that reached each stage: ``stage``, ``proposals`` (submitted, studied,
    decided, adopted, implemented; each stage counts those gone further too).
    """
    status = proposals["status"]
    return pd.DataFrame(
        {"stage": list(FUNNEL), "proposals": [int(status.isin(reached).sum()) for reached in FUNNEL.values()]}
    )


def you_said_we_did(proposals: pd.DataFrame, *, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """The decided proposals with their answer, latest decision first: ``theme``, ``date``,
    ``status``, ``decision_date``, ``answer`` (who made them is left out on purpose), then the
    columns ``keep`` names.
    """
    decided = proposals[proposals["status"].isin(DECIDED)]
    columns = ["theme", "date", "status", "decision_date", "answer", *keep]
    return decided.sort_values(["decision_date", "date"], ascending=False)[columns].reset_index(drop=True)

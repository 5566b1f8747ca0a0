"""The data of the "Participation aux enquêtes" page: response rates per wave and per group
against the roster, and whether a wave is collecting answers now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_number, t
from mututrack.metrics import involvement, participation
from mututrack.publication import suppression as privacy
from mututrack.store import Store
from mututrack.views.involvement import DIMENSIONS, label_groups

__all__ = ["compute", "wave_rates", "group_rates", "open_wave_groups", "published_rates"]

WAVE_COLUMNS = ["wave", "respondents", "agents_active", "response_rate"]


def wave_rates(store: Store, *, today: dt.date | None = None) -> pd.DataFrame:
    """One row per wave, in wave order: ``wave``, ``respondents``, ``agents_active`` (on the wave's
    close date, or today while it has none), ``response_rate`` (null without a roster).
    """
    waves, respondents, headcount = _inputs(store, Filters(), today=today or dt.date.today())
    return _wave_rates(waves, respondents, headcount)


def group_rates(
    respondents: pd.DataFrame, headcount: pd.DataFrame, dimension: str, *, entities: pd.DataFrame, k: int
) -> pd.DataFrame:
    """Per wave and group of ``dimension``: ``wave``, ``group``, ``group_label``, ``respondents``,
    ``agents_active``, ``response_rate``, ``below_target``, ``suppressed``.

    A group whose headcount is under ``k`` shows no figure (DOMAIN.md "Response rate": only where
    the group's headcount reaches the threshold), nor does its smallest sibling when needed.
    """
    column = DIMENSIONS[dimension]
    rates = participation.response_rates(
        respondents.rename(columns={column: "group"})[["wave", "group", "respondents"]],
        headcount.rename(columns={column: "group"})[["wave", "group", "agents_active"]],
    )
    rates.insert(2, "group_label", label_groups(rates["group"], dimension, entities))
    rates = privacy.suppress(
        rates, count="agents_active", values=["respondents", "response_rate"], k=k, siblings=["wave"]
    )
    rates = few_respondents(rates, k)
    target = participation.TARGET_RATE
    rates["below_target"] = (rates["response_rate"].astype("float64") < target).fillna(False)
    rates["below_target"] |= rates["response_rate_max"].astype("float64") < target
    order = ["wave", "suppressed", "response_rate", "group_label"]
    return rates.sort_values(order, na_position="last", ignore_index=True)


def few_respondents(rates: pd.DataFrame, k: int) -> pd.DataFrame:
    """Rates with no count of respondents under k (DOMAIN.md "Counts"): where 1 to k − 1 answered,
    ``respondents`` and ``response_rate`` become null and ``response_rate_max`` holds the most the
    rate can be (k − 1 ÷ agents active), ``respondents_label`` saying "moins de k"."""
    count = pd.to_numeric(rates["respondents"], errors="coerce")
    out, few, _, most = privacy.bound_counts(rates, count="respondents", base="agents_active",
                                             values=["response_rate"], k=k)
    return out.assign(
        response_rate_max=most,
        respondents_label=[t("publication.fewer_than", k=k) if f else (fmt_number(c) if pd.notna(c) else "")
                           for f, c in zip(few, count, strict=True)],
    )


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``waves`` (rates per wave, with ``open``), ``groups`` (dimension -> rates per wave and group),
    ``open_wave`` (label of the wave collecting answers today, or None), ``target``, ``k``.
    """
    today = today or dt.date.today()
    k = privacy.threshold(store, filters.wave)
    waves, respondents, headcount = _inputs(store, filters, today=today)
    rates = _wave_rates(waves, respondents, headcount)
    if filters.entity or filters.category:  # a total over a filtered population is a group figure too
        rates = privacy.suppress(
            rates, count="agents_active", values=["respondents", "response_rate"], k=k, siblings=["wave"]
        )
    rates = few_respondents(rates, k)
    rates["open"] = participation.is_open(waves, today=today).to_numpy()
    entities = store.query("entities_list")
    open_waves = rates.loc[rates["open"], "wave"].tolist()
    return {
        "waves": rates,
        "groups": {d: group_rates(respondents, headcount, d, entities=entities, k=k) for d in DIMENSIONS},
        "open_wave": open_waves[-1] if open_waves else None,
        "target": participation.TARGET_RATE,
        "k": k,
    }


def open_wave_groups(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``waves`` (rates per wave, with ``open``), ``open_wave`` and ``groups`` (every dimension's rates
    for the open wave only, in one frame): what the Overview's alerts need, without the other waves.
    """
    today = today or dt.date.today()
    k = privacy.threshold(store, filters.wave)
    waves, respondents, headcount = _inputs(store, filters, today=today)
    rates = _wave_rates(waves, respondents, headcount)
    rates["open"] = participation.is_open(waves, today=today).to_numpy()
    open_waves = rates.loc[rates["open"], "wave"].tolist()
    if not open_waves:
        return {"waves": rates, "open_wave": None, "groups": pd.DataFrame()}
    wave = open_waves[-1]
    respondents, headcount = respondents[respondents["wave"] == wave], headcount[headcount["wave"] == wave]
    entities = store.query("entities_list")
    groups = [group_rates(respondents, headcount, d, entities=entities, k=k) for d in DIMENSIONS]
    return {"waves": rates, "open_wave": wave, "groups": pd.concat(groups, ignore_index=True)}


def _inputs(
    store: Store, filters: Filters, *, today: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The waves, and respondents and headcount per wave and group (with entity kind and size band)."""
    waves = store.query("waves_list")
    entities = store.query("entities_list").rename(columns={"kind": "entity_kind"})
    entities = entities[["entity_id", "entity_kind", "population"]]
    respondents = store.query("participation_respondents")
    headcount = store.query("participation_headcount", today=today)
    frames = []
    for frame in (respondents, headcount):
        if filters.entity:
            frame = frame[frame["entity_id"] == filters.entity]
        if filters.category:
            frame = frame[frame["category"] == filters.category]
        frames.append(involvement.with_size_band(frame.merge(entities, on="entity_id", how="left")))
    return waves, frames[0], frames[1]


def _wave_rates(waves: pd.DataFrame, respondents: pd.DataFrame, headcount: pd.DataFrame) -> pd.DataFrame:
    rates = participation.response_rates(
        respondents[["wave", "respondents"]], headcount[["wave", "agents_active"]]
    )
    rates = waves[["wave"]].merge(rates, on="wave", how="left")
    rates = rates.astype({"respondents": "float64", "agents_active": "float64"}).fillna(
        {"respondents": 0, "agents_active": 0}
    )
    return rates.astype({"respondents": "int64", "agents_active": "int64"})[WAVE_COLUMNS]


def report_group_rates(store: Store, by: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """Per wave and group of ``by`` (entity, category or service): ``wave``, ``group`` ('' for
    the group left empty), ``response_rate``, null where the group's headcount is under k."""
    waves, respondents, headcount = _inputs(store, Filters(), today=today or dt.date.today())
    entities, k = store.query("entities_list"), privacy.threshold(store)
    rates = group_rates(respondents, headcount, by, entities=entities, k=k)
    return rates.assign(group=rates["group"].fillna(""))[["wave", "group", "response_rate"]]


def published_rates(store: Store, *, today: dt.date | None = None) -> pd.DataFrame:
    """What a rate export may carry, per wave: ``wave``, ``breakdown`` (``all``, ``entity``,
    ``category``, ``service``), ``group`` (``all``; '' for the group left empty), ``agents_active``,
    ``response_rate``, ``suppressed``. A rate is given only where at least k agents and k
    respondents stand behind it, with complementary suppression on both counts in each breakdown,
    so that no total minus the groups shown points at fewer than k agents or respondents."""
    k = privacy.threshold(store)
    waves, respondents, headcount = _inputs(store, Filters(), today=today or dt.date.today())
    frames = [_wave_rates(waves, respondents, headcount).assign(breakdown="all", group="all")]
    for breakdown in ("entity", "category", "service"):
        column = DIMENSIONS[breakdown]
        rates = participation.response_rates(
            respondents.rename(columns={column: "group"})[["wave", "group", "respondents"]],
            headcount.rename(columns={column: "group"})[["wave", "group", "agents_active"]],
        )
        frames.append(rates.assign(breakdown=breakdown, group=rates["group"].fillna("")))
    rates = pd.concat(frames, ignore_index=True)
    rates = rates.assign(_answered=rates["respondents"])
    rates = privacy.suppress(
        rates, count="agents_active", values=["response_rate"], k=k, siblings=["wave", "breakdown"]
    )
    rates = privacy.suppress(rates, count="_answered", values=["agents_active", "response_rate"], k=k,
                             siblings=["wave", "breakdown"], forced="suppressed")
    return rates[["wave", "breakdown", "group", "agents_active", "response_rate", "suppressed"]]

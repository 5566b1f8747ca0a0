"""``mututrack restitution``: a wave's results given back to the agents who answered, in plain words.

Everything comes from the figures the pages publish (docs/privacy.md): the wave's participation
(``views.participation``, no count under k), the organisation's WHO-5, poor well-being and eNPS as
``report --format json`` gives them (``views.qvt.wave_summary``), the questionnaire's themes as the
QVT page's heatmap shows them, each entity and category that the breakdowns publish (the others
named as hidden), the proposals answered between the surveys ("vous avez dit, nous avons
fait") and the consultation's next dates. This module gathers them as text in the current
language; :mod:`mututrack.report.restitution_html` lays them out as HTML and PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, fmt_rate, t
from mututrack.metrics.participation import TARGET_RATE
from mututrack.metrics.proposals import OPEN_STATUSES
from mututrack.metrics.qvt import WHO5_POOR_INDEX_BELOW
from mututrack.publication import build as publication_build
from mututrack.publication import rules
from mututrack.store import Store
from mututrack.views import concertation, participation, proposals, qvt
from mututrack.views.qvt_figures import group_labels

__all__ = ["Restitution", "SaidDone", "build", "default_wave", "waves", "said_and_done", "GROUP_COLUMNS"]

GROUP_COLUMNS = {"entity": "entity_id", "category": "category"}  # breakdowns given back, in this order
UPCOMING_MOST = 12  # dates listed under "next steps"


@dataclass(frozen=True)
class SaidDone:
    """One line of "vous avez dit, nous avons fait": what agents said, what was done about it."""

    said: str
    done: str


@dataclass(frozen=True)
class Restitution:
    """A wave's document, every value already written as text in the current language.

    ``figures``: (label, value, explanation) of the organisation; ``themes``: (theme, score, change);
    ``groups``: breakdown → (name, respondents, rate, WHO-5, eNPS) rows, the masked ones with one
    text; ``trend`` and ``rates`` hold the charts' data up to the wave.
    """

    wave: str
    previous_wave: str | None
    provisional: bool
    closes: dt.date | None
    territory: str
    is_demo: bool
    k: int
    made_on: dt.date
    participation: str
    figures: list[tuple[str, str, str]]
    changes: list[str]
    themes: list[tuple[str, str, str]]
    groups: dict[str, list[dict[str, Any]]]
    said_done: list[SaidDone]
    said_done_period: str
    waiting: str | None
    next_steps: list[str]
    upcoming: list[tuple[str, str]]
    trend: pd.DataFrame = field(repr=False)
    rates: pd.DataFrame = field(repr=False)
    target: float = TARGET_RATE


def default_wave(store: Store, *, today: dt.date | None = None) -> str | None:
    """The latest wave no longer collecting answers, else the latest wave; None without any."""
    every = waves(store, today=today)
    closed = [wave for wave, provisional in every if not provisional]
    return (closed or [wave for wave, _ in every] or [None])[-1]


def waves(store: Store, *, today: dt.date | None = None) -> list[tuple[str, bool]]:
    """Every survey wave, oldest first, with whether it still collects answers (provisional)."""
    return [(w, publication_build.is_provisional(store, w, today=today))
            for w in store.query("qvt_waves")["wave"].tolist()]


def build(store: Store, *, wave: str | None = None, today: dt.date | None = None) -> Restitution:
    """The document of ``wave`` (default: :func:`default_wave`). ValueError (French and English) when
    the store has no survey wave or no wave of that name."""
    today = today or dt.date.today()
    waves = store.query("waves_list")
    wave = wave or default_wave(store, today=today)
    if wave is None or wave not in set(store.query("qvt_waves")["wave"]):
        raise ValueError(t("restitution.no_wave" if wave is None else "restitution.unknown_wave", wave=wave))
    k = rules.threshold(store, wave)
    summary = {by: qvt.wave_summary(store, by=by) for by in GROUP_COLUMNS}
    whole = next(entry for entry in summary["entity"] if entry["wave"] == wave)
    page = qvt.compute(store, Filters(wave=wave))
    rates = participation.compute(store, Filters(), today=today)["waves"]
    window = _window(waves, wave, today)
    return Restitution(
        wave=wave,
        previous_wave=page["previous_wave"],
        provisional=bool(whole["provisional"]),
        closes=_date(waves.set_index("wave").at[wave, "closed_at"]),
        territory=_territory(store),
        is_demo=store.is_demo(),
        k=k,
        made_on=today,
        participation=_participation(rates[rates["wave"] == wave].iloc[0], k),
        figures=_figures(whole),
        changes=_changes(page["trend"], wave, page["previous_wave"]),
        themes=_themes(page["heatmaps"]["entity"]),
        groups={by: _groups(store, by, summary[by], wave, k) for by in GROUP_COLUMNS},
        said_done=said_and_done(_answered_pairs(store, window) + _action_pairs(store, window)),
        said_done_period=_period(window),
        waiting=_waiting(store, window, k),
        next_steps=_next_wave(waves, wave, today),
        upcoming=_upcoming(store, today),
        trend=_up_to(page["trend"], wave),
        rates=_up_to(rates, wave),
    )


def _date(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _up_to(frame: pd.DataFrame, wave: str) -> pd.DataFrame:
    """The rows of ``frame`` (one per wave, in order) up to ``wave``: a document never looks ahead."""
    where = frame.index[frame["wave"] == wave]
    return frame.loc[: where[0]].reset_index(drop=True) if len(where) else frame.iloc[0:0]


def _territory(store: Store) -> str:
    entities = store.query("entities_list")
    epci = entities.loc[entities["kind"] == "epci", "name"]
    return str(epci.iloc[0]) if len(epci) else t("pack.territory.default")


# -- participation and the organisation's figures ------------------------------------------------
def _participation(row: pd.Series, k: int) -> str:
    """One sentence: how many answered (never a count under k) and the rate (a bound under k)."""
    count = row["respondents"]
    if count == 0:
        return t("restitution.participation.none")
    rate = fmt_rate(row["response_rate"], row.get("response_rate_max"))
    if pd.isna(row["response_rate"]) and pd.isna(row.get("response_rate_max")):
        return t("restitution.participation.count", respondents=row["respondents_label"])
    return t("restitution.participation.rate", respondents=row["respondents_label"], rate=rate,
             agents=fmt_number(row["agents_active"]) if row["agents_active"] >= k else t(
                 "publication.fewer_than", k=k))


def _figures(whole: dict[str, Any]) -> list[tuple[str, str, str]]:
    """WHO-5, the share of poor well-being and eNPS, exactly as the JSON report gives them."""
    hidden = t("restitution.not_published")
    who5, poor, enps = whole["who5_index_mean"], whole["who5_poor_share"], whole["enps"]
    return [
        (t("restitution.figure.who5"),
         hidden if who5 is None else t("restitution.figure.who5_value", value=fmt_number(who5, decimals=1)),
         t("restitution.figure.who5_help")),
        (t("restitution.figure.poor"), hidden if poor is None else fmt_pct(poor),
         t("restitution.figure.poor_help", index=WHO5_POOR_INDEX_BELOW)),
        (t("restitution.figure.enps"), hidden if enps is None else _signed(enps, decimals=0),
         t("restitution.figure.enps_help")),
    ]


def _signed(value: float, *, decimals: int = 1) -> str:
    text = fmt_number(value, decimals=decimals)
    return text if text.startswith("\u2212") or text.strip("0,.") == "" else f"+{text}"


def _changes(trend: pd.DataFrame, wave: str, previous: str | None) -> list[str]:
    """Plain sentences on what moved since ``previous``: WHO-5 (saying whether the change is clear
    or may be chance, from its Benjamini–Hochberg test), poor well-being, eNPS."""
    row = trend.set_index("wave").loc[wave] if wave in set(trend["wave"]) else None
    if previous is None or row is None:
        return [t("restitution.change.first")]
    out = []
    if pd.notna(row["who5_change"]):
        key = "clear" if bool(row["who5_significant"]) else "chance"
        out.append(t(f"restitution.change.who5_{key}", previous=previous,
                     change=_signed(row["who5_change"])))
    if pd.notna(row["who5_poor_change"]):
        out.append(t("restitution.change.poor", previous=previous,
                     change=_signed(100 * row["who5_poor_change"], decimals=0)))
    if pd.notna(row["enps_change"]):
        out.append(t("restitution.change.enps", previous=previous,
                     change=_signed(row["enps_change"], decimals=0)))
    return out or [t("restitution.change.none", previous=previous)]


def _themes(heatmap: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Each theme of the questionnaire for the whole organisation: (label, score /100, change)."""
    whole = heatmap[heatmap["is_total"] & heatmap["measure"].ne("who5")]
    hidden = t("restitution.not_published")
    return [
        (row.measure_label,
         hidden if row.suppressed else fmt_number(row.score, decimals=0),
         "" if row.suppressed or pd.isna(row.change_previous) else _signed(row.change_previous))
        for row in whole.itertuples()
    ]


# -- groups ---------------------------------------------------------------------------------------
def _groups(store: Store, by: str, summary: list[dict[str, Any]], wave: str, k: int) -> list[dict[str, Any]]:
    """The groups the breakdown publishes (by name, the pooled group last), then every other group
    of the organisation, named as hidden and with no figure."""
    column = GROUP_COLUMNS[by]
    labels = group_labels(store, column)
    entry = next(e for e in summary if e["wave"] == wave)
    shown = [g for g in entry.get("groups", []) if not g["suppressed"]]
    rows = sorted((_group_row(g, labels) for g in shown), key=lambda r: (r["pooled"], r["name"].casefold()))
    known = {g["group"] for g in shown}
    every = store.query("entities_list")["entity_id"].tolist() if by == "entity" else ["A", "B", "C"]
    masked = sorted((labels.get(g, g) for g in every if g not in known), key=str.casefold)
    return rows + [{"name": name, "masked": t("restitution.groups.masked", k=k), "pooled": False}
                   for name in masked]


def _group_row(group: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    hidden = t("restitution.not_published")
    who5, enps = group["who5_index_mean"], group["enps"]
    return {
        "name": group["group"] if group["pooled"] else labels.get(group["group"], group["group"]),
        "pooled": group["pooled"],
        "masked": None,
        "respondents": fmt_number(group["respondents"]),
        "rate": fmt_pct(group["response_rate"]) if group["response_rate"] is not None else "—",
        "who5": hidden if who5 is None else fmt_number(who5, decimals=1),
        "enps": hidden if enps is None else _signed(enps, decimals=0),
    }


# -- you said, we did ----------------------------------------------------------------------------
def said_and_done(pairs: Sequence[tuple[str, str]]) -> list[SaidDone]:
    """The "vous avez dit, nous avons fait" lines from (said, done) pairs, in the order given.

    Proposals and their answers come through here today; an action plan's items can be added as
    more pairs, with nothing else to change in the document.
    """
    return [SaidDone(said=str(said), done=str(done)) for said, done in pairs if str(said).strip()]


def _window(waves: pd.DataFrame, wave: str, today: dt.date) -> tuple[dt.date | None, dt.date]:
    """The period a wave's document speaks for: after the previous wave closed, until the next one
    opened (today while there is none)."""
    order = waves["wave"].tolist()
    at = order.index(wave)
    start = _date(waves["closed_at"].iloc[at - 1]) if at > 0 else None
    end = _date(waves["opened_at"].iloc[at + 1]) if at + 1 < len(order) else None
    return start, min(end, today) if end else today


def _within(dates: pd.Series, window: tuple[dt.date | None, dt.date]) -> pd.Series:
    """True for the dates after ``window``'s start (when it has one) and on or before its end."""
    when = pd.to_datetime(dates).dt.normalize()  # a timestamp of the window's last day is within it
    after = when > pd.Timestamp(window[0]) if window[0] else pd.Series(True, index=dates.index)
    return (after & (when <= pd.Timestamp(window[1]))).fillna(False).astype(bool)


def _period(window: tuple[dt.date | None, dt.date]) -> str:
    if window[0] is None:
        return t("restitution.said.period_until", end=fmt_date(window[1]))
    return t("restitution.said.period", start=fmt_date(window[0]), end=fmt_date(window[1]))


def _answered_pairs(store: Store, window: tuple[dt.date | None, dt.date]) -> list[tuple[str, str]]:
    """(said, done) of each proposal decided within ``window``, most recent first; no author, entity
    or service is named (a small service would point at its author)."""
    decided = proposals.compute(store, Filters())["you_said"]
    chosen = decided[_within(decided["decision_date"], window)].sort_values("decision_date", ascending=False)
    return [
        (t("restitution.said.said", theme=row.theme, date=fmt_date(_date(row.date))),
         t("restitution.said.done", status=row.status_label, date=fmt_date(_date(row.decision_date)),
           answer=row.answer if isinstance(row.answer, str) and row.answer.strip() else "—"))
        for row in chosen.itertuples()
    ]


def _action_pairs(store: Store, window: tuple[dt.date | None, dt.date]) -> list[tuple[str, str]]:
    """(said, done) of each action plan decided within ``window`` (not abandoned), most recent first:
    what it answers (its indicator, or a proposal) and what was decided, with its status and due
    date; its owner is not named."""
    from mututrack import plans
    from mututrack.views.actions import indicator_labels
    from mututrack.views.involvement import label

    frame = plans.listing(store)
    chosen = frame[_within(frame["created_at"], window) & (frame["status"] != "abandonnee")]
    if chosen.empty:
        return []
    questions = store.query("qvt_questions")
    names = indicator_labels(questions, plans.indicator_measures(questions))
    pairs = []
    for row in chosen.sort_values("created_at", ascending=False).itertuples():
        if isinstance(row.indicator, str) and row.indicator in names:
            said = t("restitution.said.action_indicator", indicator=names[row.indicator])
        else:
            said = t("restitution.said.action_proposal" if row.origin_kind == "proposal"
                     else "restitution.said.action_other")
        due = _date(row.due_date)
        done = t("restitution.said.action_done", date=fmt_date(_date(row.created_at)), title=row.title,
                 status=label("actions.status", row.status).lower())
        pairs.append((said, done + (t("restitution.said.action_due", date=fmt_date(due)) if due else "")))
    return pairs


def _waiting(store: Store, window: tuple[dt.date | None, dt.date], k: int) -> str | None:
    """How many proposals made in ``window`` still wait for an answer ("moins de k" under k)."""
    made = store.query("proposals_list", entity=None)
    count = int((_within(made["date"], window) & made["status"].isin(OPEN_STATUSES)).sum())
    if count == 0:
        return None
    if count < k:
        return t("restitution.said.waiting_few", k=k)
    return t("restitution.said.waiting", count=count)


# -- next steps ----------------------------------------------------------------------------------
def _next_wave(waves: pd.DataFrame, wave: str, today: dt.date) -> list[str]:
    """What agents can expect of the next survey, if it is known."""
    later = waves.iloc[waves["wave"].tolist().index(wave) + 1:]
    if later.empty:
        return [t("restitution.next.unknown")]
    row = later.iloc[0]
    opened, closed = _date(row["opened_at"]), _date(row["closed_at"])
    if opened and opened > today:
        return [t("restitution.next.opens", wave=row["wave"], date=fmt_date(opened))]
    if closed is None or closed >= today:
        return [t("restitution.next.open", wave=row["wave"], date=fmt_date(closed))]
    return [t("restitution.next.held", wave=row["wave"], start=fmt_date(opened), end=fmt_date(closed))]


def _upcoming(store: Store, today: dt.date) -> list[tuple[str, str]]:
    """(date, what) of the charter's steps still to come and of the consultation events ahead."""
    data = concertation.compute(store, Filters(), today=today)
    steps, events = data["steps"], data["events"]
    planned = pd.to_datetime(steps["planned_date"])
    steps = steps[steps["actual_date"].isna() & (planned >= pd.Timestamp(today))]
    events = events[pd.to_datetime(events["date"]) >= pd.Timestamp(today)]
    rows = [(d, t("restitution.next.step", step=s, project=p))
            for d, s, p in zip(steps["planned_date"], steps["step"], steps["project_name"], strict=True)]
    rows += [(d, t("restitution.next.event", kind=k, title=ti, project=p))
             for d, k, ti, p in zip(events["date"], events["kind_label"], events["title"],
                                    events["project_name"], strict=True)]
    rows.sort(key=lambda row: pd.Timestamp(row[0]))
    return [(fmt_date(_date(d)), text) for d, text in rows[:UPCOMING_MOST]]

"""The data of the Overview page: the director's five minutes on Monday.

Key figures with their change since last week and since the previous wave, the alerts that say
where to act (``metrics.alerts``), the projects, the headcount, and a short paragraph that says
in plain words what changed this week. Every survey figure comes from the QVT and participation
views, so it has passed the anonymity rules already.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd

from mututrack import publication
from mututrack.filters import Filters
from mututrack.i18n import fmt_date, fmt_number, fmt_pct, literal, t
from mututrack.metrics import alerts, charter, stats
from mututrack.publication import multiple
from mututrack.store import Store
from mututrack.views import involvement as involvement_view
from mututrack.views import participation, qvt
from mututrack.views.alert_texts import alert_text

KIND_KEYS = {"epci": "entity.kind.epci", "commune": "entity.kind.commune", "autre": "entity.kind.autre"}
THRESHOLDS_SETTING = "alert_thresholds"
WEEK = dt.timedelta(days=7)
# DOMAIN.md: the figures that dip when agents fear the change.
WELLBEING_MEASURES = ("who5", "score:wc_security")


def thresholds(store: Store) -> dict[str, float]:
    """The alert thresholds: the defaults, overridden by the stored setting."""
    stored = store.setting(THRESHOLDS_SETTING)
    return {**alerts.DEFAULT_THRESHOLDS, **(json.loads(stored) if stored else {})}


def headcount(store: Store, *, on_date: dt.date) -> pd.DataFrame:
    """Active agents per entity kind: ``kind``, ``kind_label``, ``agents``, ``entities``."""
    frame = store.query("headcount_by_kind", on_date=on_date)
    return frame.assign(kind_label=[t(KIND_KEYS.get(kind, "entity.kind.autre")) for kind in frame["kind"]])


def charter_shares(
    store: Store, filters: Filters, *, today: dt.date, since: dt.date | None = None
) -> dict[str, float | None]:
    """The whole charter's on-time share today and a week ago, or on ``since`` (steps done later
    count as not done)."""
    steps = store.query("charter_steps", project=filters.project)
    shares = {}
    for key, day in (("now", today), ("week", since or today - WEEK)):
        done_by_then = pd.to_datetime(steps["actual_date"]) <= pd.Timestamp(day)
        known = steps.assign(actual_date=steps["actual_date"].where(done_by_then))
        status = charter.step_status(known, today=day)["status"]
        counted = status.isin(["on_time", "late", "overdue"]).sum()
        shares[key] = float((status == "on_time").sum() / counted) if counted else None
    return shares


def wellbeing_changes(
    store: Store, filters: Filters, projects: pd.DataFrame, waves: list[str]
) -> pd.DataFrame:
    """WHO-5 and job-security changes since the previous wave, for everyone and each project's agents.

    Columns ``subject``, ``project_id``, ``wave``, ``measure``, ``change`` (index points for WHO-5,
    0..100 score points for job security), ``p_value``, ``q_value`` and ``significant``. Every figure
    is published (:mod:`mututrack.publication`: each project's atoms, never a sub-atom selection);
    the changes shown together are one family of tests, corrected by Benjamini–Hochberg, and a change
    is significant on its q-value with at least 20 respondents on each side.
    """
    wave = filters.wave if filters.wave in waves else (waves[-1] if waves else None)
    if wave is None or waves.index(wave) == 0:
        columns = ["subject", "project_id", "wave", "measure", "change", "p_value", "q_value", "significant"]
        return pd.DataFrame(columns=columns)
    previous = waves[waves.index(wave) - 1]
    ids = projects["project_id"].tolist()
    pairs = _wellbeing_pairs(store, previous, wave, ids)
    tests = stats.mann_whitney_from_counts(pairs, keys=["grp", "measure"]) if len(pairs) else pairs
    tests = tests[tests["p_value"].notna()] if len(tests) else tests
    names = dict(zip(projects["project_id"], projects["name"], strict=True)) | {"*": t("overview.everyone")}
    q = multiple.q_values(tests["p_value"]) if len(tests) else pd.Series(dtype="float64")
    return pd.DataFrame({
        "subject": tests["grp"].map(names) if len(tests) else [],
        "project_id": tests["grp"].where(tests["grp"] != "*") if len(tests) else [],
        "wave": wave,
        "measure": tests["measure"].str.removeprefix("score:") if len(tests) else [],
        "change": tests["difference"] if len(tests) else [],
        "p_value": tests["p_value"] if len(tests) else [],
        "q_value": q,
        "significant": multiple.significant(q, tests["n_a"], tests["n_b"]) if len(tests) else [],
    }).reset_index(drop=True)


def _wellbeing_pairs(store: Store, previous: str, wave: str, projects: list[str]) -> pd.DataFrame:
    """Published WHO-5 and job-security frequencies of everyone and each project, in both waves."""
    frames = []
    for label, name in (("n_a", previous), ("n_b", wave)):
        pub = publication.load(store, name)
        groups = {"*": pub.everyone(), **{p: pub.select(Filters(project=p)) for p in projects}}
        groups = {g: atoms for g, atoms in groups.items() if atoms}
        if not groups:
            return pd.DataFrame()
        hist = publication.histograms(store, pub, groups, measures=list(WELLBEING_MEASURES))
        if hist.empty:
            return pd.DataFrame()
        counts = hist.groupby(["grp", "measure", "value"], as_index=False)["n"].sum()
        frames.append(counts.rename(columns={"n": label}))
    pairs = frames[0].merge(frames[1], on=["grp", "measure", "value"], how="outer")
    return pairs.fillna({"n_a": 0, "n_b": 0})


def current_wave(
    waves: list[dict[str, Any]], rates: pd.DataFrame, chosen: str | None
) -> dict[str, Any] | None:
    """The chosen (else latest) wave's figures with ``previous`` (the wave before) and ``open``."""
    if not waves:
        return None
    labels = [w["wave"] for w in waves]
    position = labels.index(chosen) if chosen in labels else len(labels) - 1
    wave = dict(waves[position])
    wave["previous"] = waves[position - 1] if position else None
    opened = rates.set_index("wave")["open"] if len(rates) else pd.Series(dtype=bool)
    wave["open"] = bool(opened.get(wave["wave"], False))
    return wave


def _alerts(store, filters, projects, part, steps, waiting, limits, today, part_waves) -> pd.DataFrame:
    groups = part["groups"]
    shown = projects[~projects.get("suppressed", pd.Series(False, index=projects.index)).astype(bool)]
    return alerts.collect(
        alerts.decisions_soon(
            shown, today=today, days=limits["decision_days"], early_min=limits["early_min"]
        ),
        alerts.wellbeing_drops(wellbeing_changes(store, filters, shown, [w["wave"] for w in part_waves]),
                               min_drop=limits["drop_min"]),
        alerts.overdue_steps(steps),
        alerts.low_response(groups, open_wave=part["open_wave"], response_min=limits["response_min"]),
        alerts.waiting_proposals(waiting, today=today, days=limits["proposal_days"]),
    )


def compute(
    store: Store, filters: Filters, *, today: dt.date | None = None, since: dt.date | None = None
) -> dict[str, Any]:
    """``kpis``, ``alerts``, ``summary`` (the paragraph), ``projects``, ``headcount``, ``wave``,
    ``thresholds``.

    The changes (``week`` of each key figure, ``early_week_ago``, the paragraph) are since a week
    before ``today``, or since ``since`` (the weekly digest's ``--since``)."""
    today = today or dt.date.today()
    since = since or today - WEEK
    limits = thresholds(store)
    projects = involvement_view.project_summary(store, filters, today=today, as_of=since)
    projects = projects.rename(columns={"early_involvement_as_of": "early_week_ago"})
    part = participation.open_wave_groups(store, filters, today=today)
    # Without an entity or category filter, the participation view's rates are the waves' own.
    unfiltered = not (filters.entity or filters.category)
    waves = qvt.wave_summary(store, brief=True, wave_rates=part["waves"] if unfiltered else None)
    wave = current_wave(waves, part["waves"], filters.wave)
    if wave:
        closes = store.query("waves_list").set_index("wave")["closed_at"]
        wave["closed_at"] = closes.get(wave["wave"])
    steps = charter.step_status(store.query("charter_steps", project=filters.project), today=today)
    steps = steps.rename(columns={"project_name": "name"})
    waiting = store.query("proposals_list", entity=filters.entity)
    found = _alerts(store, filters, projects, part, steps, waiting, limits, today, waves)
    kpis = key_figures(store, filters, projects, wave, waiting, today=today, since=since)
    counts = headcount(store, on_date=today)
    return {
        "kpis": kpis,
        "alerts": found,
        "alert_texts": [alert_text(row) for row in found.to_dict(orient="records")],
        "summary": weekly_paragraph(store, projects, kpis, found, today=today, since=since),
        "projects": projects,
        "headcount": counts,
        "agents": int(counts["agents"].sum()),
        "wave": wave,
        "thresholds": limits,
        "today": today,
    }


def key_figures(
    store, filters, projects, wave, proposals_frame, *, today: dt.date, since: dt.date | None = None
) -> dict[str, dict[str, Any]]:
    """Each key figure: ``value``, ``week`` (its value a week ago) and ``previous_wave`` where it has one."""
    shown = projects.dropna(subset=["early_involvement_rate"])
    scope = shown["agents_in_scope"].astype("float64")
    early_now = early_week = None
    if scope.sum():
        early_now = float((shown["early_involvement_rate"] * scope).sum() / scope.sum())
        early_week = float((shown["early_week_ago"].fillna(0) * scope).sum() / scope.sum())
    shares = charter_shares(store, filters, today=today, since=since)
    dates = pd.to_datetime(proposals_frame["date"])
    decided = pd.to_datetime(proposals_frame["decision_date"])
    open_now = int(proposals_frame["status"].isin(["deposee", "a_l_etude"]).sum())
    week = pd.Timestamp(since or today - WEEK)
    open_week = int(((dates <= week) & (decided.isna() | (decided > week))).sum())
    current = wave or {}
    previous = current.get("previous") or {}
    return {
        "early_involvement_rate": {"value": early_now, "week": early_week},
        "charter_on_time_share": {"value": shares["now"], "week": shares["week"]},
        "response_rate": {
            "value": current.get("response_rate"), "previous_wave": previous.get("response_rate")
        },
        "who5_index_mean": {
            "value": current.get("who5_index_mean"), "previous_wave": previous.get("who5_index_mean")
        },
        "open_proposals": {"value": open_now, "week": open_week},
    }


def change_text(now: float | None, before: float | None, *, percent: bool) -> str | None:
    """A key figure's change as text ("+3,5 pts" for rates), or None when it cannot be computed or is
    nil (an arrow for "no change" would read as a movement)."""
    if now is None or before is None or round(now - before, 6) == 0:
        return None
    change = (now - before) * (100 if percent else 1)
    return f"{'+' if change >= 0 else ''}{fmt_number(change, decimals=1)}{' pts' if percent else ''}"


def weekly_paragraph(store, projects, kpis, found, *, today: dt.date, since: dt.date | None = None) -> str:
    """What changed this week (or since ``since``), in plain words (a few short sentences)."""
    since = since or today - WEEK
    imports = store.value("overview_imports_since", since=since)
    clauses = [t("overview.summary.imports", count=imports) if imports else t("overview.summary.no_import")]
    moved = projects[(projects["early_involvement_rate"] - projects["early_week_ago"]).abs() > 0.005]
    for _, project in moved.iterrows():
        clauses.append(t("overview.summary.early_moved", name=literal(project["name"]),
                         before=fmt_pct(project["early_week_ago"]),
                         now=fmt_pct(project["early_involvement_rate"])))
    answers = store.value("overview_answers_since", since=since, today=today)
    if answers:
        clauses.append(t("overview.summary.answers", count=answers))
    opened = kpis["open_proposals"]
    if opened["value"] != opened["week"]:
        clauses.append(t("overview.summary.proposals", before=opened["week"], now=opened["value"]))
    closing = t("overview.summary.alerts", count=len(found)) if len(found) else t("overview.summary.no_alert")
    return f"{t('overview.summary.since', date=fmt_date(since))} {' ; '.join(clauses)}. {closing}"

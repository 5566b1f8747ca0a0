"""The director's alerts: where to act this week (issue "The director's week").

Each rule is a pure function from the frames the pages already compute to alert rows with the
columns of :data:`ALERT_COLUMNS`: ``kind``, ``severity`` (``high`` before ``medium``), ``subject``
(what the alert is about, already labelled), ``project_id``, ``value`` and ``threshold`` (the figure
and the limit it crossed), ``page`` (the page that explains it), ``params`` (the filters to open
it with) and ``details`` (whatever else the rule knows, for the sentence that explains it).
Thresholds are configurable (:data:`DEFAULT_THRESHOLDS`, stored as a setting).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = [
    "ALERT_COLUMNS",
    "DEFAULT_THRESHOLDS",
    "KINDS",
    "decisions_soon",
    "low_response",
    "wellbeing_drops",
    "overdue_steps",
    "waiting_proposals",
    "collect",
    "FOCUS",
    "focus",
]

ALERT_COLUMNS = [
    "kind", "severity", "subject", "project_id", "value", "threshold", "page", "params", "details"
]
DEFAULT_THRESHOLDS: dict[str, float] = {
    "decision_days": 30,  # a decision this close with agents still uninvolved cannot wait
    "early_min": 0.5,  # DOMAIN.md: half the agents in scope involved before the decision
    "response_min": 0.6,  # survey vendors flag groups under 60 % while a wave is open
    "proposal_days": 60,  # DOMAIN.md: proposals unanswered for more than 60 days
    # On thousands of answers a fall of one point is "significant" and means nothing: an alert also
    # needs a drop of this many points on 0..100 (the WHO-5's own meaningful change is 10).
    "drop_min": 5,
}
# Rule -> (severity, page). The order is the order of the list the director reads.
KINDS: dict[str, tuple[str, str]] = {
    "decision_soon": ("high", "involvement"),
    "wellbeing_drop": ("high", "qvt"),
    "charter_overdue": ("medium", "concertation"),
    "low_response": ("medium", "participation"),
    "proposals_waiting": ("medium", "proposals"),
}
# Rule -> the element of its page that explains it: the alert's link opens the page scrolled to it
# and highlighted (``ui.focus_point`` with that name). A drop of job security is read on the items'
# chart (it is one item), a drop of WHO-5 on its trend.
FOCUS: dict[str, str] = {
    "decision_soon": "involvement_rates",
    "wellbeing_drop": "qvt_who5",
    "charter_overdue": "charter_late_steps",
    "low_response": "participation_groups",
    "proposals_waiting": "proposals_waiting",
}
_FOCUS_BY_MEASURE = {"wc_security": "qvt_items"}


def focus(alert: dict) -> str:
    """The name of the element that explains ``alert`` (a row of :data:`ALERT_COLUMNS`) on its page."""
    details = alert.get("details")
    measure = details.get("measure") if isinstance(details, dict) else None
    return _FOCUS_BY_MEASURE.get(measure, FOCUS[alert["kind"]])


def _rows(kind: str, frame: pd.DataFrame) -> pd.DataFrame:
    severity, page = KINDS[kind]
    extras = [c for c in frame.columns if c not in ALERT_COLUMNS]
    out = frame.assign(kind=kind, severity=severity, page=page)
    out["details"] = out[extras].to_dict(orient="records") if len(out) else []
    for column in ALERT_COLUMNS:
        if column not in out:
            out[column] = None
    return out[ALERT_COLUMNS].reset_index(drop=True)


def decisions_soon(projects: pd.DataFrame, *, today: dt.date, days: float, early_min: float) -> pd.DataFrame:
    """Projects decided within ``days`` from ``today`` whose early involvement is under ``early_min``.

    ``projects``: ``project_id``, ``name``, ``decision_date``, ``early_involvement_rate`` and optionally
    ``early_involvement_rate_max`` (fewer than k agents involved: only that bound is shown, and it
    counts). ``bounded`` (in ``details``) says the value is such a bound.
    """
    decision = pd.to_datetime(projects["decision_date"])
    start, end = pd.Timestamp(today), pd.Timestamp(today) + pd.Timedelta(days=days)
    most = (projects["early_involvement_rate_max"] if "early_involvement_rate_max" in projects
            else pd.Series(float("nan"), index=projects.index)).astype("float64")
    exact = projects["early_involvement_rate"].astype("float64")
    rate = exact.fillna(most)
    hit = projects.assign(_rate=rate, _bounded=exact.isna() & most.notna())
    hit = hit[(decision >= start) & (decision <= end) & (rate < early_min)]
    return _rows("decision_soon", pd.DataFrame({
        "subject": hit["name"],
        "project_id": hit["project_id"],
        "value": hit["_rate"],
        "bounded": hit["_bounded"],
        "threshold": early_min,
        "days": (pd.to_datetime(hit["decision_date"]) - start).dt.days,
        "params": [{"project": p} for p in hit["project_id"]],
    }))


def low_response(
    groups: pd.DataFrame, *, open_wave: str | None, response_min: float, shown: int = 3
) -> pd.DataFrame:
    """One alert for the wave collecting answers now when some groups are under ``response_min``.

    ``groups``: ``wave``, ``group_label``, ``response_rate``, ``suppressed`` (hidden groups give no alert:
    their rate is not shown anywhere, so an alert would reveal it) and optionally ``response_rate_max``
    (a group with fewer than k respondents shows only the most its rate can be: that bound counts).
    ``value`` is how many groups are under the threshold; ``lowest`` (in ``details``) names the
    ``shown`` lowest as (label, rate, bounded): for such a group the rate is the bound and
    ``bounded`` is true, to be written "< x %".
    """
    if open_wave is None or groups.empty:
        return _rows("low_response", pd.DataFrame())
    if "response_rate_max" in groups:
        most = groups["response_rate_max"]
    else:
        most = pd.Series(float("nan"), index=groups.index)
    rate = groups["response_rate"].astype("float64").fillna(most.astype("float64"))
    hit = groups.assign(response_rate=rate, bounded=groups["response_rate"].isna() & most.notna())
    hit = hit[(hit["wave"] == open_wave) & ~hit["suppressed"].astype(bool) & (rate < response_min)]
    hit = hit.drop_duplicates("group_label").sort_values("response_rate")
    if hit.empty:
        return _rows("low_response", pd.DataFrame())
    return _rows("low_response", pd.DataFrame({
        "subject": [open_wave],
        "value": [len(hit)],
        "threshold": [response_min],
        "lowest": [list(zip(hit["group_label"].head(shown), hit["response_rate"].head(shown).astype(float),
                            hit["bounded"].head(shown).astype(bool), strict=True))],
        "params": [{"wave": open_wave}],
    }))


def wellbeing_drops(changes: pd.DataFrame, *, min_drop: float = 0) -> pd.DataFrame:
    """Significant drops of at least ``min_drop`` points since the previous wave.

    ``changes``: ``subject``, ``project_id`` (None for the whole organisation), ``wave``, ``measure``
    (``who5`` or ``wc_security``), ``change`` (signed, in the measure's own unit, higher = better)
    and ``significant``.
    """
    change = changes["change"].astype("float64")
    hit = changes[(change < 0) & (change <= -min_drop) & changes["significant"].astype(bool)]
    return _rows("wellbeing_drop", pd.DataFrame({
        "subject": hit["subject"],
        "project_id": hit["project_id"],
        "value": hit["change"].astype("float64"),
        "measure": hit["measure"],
        "wave": hit["wave"],
        "params": [
            {k: v for k, v in {"project": p, "wave": w}.items() if v}
            for p, w in zip(hit["project_id"], hit["wave"], strict=True)
        ],
    }))


def overdue_steps(steps: pd.DataFrame) -> pd.DataFrame:
    """Charter steps planned before today and still not done (``status == "overdue"``).

    ``steps``: ``project_id``, ``name`` (the project's), ``step``, ``planned_date``, ``status``.
    """
    hit = steps[steps["status"] == "overdue"]
    return _rows("charter_overdue", pd.DataFrame({
        "subject": hit["step"],
        "project_id": hit["project_id"],
        "value": hit["planned_date"],
        "project_name": hit["name"],
        "params": [{"project": p} for p in hit["project_id"]],
    }))


def waiting_proposals(proposals: pd.DataFrame, *, today: dt.date, days: float) -> pd.DataFrame:
    """One alert when proposals still ``deposee`` or ``a_l_etude`` were submitted more than ``days`` ago.

    ``proposals``: ``date``, ``status`` and, when known, ``owner``. ``value`` is how many are waiting;
    ``unassigned`` (in ``details``) how many of them nobody is in charge of.
    """
    waiting = proposals["status"].isin(["deposee", "a_l_etude"])
    old = pd.to_datetime(proposals["date"]) < pd.Timestamp(today) - pd.Timedelta(days=days)
    count = int((waiting & old).sum())
    owner = proposals.get("owner", pd.Series("?", index=proposals.index)).astype("object")
    unassigned = int((waiting & old & (owner.isna() | owner.str.strip().eq(""))).sum())
    frame = pd.DataFrame({"subject": [None], "value": [count], "threshold": [days], "params": [{}],
                          "unassigned": [unassigned]})
    return _rows("proposals_waiting", frame if count else frame.iloc[0:0])


def collect(*alerts: pd.DataFrame) -> pd.DataFrame:
    """Every alert, high severity first, then in rule order."""
    non_empty = [a for a in alerts if len(a)]
    if not non_empty:
        return pd.DataFrame(columns=[*ALERT_COLUMNS])
    merged = pd.concat(non_empty, ignore_index=True)
    order = {kind: i for i, kind in enumerate(KINDS)}
    merged["_order"] = merged["kind"].map(order)
    return merged.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)

"""The data of the "Plans d'action" page: every action sorted by urgency (late first), and how its
indicator moved since it was created.

The movement is read from published figures only: the indicator's value for the action's group
at the latest wave closed when the action was created, and at the latest wave since, each a sum
over whole atoms (:mod:`mututrack.publication`). A group the publication cannot show (no atom
wholly inside it, or too few people behind the figure) is "masqué"; nothing is ever computed from
answers here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from mututrack import plans
from mututrack.filters import Filters
from mututrack.i18n import fmt_number, fmt_pct, language, literal, t
from mututrack.publication.build import open_waves
from mututrack.publication.figures import histograms_across, load_all
from mututrack.store import Store
from mututrack.views import filter_options, qvt_figures
from mututrack.views.involvement import label

__all__ = ["compute", "movements", "urgency", "when", "indicator_labels", "MOVEMENT_COLUMNS"]

MOVEMENT_COLUMNS = ["action_id", "baseline_wave", "baseline_value", "latest_wave", "latest_value",
                    "change", "provisional", "movement"]
# How each kind of indicator is read off a published frequency table, and how it is written.
SHARES = frozenset({"who5_poor_share"})


def compute(store: Store, filters: Filters, *, today: dt.date | None = None) -> dict[str, Any]:
    """``actions`` (one row per action, most urgent first: the columns of :func:`urgency` and of
    :data:`MOVEMENT_COLUMNS`, with ``status_label``, ``origin_label``, ``indicator_label``,
    ``group_label``), ``late`` and ``open`` (counts), ``total``, ``indicators`` (code → label, the
    choices of the form), ``groups`` (``{"entity"|"category"|"project": {value: label}}``).
    The sidebar's filters do not narrow the list: an action belongs to the whole organisation."""
    today = today or dt.date.today()
    questions = store.query("qvt_questions")
    measures = plans.indicator_measures(questions)
    labels = indicator_labels(questions, measures)
    options = filter_options.compute(store, Filters())
    groups = {"entity": options["entities"], "category": options["categories"],
              "project": options["projects"]}
    frame = plans.listing(store)
    table = urgency(frame, today).merge(movements(store, frame, measures), on="action_id", how="left")
    table = table.assign(
        status_label=[label("actions.status", s) for s in table["status"]],
        origin_label=[_origin(k, r, labels) for k, r in zip(table["origin_kind"], table["origin_ref"],
                                                            strict=True)],
        indicator_label=[labels.get(i, i) if isinstance(i, str) else "—" for i in table["indicator"]],
        group_label=[_group(k, v, groups)
                     for k, v in zip(table["group_kind"], table["group_value"], strict=True)],
    )
    return {
        "actions": table,
        "late": int(table["late"].sum()),
        "open": int((~table["status"].isin(plans.DONE)).sum()),
        "total": len(table),
        "indicators": labels,
        "groups": groups,
    }


def when(row: Any) -> str:
    """How late or how soon a row of :func:`urgency` is due ("14 jours de retard", "dans 3 jours"),
    or its age when it has no due date: what the page's list and the digest say."""
    if row["late"]:
        return t("actions.when.late", count=int(row["days_late"]))
    if pd.notna(row["days_left"]):
        days = int(row["days_left"])
        return t("actions.when.today") if days == 0 else t("actions.when.left", count=days)
    return t("actions.when.age", count=int(row["age_days"]))


def urgency(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """``frame`` (:func:`mututrack.plans.listing`) with ``late`` (due date passed, not done),
    ``days_late``, ``days_left`` and ``age_days`` (since its creation), sorted: late first (the
    longest overdue first), then the open actions due soonest, those without a due date, and the
    done or abandoned ones last."""
    due = pd.to_datetime(frame["due_date"])
    days = (due - pd.Timestamp(today)).dt.days
    done = frame["status"].isin(plans.DONE)
    late = ~done & days.lt(0).fillna(False).astype(bool)
    out = frame.assign(
        late=late,
        days_late=(-days).where(late).astype("Int64"),
        days_left=days.where(~late & ~done).astype("Int64"),
        age_days=(pd.Timestamp(today) - pd.to_datetime(frame["created_at"]).dt.normalize()).dt.days
        .astype("Int64"),
        _rank=[0 if is_late else 2 if is_done else 1 for is_late, is_done in zip(late, done, strict=True)],
        _due=due,
    )
    out = out.sort_values(["_rank", "_due", "action_id"], na_position="last", kind="stable")
    return out.drop(columns=["_rank", "_due"]).reset_index(drop=True)


def movements(store: Store, frame: pd.DataFrame, measures: dict[str, str]) -> pd.DataFrame:
    """Per action (:data:`MOVEMENT_COLUMNS`): the latest wave closed when it was created and the
    latest wave since, the indicator's published value at each for the action's group (None when
    masked), the change, whether the later wave is still collecting answers, and ``movement``, the
    sentence the page shows."""
    waves = store.query("qvt_waves")
    asked = [(row, *_waves_of(row, waves)) for row in frame.to_dict(orient="records")]
    wanted = {w for _, before, after in asked for w in (before, after) if w}
    pubs = load_all(store, sorted(wanted)) if wanted else {}
    values = _published(store, pubs, asked, measures)
    provisional = open_waves(store) if wanted else set()
    rows = []
    for action, before, after in asked:
        code = action["indicator"]
        then, now = values.get((before, _key(action))), values.get((after, _key(action)))
        change = now - then if then is not None and now is not None else None
        rows.append({
            "action_id": action["action_id"], "baseline_wave": before, "baseline_value": then,
            "latest_wave": after, "latest_value": now, "change": change, "provisional": after in provisional,
            "movement": _sentence(code, measures, before, after, then, now, after in provisional),
        })
    return pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)


def _waves_of(action: dict[str, Any], waves: pd.DataFrame) -> tuple[str | None, str | None]:
    """The latest wave closed on the day the action was created, and the latest wave after it."""
    if not isinstance(action["indicator"], str) or waves.empty:
        return None, None
    created = pd.Timestamp(action["created_at"]).normalize()
    closed = pd.to_datetime(waves["reference_date"]).le(created).fillna(False).to_numpy()
    before = waves["wave"][closed].iloc[-1] if closed.any() else None
    later = waves["wave"][~closed]
    return before, (later.iloc[-1] if len(later) else None)


def _key(action: dict[str, Any]) -> tuple[str, str, str]:
    value = action["group_value"] if isinstance(action["group_value"], str) else ""
    return action["indicator"], action["group_kind"], value


def _published(store: Store, pubs: dict[str, Any], asked: list[tuple], measures: dict[str, str]
               ) -> dict[tuple[str, tuple[str, str, str]], float | None]:
    """(wave, (indicator, group kind, group value)) → the published value, for every one asked."""
    groups: dict[str, dict[str, frozenset[int]]] = {}
    names: dict[str, tuple[str, tuple[str, str, str]]] = {}
    for action, *both in asked:
        key = _key(action)
        if key[0] not in measures:
            continue
        for wave in filter(None, both):
            name = f"{wave}\x00{key[1]}\x00{key[2]}"
            pub = pubs[wave]
            atoms = pub.everyone() if key[1] == "organisation" else pub.select(Filters(**{key[1]: key[2]}))
            groups.setdefault(wave, {})[name] = atoms
            names[(wave, key)] = name
    if not names:
        return {}
    hist = histograms_across(store, [(pubs[w], g) for w, g in groups.items()],
                             measures=sorted({measures[key[0]] for _, key in names}))
    return {(wave, key): _read(hist[(hist["grp"] == name) & (hist["measure"] == measures[key[0]])], key[0])
            for (wave, key), name in names.items()}


def _read(hist: pd.DataFrame, indicator: str) -> float | None:
    """The indicator's value off one published frequency table (None when nothing is published)."""
    if indicator == "who5_poor_share":
        return qvt_figures.share(hist, "poor")
    if indicator == "enps":
        return qvt_figures.enps(hist)
    if hist["measure"].str.startswith("item:").any():
        return qvt_figures.share(hist, "favourable")
    return qvt_figures.mean(hist)


def is_share(indicator: str, measures: dict[str, str]) -> bool:
    """True when the indicator is a share (written as a percentage, its change in points)."""
    return indicator in SHARES or measures.get(indicator, "").startswith("item:")


def written(value: float | None, indicator: str, measures: dict[str, str]) -> str:
    """A value of the indicator as the product writes it (``62 %``, ``54,3``)."""
    if is_share(indicator, measures):
        return fmt_pct(value)
    return fmt_number(value, decimals=0 if indicator == "enps" else 1)


def change_text(change: float, indicator: str, measures: dict[str, str]) -> str:
    """A change with its sign (``+4 pts``, ``−2,5``), the typographic minus from the formatter."""
    share = is_share(indicator, measures)
    number = fmt_number(change * 100 if share else change, decimals=0 if share or indicator == "enps" else 1)
    signed = f"+{number}" if change > 0 else number
    return t("actions.move.points", value=signed) if share else signed


def _sentence(code: Any, measures: dict[str, str], before: str | None, after: str | None,
              then: float | None, now: float | None, provisional: bool) -> str:
    """What the page says about the indicator's movement, in words."""
    if not isinstance(code, str):
        return t("actions.move.no_indicator")
    if code not in measures:
        return t("actions.move.unknown_indicator")
    if before is None and after is None:
        return t("actions.move.no_wave")
    parts = []
    for wave, value in ((before, then), (after, now)):
        if wave is not None:
            shown = written(value, code, measures) if value is not None else t("actions.move.masked")
            parts.append(t("actions.move.at", wave=literal(wave), value=shown))
    if after is None:
        parts.append(t("actions.move.waiting"))
    elif then is not None and now is not None:
        parts.append(t("actions.move.change", change=change_text(now - then, code, measures)))
    if provisional:
        parts.append(t("actions.move.provisional"))
    return " · ".join(parts)


def indicator_labels(questions: pd.DataFrame, measures: dict[str, str]) -> dict[str, str]:
    """Every indicator an action may follow → its name in the current language."""
    levers = qvt_figures.measure_labels()
    texts = dict(zip(questions["code"], questions["text_fr"], strict=True))
    if language() == "en":
        texts |= dict(zip(questions["code"], questions["text_en"].fillna(questions["text_fr"]), strict=True))
    out = {code: t(f"actions.indicator.{code}") for code in plans.SPECIAL_INDICATORS}
    for code, measure in measures.items():
        if code not in out:
            name = levers.get(code) or texts.get(code, code)
            out[code] = t("actions.indicator.item", text=name) if measure.startswith("item:") else name
    return out


def _origin(kind: Any, ref: Any, labels: dict[str, str]) -> str:
    if not isinstance(kind, str):
        return "—"
    name = label("actions.origin", kind)
    if not isinstance(ref, str):
        return name
    return f"{name} · {labels.get(ref, ref) if kind == 'levier' else ref}"


def _group(kind: str, value: Any, groups: dict[str, dict[str, str]]) -> str:
    if kind == "organisation" or not isinstance(value, str):
        return t("actions.group.organisation")
    if kind == "category":
        return t("qvt.group.category", category=value)
    return groups.get(kind, {}).get(value, value)

"""The levers of well-being and eNPS: the QVT page's section and the JSON report's ``drivers``.

Importances come from :mod:`mututrack.publication.drivers` (aggregates of the whole
organisation, from 50 respondents); the current score of each lever is the organisation's
published score of the heatmap. Nothing here reads an answer.
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from mututrack.i18n import fmt_number, fmt_pct, language, literal, t
from mututrack.publication import drivers as analysis
from mututrack.publication import summarise
from mututrack.publication.figures import histograms, load_all
from mututrack.store import Store
from mututrack.views import qvt_figures, stored

__all__ = ["report", "section", "TOP"]

TOP = 3  # levers shown on the page, per outcome
KEPT_AS = "drivers"  # their name among the kept views
SECTION_COLUMNS = ["item", "label", "importance", "low", "high", "n", "score", "strong_low"]


def report(store: Store, *, wave: str | None = None) -> dict[str, Any]:
    """``drivers`` of the JSON report for ``wave`` (default: the latest): ``wave``, ``method``,
    ``bootstrap``, ``who5`` and ``enps`` (levers: dimensions, and each working-conditions axis),
    ``who5_items`` and ``enps_items`` (Likert items), each a list of ``{item, label, importance,
    low, high, n}`` most important first; an empty list with ``who5_reason``/``enps_reason`` when
    there is no analysis (``too_few`` respondents, or an ``open_wave``)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    wave = wave or (waves[-1] if waves else None)
    if wave not in waves:
        reason = {"who5_reason": "no_wave", "enps_reason": "no_wave"}
        return {"wave": wave, "who5": [], "enps": [], "who5_items": [], "enps_items": [], **reason}
    found = analysed(store, wave)
    levers, items = lever_labels(), item_labels(store)
    out: dict[str, Any] = {"wave": wave, "method": "shapley_adjusted_r2", "bootstrap": found["bootstrap"]}
    for outcome in analysis.OUTCOMES:
        part = found[outcome]
        out[outcome] = [_labelled(row, levers) for row in part["levers"]]
        out[f"{outcome}_items"] = [_labelled(row, items) for row in part["items"]]
        out[f"{outcome}_r2"] = part["r2"]
        if part["reason"]:
            out[f"{outcome}_reason"] = part["reason"]
    return out


def analysed(store: Store, wave: str) -> dict[str, Any]:
    """The drivers of ``wave`` (:func:`mututrack.publication.drivers.compute`), kept in the store
    beside the pages' data (:mod:`mututrack.views.stored`): they are the same for every selection,
    and their bootstrap takes seconds on a large organisation, so that only the first page that
    needs them after a write, in any process, pays for it."""
    kept = stored.fetch(store, KEPT_AS, wave, "-")
    if kept is not None:
        return kept
    version, started = store.data_version(), time.perf_counter()
    found = analysis.compute(store, wave)
    stored.keep(store, KEPT_AS, wave, "-", found, seconds=time.perf_counter() - started, version=version)
    return found


def _labelled(row: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    return {"item": row["item"], "label": labels.get(row["item"], row["item"]), **row}


def section(store: Store, wave: str | None) -> dict[str, Any]:
    """The QVT page's "Leviers du bien-être": ``wave`` analysed (``wave`` itself, or the latest
    closed wave before it while it collects answers; None without one), ``asked`` (the page's
    wave), ``caption``, and per outcome ``{"levers": DataFrame(SECTION_COLUMNS), "reason", "n",
    "lines"}``: the :data:`TOP` strongest levers, strong levers with a low score first, and the
    Markdown lines the page writes (the reason, in words, when there is none)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    candidates = waves[: waves.index(wave) + 1] if wave in waves else []
    found = None
    for candidate in reversed(candidates):
        found = analysed(store, candidate)
        if found["who5"]["reason"] != "open_wave":
            break
    if found is None or found["who5"]["reason"] == "open_wave":
        reason = "open_wave" if candidates else "no_wave"
        return {
            "wave": None,
            "asked": wave,
            "caption": "",
            **{
                o: {
                    "levers": _no_levers(),
                    "reason": reason,
                    "n": None,
                    "lines": [reason_text(reason)],
                    "heading": _heading(o, None),
                }
                for o in analysis.OUTCOMES
            },
        }
    scores = _scores(store, found["wave"])
    labels = lever_labels()
    out: dict[str, Any] = {"wave": found["wave"], "asked": wave}
    for outcome in analysis.OUTCOMES:
        part = found[outcome]
        levers = _top(part["levers"], scores, labels)
        out[outcome] = {
            "levers": levers,
            "reason": part["reason"],
            "n": part["n"],
            "lines": lines(levers) if len(levers) else [reason_text(part["reason"], n=part["n"])],
            "heading": _heading(outcome, part["n"] if len(levers) else None),
        }
    out["caption"] = t(
        "qvt.drivers.caption",
        wave=literal(found["wave"]),
        bootstrap=found["bootstrap"],
        needed=analysis.MIN_RESPONDENTS,
    )
    if found["wave"] != wave:
        earlier = t("qvt.drivers.earlier_wave", asked=literal(wave), wave=literal(found["wave"]))
        out["caption"] = f"{earlier} {out['caption']}"
    return out


def _heading(outcome: str, n: int | None) -> str:
    name = t(f"qvt.drivers.{outcome}")
    return f"**{name}**" if n is None else t("qvt.drivers.heading", outcome=name, n=fmt_number(n))


def lines(levers: pd.DataFrame) -> list[str]:
    """One Markdown line per lever: importance with its interval, current score, and the flags."""
    out = []
    for row in levers.itertuples():
        text = t(
            "qvt.drivers.row",
            label=literal(row.label),
            importance=fmt_pct(row.importance, decimals=1),
            low=fmt_pct(row.low, decimals=1),
            high=fmt_pct(row.high, decimals=1),
            score=fmt_number(row.score),
        )
        if row.strong_low:
            text += t("qvt.drivers.strong_low")
        if row.low <= 0:
            text += t("qvt.drivers.uncertain")
        out.append(text)
    return out


def _top(rows: list[dict[str, Any]], scores: dict[str, float], labels: dict[str, str]) -> pd.DataFrame:
    """The :data:`TOP` most important levers with their current score; ``strong_low`` when the
    score is below the median of every lever's score (those come first)."""
    if not rows:
        return _no_levers()
    frame = pd.DataFrame(rows[:TOP])
    known = pd.Series(scores, dtype="float64")
    frame["score"] = frame["item"].map(scores).astype("float64")
    frame["strong_low"] = frame["score"].lt(known.median()) if len(known) else False
    frame["label"] = frame["item"].map(labels).fillna(frame["item"])
    frame = frame.sort_values(["strong_low", "importance"], ascending=[False, False], kind="stable")
    return frame[SECTION_COLUMNS].reset_index(drop=True)


def _scores(store: Store, wave: str) -> dict[str, float]:
    """The organisation's published 0..100 score of each lever (lever code → score)."""
    pub = load_all(store, [wave])[wave]
    everyone = pub.everyone()
    measures = [m for m in pub.measures() if m.startswith("score:")]
    if not everyone or not measures:
        return {}
    means = summarise(histograms(store, pub, {"org": everyone}, measures=measures))
    return dict(zip(means["measure"].str.removeprefix("score:"), means["mean"].astype(float), strict=True))


def _no_levers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(
                dtype="bool" if c == "strong_low" else "object" if c in ("item", "label") else "float64"
            )
            for c in SECTION_COLUMNS
        }
    )


def lever_labels() -> dict[str, str]:
    """Names of the levers: the heatmap's (dimensions, and each working-conditions axis)."""
    return qvt_figures.measure_labels()


def item_labels(store: Store) -> dict[str, str]:
    """Question code → its text in the current language."""
    questions = store.query("qvt_questions")
    text = questions["text_en"].fillna(questions["text_fr"]) if language() == "en" else questions["text_fr"]
    return dict(zip(questions["code"], text, strict=True))


def reason_text(reason: str | None, *, n: int | None = None) -> str:
    """Why no lever is shown, in words."""
    return t(f"qvt.drivers.reason.{reason}", needed=analysis.MIN_RESPONDENTS, n=n if n is not None else 0)

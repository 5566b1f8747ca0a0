"""What the Qualité de vie au travail views read off published frequency tables (a total, a
mean, a share, eNPS), and the labels and verdicts they write (views/qvt.py, qvt_trend.py,
qvt_heatmaps.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mututrack.i18n import fmt_number, language, t
from mututrack.metrics import qvt as metrics
from mututrack.metrics import stats
from mututrack.store import Store

__all__ = [
    "SELECTION", "ORG", "REST", "no_hist", "total", "mean", "count", "share", "enps", "verdict",
    "group_labels", "dimension_labels", "measure_labels", "measure_order", "choice_labels", "number",
]

SELECTION, ORG = "\x00selection", "\x00org"
REST = "\x00rest:"  # prefix of the group "everyone but this group" (tests against the organisation)


# -- figures from frequency tables ---------------------------------------------------------------
def no_hist() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grp": pd.Series(dtype="object"),
            "measure": pd.Series(dtype="object"),
            "value": pd.Series(dtype="float64"),
            "klass": pd.Series(dtype="object"),
            "n": pd.Series(dtype="int64"),
        }
    )


def total(hist: pd.DataFrame) -> int | None:
    return int(hist["n"].sum()) if len(hist) else None


def mean(hist: pd.DataFrame) -> float | None:
    return float((hist["value"] * hist["n"]).sum() / hist["n"].sum()) if len(hist) else None


def count(hist: pd.DataFrame, *klasses: str) -> int | None:
    return int(hist.loc[hist["klass"].isin(klasses), "n"].sum()) if len(hist) else None


def share(hist: pd.DataFrame, *klasses: str) -> float | None:
    return count(hist, *klasses) / total(hist) if len(hist) else None


def enps(hist: pd.DataFrame) -> float | None:
    if not len(hist):
        return None
    return metrics.enps(count(hist, "promoter"), count(hist, "detractor"), total(hist))


# -- labels and small helpers --------------------------------------------------------------------
def verdict(p_value: float, significant: bool, n_before: float, n_now: float) -> str:
    """What the test says, in words: significant, not significant, or a group too small to conclude."""
    if min(float(n_before), float(n_now)) < stats.MIN_GROUP_FOR_SIGNIFICANCE:
        return t("qvt.verdict.too_small")
    key = "qvt.verdict.significant" if significant else "qvt.verdict.not_significant"
    return t(key, p=_p_text(p_value))


def _p_text(q_value: float) -> str:
    """The q-value of the family, as the sentence gives it."""
    return (
        f"q < {fmt_number(0.001, decimals=3)}"
        if q_value < 0.001
        else f"q = {fmt_number(q_value, decimals=3)}"
    )


def group_labels(store: Store, column: str) -> dict[str, str]:
    """Display names of the groups of ``column`` ('' is the group that left it empty)."""
    if column == "entity_id":
        entities = store.query("entities_list")
        names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    else:
        names = {c: t("qvt.group.category", category=c) for c in ("A", "B", "C")}
    return {**names, "": t("qvt.group.unknown")}


def dimension_labels() -> dict[str, str]:
    from mututrack import catalogue

    frame = catalogue.dimensions()
    return dict(zip(frame["dimension"], frame[f"label_{language()}"], strict=True))


def measure_labels() -> dict[str, str]:
    """Labels of the heatmap's measures: WHO-5, dimensions, and each Gollac axis on its own."""
    axes = {
        code: t(f"qvt.measure.{code}")
        for code in (
            "wc_intensity",
            "wc_emotional",
            "wc_autonomy",
            "wc_relations",
            "wc_values",
            "wc_security",
        )
    }
    return {**dimension_labels(), "who5": t("qvt.measure.who5"), **axes}


def measure_order(measures) -> list[str]:
    from mututrack import catalogue

    questions = catalogue.questions()
    known = [
        "who5",
        "involvement",
        "change",
        *questions.loc[questions["dimension"] == "working_conditions", "code"],
        "careers",
        "overall",
    ]
    return [m for m in known if m in set(measures)] + sorted(set(measures) - set(known))


def choice_labels(code: str) -> dict[str, str]:
    from mututrack import catalogue

    scales = catalogue.scales()
    rows = scales[scales["scale"] == f"choice:{code}"]
    return dict(zip(rows["value"], rows[f"label_{language()}"], strict=True))


def number(value: Any) -> float | int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value

"""Quality of working life: WHO-5, Likert dimensions, change adoption, objective clarity, eNPS.

Formulas from DOMAIN.md "Scoring". Pure functions: DataFrame (or numbers) in, new DataFrame out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "WHO5_POOR_BELOW",
    "WHO5_DEPRESSION_MAX",
    "WHO5_MEANINGFUL_CHANGE",
    "LIKERT_MAX",
    "FAVOURABLE_MIN",
    "ADOPTION_STAGES",
    "BARRIER_MAX",
    "who5_scores",
    "wave_figures",
    "enps",
    "reverse_coded",
    "dimension_score",
    "adoption_stages",
    "objective_clarity",
    "clarity_shares",
    "histogram_means",
    "item_summary",
    "item_distribution",
]

# WHO-5 (Topp et al. 2015, "The WHO-5 Well-Being Index: a systematic review"): raw 0..25, index =
# raw x 4; raw < 13 (index <= 48) screens for poor well-being, index <= 28 for likely depression;
# 10 index points is the change the instrument treats as meaningful.
WHO5_POOR_BELOW = 13
WHO5_DEPRESSION_MAX = 28
WHO5_MEANINGFUL_CHANGE = 10
WHO5_ITEMS = 5
LIKERT_MAX = 5
FAVOURABLE_MIN = 4  # "% favourable" = share of 4-5 answers
# The five stages of change adoption, in order (the idea is ADKAR's; the items are our own).
ADOPTION_STAGES = ("chg_awareness", "chg_desire", "chg_knowledge", "chg_ability", "chg_reinforcement")
BARRIER_MAX = 3.0  # the barrier point: the first stage whose mean is at most 3
PROMOTER_MIN, DETRACTOR_MAX = 9, 6


def who5_scores(items: pd.DataFrame) -> pd.DataFrame:
    """``raw``, ``index``, ``poor``, ``likely_depression`` per row of five WHO-5 item columns (0..5).

    A row with any item missing scores nothing (all four NA): DOMAIN.md computes the raw score
    only when all five items are answered. Never "(raw − 5) × 4".
    """
    complete = items.notna().all(axis=1) & (items.shape[1] == WHO5_ITEMS)
    raw = items.sum(axis=1, min_count=1).where(complete).astype("Float64")
    index = raw * 4
    return pd.DataFrame(
        {
            "raw": raw,
            "index": index,
            "poor": (raw < WHO5_POOR_BELOW).astype("boolean").where(complete),
            "likely_depression": (index <= WHO5_DEPRESSION_MAX).astype("boolean").where(complete),
        },
        index=items.index,
    )


def enps(promoters: float, detractors: float, respondents: float) -> float:
    """eNPS in points (−100..100): % promoters (9–10) − % detractors (0–6); NaN without respondents."""
    if not respondents or pd.isna(respondents):
        return float("nan")
    return 100.0 * (promoters - detractors) / respondents


def wave_figures(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` plus ``who5_poor_share``, ``who5_depression_share`` (0..1) and ``enps`` (points).

    ``counts`` has the columns of ``qvt_wave_figures.sql``: ``who5_respondents``, ``who5_poor``,
    ``who5_depression``, ``enps_respondents``, ``enps_promoters``, ``enps_detractors``.
    """
    who5_n = counts["who5_respondents"].astype("float64").replace(0, np.nan)
    enps_n = counts["enps_respondents"].astype("float64").replace(0, np.nan)
    return counts.assign(
        who5_poor_share=counts["who5_poor"] / who5_n,
        who5_depression_share=counts["who5_depression"] / who5_n,
        enps=100.0 * (counts["enps_promoters"] - counts["enps_detractors"]) / enps_n,
    )


def reverse_coded(values: pd.Series, reverse: pd.Series | bool) -> pd.Series:
    """Likert values with reverse-coded items flipped (6 − x), as every aggregate needs them."""
    return values.where(~pd.Series(reverse, index=values.index).astype(bool), LIKERT_MAX + 1 - values)


def dimension_score(mean: pd.Series | float) -> pd.Series | float:
    """A Likert mean (1..5) on the 0..100 scale: (mean − 1) ÷ 4 × 100."""
    return (mean - 1) / (LIKERT_MAX - 1) * 100


def adoption_stages(means: pd.Series) -> pd.DataFrame:
    """The five change-adoption stages in order: ``stage``, ``mean``, ``barrier`` (one True at most).

    ``means`` maps each stage's question code to its mean (1..5); the barrier point is the first
    stage, in order, whose mean is at most 3. A stage without a mean is never the barrier.
    """
    frame = pd.DataFrame({"stage": list(ADOPTION_STAGES)})
    frame["mean"] = [float(means.get(stage, np.nan)) for stage in ADOPTION_STAGES]
    below = frame["mean"].le(BARRIER_MAX).to_numpy()
    frame["barrier"] = False
    if below.any():
        frame.loc[int(np.argmax(below)), "barrier"] = True
    return frame


def objective_clarity(counts: pd.DataFrame, declared: str | None) -> pd.DataFrame:
    """Per perceived objective: ``objective``, ``respondents``, ``share``, ``declared`` (bool).

    ``counts`` has ``objective`` and ``respondents``. ``declared`` marks the project's own objective.
    """
    total = counts["respondents"].sum()
    return counts.assign(
        share=counts["respondents"] / total if total else np.nan,
        declared=counts["objective"].eq(declared) if declared else False,
    )


def clarity_shares(counts: pd.DataFrame, declared: str | None) -> dict:
    """``respondents``, ``ne_sait_pas_share`` and ``differs_share`` (answer ≠ the declared objective).

    "ne_sait_pas" differs from any declared objective, so it counts in ``differs_share`` too;
    ``differs_share`` is NaN when no objective is declared.
    """
    total = int(counts["respondents"].sum())
    if not total:
        return {"respondents": 0, "ne_sait_pas_share": np.nan, "differs_share": np.nan}
    by = counts.set_index("objective")["respondents"]
    differs = (total - int(by.get(declared, 0))) / total if declared else np.nan
    return {
        "respondents": total,
        "ne_sait_pas_share": by.get("ne_sait_pas", 0) / total,
        "differs_share": differs,
    }


def histogram_means(hist: pd.DataFrame, keys: Sequence[str], *, value: str = "score") -> pd.DataFrame:
    """``keys``, ``n`` and ``mean`` of ``value`` from a frequency table (columns ``value``, ``n``).

    NA in a key is kept as a group of its own (in a cube it means "all").
    """
    weighted = hist.assign(_sum=hist[value].astype(float) * hist["n"])
    out = weighted.groupby(list(keys), dropna=False, as_index=False, sort=False).agg(
        n=("n", "sum"), _sum=("_sum", "sum")
    )
    return out.assign(mean=out["_sum"] / out["n"]).drop(columns="_sum")


def item_summary(hist: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Per numeric question: ``question_code``, ``answers``, ``mean_raw`` (raw answers, before
    reverse-coding, as the JSON report gives them), ``mean_coded`` (after it) and
    ``favourable_share`` (Likert answers 4–5 once reverse-coded; NaN for other scales).

    ``hist`` has ``question_code``, ``value``, ``n``; ``questions`` has ``code``, ``scale``, ``reverse``.
    """
    numeric = hist[hist["value"].notna()].merge(
        questions[["code", "scale", "reverse"]], left_on="question_code", right_on="code"
    )
    likert = numeric["scale"].eq("likert5")
    coded = numeric["value"].where(~(likert & numeric["reverse"]), LIKERT_MAX + 1 - numeric["value"])
    numeric = numeric.assign(
        raw_sum=numeric["value"] * numeric["n"],
        coded_sum=coded * numeric["n"],
        favourable=numeric["n"].where(likert & coded.ge(FAVOURABLE_MIN), 0),
        likert_n=numeric["n"].where(likert, 0),
    )
    out = numeric.groupby("question_code", as_index=False, sort=False)[
        ["n", "raw_sum", "coded_sum", "favourable", "likert_n"]
    ].sum()
    return pd.DataFrame(
        {
            "question_code": out["question_code"],
            "answers": out["n"].astype("int64"),
            "mean_raw": out["raw_sum"] / out["n"],
            "mean_coded": out["coded_sum"] / out["n"],
            "favourable_share": out["favourable"] / out["likert_n"].where(out["likert_n"] > 0),
        }
    )


def item_distribution(hist: pd.DataFrame) -> pd.DataFrame:
    """Per numeric question and raw answer: ``question_code``, ``value``, ``n``, ``share`` of the question's answers."""
    numeric = hist[hist["value"].notna()].groupby(["question_code", "value"], as_index=False)["n"].sum()
    totals = numeric.groupby("question_code")["n"].transform("sum")
    return numeric.assign(value=numeric["value"].astype("int64"), share=numeric["n"] / totals)

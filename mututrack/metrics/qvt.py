"""Quality of working life: WHO-5, Likert dimensions, change adoption, objective clarity, eNPS.

Formulas from DOMAIN.md "Scoring" applied to published figures; the per-answer rules (WHO-5 index,
reverse coding, % favourable, dimension score, eNPS classes) are SQL macros, sql/macros/scoring.sql.
Pure functions: DataFrame (or numbers) in, new DataFrame out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "WHO5_POOR_BELOW",
    "WHO5_POOR_INDEX_BELOW",
    "WHO5_DEPRESSION_MAX",
    "WHO5_MEANINGFUL_CHANGE",
    "LIKERT_MAX",
    "ADOPTION_STAGES",
    "BARRIER_MAX",
    "enps",
    "adoption_stages",
    "objective_clarity",
    "clarity_shares",
]

# WHO-5 (Topp et al. 2015, "The WHO-5 Well-Being Index: a systematic review"): raw 0..25, index =
# raw x 4; raw < 13 (index <= 48) screens for poor well-being, index <= 28 for likely depression;
# 10 index points is the change the instrument treats as meaningful. The formulas are SQL macros
# (sql/macros/scoring.sql), which take these cut-offs (publication/build.py).
WHO5_POOR_BELOW = 13
WHO5_INDEX_PER_POINT = 4
# The same cut-off on the 0..100 index every chart and sentence shows: poor below 52 (index <= 48).
WHO5_POOR_INDEX_BELOW = WHO5_POOR_BELOW * WHO5_INDEX_PER_POINT
WHO5_DEPRESSION_MAX = 28
WHO5_MEANINGFUL_CHANGE = 10
LIKERT_MAX = 5
# The five stages of change adoption, in order (the idea is ADKAR's; the items are our own).
ADOPTION_STAGES = ("chg_awareness", "chg_desire", "chg_knowledge", "chg_ability", "chg_reinforcement")
BARRIER_MAX = 3.0  # the barrier point: the first stage whose mean is at most 3


def enps(promoters: float, detractors: float, respondents: float) -> float:
    """eNPS in points (−100..100): % promoters (9–10) − % detractors (0–6); NaN without respondents."""
    if not respondents or pd.isna(respondents):
        return float("nan")
    return 100.0 * (promoters - detractors) / respondents


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

"""A generated survey wave with one planted driver: WHO-5 and eNPS follow ``wc_autonomy`` only,
every other Likert item is pure noise."""

from __future__ import annotations

import datetime as dt

import numpy as np

from mututrack import catalogue
from mututrack.store import Store
from tests.fixtures_qvt import WHO5, add_wave

_QUESTIONS = catalogue.questions()
LIKERT = _QUESTIONS.loc[
    _QUESTIONS["scale"].eq("likert5") & _QUESTIONS["dimension"].ne("overall"), "code"
].tolist()
PLANTED = "wc_autonomy"
CLOSED = dt.date(2026, 3, 31)


def planted_people(n: int, *, seed: int = 7) -> list[tuple]:
    """``n`` respondents (entity, category, service, answers) spread over 3 entities × 3 categories."""
    rng = np.random.default_rng(seed)
    people = []
    for i in range(n):
        answers = {code: int(rng.integers(1, 6)) for code in LIKERT}
        lift = answers[PLANTED] - 3  # -2..2
        for code in WHO5:
            answers[code] = int(np.clip(np.rint(2.5 + 0.7 * lift + rng.normal(0, 0.8)), 0, 5))
        answers["enps"] = int(np.clip(np.rint(6 + 1.5 * lift + rng.normal(0, 1.5)), 0, 10))
        people.append((f"e{i % 3}", "ABC"[(i // 3) % 3], "RH", answers))
    return people


def add_planted_wave(store: Store, wave: str = "2026-T1", *, n: int = 240, seed: int = 7) -> None:
    """One closed wave of ``n`` generated respondents with the planted driver."""
    add_wave(store, wave, planted_people(n, seed=seed), closed_at=CLOSED)

"""The rules every published figure obeys (DOMAIN.md "Anonymity"), in one place.

- **k** (default 5, configurable 3..10, locked for a wave once it is published) people at least
  behind every figure: people who answered that very item, not respondents of the group.
- **Homogeneity**: below 2k, a figure whose answers all fall in one class (0 % or 100 %) would
  tell each person's answer, so it is not shown.
- **Comments**: groups of at least :data:`COMMENT_THRESHOLD` commenters, HR only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.queries import execute, sql_text

__all__ = [
    "DEFAULT_K",
    "K_RANGE",
    "COMMENT_THRESHOLD",
    "HOMOGENEITY_FACTOR",
    "publishable",
    "threshold",
    "set_threshold",
    "publish_wave",
    "comments_visible",
]

DEFAULT_K = 5
K_RANGE = range(3, 11)  # 3..10: DOMAIN.md "Anonymity"
COMMENT_THRESHOLD = 10
COMMENT_ROLES = frozenset({"hr"})
HOMOGENEITY_FACTOR = 2  # 100 % or 0 % is shown only from 2k answers on


def publishable(answers, classes, k):
    """True where a figure resting on ``answers`` people spread over ``classes`` classes may be shown:
    at least k answers, and more than one class unless at least 2k answered (numbers or arrays; k
    too, one threshold per figure)."""
    n = np.asarray(answers, dtype="float64")
    spread = np.asarray(classes, dtype="float64")
    k = np.asarray(k, dtype="float64")
    ok = (n >= k) & ((spread > 1) | (n >= HOMOGENEITY_FACTOR * k))
    if isinstance(answers, pd.Series):
        return pd.Series(ok, index=answers.index)
    return ok


def threshold(store, wave: str | None = None) -> int:
    """The anonymity threshold k: a published wave's locked value, else the setting, else 5.

    Raises ValueError when the stored value is outside 3..10.
    """
    if wave is not None:
        locked = store.value("wave_locked_threshold", wave=wave)
        if locked is not None:
            return _checked(int(locked))
    raw = store.setting("k_threshold")
    return DEFAULT_K if raw is None else _checked(int(raw))


def set_threshold(store, k: int) -> None:
    """Store the threshold for unpublished waves (ValueError outside 3..10)."""
    store.set_setting("k_threshold", str(_checked(int(k))))


def publish_wave(store, wave: str) -> int:
    """Mark ``wave`` published and lock its threshold to the current setting; returns the locked k.

    A wave already published keeps the threshold it was locked with.
    """
    k = threshold(store, wave)
    with store.transaction() as cur:
        execute(cur, sql_text("wave_publish"), k=k, wave=wave)
    return k


def _checked(k: int) -> int:
    if k not in K_RANGE:
        raise ValueError(
            f"Seuil d'anonymat {k} hors de l'intervalle 3..10. / Anonymity threshold {k} outside 3..10."
        )
    return k


def comments_visible(role: str | None) -> bool:
    """True when ``role`` may read free-text comments (HR only)."""
    return role in COMMENT_ROLES

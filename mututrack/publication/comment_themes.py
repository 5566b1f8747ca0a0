"""Themes of the comments a selection releases (HR only), counted under the same rules as any figure.

Themes are found (:mod:`mututrack.metrics.themes`) in the comments :func:`.comments.released` gives
for the selection, that is the union of the comment atoms of at least 10 commenters wholly inside
it: an unreleased comment never shapes a theme, its label, its count or its examples. A theme's
count of comments, in the chosen wave and in each wave of its trend, is shown only from k (the
wave's threshold) up; under it, the count and its share read "fewer than k" and the theme is
neither drawn, nor detailed, nor offered as a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.metrics import themes as theme_metrics
from mututrack.publication import rules
from mututrack.publication.comments import comment_atoms, comment_atoms_of_waves, released
from mututrack.store import Store

__all__ = ["EXAMPLES", "PublishedThemes", "released_comments", "published_themes"]

EXAMPLES = 3  # representative comments per theme: the most about it, each text once


@dataclass(frozen=True)
class PublishedThemes:
    """``level`` (``none``/``lexicon``/``full``, :class:`~mututrack.metrics.themes.ThemeModel`),
    ``k``; ``themes``: theme, kind, dimension, label_fr, label_en, terms, comments (NaN under k),
    shown; ``trend``: theme, wave, comments, share (NaN under k), shown, released (the wave's
    released comments); ``examples``: theme, rank, text; ``members``: group, text, themes (the shown
    themes each released comment of the chosen wave is about, in the order of the list)."""

    level: str
    k: int
    themes: pd.DataFrame
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)


def released_comments(store: Store, wave: str, filters: Filters) -> pd.DataFrame:
    """The comments the selection releases for ``wave``: group (entity, or ``POOLED``), text."""
    return _released(comment_atoms(store, wave), filters)


def _released(comments: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    groups, _ = released(comments, filters)
    return _listed(groups)


def _listed(groups: dict[str, list[str]]) -> pd.DataFrame:
    """group, text: one row per comment of :func:`.comments.released`'s groups, in their order."""
    rows = [(group, text) for group, texts in groups.items() for text in texts]
    return pd.DataFrame(rows, columns=["group", "text"])


def _counted(weights: pd.DataFrame, k: int) -> pd.DataFrame:
    """theme, comments (NaN under k), shown: how many texts weigh on each theme."""
    counts = weights.gt(0).sum().astype("float64")
    shown = counts.ge(k) if len(weights) else pd.Series(False, index=weights.columns)
    return pd.DataFrame(
        {"theme": list(counts.index), "comments": counts.where(shown).to_numpy(), "shown": shown.to_numpy()}
    )


def _trend(store: Store, model: theme_metrics.ThemeModel, waves: list[str], filters: Filters,
           known: dict[str, list[str]]) -> pd.DataFrame:
    frames = []
    comments = comment_atoms_of_waves(store, [w for w in waves if w not in known])
    for wave in waves:
        texts = known[wave] if wave in known else _released(comments[wave], filters)["text"].tolist()
        counted = _counted(model.weights(texts), rules.threshold(store, wave))
        share = counted["comments"] / len(texts) if texts else np.nan
        frames.append(counted.assign(wave=wave, share=share, released=len(texts)))
    columns = ["theme", "wave", "comments", "share", "shown", "released"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def _examples(weights: pd.DataFrame, texts: list[str], shown: list[str]) -> pd.DataFrame:
    rows = []
    for theme in shown:
        picked = theme_metrics.representatives(weights[theme], texts, most=EXAMPLES)
        rows += [(theme, rank, text) for rank, text in enumerate(picked, start=1)]
    return pd.DataFrame(rows, columns=["theme", "rank", "text"])


def published_themes(
    store: Store, wave: str, filters: Filters, *, waves: list[str],
    groups: dict[str, list[str]] | None = None,
) -> PublishedThemes:
    """The themes of the comments the selection releases for ``wave``, with their trend over
    ``waves`` (oldest first; each wave's released comments under the same selection).

    ``groups`` is that release when the caller already made it, so that it is made once: it must be
    exactly the first value ``released(comment_atoms(store, wave), filters)`` gives
    (:mod:`.comments`), since nothing here checks it again; without it, the release is made here."""
    k = rules.threshold(store, wave)
    mine = released_comments(store, wave, filters) if groups is None else _listed(groups)
    texts = mine["text"].tolist()
    model = theme_metrics.find_themes(texts)
    if model.level == "none":
        return PublishedThemes("none", k, model.themes.assign(comments=[], shown=[]))
    weights = model.weights(texts)
    counted = _counted(weights, k)
    themes = model.themes.merge(counted, on="theme")
    shown = themes.loc[themes["shown"], "theme"].tolist()
    about = weights[shown].gt(0).to_numpy()
    members = mine.assign(themes=[[shown[j] for j in np.flatnonzero(row)] for row in about])
    trend = _trend(store, model, waves, filters, {wave: texts})
    return PublishedThemes(model.level, k, themes, trend, _examples(weights, texts, shown), members)

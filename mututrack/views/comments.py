"""The data of the Commentaires page (HR only): free-text answers, released per comment atom of
at least 10 commenters (:mod:`mututrack.publication.comments`)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.publication import POOLED, rules
from mututrack.publication.comments import comment_atoms, released
from mututrack.store import Store
from mututrack.views import qvt
from mututrack.views.comment_themes import themes_section

__all__ = ["compute"]


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """``k`` (10), ``wave``, ``cell_hidden`` (no comment atom lies wholly inside the selection),
    ``comments_by_group`` (one row per entity whose comment atoms lie inside it: ``group_label``,
    ``comments`` as a list of texts), ``comments_pooled`` (the comments of atoms that mix entities),
    ``total``, and the themes of these comments (:func:`.comment_themes.themes_section`)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    wave = filters.wave if filters.wave in waves else (waves[-1] if waves else None)
    k = rules.COMMENT_THRESHOLD
    empty = {
        "k": k,
        "wave": wave,
        "cell_hidden": True,
        "comments_pooled": [],
        "total": 0,
        "comments_by_group": pd.DataFrame(columns=["group_label", "comments"]),
    }
    if wave is None:
        return empty
    groups, total = released(comment_atoms(store, wave), filters)
    if not total:
        return empty
    labels = qvt.group_labels(store, "entity_id")
    named = sorted((labels.get(g, g), texts) for g, texts in groups.items() if g != POOLED)
    return {
        "k": k,
        "wave": wave,
        "cell_hidden": False,
        "comments_by_group": pd.DataFrame(named, columns=["group_label", "comments"]),
        "comments_pooled": groups.get(POOLED, []),
        "pooled_label": t("publication.group.pooled"),
        "total": total,
        "group_labels": labels,
        **themes_section(store, filters, wave, waves, groups=groups),
    }

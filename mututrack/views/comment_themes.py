"""The "Thèmes" section of the Commentaires page (HR only): the themes of the released comments
(:mod:`mututrack.publication.comment_themes`), labelled in the user's language, with their counts,
trend and representative comments, and the list of comments filtered by a theme."""

from __future__ import annotations

from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_number, fmt_pct, language, t
from mututrack.publication import POOLED
from mututrack.publication.comment_themes import published_themes
from mututrack.store import Store

__all__ = ["themes_section", "listed"]

def _count_label(comments: float, k: int, share: float | None = None) -> str:
    if pd.isna(comments):
        return t("publication.fewer_than", k=k)
    shown = fmt_number(comments)
    return shown if share is None or pd.isna(share) else f"{shown} ({fmt_pct(share)})"


def _trend_line(trend: pd.DataFrame, k: int) -> str:
    parts = []
    for row in trend.itertuples(index=False):
        value = _count_label(row.comments, k, row.share) if row.released else t("comments.themes.no_comments")
        parts.append(t("comments.themes.trend_item", wave=row.wave, value=value))
    return " · ".join(parts)


def themes_section(
    store: Store, filters: Filters, wave: str, waves: list[str], *, groups: dict[str, list[str]]
) -> dict[str, Any]:
    """``themes_level`` (``none``/``lexicon``/``full``); ``themes`` (the shown themes, most
    commented first: theme, kind, label, comments, count_label, trend — one line of counts
    per wave — and examples, a list of texts); ``themes_hidden`` (labels of themes under k);
    ``comment_themes`` (group, text, themes: one row per listed comment). ``groups``: the
    comments the page releases for ``wave`` (:func:`mututrack.publication.comments.released`)."""
    published = published_themes(store, wave, filters, waves=waves[: waves.index(wave) + 1], groups=groups)
    labels = published.themes.assign(label=published.themes.get(f"label_{language()}", pd.Series(dtype=str)))
    shown = labels[labels["shown"].astype(bool)] if not labels.empty else labels
    shown = shown.sort_values(["comments", "kind", "label"], ascending=[False, False, True], kind="stable")
    examples = published.examples.groupby("theme")["text"].agg(list) if len(published.examples) else {}
    themes = pd.DataFrame({
        "theme": shown["theme"].tolist(),
        "kind": shown["kind"].tolist(),
        "label": shown["label"].tolist(),
        "comments": shown["comments"].astype("int64").tolist() if len(shown) else [],
        "count_label": [_count_label(c, published.k) for c in shown["comments"]],
        "trend": [_trend_line(published.trend[published.trend["theme"].eq(th)], published.k)
                  for th in shown["theme"]],
        "examples": [list(examples.get(th, [])) for th in shown["theme"]],
    })
    hidden = labels.loc[~labels["shown"].astype(bool), "label"].tolist() if not labels.empty else []
    return {"themes_level": published.level, "themes": themes, "themes_hidden": sorted(hidden),
            "theme_k": published.k, "comment_themes": published.members}


def listed(data: dict[str, Any], theme: str | None) -> tuple[pd.DataFrame, list[str]]:
    """The comments to list (``comments_by_group``: group_label, comments; and the pooled ones),
    only those about ``theme`` when one is chosen."""
    if theme is None or data.get("comment_themes") is None or data["comment_themes"].empty:
        return data["comments_by_group"], data["comments_pooled"]
    members = data["comment_themes"]
    about = members[members["themes"].map(lambda themes: theme in themes)]
    labels = data.get("group_labels", {})
    pooled = about.loc[about["group"].eq(POOLED), "text"].tolist()
    named = about[about["group"].ne(POOLED)]
    named = named.assign(group_label=named["group"].map(lambda g: labels.get(g, g)))
    groups = named.groupby("group_label", sort=True)["text"].agg(list).reset_index(name="comments")
    return groups[["group_label", "comments"]], pooled

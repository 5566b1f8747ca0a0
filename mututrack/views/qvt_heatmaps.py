"""The heatmaps of the Qualité de vie au travail page: per breakdown, each group of the selection
against the wave before and against the rest of the organisation, every test of a heatmap and
reference one family (Benjamini–Hochberg q-values)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import t
from mututrack.metrics import stats
from mututrack.publication import POOLED, WavePublication, histograms, multiple, summarise
from mututrack.store import Store
from mututrack.views import qvt_figures as fig

__all__ = ["BREAKDOWNS", "HEATMAP_COLUMNS", "heatmaps", "empty_heatmap"]

BREAKDOWNS = {"entity": "entity_id", "category": "category"}


# -- heatmaps -------------------------------------------------------------------------------------
HEATMAP_COLUMNS = [
    "group",
    "group_label",
    "is_total",
    "measure",
    "measure_label",
    "n",
    "score",
    "change_previous",
    "p_previous",
    "q_previous",
    "significant_previous",
    "change_org",
    "p_org",
    "q_org",
    "significant_org",
    "suppressed",
]


def heatmaps(store, pubs, filters, wave, previous) -> dict[str, pd.DataFrame]:
    """breakdown → one row per group (the selection's total first) × measure: ``group``,
    ``group_label``, ``is_total``, ``measure``, ``measure_label``, ``n``, ``score`` (0..100,
    the mean of unrounded respondent scores), ``change_previous``/``p_previous``/``q_previous``/
    ``significant_previous``, ``change_org``/``p_org``/``q_org``/``significant_org``, ``suppressed``.
    Each heatmap and reference is one family of tests (q-values by Benjamini–Hochberg)."""
    if wave is None:
        return {name: empty_heatmap() for name in BREAKDOWNS}
    now, before = _heat_hist(store, pubs[wave], filters), _heat_hist(store, pubs.get(previous), filters)
    return {
        name: _heatmap(store, pubs[wave], filters, column, _slice(now, column), _slice(before, column))
        for name, column in BREAKDOWNS.items()
    }


def _heat_groups(pub: WavePublication, filters: Filters, column: str) -> dict[str, frozenset[int]]:
    """The selection, each of its groups of ``column``, and the whole organisation."""
    chosen = pub.select(filters)
    groups = {fig.SELECTION: chosen, **pub.breakdown(chosen, column)} if chosen else {}
    return {**groups, fig.ORG: pub.everyone()} if pub.everyone() else {}


def _heat_hist(store: Store, pub: WavePublication | None, filters: Filters) -> pd.DataFrame:
    """The published frequencies of every breakdown's groups (named ``column\x1fgroup``), of the
    selection and the organisation, and of the rest of the organisation beside each group (the
    organisation's minus the group's: both are published, so is their difference). One query."""
    groups = {}
    for column in BREAKDOWNS.values() if pub is not None else ():
        for key, atoms in _heat_groups(pub, filters, column).items():
            groups[key if key in (fig.SELECTION, fig.ORG) else f"{column}\x1f{key}"] = atoms
    if not groups:
        return fig.no_hist()
    measures = [m for m in pub.measures() if m == "who5" or m.startswith("score:")]
    hist = histograms(store, pub, groups, measures=measures)
    org = hist[hist["grp"] == fig.ORG].drop(columns="grp")
    parts = hist[hist["grp"] != fig.ORG]
    grid = parts[["grp"]].drop_duplicates().merge(org, how="cross")
    grid = grid.merge(parts, on=["grp", "measure", "value", "klass"], how="left", suffixes=("_org", ""))
    rest = grid.assign(grp=fig.REST + grid["grp"], n=grid["n_org"] - grid["n"].fillna(0))
    return pd.concat([hist, rest.loc[rest["n"] > 0, hist.columns]], ignore_index=True)


def _slice(hist: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of one breakdown's groups (their names without the breakdown), the selection's and
    the organisation's."""
    prefix = f"{column}\x1f"
    bare = hist["grp"].str.replace(fig.REST, "", regex=False)
    mine = bare.str.startswith(prefix) | bare.isin([fig.SELECTION, fig.ORG])
    out = hist[mine].copy()
    out["grp"] = out["grp"].str.replace(prefix, "", regex=False)
    return out


def _heatmap(store, pub, filters, column, now_hist, before_hist) -> pd.DataFrame:
    now, then = summarise(now_hist), summarise(before_hist)
    shown = now[~now["grp"].str.startswith((fig.REST, fig.ORG))]
    cells = _heat_cells(pub, filters, column, shown, now_hist)
    if cells.empty:
        return empty_heatmap()
    out = cells.merge(
        then[["grp", "measure", "mean", "n"]], on=["grp", "measure"], how="left", suffixes=("", "_previous")
    )
    org = now[now["grp"] == fig.ORG][["measure", "mean"]].rename(columns={"mean": "mean_org"})
    out = out.merge(org, on="measure", how="left")
    out["change_previous"] = out["mean"] - out["mean_previous"]
    is_org = out["atoms"].map(lambda a: a == pub.everyone())
    out["change_org"] = (out["mean"] - out["mean_org"]).where(~is_org)
    out["p_previous"] = _cell_tests(out, before_hist, now_hist, lambda g: g)
    out["p_org"] = _cell_tests(out, now_hist, now_hist, lambda g: fig.REST + g).where(~is_org)
    n_of = now.set_index(["grp", "measure"])["n"]
    rest_n = [n_of.get((fig.REST + g, m), np.nan) for g, m in zip(out["grp"], out["measure"], strict=True)]
    for ref, n_other in (("previous", out["n_previous"]), ("org", rest_n)):
        out[f"q_{ref}"] = multiple.q_values(out[f"p_{ref}"]).to_numpy()
        out[f"significant_{ref}"] = multiple.significant(out[f"q_{ref}"], n_other, out["n"])
    return _heat_labels(out, fig.group_labels(store, column))


def _heat_cells(pub, filters, column, shown, hist) -> pd.DataFrame:
    """Every (group, measure) the heatmap has a row for, published or not."""
    groups = {
        k: v for k, v in _heat_groups(pub, filters, column).items() if not k.startswith((fig.REST, fig.ORG))
    }
    measures = sorted(set(hist["measure"]))
    if not groups or not measures:
        return pd.DataFrame()
    grid = pd.DataFrame([(g, m) for g in groups for m in measures], columns=["grp", "measure"])
    cells = grid.merge(shown, on=["grp", "measure"], how="left")
    cells["atoms"] = cells["grp"].map(groups)
    cells["suppressed"] = cells["n"].isna()
    return cells


def _heat_labels(out: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    out["is_total"] = out["grp"].eq(fig.SELECTION)
    out["group"] = out["grp"].where(~out["is_total"] & out["grp"].ne(POOLED), None)
    out["group_label"] = [
        t("qvt.group.selection")
        if g == fig.SELECTION
        else t("publication.group.pooled")
        if g == POOLED
        else labels.get(g, g)
        for g in out["grp"]
    ]
    measure = out["measure"].str.removeprefix("score:")
    order = {m: i for i, m in enumerate(fig.measure_order(measure.unique()))}
    out = out.assign(
        measure=measure,
        measure_label=measure.map(fig.measure_labels()),
        score=out["mean"],
        _order=measure.map(order),
        _pooled=out["grp"].eq(POOLED),
    )
    out = out.sort_values(
        ["is_total", "_pooled", "group_label", "_order"], ascending=[False, True, True, True], kind="stable"
    )
    return out[HEATMAP_COLUMNS].reset_index(drop=True)


def _cell_tests(out: pd.DataFrame, before: pd.DataFrame, now: pd.DataFrame, reference) -> pd.Series:
    """Mann–Whitney p-value of each cell of ``out`` (``grp``, ``measure``) against the group
    ``reference(grp)`` of ``before``, in one vectorised pass over the frequency tables."""
    if out.empty or before.empty or now.empty:
        return pd.Series(np.nan, index=out.index)
    wanted = out[["grp", "measure"]].assign(ref=out["grp"].map(reference))
    a = before.merge(
        wanted[["ref", "grp", "measure"]].rename(columns={"grp": "cell"}),
        left_on=["grp", "measure"],
        right_on=["ref", "measure"],
    )[["cell", "measure", "value", "n"]]
    b = now.merge(wanted[["grp", "measure"]], on=["grp", "measure"]).rename(columns={"grp": "cell"})
    pairs = a.merge(
        b[["cell", "measure", "value", "n"]],
        on=["cell", "measure", "value"],
        how="outer",
        suffixes=("_a", "_b"),
    ).fillna({"n_a": 0, "n_b": 0})
    tests = stats.mann_whitney_from_counts(pairs, keys=["cell", "measure"])[["cell", "measure", "p_value"]]
    found = out[["grp", "measure"]].merge(
        tests, left_on=["grp", "measure"], right_on=["cell", "measure"], how="left"
    )
    return pd.Series(found["p_value"].to_numpy(dtype="float64"), index=out.index)


def empty_heatmap() -> pd.DataFrame:
    flags = ("is_total", "significant_previous", "significant_org", "suppressed")
    text = ("group", "group_label", "measure", "measure_label")
    return pd.DataFrame(
        {
            c: pd.Series(dtype="bool" if c in flags else "object" if c in text else "float64")
            for c in HEATMAP_COLUMNS
        }
    )

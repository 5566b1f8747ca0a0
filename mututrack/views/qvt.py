"""The data of the Qualité de vie au travail page, and the wave figures of the JSON report.

Every survey figure comes from :mod:`mututrack.publication`: the union of the atoms wholly inside
the selection (or a breakdown group), never the answers. Each family of tests shown together (the
trend's verdicts, each heatmap against each reference) carries Benjamini–Hochberg q-values, and
a change is marked significant on its q-value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_number, fmt_pct, language, literal, t
from mututrack.metrics import qvt as metrics
from mututrack.metrics import stats
from mututrack.publication import POOLED, WavePublication, histograms, multiple, rules, summarise
from mututrack.publication.figures import histograms_across, load_all
from mututrack.store import Store
from mututrack.views import drivers

__all__ = ["compute", "wave_summary", "group_labels", "BY_OPTIONS", "BREAKDOWNS", "TREND_MEASURES"]

BY_OPTIONS = ("entity", "category", "service")
BREAKDOWNS = {"entity": "entity_id", "category": "category"}
TREND_MEASURES = ["who5", "who5_depression", "item:enps"]
SELECTION, ORG = "\x00selection", "\x00org"
REST = "\x00rest:"  # prefix of the group "everyone but this group" (tests against the organisation)


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """The page's data, all published: ``k``, ``wave``, ``previous_wave``, ``provisional``,
    ``trend`` (per wave), ``heatmaps`` (breakdown → groups × measures), ``items``,
    ``distribution``, ``adoption``, ``barrier``, ``clarity``, ``headlines``, ``cell_hidden``
    (no atom of the chosen wave lies wholly inside the selection) and ``drivers`` (the levers of
    WHO-5 and eNPS, for the whole organisation whatever the selection: views/drivers.py)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    wave = filters.wave if filters.wave in waves else (waves[-1] if waves else None)
    previous = waves[waves.index(wave) - 1] if wave and waves.index(wave) > 0 else None
    pubs = load_all(store, waves)
    trend = _trend(store, pubs, filters)
    chosen = trend[trend["wave"] == wave]
    items = _items(store, pubs[wave], filters) if wave else _no_items()
    return {
        "k": pubs[wave].k if wave else rules.threshold(store),
        "published": _published(store, wave),
        "provisional": bool(wave and pubs[wave].provisional),
        "response_rate": _response_rate_of(store, wave) if wave and pubs[wave].provisional else None,
        "wave": wave,
        "previous_wave": previous,
        "cell_hidden": bool(chosen["suppressed"].iloc[0]) if len(chosen) else True,
        "trend": trend,
        "heatmaps": _heatmaps(store, pubs, filters, wave, previous),
        **items,
        "clarity": _clarity(store, filters, items.pop("_choices")),
        "headlines": _headlines(trend, wave, previous),
        "drivers": drivers.section(store, wave),
    }


def _response_rate_of(store: Store, wave: str | None) -> float | None:
    """The wave's participation (respondents ÷ agents active): it may move freely while a wave is open."""
    return _rates(store, None).get((wave, None))


def _published(store: Store, wave: str | None) -> bool:
    return bool(store.value("qvt_wave_published", wave=wave))


# -- trend --------------------------------------------------------------------------------------
def _trend(store: Store, pubs: dict[str, WavePublication], filters: Filters) -> pd.DataFrame:
    """Per wave, for the selection: respondents, WHO-5 index and poor-well-being share with Wilson
    intervals, likely-depression share, eNPS, each change since the previous wave with its test,
    and the q-values of the page's trend verdicts (``*_q``; significant on them)."""
    chosen = {wave: pub.select(filters) for wave, pub in pubs.items()}
    asked = [(pub, {wave: chosen[wave]}) for wave, pub in pubs.items() if chosen[wave]]
    hist = histograms_across(store, asked, measures=TREND_MEASURES) if asked else _no_hist()
    rows = [_wave_row(pub, chosen[wave], hist[hist["grp"] == wave]) for wave, pub in pubs.items()]
    frame = pd.DataFrame(rows, columns=list(_wave_row_keys()))
    low, high = stats.wilson_interval(frame["_poor"].astype(float), frame["who5_respondents"].astype(float))
    frame["who5_poor_low"], frame["who5_poor_high"] = low, high
    return _trend_changes(frame)[TREND_COLUMNS]


def _wave_row_keys() -> tuple[str, ...]:
    return (
        "wave",
        "suppressed",
        "provisional",
        "respondents",
        "who5_respondents",
        "who5_index_mean",
        "_poor",
        "who5_poor_share",
        "who5_depression_share",
        "enps_respondents",
        "enps",
        "_who5_hist",
    )


def _wave_row(pub: WavePublication, chosen: frozenset[int], hist: pd.DataFrame) -> dict[str, Any]:
    """One wave's published figures for the atoms ``chosen`` (all None when there are none)."""
    who5 = hist[hist["measure"] == "who5"]
    depression = hist[hist["measure"] == "who5_depression"]
    enps = hist[hist["measure"] == "item:enps"]
    return {
        "wave": pub.wave,
        "suppressed": not chosen,
        "provisional": pub.provisional,
        "respondents": pub.respondents(chosen) if chosen else None,
        "who5_respondents": _total(who5),
        "who5_index_mean": _mean(who5),
        "_poor": _count(who5, "poor"),
        "who5_poor_share": _share(who5, "poor"),
        "who5_depression_share": _mean(depression),
        "enps_respondents": _total(enps),
        "enps": _enps(enps),
        "_who5_hist": who5[["value", "n"]] if len(who5) else None,
    }


TREND_COLUMNS = [
    "wave",
    "respondents",
    "suppressed",
    "provisional",
    "who5_respondents",
    "who5_index_mean",
    "who5_poor_share",
    "who5_poor_low",
    "who5_poor_high",
    "who5_depression_share",
    "enps_respondents",
    "enps",
    "who5_change",
    "who5_p",
    "who5_q",
    "who5_significant",
    "who5_meaningful",
    "who5_poor_change",
    "who5_poor_p",
    "who5_poor_q",
    "who5_poor_significant",
    "enps_change",
]


def _trend_changes(rows: pd.DataFrame) -> pd.DataFrame:
    """Changes from each wave to the next: the size always; significance from the q-values of the
    family of every trend test on the page (WHO-5 and poor well-being, every wave)."""
    before = rows.shift(1)
    rows["who5_change"] = rows["who5_index_mean"].astype(float) - before["who5_index_mean"].astype(float)
    rows["who5_poor_change"] = rows["who5_poor_share"].astype(float) - before["who5_poor_share"].astype(float)
    rows["enps_change"] = rows["enps"].astype(float) - before["enps"].astype(float)
    rows["who5_p"] = _consecutive_tests(rows["_who5_hist"]).where(rows["who5_change"].notna())
    rows["who5_poor_p"] = [
        stats.two_proportion_test(int(bx), int(bn), int(x), int(n)).p_value if pd.notna(c) else np.nan
        for bx, bn, x, n, c in zip(
            before["_poor"].fillna(0),
            before["who5_respondents"].fillna(0),
            rows["_poor"].fillna(0),
            rows["who5_respondents"].fillna(0),
            rows["who5_poor_change"],
            strict=True,
        )
    ]
    q = multiple.q_values(pd.concat([rows["who5_p"], rows["who5_poor_p"]], ignore_index=True))
    rows["who5_q"], rows["who5_poor_q"] = q.iloc[: len(rows)].to_numpy(), q.iloc[len(rows) :].to_numpy()
    n_now, n_before = rows["who5_respondents"].astype(float), before["who5_respondents"].astype(float)
    rows["who5_significant"] = multiple.significant(rows["who5_q"], n_before, n_now)
    rows["who5_poor_significant"] = multiple.significant(rows["who5_poor_q"], n_before, n_now)
    rows["who5_meaningful"] = rows["who5_change"].abs().ge(metrics.WHO5_MEANINGFUL_CHANGE)
    return rows


def _consecutive_tests(tables: pd.Series) -> pd.Series:
    """Mann–Whitney p-value of each wave's frequency table (``value``, ``n``) against the wave
    before it, every pair in one pass (NaN where either table is missing)."""
    pairs = []
    for position, (a, b) in enumerate(zip(tables.shift(1), tables, strict=True)):
        if isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame):
            pair = a.merge(b, on="value", how="outer", suffixes=("_a", "_b"))
            pairs.append(pair.fillna({"n_a": 0, "n_b": 0}).assign(position=position))
    if not pairs:
        return pd.Series(np.nan, index=tables.index)
    tests = stats.mann_whitney_from_counts(pd.concat(pairs, ignore_index=True), keys=["position"])
    found = tests.set_index("position")["p_value"].reindex(range(len(tables)))
    return pd.Series(found.to_numpy(dtype="float64"), index=tables.index)


# -- figures from frequency tables ---------------------------------------------------------------
def _no_hist() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grp": pd.Series(dtype="object"),
            "measure": pd.Series(dtype="object"),
            "value": pd.Series(dtype="float64"),
            "klass": pd.Series(dtype="object"),
            "n": pd.Series(dtype="int64"),
        }
    )


def _total(hist: pd.DataFrame) -> int | None:
    return int(hist["n"].sum()) if len(hist) else None


def _mean(hist: pd.DataFrame) -> float | None:
    return float((hist["value"] * hist["n"]).sum() / hist["n"].sum()) if len(hist) else None


def _count(hist: pd.DataFrame, *klasses: str) -> int | None:
    return int(hist.loc[hist["klass"].isin(klasses), "n"].sum()) if len(hist) else None


def _share(hist: pd.DataFrame, *klasses: str) -> float | None:
    return _count(hist, *klasses) / _total(hist) if len(hist) else None


def _enps(hist: pd.DataFrame) -> float | None:
    if not len(hist):
        return None
    return metrics.enps(_count(hist, "promoter"), _count(hist, "detractor"), _total(hist))


# -- headlines ------------------------------------------------------------------------------------
def _headlines(trend: pd.DataFrame, wave: str | None, previous: str | None) -> list[str]:
    """Plain sentences on the chosen wave's changes: their size always, the test's verdict beside it."""
    rows = trend[trend["wave"] == wave]
    if previous is None or rows.empty or pd.isna(rows["who5_change"].iloc[0]):
        return []
    now, before = rows.iloc[0], trend[trend["wave"] == previous].iloc[0]
    change = now["who5_change"]
    direction = "up" if change > 0.05 else ("down" if change < -0.05 else "flat")
    verdict = _verdict(
        now["who5_q"], now["who5_significant"], before["who5_respondents"], now["who5_respondents"]
    )
    if now["who5_meaningful"]:
        verdict += t("qvt.verdict.meaningful")
    who5 = t(
        "qvt.headline.who5",
        previous=literal(previous),
        wave=literal(wave),
        direction=t(f"qvt.headline.{direction}"),
        size=fmt_number(abs(change), decimals=1),
        before=fmt_number(before["who5_index_mean"], decimals=1),
        after=fmt_number(now["who5_index_mean"], decimals=1),
        verdict=verdict,
    )
    if pd.isna(now["who5_poor_share"]) or pd.isna(before["who5_poor_share"]):
        return [who5]
    poor = t(
        "qvt.headline.poor",
        before=fmt_pct(before["who5_poor_share"], decimals=1),
        after=fmt_pct(now["who5_poor_share"], decimals=1),
        verdict=_verdict(
            now["who5_poor_q"],
            now["who5_poor_significant"],
            before["who5_respondents"],
            now["who5_respondents"],
        ),
    )
    return [who5, poor]


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


def _heatmaps(store, pubs, filters, wave, previous) -> dict[str, pd.DataFrame]:
    """breakdown → one row per group (the selection's total first) × measure: ``group``,
    ``group_label``, ``is_total``, ``measure``, ``measure_label``, ``n``, ``score`` (0..100,
    the mean of unrounded respondent scores), ``change_previous``/``p_previous``/``q_previous``/
    ``significant_previous``, ``change_org``/``p_org``/``q_org``/``significant_org``, ``suppressed``.
    Each heatmap and reference is one family of tests (q-values by Benjamini–Hochberg)."""
    if wave is None:
        return {name: _empty_heatmap() for name in BREAKDOWNS}
    now, before = _heat_hist(store, pubs[wave], filters), _heat_hist(store, pubs.get(previous), filters)
    return {
        name: _heatmap(store, pubs[wave], filters, column, _slice(now, column), _slice(before, column))
        for name, column in BREAKDOWNS.items()
    }


def _heat_groups(pub: WavePublication, filters: Filters, column: str) -> dict[str, frozenset[int]]:
    """The selection, each of its groups of ``column``, and the whole organisation."""
    chosen = pub.select(filters)
    groups = {SELECTION: chosen, **pub.breakdown(chosen, column)} if chosen else {}
    return {**groups, ORG: pub.everyone()} if pub.everyone() else {}


def _heat_hist(store: Store, pub: WavePublication | None, filters: Filters) -> pd.DataFrame:
    """The published frequencies of every breakdown's groups (named ``column\x1fgroup``), of the
    selection and the organisation, and of the rest of the organisation beside each group (the
    organisation's minus the group's: both are published, so is their difference). One query."""
    groups = {}
    for column in BREAKDOWNS.values() if pub is not None else ():
        for key, atoms in _heat_groups(pub, filters, column).items():
            groups[key if key in (SELECTION, ORG) else f"{column}\x1f{key}"] = atoms
    if not groups:
        return _no_hist()
    measures = [m for m in pub.measures() if m == "who5" or m.startswith("score:")]
    hist = histograms(store, pub, groups, measures=measures)
    org = hist[hist["grp"] == ORG].drop(columns="grp")
    parts = hist[hist["grp"] != ORG]
    grid = parts[["grp"]].drop_duplicates().merge(org, how="cross")
    grid = grid.merge(parts, on=["grp", "measure", "value", "klass"], how="left", suffixes=("_org", ""))
    rest = grid.assign(grp=REST + grid["grp"], n=grid["n_org"] - grid["n"].fillna(0))
    return pd.concat([hist, rest.loc[rest["n"] > 0, hist.columns]], ignore_index=True)


def _slice(hist: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows of one breakdown's groups (their names without the breakdown), the selection's and
    the organisation's."""
    prefix = f"{column}\x1f"
    bare = hist["grp"].str.replace(REST, "", regex=False)
    mine = bare.str.startswith(prefix) | bare.isin([SELECTION, ORG])
    out = hist[mine].copy()
    out["grp"] = out["grp"].str.replace(prefix, "", regex=False)
    return out


def _heatmap(store, pub, filters, column, now_hist, before_hist) -> pd.DataFrame:
    now, then = summarise(now_hist), summarise(before_hist)
    shown = now[~now["grp"].str.startswith((REST, ORG))]
    cells = _heat_cells(pub, filters, column, shown, now_hist)
    if cells.empty:
        return _empty_heatmap()
    out = cells.merge(
        then[["grp", "measure", "mean", "n"]], on=["grp", "measure"], how="left", suffixes=("", "_previous")
    )
    org = now[now["grp"] == ORG][["measure", "mean"]].rename(columns={"mean": "mean_org"})
    out = out.merge(org, on="measure", how="left")
    out["change_previous"] = out["mean"] - out["mean_previous"]
    is_org = out["atoms"].map(lambda a: a == pub.everyone())
    out["change_org"] = (out["mean"] - out["mean_org"]).where(~is_org)
    out["p_previous"] = _cell_tests(out, before_hist, now_hist, lambda g: g)
    out["p_org"] = _cell_tests(out, now_hist, now_hist, lambda g: REST + g).where(~is_org)
    n_of = now.set_index(["grp", "measure"])["n"]
    rest_n = [n_of.get((REST + g, m), np.nan) for g, m in zip(out["grp"], out["measure"], strict=True)]
    for ref, n_other in (("previous", out["n_previous"]), ("org", rest_n)):
        out[f"q_{ref}"] = multiple.q_values(out[f"p_{ref}"]).to_numpy()
        out[f"significant_{ref}"] = multiple.significant(out[f"q_{ref}"], n_other, out["n"])
    return _heat_labels(out, group_labels(store, column))


def _heat_cells(pub, filters, column, shown, hist) -> pd.DataFrame:
    """Every (group, measure) the heatmap has a row for, published or not."""
    groups = {k: v for k, v in _heat_groups(pub, filters, column).items() if not k.startswith((REST, ORG))}
    measures = sorted(set(hist["measure"]))
    if not groups or not measures:
        return pd.DataFrame()
    grid = pd.DataFrame([(g, m) for g in groups for m in measures], columns=["grp", "measure"])
    cells = grid.merge(shown, on=["grp", "measure"], how="left")
    cells["atoms"] = cells["grp"].map(groups)
    cells["suppressed"] = cells["n"].isna()
    return cells


def _heat_labels(out: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    out["is_total"] = out["grp"].eq(SELECTION)
    out["group"] = out["grp"].where(~out["is_total"] & out["grp"].ne(POOLED), None)
    out["group_label"] = [
        t("qvt.group.selection")
        if g == SELECTION
        else t("publication.group.pooled")
        if g == POOLED
        else labels.get(g, g)
        for g in out["grp"]
    ]
    measure = out["measure"].str.removeprefix("score:")
    order = {m: i for i, m in enumerate(_measure_order(measure.unique()))}
    out = out.assign(
        measure=measure,
        measure_label=measure.map(_measure_labels()),
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


def _empty_heatmap() -> pd.DataFrame:
    flags = ("is_total", "significant_previous", "significant_org", "suppressed")
    text = ("group", "group_label", "measure", "measure_label")
    return pd.DataFrame(
        {
            c: pd.Series(dtype="bool" if c in flags else "object" if c in text else "float64")
            for c in HEATMAP_COLUMNS
        }
    )


# -- items, change adoption, objective clarity ----------------------------------------------------
def _no_items() -> dict[str, Any]:
    return _item_block(pd.DataFrame(), _questions_none(), _no_hist())


def _questions_none() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ("code", "text_fr", "text_en", "dimension", "scale", "reverse")})


def _items(store: Store, pub: WavePublication, filters: Filters) -> dict[str, Any]:
    """``items`` (one row per numeric question of the selection), ``distribution`` (shares of each
    raw answer), ``adoption`` (the five stages), ``barrier`` (its label or None) and the
    selection's ``_choices``: each question published on its own people."""
    questions = store.query("qvt_questions")
    chosen = pub.select(filters)
    hist = histograms(store, pub, {SELECTION: chosen}) if chosen else _no_hist()
    return _item_block(hist, questions, hist)


def _item_block(hist: pd.DataFrame, questions: pd.DataFrame, choices: pd.DataFrame) -> dict[str, Any]:
    numeric = hist[hist["measure"].str.startswith("item:")] if len(hist) else _no_hist()
    numeric = numeric.assign(question_code=numeric["measure"].str.removeprefix("item:"))
    items = _item_table(_item_summary(numeric), questions)
    adoption = _adoption(items)
    barrier = adoption.loc[adoption["barrier"], "stage_label"]
    stage = barrier.iloc[0] if len(barrier) else None
    picked = choices[choices["measure"].str.startswith("choice:")] if len(choices) else _no_hist()
    return {
        "items": items,
        "distribution": _distribution(numeric),
        "adoption": adoption,
        "barrier": stage,
        "barrier_sentence": t("qvt.adoption.barrier", stage=stage) if stage else t("qvt.adoption.no_barrier"),
        "_choices": pd.DataFrame(
            {
                "question_code": picked["measure"].str.removeprefix("choice:"),
                "choice": picked["klass"],
                "n": picked["n"],
            }
        ),
    }


def _item_summary(numeric: pd.DataFrame) -> pd.DataFrame:
    """Per question: ``question_code``, ``answers``, ``mean_raw``, ``favourable_share`` (Likert)."""
    if numeric.empty:
        return pd.DataFrame({"question_code": [], "answers": [], "mean_raw": [], "favourable_share": []})
    out = numeric.assign(
        _sum=numeric["value"] * numeric["n"],
        _fav=numeric["n"].where(numeric["klass"] == "favourable", 0),
        _likert=numeric["n"].where(numeric["klass"].isin(["favourable", "other"]), 0),
    )
    out = out.groupby("question_code", as_index=False, sort=False)[["n", "_sum", "_fav", "_likert"]].sum()
    return pd.DataFrame(
        {
            "question_code": out["question_code"],
            "answers": out["n"].astype("int64"),
            "mean_raw": out["_sum"] / out["n"],
            "favourable_share": out["_fav"] / out["_likert"].where(out["_likert"] > 0),
        }
    )


def _distribution(numeric: pd.DataFrame) -> pd.DataFrame:
    """Per question and raw answer: ``question_code``, ``value``, ``n``, ``share`` of the question's answers."""
    frame = numeric.groupby(["question_code", "value"], as_index=False)["n"].sum()
    totals = frame.groupby("question_code")["n"].transform("sum")
    return frame.assign(value=frame["value"].astype("int64"), share=frame["n"] / totals)


def _item_table(summary: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Every numeric question in catalogue order with its text, dimension and figures (NA when hidden)."""
    numeric = questions[questions["scale"].isin(["who5", "likert5", "nps11"])]
    table = numeric.merge(summary, left_on="code", right_on="question_code", how="left")
    reverse = table["reverse"].astype(bool) & table["scale"].eq("likert5")
    text = table["text_en"].fillna(table["text_fr"]) if language() == "en" else table["text_fr"]
    table = table.assign(
        text=text,
        mean_coded=table["mean_raw"].where(~reverse, metrics.LIKERT_MAX + 1 - table["mean_raw"]),
        suppressed=table["answers"].isna(),
        dimension_label=table["dimension"].map(_dimension_labels()),
    )
    columns = [
        "code",
        "text",
        "dimension",
        "dimension_label",
        "scale",
        "reverse",
        "answers",
        "mean_raw",
        "mean_coded",
        "favourable_share",
        "suppressed",
    ]
    return table[columns].reset_index(drop=True)


def _clarity(store: Store, filters: Filters, choices: pd.DataFrame) -> dict[str, Any]:
    """Perceived objective of the pooling: ``distribution`` (objective, label, respondents, share,
    declared), ``respondents``, ``ne_sait_pas_share``, ``differs_share`` (against the filtered
    project's declared objective; None without a project filter) and ``declared``."""
    counts = choices[choices["question_code"] == "objective_perceived"].rename(
        columns={"choice": "objective", "n": "respondents"}
    )[["objective", "respondents"]]
    declared = None
    if filters.project:
        projects = store.query("projects_list")
        match = projects.loc[projects["project_id"] == filters.project, "objective"]
        declared = match.iloc[0] if len(match) and pd.notna(match.iloc[0]) else None
    labels = _choice_labels("objective_perceived")
    order = {code: i for i, code in enumerate(labels)}
    table = metrics.objective_clarity(counts, declared).assign(label=lambda f: f["objective"].map(labels))
    table = table.sort_values("objective", key=lambda c: c.map(order)).reset_index(drop=True)
    shares = metrics.clarity_shares(counts, declared)
    dont_know = fmt_pct(shares["ne_sait_pas_share"])
    sentence = (
        t(
            "qvt.clarity.shares",
            dont_know=dont_know,
            differs=fmt_pct(shares["differs_share"]),
            declared=labels.get(declared, declared),
        )
        if declared
        else t("qvt.clarity.no_project", dont_know=dont_know)
    )
    return {
        "distribution": table,
        "declared": declared,
        "declared_label": labels.get(declared),
        "sentence": sentence,
        **shares,
    }


# -- the JSON report ------------------------------------------------------------------------------
REPORT_COLUMNS = {"entity": "entity_id", "category": "category", "service": "service"}


def wave_summary(
    store: Store, *, by: str | None = None, brief: bool = False, wave_rates: pd.DataFrame | None = None
) -> list[dict[str, Any]]:
    """One dict per wave, oldest first, all published (DESIGN.md ``waves[]``).

    Keys: ``wave``, ``provisional``, ``respondents``, ``response_rate``, ``who5_index_mean``,
    ``who5_poor_share``, ``enps`` (points), ``item_means`` (question code → mean of the raw
    answers), the change of WHO-5 since the wave before with its test (``who5_change``, ``who5_p``,
    ``who5_q``, ``who5_significant``, the family being every wave's WHO-5 and poor-share tests);
    ``brief`` leaves out the item means and the tests (None), which the Overview does not show.
    With ``by`` (entity, category or service) also ``groups``: ``{group, pooled, respondents,
    suppressed, ...same figures}`` where the pooled group holds the atoms that mix several values
    of ``by``. One query for every wave. ``wave_rates`` (``wave``, ``response_rate``) saves working
    the waves' response rates out again when the caller has them.
    """
    if by is not None and by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}, not {by!r}")
    waves = store.query("qvt_waves")["wave"].tolist()
    pubs = load_all(store, waves)
    trend = _trend(store, pubs, Filters()).set_index("wave") if waves and not brief else pd.DataFrame()
    rates = _rates(store, by, wave_rates)
    asked = [(pub, _summary_groups(pub, by)) for pub in pubs.values()]
    measures = TREND_MEASURES if brief else None
    hist = (
        histograms_across(store, [a for a in asked if a[1]], measures=measures)
        if any(g for _, g in asked)
        else _no_hist()
    )
    hist = dict(tuple(hist.groupby("grp", sort=False))) if len(hist) else {}
    summary = []
    for pub, groups in asked:
        wave = pub.wave
        whole = _group_dict(
            pub, "", f"{wave}\x1f", groups.get(f"{wave}\x1f", frozenset()), hist, rates.get((wave, None))
        )
        entry = {"wave": wave, "provisional": pub.provisional, **whole, **_trend_tests(trend, wave)}
        del entry["group"], entry["pooled"]
        if by:
            entry["groups"] = [
                _group_dict(
                    pub,
                    key.split("\x1fg:", 1)[1],
                    key,
                    atoms,
                    hist,
                    rates.get((wave, key.split("\x1fg:", 1)[1])),
                )
                for key, atoms in groups.items()
                if "\x1fg:" in key
            ]
        summary.append(entry)
    return summary


def _summary_groups(pub: WavePublication, by: str | None) -> dict[str, frozenset[int]]:
    """The whole wave (``wave\x1f``) and, with ``by``, each of its groups (``wave\x1fg:value``)."""
    everyone = pub.everyone()
    if not everyone:
        return {}
    groups = {f"{pub.wave}\x1f": everyone}
    if by:
        groups.update(
            {f"{pub.wave}\x1fg:{g}": a for g, a in pub.breakdown(everyone, REPORT_COLUMNS[by]).items()}
        )
    return groups


def _trend_tests(trend: pd.DataFrame, wave: str) -> dict[str, Any]:
    row = trend.loc[wave] if wave in trend.index else None
    keys = ("who5_change", "who5_p", "who5_q", "who5_significant")
    return {key: (None if row is None else _number(row[key])) for key in keys}


def _group_dict(pub, group, key, atoms, hist, rate) -> dict[str, Any]:
    mine = hist.get(key, _no_hist())  # hist: group name -> its rows
    who5, enps = mine[mine["measure"] == "who5"], mine[mine["measure"] == "item:enps"]
    items = summarise(mine[mine["measure"].str.startswith("item:")])
    hidden = not atoms
    return {
        "group": t("publication.group.pooled") if group == POOLED else group,
        "pooled": group == POOLED,
        "respondents": None if hidden else pub.respondents(atoms),
        "suppressed": hidden,
        "response_rate": None if hidden else rate,
        "who5_index_mean": _mean(who5),
        "who5_poor_share": _share(who5, "poor"),
        "enps": _enps(enps),
        "item_means": {}
        if hidden
        else dict(zip(items["measure"].str.removeprefix("item:"), items["mean"].astype(float), strict=True)),
    }


def _rates(
    store: Store, by: str | None, whole: pd.DataFrame | None = None
) -> dict[tuple[str, str | None], float | None]:
    """(wave, group or None for the whole wave) → response rate (respondents ÷ agents active on the
    wave's close date), only where the group's headcount reaches k (DOMAIN.md "Response rate")."""
    from mututrack.views import participation

    out: dict[tuple[str, str | None], float | None] = {}
    whole = participation.wave_rates(store) if whole is None else whole
    for row in whole.itertuples():
        out[(row.wave, None)] = _number(row.response_rate)
    if by:
        for row in participation.report_group_rates(store, by).itertuples():
            out[(row.wave, row.group)] = _number(row.response_rate)
    return out


# -- labels and small helpers --------------------------------------------------------------------
def _verdict(p_value: float, significant: bool, n_before: float, n_now: float) -> str:
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


def _adoption(items: pd.DataFrame) -> pd.DataFrame:
    """The five change-adoption stages: ``stage``, ``stage_label``, ``mean`` (1..5, reverse-coded), ``barrier``."""
    means = items.set_index("code")["mean_coded"]
    stages = metrics.adoption_stages(means)
    return stages.assign(stage_label=[t(f"qvt.stage.{s}") for s in stages["stage"]])


def group_labels(store: Store, column: str) -> dict[str, str]:
    """Display names of the groups of ``column`` ('' is the group that left it empty)."""
    if column == "entity_id":
        entities = store.query("entities_list")
        names = dict(zip(entities["entity_id"], entities["name"], strict=True))
    else:
        names = {c: t("qvt.group.category", category=c) for c in ("A", "B", "C")}
    return {**names, "": t("qvt.group.unknown")}


def _dimension_labels() -> dict[str, str]:
    from mututrack import catalogue

    frame = catalogue.dimensions()
    return dict(zip(frame["dimension"], frame[f"label_{language()}"], strict=True))


def _measure_labels() -> dict[str, str]:
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
    return {**_dimension_labels(), "who5": t("qvt.measure.who5"), **axes}


def _measure_order(measures) -> list[str]:
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


def _choice_labels(code: str) -> dict[str, str]:
    from mututrack import catalogue

    scales = catalogue.scales()
    rows = scales[scales["scale"] == f"choice:{code}"]
    return dict(zip(rows["value"], rows[f"label_{language()}"], strict=True))


def _number(value: Any) -> float | int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _headcounts(store: Store, by: str | None) -> pd.DataFrame:
    """Agents active on each wave's close date per group: ``wave``, ``level``, ``group``, ``agents_active``."""
    headcount = store.query("participation_headcount", today=dt.date.today())
    column = {"entity": "entity_id", "category": "category", "service": "service"}.get(by)
    group = headcount[column].fillna("") if column else pd.Series("", index=headcount.index)
    per_group = (
        headcount.assign(group=group).groupby(["wave", "group"], as_index=False)["agents_active"].sum()
    )
    whole = headcount.groupby("wave", as_index=False)["agents_active"].sum().assign(group="", level=1)
    return pd.concat([per_group.assign(level=0), whole], ignore_index=True)

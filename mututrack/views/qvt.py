"""The data of the Qualité de vie au travail page, and the wave figures of the JSON report.

Everything survey-derived leaves this module through :mod:`mututrack.privacy`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from mututrack import privacy
from mututrack.filters import Filters
from mututrack.i18n import fmt_number, fmt_pct, language, t
from mututrack.metrics import qvt as metrics
from mututrack.metrics import stats
from mututrack.store import Store

__all__ = ["compute", "wave_summary", "group_labels", "BY_OPTIONS", "BREAKDOWNS"]

BY_OPTIONS = ("entity", "category", "service")
WAVE_FIGURES = {
    "who5_respondents": ["who5_index_mean", "who5_poor_share"],
    "enps_respondents": ["enps"],
}
SCORING = {"who5_poor_below": metrics.WHO5_POOR_BELOW, "who5_depression_max": metrics.WHO5_DEPRESSION_MAX}


DIMS = ["entity_id", "category"]
BREAKDOWNS = {"entity": "entity_id", "category": "category"}
# Counts and figures computed from answers: all hidden together with a hidden cell.
CUBE_FIGURES = {
    "who5_respondents": [
        "who5_index_mean",
        "who5_histogram",
        "who5_poor",
        "who5_depression",
        "who5_poor_share",
        "who5_depression_share",
    ],
    "enps_respondents": ["enps_promoters", "enps_detractors", "enps"],
}


def compute(store: Store, filters: Filters) -> dict[str, Any]:
    """The page's data, after privacy: ``k``, ``wave``, ``previous_wave``, ``trend`` (per wave),
    ``heatmaps`` (breakdown → groups × measures), ``items``, ``distribution``, ``adoption``,
    ``barrier``, ``clarity`` and ``cell_hidden`` (the filtered population itself is masked).
    """
    waves = store.query("qvt_waves")["wave"].tolist()
    wave = filters.wave if filters.wave in waves else (waves[-1] if waves else None)
    previous = waves[waves.index(wave) - 1] if wave and waves.index(wave) > 0 else None
    cube = _respondent_cube(store, filters.project)
    cell = _cell(filters)
    trend = _trend(store, filters, cube, waves)
    chosen = trend[trend["wave"] == wave]
    items = _items(store, filters, cube, wave)
    return {
        "k": privacy.threshold(store, wave),
        "published": bool(
            store.scalar(
                "select coalesce(bool_or(published), false) from waves where wave = $wave", wave=wave
            )
        ),
        "wave": wave,
        "previous_wave": previous,
        "cell_hidden": bool(chosen["suppressed"].iloc[0]) if len(chosen) else True,
        "trend": trend,
        "heatmaps": _heatmaps(store, filters, cube, wave, previous),
        **items,
        "clarity": _clarity(store, filters, items.pop("_choices"), cell),
        "headlines": _headlines(trend, wave, previous),
    }


def _headlines(trend: pd.DataFrame, wave: str | None, previous: str | None) -> list[str]:
    """Plain sentences on the chosen wave's changes: their size always, the test's verdict beside it."""
    rows = trend[trend["wave"] == wave]
    if previous is None or rows.empty or pd.isna(rows["who5_change"].iloc[0]):
        return []
    now, before = rows.iloc[0], trend[trend["wave"] == previous].iloc[0]
    change = now["who5_change"]
    direction = "up" if change > 0.05 else ("down" if change < -0.05 else "flat")
    verdict = _verdict(
        now["who5_p"], now["who5_significant"], before["who5_respondents"], now["who5_respondents"]
    )
    if now["who5_meaningful"]:
        verdict += t("qvt.verdict.meaningful")
    who5 = t(
        "qvt.headline.who5",
        previous=previous,
        wave=wave,
        direction=t(f"qvt.headline.{direction}"),
        size=fmt_number(abs(change), decimals=1),
        before=fmt_number(before["who5_index_mean"], decimals=1),
        after=fmt_number(now["who5_index_mean"], decimals=1),
        verdict=verdict,
    )
    poor = t(
        "qvt.headline.poor",
        before=fmt_pct(before["who5_poor_share"], decimals=1),
        after=fmt_pct(now["who5_poor_share"], decimals=1),
        verdict=_verdict(
            now["who5_poor_p"],
            now["who5_poor_significant"],
            before["who5_respondents"],
            now["who5_respondents"],
        ),
    )
    return [who5, poor]


def _verdict(p_value: float, significant: bool, n_before: float, n_now: float) -> str:
    """What the test says, in words: significant, not significant, or a group too small to conclude."""
    if min(float(n_before), float(n_now)) < stats.MIN_GROUP_FOR_SIGNIFICANCE:
        return t("qvt.verdict.too_small")
    key = "qvt.verdict.significant" if significant else "qvt.verdict.not_significant"
    return t(key, p=_p_text(p_value))


def _p_text(p_value: float) -> str:
    return (
        f"p < {fmt_number(0.001, decimals=3)}"
        if p_value < 0.001
        else f"p = {fmt_number(p_value, decimals=3)}"
    )


def _cell(filters: Filters) -> dict[str, str | None]:
    return {"entity_id": filters.entity, "category": filters.category}


def _by_wave_k(store: Store, frame: pd.DataFrame, apply) -> pd.DataFrame:
    """``apply(part, k)`` on the rows of the waves sharing each threshold (a wave's k is locked once published)."""
    if frame.empty:
        return apply(frame, privacy.threshold(store))
    k = frame["wave"].map({wave: privacy.threshold(store, wave) for wave in frame["wave"].unique()})
    # One call per threshold, not per wave: the cube's structure is then built once.
    parts = [apply(part, int(value)) for value, part in frame.groupby(k, sort=False)]
    return pd.concat(parts, ignore_index=True)


def _respondent_cube(store: Store, project: str | None) -> pd.DataFrame:
    """Respondents and well-being counts per wave and cube cell, through privacy (``suppressed``)."""
    cube = metrics.wave_figures(store.query("qvt_respondent_cube", project=project, waves=None, **SCORING))
    if project is not None:  # the project's people must not be told apart from everyone by subtraction
        everyone = store.query("qvt_respondent_cube", project=None, waves=None, **SCORING)
        cube = cube.merge(
            everyone[["wave", *DIMS, "respondents"]].rename(columns={"respondents": "everyone"}),
            on=["wave", *DIMS],
            how="left",
        )
        outside = cube["everyone"].fillna(0) - cube["respondents"]
        cube["forced"] = (outside > 0) & (outside < [privacy.threshold(store, w) for w in cube["wave"]])
    forced = "forced" if project is not None else None

    def protect(part: pd.DataFrame, k: int) -> pd.DataFrame:
        shown = privacy.suppress_cube(part, dims=DIMS, values=[], k=k, siblings=["wave"], forced=forced)
        for base, columns in CUBE_FIGURES.items():
            figure = privacy.suppress_cube(
                shown, dims=DIMS, count=base, values=columns, k=k, siblings=["wave"], forced="suppressed"
            )
            shown[[base, *columns]] = figure[[base, *columns]]
        return shown

    return _by_wave_k(store, cube, protect)


def _trend(store: Store, filters: Filters, cube: pd.DataFrame, waves: list[str]) -> pd.DataFrame:
    """Per wave, for the filtered cell: respondents, WHO-5 index and poor-well-being share with
    Wilson intervals, likely-depression share, eNPS, and each change since the previous wave
    with its test (``*_change``, ``*_p``, ``*_significant``)."""
    rows = cube[privacy.at_cell(cube, _cell(filters))].set_index("wave").reindex(waves).reset_index()
    rows["suppressed"] = rows["suppressed"].fillna(True).astype(bool)
    low, high = stats.wilson_interval(rows["who5_poor"].astype(float), rows["who5_respondents"].astype(float))
    rows["who5_poor_low"], rows["who5_poor_high"] = low, high
    return _trend_changes(rows)[TREND_COLUMNS]


TREND_COLUMNS = [
    "wave",
    "respondents",
    "suppressed",
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
    "who5_significant",
    "who5_meaningful",
    "who5_poor_change",
    "who5_poor_p",
    "who5_poor_significant",
    "enps_change",
]


def _trend_changes(rows: pd.DataFrame) -> pd.DataFrame:
    """Changes from each wave to the next (the size always, significance only from the tests)."""
    before = rows.shift(1)
    rows["who5_change"] = rows["who5_index_mean"] - before["who5_index_mean"]
    rows["who5_poor_change"] = rows["who5_poor_share"] - before["who5_poor_share"]
    rows["enps_change"] = rows["enps"] - before["enps"]
    rows["who5_p"] = _index_tests(rows["who5_histogram"]).where(rows["who5_change"].notna())
    rows["who5_poor_p"] = [
        stats.two_proportion_test(int(b_x), int(b_n), int(x), int(n)).p_value if pd.notna(c) else np.nan
        for b_x, b_n, x, n, c in zip(
            before["who5_poor"].fillna(0),
            before["who5_respondents"].fillna(0),
            rows["who5_poor"].fillna(0),
            rows["who5_respondents"].fillna(0),
            rows["who5_poor_change"],
            strict=True,
        )
    ]
    n_now, n_before = rows["who5_respondents"].astype(float), before["who5_respondents"].astype(float)
    rows["who5_significant"] = stats.significant(rows["who5_p"], n_before, n_now)
    rows["who5_poor_significant"] = stats.significant(rows["who5_poor_p"], n_before, n_now)
    rows["who5_meaningful"] = rows["who5_change"].abs().ge(metrics.WHO5_MEANINGFUL_CHANGE)
    return rows


def _index_tests(histograms: pd.Series) -> pd.Series:
    """Mann–Whitney p-value of the WHO-5 index of each wave against the wave before it.

    ``histograms`` holds, per wave in order, a mapping index → respondents (NaN when hidden).
    """
    frames = [
        pd.DataFrame({"value": list(a | b), "wave": i}).assign(
            n_a=lambda f, a=a: f["value"].map(a).fillna(0), n_b=lambda f, b=b: f["value"].map(b).fillna(0)
        )
        for i, (a, b) in enumerate(zip(histograms.shift(1), histograms, strict=True))
        if isinstance(a, dict) and isinstance(b, dict)
    ]
    if not frames:
        return pd.Series(np.nan, index=histograms.index)
    tests = stats.mann_whitney_from_counts(pd.concat(frames, ignore_index=True), keys=["wave"])
    return pd.Series(tests.set_index("wave")["p_value"], index=range(len(histograms))).set_axis(
        histograms.index
    )


def _heatmaps(
    store: Store, filters: Filters, cube: pd.DataFrame, wave: str | None, previous: str | None
) -> dict[str, pd.DataFrame]:
    """breakdown → one row per group (and the selection's total) × measure: ``group``,
    ``group_label``, ``is_total``, ``measure``, ``measure_label``, ``n``, ``score`` (0..100),
    ``change_previous``/``p_previous``/``significant_previous`` (against the previous wave),
    ``change_org``/``p_org``/``significant_org`` (against the whole organisation), ``suppressed``."""
    if wave is None:
        return {name: _empty_heatmap() for name in BREAKDOWNS}
    hist = store.query(
        "qvt_score_histogram", project=filters.project, waves=[w for w in (previous, wave) if w]
    )
    scores = _protected_scores(store, hist, cube)
    return {
        name: _heatmap(scores, hist, _breakdown_cells(store, scores, filters, column, wave), wave, previous)
        for name, column in BREAKDOWNS.items()
    }


def _protected_scores(store: Store, hist: pd.DataFrame, cube: pd.DataFrame) -> pd.DataFrame:
    """Mean score per wave, cell and measure, each hidden on its own number of respondents."""
    means = metrics.histogram_means(hist, ["wave", *DIMS, "measure"])
    means = means.merge(
        cube[["wave", *DIMS, "suppressed"]].rename(columns={"suppressed": "forced"}),
        on=["wave", *DIMS],
        how="left",
    )
    means["forced"] = means["forced"].fillna(True).astype(bool)
    return _by_wave_k(
        store,
        means,
        lambda part, k: privacy.suppress_cube(
            part, dims=DIMS, count="n", values=["mean"], k=k, siblings=["wave", "measure"], forced="forced"
        ),
    )


def _breakdown_cells(
    store: Store, scores: pd.DataFrame, filters: Filters, column: str, wave: str
) -> pd.DataFrame:
    """The cells a breakdown shows: the selection's total first, then each group of ``column``."""
    cell = _cell(filters)
    other = next(dim for dim in DIMS if dim != column)
    now = scores[scores["wave"] == wave]
    groups = now[
        now[column].notna() & (now[other].isna() if cell[other] is None else now[other].eq(cell[other]))
    ]
    if cell[column] is not None:
        groups = groups[groups[column].eq(cell[column])]
    total = now[privacy.at_cell(now, cell)].assign(
        is_total=True, group=None, group_label=t("qvt.group.selection")
    )
    labels = group_labels(store, column)
    groups = groups.assign(
        is_total=False, group=groups[column], group_label=groups[column].map(labels).fillna(groups[column])
    )
    return pd.concat([total, groups], ignore_index=True)


def _heatmap(scores, hist, cells, wave, previous) -> pd.DataFrame:
    """Changes against the previous wave and against the organisation, with their tests."""
    before = scores[scores["wave"] == previous][[*DIMS, "measure", "mean", "n"]]
    out = cells.merge(before, on=[*DIMS, "measure"], how="left", suffixes=("", "_previous"))
    org = scores[(scores["wave"] == wave) & scores[DIMS].isna().all(axis=1)][["measure", "mean", "n"]]
    out = out.merge(org, on="measure", how="left", suffixes=("", "_org"))
    out["change_previous"] = out["mean"] - out["mean_previous"]
    out["change_org"] = (out["mean"] - out["mean_org"]).where(out[DIMS].notna().any(axis=1))
    out["p_previous"] = _tests(out, hist, wave, previous, against="previous")
    out["p_org"] = _tests(out, hist, wave, previous, against="org")
    out["significant_previous"] = stats.significant(
        out["p_previous"], out["n_previous"].astype(float), out["n"].astype(float)
    )
    rest = out["n_org"].astype(float) - out["n"].astype(float)
    out["significant_org"] = stats.significant(out["p_org"], rest, out["n"].astype(float))
    order = {m: i for i, m in enumerate(_measure_order(out["measure"].unique()))}
    out["measure_label"] = out["measure"].map(_measure_labels())
    out = out.rename(columns={"mean": "score"}).assign(_order=out["measure"].map(order))
    out = out.sort_values(["is_total", "group_label", "_order"], ascending=[False, True, True], kind="stable")
    return out[HEATMAP_COLUMNS].reset_index(drop=True)


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
    "significant_previous",
    "change_org",
    "p_org",
    "significant_org",
    "suppressed",
]


def _empty_heatmap() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in HEATMAP_COLUMNS})


def _tests(
    out: pd.DataFrame, hist: pd.DataFrame, wave: str, previous: str | None, *, against: str
) -> pd.Series:
    """Mann–Whitney p-value of each shown cell against its previous wave or the rest of the organisation."""
    change = out["change_previous" if against == "previous" else "change_org"]
    rows = out[change.notna()].reset_index()[["index", *DIMS, "measure"]]
    if rows.empty or (against == "previous" and previous is None):
        return pd.Series(np.nan, index=out.index)
    key = [*DIMS, "measure"]
    now = rows.merge(hist[hist["wave"] == wave], on=key, how="inner")
    if against == "previous":
        other = rows.merge(hist[hist["wave"] == previous], on=key, how="inner")
    else:  # the rest of the organisation: organisation minus the group, value by value
        org = hist[(hist["wave"] == wave) & hist[DIMS].isna().all(axis=1)][["measure", "score", "n"]]
        other = rows.merge(org, on="measure").merge(
            now[["index", "measure", "score", "n"]],
            on=["index", "measure", "score"],
            how="left",
            suffixes=("", "_group"),
        )
        other["n"] = other["n"] - other["n_group"].fillna(0)
    pairs = (
        now[["index", "score", "n"]]
        .merge(other[["index", "score", "n"]], on=["index", "score"], how="outer", suffixes=("_b", "_a"))
        .fillna({"n_a": 0, "n_b": 0})
    )
    tests = stats.mann_whitney_from_counts(pairs.rename(columns={"score": "value"}), keys=["index"])
    return pd.Series(tests.set_index("index")["p_value"], index=out.index)


def _items(store: Store, filters: Filters, cube: pd.DataFrame, wave: str | None) -> dict[str, Any]:
    """``items`` (one row per numeric question of the selection), ``distribution`` (shares of each
    raw answer), ``adoption`` (the five stages), ``barrier`` (its label or None) and the
    selection's ``_choices`` (answers to choice questions): each question hidden on its own
    number of answers, across the whole cube."""
    questions = store.query("qvt_questions")
    hist = store.query("qvt_item_histogram", project=filters.project, waves=[wave] if wave else [])
    bases = hist.groupby(["wave", *DIMS, "question_code"], dropna=False, as_index=False, sort=False)[
        "n"
    ].sum()
    bases = bases.merge(
        cube[["wave", *DIMS, "suppressed"]].rename(columns={"suppressed": "forced"}),
        on=["wave", *DIMS],
        how="left",
    ).rename(columns={"n": "answers"})
    bases["forced"] = bases["forced"].fillna(True).astype(bool)
    shown = _by_wave_k(
        store,
        bases,
        lambda part, k: privacy.suppress_cube(
            part,
            dims=DIMS,
            count="answers",
            values=[],
            k=k,
            siblings=["wave", "question_code"],
            forced="forced",
        ),
    )
    visible = shown.loc[privacy.at_cell(shown, _cell(filters)) & ~shown["suppressed"], "question_code"]
    mine = hist[privacy.at_cell(hist, _cell(filters)) & hist["question_code"].isin(visible)]
    items = _item_table(metrics.item_summary(mine, questions), questions)
    adoption = _adoption(items)
    barrier = adoption.loc[adoption["barrier"], "stage_label"]
    stage = barrier.iloc[0] if len(barrier) else None
    return {
        "items": items,
        "distribution": metrics.item_distribution(mine),
        "adoption": adoption,
        "barrier": stage,
        "barrier_sentence": t("qvt.adoption.barrier", stage=stage) if stage else t("qvt.adoption.no_barrier"),
        "_choices": mine[mine["choice"].notna()]
        .groupby(["question_code", "choice"], as_index=False)["n"]
        .sum(),
    }


def _item_table(summary: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Every numeric question in catalogue order with its text, dimension and figures (NA when hidden)."""
    numeric = questions[questions["scale"].isin(["who5", "likert5", "nps11"])]
    table = numeric.merge(summary, left_on="code", right_on="question_code", how="left")
    text = table["text_en"].fillna(table["text_fr"]) if language() == "en" else table["text_fr"]
    table = table.assign(
        text=text,
        suppressed=table["answers"].isna(),
        dimension_label=table["dimension"].map(_dimension_labels()),
    )
    return table[
        [
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
    ].reset_index(drop=True)


def _adoption(items: pd.DataFrame) -> pd.DataFrame:
    """The five change-adoption stages: ``stage``, ``stage_label``, ``mean`` (1..5, reverse-coded), ``barrier``."""
    means = items.set_index("code")["mean_coded"]
    stages = metrics.adoption_stages(means)
    return stages.assign(stage_label=[t(f"qvt.stage.{s}") for s in stages["stage"]])


def _clarity(store: Store, filters: Filters, choices: pd.DataFrame, cell: dict) -> dict[str, Any]:
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


# -- labels ------------------------------------------------------------------------------------
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


def wave_summary(store: Store, *, by: str | None = None) -> list[dict[str, Any]]:
    """One dict per wave, oldest first, after the anonymity rules (DESIGN.md ``waves[]``).

    Keys: ``wave``, ``respondents``, ``response_rate``, ``who5_index_mean``, ``who5_poor_share``,
    ``enps`` (points, −100..100), ``item_means`` (question code → mean of the raw answers); with
    ``by`` (entity, category or service) also ``groups``: ``{group, respondents, suppressed, ...same
    figures}``, a suppressed group carrying no figure at all.
    """
    if by is not None and by not in BY_OPTIONS:
        raise ValueError(f"by must be one of {BY_OPTIONS}, not {by!r}")
    waves = store.query("qvt_waves")["wave"].tolist()
    one_way = "service" if by == "service" else None  # entity and category come from the page's cube
    figures = metrics.wave_figures(store.query("qvt_wave_figures", by=one_way, **SCORING))
    figures = figures.merge(_headcounts(store, one_way), on=["wave", "level", "group"], how="left")
    items = store.query("qvt_item_means", by=one_way)
    cube_groups = _cube_groups(store, by) if by in BREAKDOWNS else {}
    summary = []
    for wave in waves:
        k = privacy.threshold(store, wave)
        rows = figures[figures["wave"] == wave]
        wave_items = items[items["wave"] == wave]
        whole = _protected(rows[rows["level"] == 1], wave_items[wave_items["level"] == 1], k)
        entry = {"wave": wave, **(whole[0] if whole else _empty_figures())}
        del entry["group"]
        if one_way:
            entry["groups"] = _protected(rows[rows["level"] == 0], wave_items[wave_items["level"] == 0], k)
        elif by:
            entry["groups"] = cube_groups.get(wave, [])
        summary.append(entry)
    return summary


def _response_rate(frame: pd.DataFrame, k: int | pd.Series) -> pd.Series:
    """respondents ÷ agents active, only for shown groups whose headcount reaches k (DOMAIN.md)."""
    active = frame["agents_active"].fillna(0).astype(float)
    rate = frame["respondents"].astype(float) / active.where(active > 0)
    return rate.where(~frame["suppressed"] & (active >= k))


def _cube_groups(store: Store, by: str) -> dict[str, list[dict[str, Any]]]:
    """wave → group dicts of ``by`` (entity or category): the margins of the page's cube, so that
    the report hides exactly what the page hides."""
    column = BREAKDOWNS[by]
    other = next(dim for dim in DIMS if dim != column)
    cube = _respondent_cube(store, None)
    margins = cube[cube[column].notna() & cube[other].isna()].assign(group=lambda f: f[column], level=0)
    margins = margins.merge(_headcounts(store, by), on=["wave", "level", "group"], how="left")
    k = margins["wave"].map({w: privacy.threshold(store, w) for w in margins["wave"].unique()})
    margins["response_rate"] = _response_rate(margins, k)
    means = _cube_item_means(store, cube, column, other)
    groups: dict[str, list[dict[str, Any]]] = {}
    for _, row in margins.iterrows():
        groups.setdefault(row["wave"], []).append(
            _group_dict(row, means.get((row["wave"], row["group"]), {}))
        )
    return groups


def _cube_item_means(
    store: Store, cube: pd.DataFrame, column: str, other: str
) -> dict[tuple, dict[str, float]]:
    """(wave, group) → {question → mean of raw answers}, each question hidden on its own answers."""
    hist = store.query("qvt_item_histogram", project=None, waves=None)
    hist = hist[hist["value"].notna()]
    means = metrics.histogram_means(hist, ["wave", *DIMS, "question_code"], value="value")
    means = means.merge(
        cube[["wave", *DIMS, "suppressed"]].rename(columns={"suppressed": "forced"}),
        on=["wave", *DIMS],
        how="left",
    ).fillna({"forced": True})
    shown = _by_wave_k(
        store,
        means,
        lambda part, k: privacy.suppress_cube(
            part,
            dims=DIMS,
            count="n",
            values=["mean"],
            k=k,
            siblings=["wave", "question_code"],
            forced="forced",
        ),
    )
    shown = shown[~shown["suppressed"] & shown[column].notna() & shown[other].isna()]
    return {
        (wave, group): dict(zip(part["question_code"], part["mean"].astype(float), strict=True))
        for (wave, group), part in shown.groupby(["wave", column], sort=False)
    }


def _protected(rows: pd.DataFrame, items: pd.DataFrame, k: int) -> list[dict[str, Any]]:
    """Group dicts with every figure through privacy (per group, then per figure's own base)."""
    shown = privacy.suppress_figures(rows, figures=WAVE_FIGURES, k=k)
    shown["response_rate"] = _response_rate(shown, k)
    means = _item_means(items, shown, k)
    return [_group_dict(row, means.get(row["group"], {})) for _, row in shown.iterrows()]


def _group_dict(row: pd.Series, item_means: dict[str, float]) -> dict[str, Any]:
    hidden = bool(row["suppressed"])
    return {
        "group": row["group"],
        "respondents": _number(row["respondents"]),
        "suppressed": hidden,
        "response_rate": _number(row["response_rate"]),
        "who5_index_mean": _number(row["who5_index_mean"]),
        "who5_poor_share": _number(row["who5_poor_share"]),
        "enps": _number(row["enps"]),
        "item_means": {} if hidden else item_means,
    }


def _item_means(items: pd.DataFrame, groups: pd.DataFrame, k: int) -> dict[str, dict[str, float]]:
    """group → {question code → mean}, each question suppressed on its own number of answers."""
    if items.empty:
        return {}
    hidden = groups.set_index("group")["suppressed"]
    frame = items.assign(forced=~items["group"].map(~hidden).eq(True))
    shown = privacy.suppress(
        frame, count="answers", values=["mean"], k=k, siblings=["question_code"], forced="forced"
    )
    shown = shown[~shown["suppressed"]]
    return {
        group: dict(zip(part["question_code"], part["mean"].astype(float), strict=True))
        for group, part in shown.groupby("group", sort=False)
    }


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


def _number(value: Any) -> float | int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _empty_figures() -> dict[str, Any]:
    return {
        "group": "",
        "respondents": 0,
        "suppressed": True,
        "response_rate": None,
        "who5_index_mean": None,
        "who5_poor_share": None,
        "enps": None,
        "item_means": {},
    }

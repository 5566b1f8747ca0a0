"""The data of the Qualité de vie au travail page, and the wave figures of the JSON report.

Every survey figure comes from :mod:`mututrack.publication`: the union of the atoms wholly inside
the selection (or a breakdown group), never the answers. Each family of tests shown together (the
trend's verdicts, each heatmap against each reference) carries Benjamini–Hochberg q-values, and
a change is marked significant on its q-value.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mututrack.filters import Filters
from mututrack.i18n import fmt_pct, language, t
from mututrack.metrics import qvt as metrics
from mututrack.publication import POOLED, WavePublication, histograms, rules, summarise
from mututrack.publication.figures import histograms_across, load_all
from mututrack.store import Store
from mututrack.views import drivers, qvt_heatmaps, qvt_trend
from mututrack.views import qvt_figures as fig
from mututrack.views.qvt_figures import group_labels
from mututrack.views.qvt_heatmaps import BREAKDOWNS
from mututrack.views.qvt_trend import TREND_MEASURES

__all__ = ["compute", "wave_summary", "group_labels", "BY_OPTIONS", "BREAKDOWNS", "TREND_MEASURES"]

BY_OPTIONS = ("entity", "category", "service")


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
    trend = qvt_trend.trend(store, pubs, filters)
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
        "heatmaps": qvt_heatmaps.heatmaps(store, pubs, filters, wave, previous),
        **items,
        "clarity": _clarity(store, filters, items.pop("_choices")),
        "headlines": qvt_trend.headlines(trend, wave, previous),
        "drivers": drivers.section(store, wave),
    }


def _response_rate_of(store: Store, wave: str | None) -> float | None:
    """The wave's participation (respondents ÷ agents active): it may move freely while a wave is open."""
    return _rates(store, None).get((wave, None))


def _published(store: Store, wave: str | None) -> bool:
    return bool(store.value("qvt_wave_published", wave=wave))


# -- items, change adoption, objective clarity ----------------------------------------------------
def _no_items() -> dict[str, Any]:
    return _item_block(pd.DataFrame(), _questions_none(), fig.no_hist())


def _questions_none() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ("code", "text_fr", "text_en", "dimension", "scale", "reverse")})


def _items(store: Store, pub: WavePublication, filters: Filters) -> dict[str, Any]:
    """``items`` (one row per numeric question of the selection), ``distribution`` (shares of each
    raw answer), ``adoption`` (the five stages), ``barrier`` (its label or None) and the
    selection's ``_choices``: each question published on its own people."""
    questions = store.query("qvt_questions")
    chosen = pub.select(filters)
    hist = histograms(store, pub, {fig.SELECTION: chosen}) if chosen else fig.no_hist()
    return _item_block(hist, questions, hist)


def _item_block(hist: pd.DataFrame, questions: pd.DataFrame, choices: pd.DataFrame) -> dict[str, Any]:
    numeric = hist[hist["measure"].str.startswith("item:")] if len(hist) else fig.no_hist()
    numeric = numeric.assign(question_code=numeric["measure"].str.removeprefix("item:"))
    items = _item_table(_item_summary(numeric), questions)
    adoption = _adoption(items)
    barrier = adoption.loc[adoption["barrier"], "stage_label"]
    stage = barrier.iloc[0] if len(barrier) else None
    picked = choices[choices["measure"].str.startswith("choice:")] if len(choices) else fig.no_hist()
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
    """Per question and raw answer: ``question_code``, ``value``, ``n``, ``share`` of the question's
    answers."""
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
        dimension_label=table["dimension"].map(fig.dimension_labels()),
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
    labels = fig.choice_labels("objective_perceived")
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
    trend = (
        qvt_trend.trend(store, pubs, Filters()).set_index("wave") if waves and not brief else pd.DataFrame()
    )
    rates = _rates(store, by, wave_rates)
    asked = [(pub, _summary_groups(pub, by)) for pub in pubs.values()]
    measures = TREND_MEASURES if brief else None
    hist = (
        histograms_across(store, [a for a in asked if a[1]], measures=measures)
        if any(g for _, g in asked)
        else fig.no_hist()
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
    return {key: (None if row is None else fig.number(row[key])) for key in keys}


def _group_dict(pub, group, key, atoms, hist, rate) -> dict[str, Any]:
    mine = hist.get(key, fig.no_hist())  # hist: group name -> its rows
    who5, enps = mine[mine["measure"] == "who5"], mine[mine["measure"] == "item:enps"]
    items = summarise(mine[mine["measure"].str.startswith("item:")])
    hidden = not atoms
    return {
        "group": t("publication.group.pooled") if group == POOLED else group,
        "pooled": group == POOLED,
        "respondents": None if hidden else pub.respondents(atoms),
        "suppressed": hidden,
        "response_rate": None if hidden else rate,
        "who5_index_mean": fig.mean(who5),
        "who5_poor_share": fig.share(who5, "poor"),
        "enps": fig.enps(enps),
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
        out[(row.wave, None)] = fig.number(row.response_rate)
    if by:
        for row in participation.report_group_rates(store, by).itertuples():
            out[(row.wave, row.group)] = fig.number(row.response_rate)
    return out


# -- small helpers -----------------------------------------------------------------------------
def _adoption(items: pd.DataFrame) -> pd.DataFrame:
    """The five change-adoption stages: ``stage``, ``stage_label``, ``mean`` (1..5, reverse-coded),
    ``barrier``."""
    means = items.set_index("code")["mean_coded"]
    stages = metrics.adoption_stages(means)
    return stages.assign(stage_label=[t(f"qvt.stage.{s}") for s in stages["stage"]])

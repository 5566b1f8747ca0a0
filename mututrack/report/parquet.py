"""``mututrack export --format parquet``: a territory's protected figures, for comparison with others.

Only what the publication layer publishes leaves the installation (docs/observatory.md): survey
figures are sums over the whole atoms of each group (:mod:`mututrack.publication.figures`), their
means and shares read off the published frequency tables as the pages read them; participation
rates come from the roster view, hidden under k agents or k respondents. No answer is read here.

One file per wave, hive-partitioned: ``DIR/territory=<NAME>/wave=<WAVE>/figures.parquet``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mututrack import catalogue
from mututrack.filters import Filters
from mututrack.metrics import qvt as qvt_metrics
from mututrack.metrics import stats
from mututrack.publication import POOLED, suppression
from mututrack.publication.figures import WavePublication, histograms_across, load_all
from mututrack.store import Store

__all__ = [
    "SCHEMA_VERSION",
    "BREAKDOWNS",
    "COLUMNS",
    "figures",
    "profile",
    "questionnaire_version",
    "write",
    "size_band",
    "pooling_kind",
]

SCHEMA_VERSION = "1"
FILE_NAME = "figures.parquet"
ALL, POOLED_GROUP = "all", "_pooled"
# breakdown -> the atoms' column its groups share ('project' is answered by the project filter instead)
BREAKDOWNS = {"entity": "entity_id", "category": "category", "service": "service"}
SURVEY_MEASURES = ("who5_mean", "who5_poor_share", "enps")
# Bands of agents active today: wide enough that a band says nothing of one employer's roster.
SIZE_BANDS = ((1_000, "lt_1000"), (5_000, "1000_4999"), (20_000, "5000_19999"), (np.inf, "ge_20000"))
# The legal form of the intercommunality, read from the start of its name (CGCT art. L5210-1-1 A).
POOLING_KINDS = (
    ("metropole", "metropole"),
    ("communaute urbaine", "communaute_urbaine"),
    ("communaute d'agglomeration", "communaute_agglomeration"),
    ("communaute de communes", "communaute_communes"),
)
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# A wave label is the organisation's own ('Vague 1 2026'): only what would break a hive path is refused.
UNSAFE_IN_WAVE = re.compile(r"[/\\=%\x00-\x1f]|^\.|^$")

SCHEMA = pa.schema(
    [
        # which figure: the breakdown, its group (pooled: the atoms mixing several groups), the measure
        ("breakdown", pa.string()), ("group", pa.string()), ("pooled", pa.bool_()), ("measure", pa.string()),
        # the figure: the people behind it, its value and interval
        ("n", pa.int64()), ("value", pa.float64()), ("low", pa.float64()), ("high", pa.float64()),
        # withheld (no figure then), and whether the wave is still collecting answers
        ("suppressed", pa.bool_()), ("provisional", pa.bool_()),
        # the territory's profile, the same on every row
        ("size_band", pa.string()), ("pooling_kind", pa.string()), ("member_communes", pa.int32()),
    ]
)
COLUMNS = SCHEMA.names


# -- the figures ---------------------------------------------------------------------------------
def figures(store: Store) -> pd.DataFrame:
    """Every published figure of every wave, one row per wave, breakdown, group and measure:
    ``wave``, ``provisional``, ``breakdown``, ``group``, ``pooled``, ``measure``, ``n``, ``value``,
    ``low``, ``high``, ``suppressed`` (then ``n``, ``value``, ``low`` and ``high`` are null)."""
    waves = store.query("qvt_waves")["wave"].tolist()
    pubs = load_all(store, waves)
    projects = store.query("projects_list")["project_id"].tolist()
    asked = {wave: _groups(pub, projects) for wave, pub in pubs.items()}
    survey = _survey_rows(store, pubs, asked)
    rates = _participation_rows(store)
    frame = pd.concat([survey, rates], ignore_index=True)
    frame["provisional"] = frame["wave"].map({w: p.provisional for w, p in pubs.items()}).fillna(False)
    frame = frame[frame["wave"].isin(waves)].astype({"provisional": bool, "pooled": bool, "suppressed": bool})
    frame = _hide_hidden_values(frame)
    return frame.sort_values(["wave", "breakdown", "group", "measure"], ignore_index=True)


def _groups(pub: WavePublication, projects: list[str]) -> dict[tuple[str, str], frozenset[int]]:
    """(breakdown, group) -> its atoms: the whole wave, each breakdown's groups (the atoms mixing
    values pooled) and each project's scope; a project with no whole atom inside has none."""
    everyone = pub.everyone()
    groups = {(ALL, ALL): everyone}
    for breakdown, column in BREAKDOWNS.items():
        for value, atoms in (pub.breakdown(everyone, column) if everyone else {}).items():
            groups[(breakdown, POOLED_GROUP if value == POOLED else value)] = atoms
    for project in projects:
        groups[("project", project)] = pub.select(Filters(project=project)) if everyone else frozenset()
    return groups


def _survey_rows(store: Store, pubs: dict[str, WavePublication], asked: dict) -> pd.DataFrame:
    """Every (wave, group) × survey measure, from the published frequency tables of its atoms."""
    keyed = [
        (pub, {_key(wave, *group): atoms for group, atoms in asked[wave].items() if atoms})
        for wave, pub in pubs.items()
    ]
    keyed = [(pub, groups) for pub, groups in keyed if groups]
    if keyed:
        hist = histograms_across(store, keyed)
    else:
        hist = pd.DataFrame(columns=["grp", "measure", "value", "klass", "n"])
    found = _measure_rows(hist)
    grid = [
        {"grp": _key(wave, *group), "wave": wave, "breakdown": group[0], "group": group[1],
         "pooled": group[1] == POOLED_GROUP, "measure": measure}
        for wave, groups in asked.items()
        for group in groups
        for measure in (*SURVEY_MEASURES, *_items(pubs[wave]))
    ]
    rows = pd.DataFrame(grid, columns=["grp", "wave", "breakdown", "group", "pooled", "measure"])
    rows = rows.merge(found, on=["grp", "measure"], how="left").drop(columns="grp")
    return _complete(rows.assign(suppressed=rows["n"].isna()), asked, pubs)


def _complete(rows: pd.DataFrame, asked: dict, pubs: dict[str, WavePublication]) -> pd.DataFrame:
    """Complementary suppression across each breakdown's groups, measure by measure: a group that
    withholds a measure is never the only one hidden, so that no reader of the file has to know
    that ``total − visible groups`` gives back the withheld answers' pool, not that group."""
    people = {
        (wave, *group): _people(pubs[wave], atoms)
        for wave, groups in asked.items()
        for group, atoms in groups.items()
    }
    size = np.array([people[key] for key in zip(rows["wave"], rows["breakdown"], rows["group"], strict=True)])
    k = rows["wave"].map({wave: pub.k for wave, pub in pubs.items()}).to_numpy()
    hidden = rows["suppressed"].to_numpy(dtype=bool, copy=True)
    partition = np.flatnonzero(rows["breakdown"].isin(list(BREAKDOWNS)).to_numpy())
    for local in rows.iloc[partition].groupby(["wave", "breakdown", "measure"], sort=False).indices.values():
        at = partition[local]
        if hidden[at].any():
            hidden[at] = suppression.complementary(size[at], hidden[at], k=int(k[at[0]]))
    return rows.assign(suppressed=hidden)


def _people(pub: WavePublication, atoms: frozenset[int]) -> int:
    """How many respondents ``atoms`` hold, as published (``WavePublication.respondents``)."""
    return pub.respondents(atoms) if atoms else 0


def _key(wave: str, breakdown: str, group: str) -> str:
    return f"{wave}\x1f{breakdown}\x1f{group}"


def _items(pub: WavePublication) -> list[str]:
    return sorted(m for m in pub.measures() if m.startswith("item:"))


def _measure_rows(hist: pd.DataFrame) -> pd.DataFrame:
    """Per group and measure of the frequency tables: ``grp``, ``measure``, ``n``, ``value``,
    ``low``, ``high`` (who5_mean, who5_poor_share, enps and the item means)."""
    hist = hist.assign(
        value=hist["value"].astype("float64"),
        n=hist["n"].astype("int64"),
        _poor=hist["n"].where(hist["klass"] == "poor", 0),
        _promoter=hist["n"].where(hist["klass"] == "promoter", 0),
        _detractor=hist["n"].where(hist["klass"] == "detractor", 0),
    )
    hist = hist.assign(_sum=hist["value"] * hist["n"], _squares=hist["value"] ** 2 * hist["n"])
    summed = ["n", "_sum", "_squares", "_poor", "_promoter", "_detractor"]
    sums = hist.groupby(["grp", "measure"], as_index=False)[summed].sum()
    means = _mean_rows(sums)
    who5 = sums[sums["measure"] == "who5"]
    low, high = stats.wilson_interval(who5["_poor"], who5["n"])
    poor = pd.DataFrame({"grp": who5["grp"], "measure": "who5_poor_share", "n": who5["n"],
                         "value": who5["_poor"] / who5["n"], "low": low, "high": high})
    enps = sums[sums["measure"] == "item:enps"]
    scores = zip(enps["_promoter"], enps["_detractor"], enps["n"], strict=True)
    nps = pd.DataFrame({"grp": enps["grp"], "measure": "enps", "n": enps["n"],
                        "value": [qvt_metrics.enps(p, d, n) for p, d, n in scores],
                        "low": np.nan, "high": np.nan})
    return pd.concat([means, poor, nps], ignore_index=True).astype({"n": "Int64"})


def _mean_rows(sums: pd.DataFrame) -> pd.DataFrame:
    """The WHO-5 index mean and each item's mean, with a normal 95 % interval of the mean."""
    part = sums[(sums["measure"] == "who5") | sums["measure"].str.startswith("item:")]
    mean = part["_sum"] / part["n"]
    variance = (part["_squares"] - part["n"] * mean**2).clip(lower=0) / (part["n"] - 1)
    half = stats.Z95 * np.sqrt(variance / part["n"])
    return pd.DataFrame({"grp": part["grp"], "measure": part["measure"].replace({"who5": "who5_mean"}),
                         "n": part["n"], "value": mean, "low": mean - half, "high": mean + half})


def _participation_rows(store: Store) -> pd.DataFrame:
    """Response rates of the whole wave and of each group, as :func:`participation.published_rates`
    gives them; ``n`` is the headcount the rate is taken on, and the interval Wilson's."""
    from mututrack.views import participation

    rates = participation.published_rates(store)
    agents = rates["agents_active"].astype("float64")
    low, high = stats.wilson_interval((rates["response_rate"] * agents).round(), agents)
    return pd.DataFrame({
        "wave": rates["wave"], "breakdown": rates["breakdown"], "group": rates["group"], "pooled": False,
        "measure": "participation_rate", "n": rates["agents_active"].astype("Int64"),
        "value": rates["response_rate"].astype("float64"), "low": low, "high": high,
        "suppressed": rates["suppressed"] | rates["response_rate"].isna(),
    })


def _hide_hidden_values(frame: pd.DataFrame) -> pd.DataFrame:
    """A suppressed row carries no value and no count, whatever the source left in it."""
    hidden = frame["suppressed"]
    out = frame.assign(n=frame["n"].astype("Int64").mask(hidden))
    for column in ("value", "low", "high"):
        out[column] = out[column].astype("float64").mask(hidden)
    return out[["wave", "provisional", "breakdown", "group", "pooled", "measure",
                "n", "value", "low", "high", "suppressed"]]


# -- the territory's profile ------------------------------------------------------------------------
def size_band(agents: int) -> str:
    """The band of ``agents`` active today (``lt_1000``, ``1000_4999``, ``5000_19999``, ``ge_20000``)."""
    return next(label for upper, label in SIZE_BANDS if agents < upper)


def pooling_kind(epci_name: str | None) -> str:
    """The legal form of the intercommunality from its name ('Communauté d'agglomération du …' ->
    ``communaute_agglomeration``), ``autre`` when the name does not say."""
    decomposed = unicodedata.normalize("NFKD", (epci_name or "").replace("’", "'"))
    plain = decomposed.encode("ascii", "ignore").decode().lower()
    return next((kind for prefix, kind in POOLING_KINDS if plain.startswith(prefix)), "autre")


def profile(store: Store, *, kind: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """What makes territories comparable: ``size_band`` (agents active today), ``member_communes``
    and ``pooling_kind`` (``kind`` when given, else read from the largest EPCI's name)."""
    headcount = store.query("headcount_by_kind", on_date=today or dt.date.today())
    entities = store.query("entities_list")
    epci = entities.loc[entities["kind"] == "epci", "name"]
    return {
        "size_band": size_band(int(headcount["agents"].sum())),
        "member_communes": int((entities["kind"] == "commune").sum()),
        "pooling_kind": kind or pooling_kind(epci.iloc[0] if len(epci) else None),
    }


def questionnaire_version() -> str:
    """The version of the standard questionnaire: the start of the SHA-256 of its catalogue file."""
    return "sha256:" + hashlib.sha256((catalogue.HERE / "questions.csv").read_bytes()).hexdigest()[:16]


# -- writing ----------------------------------------------------------------------------------------
def write(store: Store, out: Path, territory: str, *, kind: str | None = None) -> list[Path]:
    """Write every wave's figures under ``out/territory=<territory>/`` (replacing what an earlier
    export left there); returns the files written. ValueError for a name unsafe in a path."""
    _check_name(territory)
    frame = figures(store)
    for wave in frame["wave"].unique():
        _check_wave(wave)
    about = profile(store, kind=kind)
    folder = Path(out) / f"territory={territory}"
    _clear(folder)
    written = []
    for wave, rows in frame.groupby("wave", sort=False):
        path = folder / f"wave={wave}" / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(_table(rows, about, _metadata(store, territory, wave, about)), path)
        written.append(path)
    return written


def _table(rows: pd.DataFrame, about: dict[str, Any], metadata: dict[str, str]) -> pa.Table:
    frame = rows.drop(columns="wave").assign(**about)[COLUMNS]
    table = pa.Table.from_pandas(frame, schema=SCHEMA, preserve_index=False)
    return table.replace_schema_metadata({f"mututrack.{k}": v for k, v in metadata.items()})


def _metadata(store: Store, territory: str, wave: str, about: dict[str, Any]) -> dict[str, str]:
    from mututrack.publication import rules

    return {
        "schema_version": SCHEMA_VERSION,
        "questionnaire_version": questionnaire_version(),
        "territory": territory,
        "wave": wave,
        "k": str(rules.threshold(store, wave)),
        "demo": str(store.is_demo()).lower(),
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        **{key: str(value) for key, value in about.items()},
    }


def _check_name(name: str) -> None:
    if not SAFE_NAME.match(str(name)):
        raise ValueError(
            f"« {name} » ne peut pas nommer un dossier : lettres, chiffres, '.', '-' et '_' seulement.\n"
            f"'{name}' cannot name a folder: letters, digits, '.', '-' and '_' only."
        )


def _check_wave(wave: str) -> None:
    if UNSAFE_IN_WAVE.search(str(wave)):
        raise ValueError(
            f"La vague « {wave} » ne peut pas nommer un dossier (/, \\, =, % interdits) : renommez-la.\n"
            f"The wave '{wave}' cannot name a folder (no /, \\, = or %): rename it."
        )


def _clear(folder: Path) -> None:
    """Remove an earlier export of this territory (its Parquet files and their empty folders only)."""
    for path in sorted(folder.glob("wave=*/*.parquet")):
        path.unlink()
    for wave in sorted(folder.glob("wave=*")):
        if wave.is_dir() and not any(wave.iterdir()):
            wave.rmdir()

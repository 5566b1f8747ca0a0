"""The observatory: territories compared on the figures each of them exported (docs/observatory.md).

It reads a folder of Parquet files written by ``mututrack export --format parquet`` (or any tool
following the same schema) with DuckDB, on an in-memory connection: no territory's store, and
nothing but protected figures, ever reaches it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from mututrack.i18n import fmt_number, fmt_pct, t
from mututrack.report.json_report import clean
from mututrack.report.parquet import SCHEMA_VERSION
from mututrack.store import scratch_query

__all__ = [
    "display_table", "files", "positions", "compare", "table", "profiles", "page", "signature",
    "MEASURES", "PEERS",
]

# The measures shown first, in this order; item means follow.
MEASURES = ("who5_mean", "who5_poor_share", "enps", "participation_rate")
SPREADS = {"": "", "same_size_band": "band_", "same_pooling_kind": "kind_"}


def files(folder: str | Path) -> str:
    """The glob of every territory's files under ``folder``."""
    return str(Path(folder) / "territory=*" / "wave=*" / "*.parquet")


def positions(folder: str | Path) -> pd.DataFrame:
    """Per territory, wave and measure (whole wave): ``territory``, ``wave``, ``measure``, ``n``,
    ``value``, ``suppressed``, ``size_band``, ``pooling_kind``, ``member_communes``, and the
    distribution of the values shown across all territories (``territories``, ``median``, ``q1``,
    ``q3``), the same size band (``band_*``) and the same kind of pooling (``kind_*``).

    ValueError (French and English) when the folder holds no export or one of another schema."""
    glob = files(folder)
    try:
        versions = scratch_query("observatory_versions", files=glob)
    except duckdb.IOException:
        versions = pd.DataFrame({"schema_version": []})
    if versions.empty:
        raise ValueError(
            f"Aucun export de territoire dans {folder} (attendu : territory=<nom>/wave=<vague>/*.parquet).\n"
            f"No territory export in {folder} (expected: territory=<name>/wave=<wave>/*.parquet)."
        )
    other = sorted(set(versions["schema_version"].fillna("?")) - {SCHEMA_VERSION})
    if other:
        raise ValueError(
            f"Version de schéma {', '.join(other)} inconnue (attendue : {SCHEMA_VERSION}).\n"
            f"Unknown schema version {', '.join(other)} (expected: {SCHEMA_VERSION})."
        )
    return scratch_query("observatory_positions", files=glob)


def profiles(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per territory: ``territory``, ``size_band``, ``pooling_kind``, ``member_communes``."""
    columns = ["territory", "size_band", "pooling_kind", "member_communes"]
    return frame[columns].drop_duplicates("territory").sort_values("territory", ignore_index=True)


def compare(folder: str | Path) -> dict[str, Any]:
    """``observatory --format json``: ``schema_version``, ``territories`` (their profiles) and
    ``measures``, one per wave and measure: ``wave``, ``measure``, the distribution across
    territories (``territories``, ``median``, ``q1``, ``q3``), the same per size band
    (``by_size_band``) and per kind of pooling (``by_pooling_kind``), and ``values``: each
    territory's ``value`` and ``n`` (null when it withholds the figure)."""
    frame = positions(folder)
    hidden = frame["suppressed"].to_numpy(dtype=bool)
    value, n = frame["value"].mask(hidden).tolist(), frame["n"].astype("Float64").mask(hidden).tolist()
    values = [
        {"territory": name, "value": None if v != v else v, "n": None if c is pd.NA or c != c else int(c)}
        for name, v, c in zip(frame["territory"].tolist(), value, n, strict=True)
    ]
    bands, kinds = _spreads(frame, "size_band", "band_"), _spreads(frame, "pooling_kind", "kind_")
    measures = [
        {"wave": wave, "measure": measure, **_spread(frame.iloc[rows[0]], ""),
         "by_size_band": bands.get((wave, measure), {}), "by_pooling_kind": kinds.get((wave, measure), {}),
         "values": [values[i] for i in rows]}
        for (wave, measure), rows in frame.groupby(["wave", "measure"], sort=False).indices.items()
    ]
    return {"schema_version": SCHEMA_VERSION, "territories": clean(profiles(frame).to_dict("records")),
            "measures": measures}


def _spread(row: pd.Series, prefix: str) -> dict[str, Any]:
    return clean({key: row[f"{prefix}{key}"] for key in ("territories", "median", "q1", "q3")})


def _spreads(frame: pd.DataFrame, column: str, prefix: str) -> dict[tuple[str, str], dict[str, Any]]:
    """(wave, measure) -> value of ``column`` -> the distribution of the territories sharing it."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for _, row in frame.drop_duplicates(["wave", "measure", column]).iterrows():
        found.setdefault((row["wave"], row["measure"]), {})[row[column]] = _spread(row, prefix)
    return found


def table(folder: str | Path) -> str:
    """``observatory --format table``: one line per wave, measure and territory, as plain text."""
    frame = positions(folder)
    order = {m: i for i, m in enumerate(MEASURES)}
    frame = frame.assign(_order=frame["measure"].map(order).fillna(len(order)))
    frame = frame.sort_values(["wave", "_order", "measure", "territory"])
    shown = frame[["wave", "measure", "territory", "value", "n", "territories", "median", "q1", "q3"]]
    return shown.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="—")


# -- the Observatoire page ---------------------------------------------------------------------------
PEERS = {"all": "", "same_size_band": "band_", "same_pooling_kind": "kind_"}
PEER_COLUMN = {"same_size_band": "size_band", "same_pooling_kind": "pooling_kind"}
PERCENT_MEASURES = frozenset({"who5_poor_share", "participation_rate"})


def signature(folder: str | Path) -> tuple[tuple[str, int], ...]:
    """Every export file under ``folder`` with its modification time: changes when a territory
    exports again."""
    paths = Path(folder).glob("territory=*/wave=*/*.parquet")
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in paths))


def page(frame: pd.DataFrame, territory: str, wave: str, peers: str = "all") -> dict[str, Any]:
    """The Observatoire page for ``territory`` in ``wave`` against ``peers`` (``all``,
    ``same_size_band``, ``same_pooling_kind``): ``profile`` (its row of :func:`profiles`), and per
    measure of :data:`MEASURES` shown by someone, ``measures``: ``{measure, percent, points}`` with
    ``points`` (``territory``, ``value``, ``chosen``) the values of the comparable territories; and
    ``table`` (``measure``, ``value``, ``n``, ``territories``, ``median``, ``q1``, ``q3``, ``position``)."""
    profile = profiles(frame).set_index("territory").loc[territory]
    rows = frame[(frame["wave"] == wave) & ~frame["suppressed"]]
    if peers in PEER_COLUMN:
        rows = rows[rows[PEER_COLUMN[peers]] == profile[PEER_COLUMN[peers]]]
    measures = [
        {"measure": m, "percent": m in PERCENT_MEASURES,
         "points": rows.loc[rows["measure"] == m, ["territory", "value"]].assign(
             chosen=lambda f: f["territory"] == territory).reset_index(drop=True)}
        for m in MEASURES if (rows["measure"] == m).any()
    ]
    mine = frame[(frame["wave"] == wave) & (frame["territory"] == territory)]
    return {"profile": profile, "measures": measures, "table": _position_table(mine, PEERS[peers])}


def _position_table(mine: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The territory's value of each measure against the distribution of its comparable territories."""
    mine = mine.set_index("measure").reindex([m for m in MEASURES if m in set(mine["measure"])])
    value = mine["value"].where(~mine["suppressed"].astype(bool))
    q1, q3 = mine[f"{prefix}q1"], mine[f"{prefix}q3"]
    position = pd.Series("middle", index=mine.index).mask(value > q3, "upper").mask(value < q1, "lower")
    return pd.DataFrame({
        "measure": mine.index, "value": value.to_numpy(), "n": mine["n"].where(value.notna()).to_numpy(),
        "territories": mine[f"{prefix}territories"].to_numpy(), "median": mine[f"{prefix}median"].to_numpy(),
        "q1": q1.to_numpy(), "q3": q3.to_numpy(), "position": position.where(value.notna()).to_numpy(),
    })


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`page`'s ``table`` in words, for the page: ``measure``, ``value``, ``n``,
    ``territories``, ``median``, ``quartiles``, ``position``."""
    measures = table["measure"].tolist()
    return pd.DataFrame({
        "measure": [t(f"observatory.measure.{m}") for m in measures],
        "value": [_shown(v, m) for v, m in zip(table["value"], measures, strict=True)],
        "n": [fmt_number(n) if pd.notna(n) else "" for n in table["n"]],
        "territories": table["territories"].astype("int64"),
        "median": [_shown(v, m) for v, m in zip(table["median"], measures, strict=True)],
        "quartiles": [
            f"{_shown(a, m)} – {_shown(b, m)}"
            for a, b, m in zip(table["q1"], table["q3"], measures, strict=True)
        ],
        "position": [t(f"observatory.position.{p}") if isinstance(p, str) else "" for p in table["position"]],
    })


def _shown(value: float, measure: str) -> str:
    if pd.isna(value):  # withheld by the territory's publication layer, or no territory to compare
        return t("observatory.hidden")
    return fmt_pct(value) if measure in PERCENT_MEASURES else fmt_number(value, decimals=1)

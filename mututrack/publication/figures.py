"""What a wave publishes, for any selection: unions of whole atoms and their figures.

A selection (the sidebar's project, entity and category) is answered with the atoms that lie
wholly inside it; a breakdown groups those atoms by the value they all share, and puts the atoms
that mix values into one pooled group. Every figure is computed from the stored frequencies of
those atoms (``publication_histograms``), never from answers, and is shown only when the people
behind it pass :func:`rules.publishable`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from mututrack.filters import Filters
from mututrack.publication import build, rules
from mututrack.store import Store

__all__ = [
    "WavePublication",
    "load",
    "POOLED",
    "histograms",
    "histograms_across",
    "summarise",
]

POOLED = "\x00pooled"  # the group of atoms that mix the values of a breakdown


@dataclass(frozen=True)
class WavePublication:
    """One wave's atoms (``atom``, ``respondents``, ``entity_id``, ``category``, ``service``,
    ``projects``), its threshold, whether it is still collecting answers, and per measure the
    atoms whose answers are pooled (``pools``: measure → atoms, only for published pools)."""

    wave: str
    k: int
    provisional: bool
    atoms: pd.DataFrame
    pools: dict[str, frozenset[int]]
    measure_names: list[str]

    def select(self, filters: Filters) -> frozenset[int]:
        """The atoms wholly inside the selection (project, entity and category of ``filters``)."""
        keep = pd.Series(True, index=self.atoms.index)
        if filters.entity is not None:
            keep &= self.atoms["entity_id"].eq(filters.entity)
        if filters.category is not None:
            keep &= self.atoms["category"].eq(filters.category)
        if filters.project is not None:
            keep &= self.atoms["projects"].map(lambda p: filters.project in list(p))
        keep &= self.atoms["respondents"] >= self.k  # a wave of fewer than k is one atom under k: nothing
        return frozenset(self.atoms.loc[keep.fillna(False).astype(bool), "atom"].astype(int))

    def everyone(self) -> frozenset[int]:
        """Every atom of the wave (nothing when the wave itself holds fewer than k respondents)."""
        if "_everyone" not in self.__dict__:
            shown = self.atoms[self.atoms["respondents"] >= self.k]
            object.__setattr__(self, "_everyone", frozenset(shown["atom"].astype(int)))
        return self.__dict__["_everyone"]

    def breakdown(self, chosen: frozenset[int], column: str) -> dict[str, frozenset[int]]:
        """The atoms of ``chosen`` grouped by the value of ``column`` they share; those that mix
        values in :data:`POOLED`."""
        part = self.atoms[self.atoms["atom"].isin(chosen)]
        grouped: dict[str, list[int]] = {}
        for key, atom in zip(part[column].fillna(POOLED), part["atom"].astype(int), strict=True):
            grouped.setdefault(key, []).append(atom)
        return {key: frozenset(grouped[key]) for key in sorted(grouped)}

    def measures(self) -> list[str]:
        """Every measure the wave publishes something for."""
        return self.measure_names

    def respondents(self, atoms: frozenset[int]) -> int:
        """How many respondents the atoms hold together (as published)."""
        return int(self.atoms.loc[self.atoms["atom"].isin(atoms), "respondents"].sum())


def load(store: Store, wave: str, *, today: dt.date | None = None) -> WavePublication:
    """The current publication of ``wave``, built or refreshed first when the data changed."""
    return load_all(store, [wave], today=today)[wave]


def load_all(store: Store, waves: list[str], *, today: dt.date | None = None) -> dict[str, WavePublication]:
    """The current publication of each of ``waves`` (built or refreshed first when the data
    changed), read in three queries for them all. Kept per store, wave, data version and day: a
    page computing several figures of a wave, or every wave of a trend, reads the atoms once."""
    day = today or dt.date.today()
    version = store.data_version()
    found = {w: store.memo.get(("publication", w, version, day)) for w in waves}
    missing = [w for w, pub in found.items() if pub is None]
    if missing:
        for wave in missing:
            build.ensure(store, wave, today=day)
        found.update(_read(store, missing, day))
        for wave in missing:
            store.remember(("publication", wave, store.data_version(), day), found[wave])
    return found


def _read(store: Store, waves: list[str], day: dt.date) -> dict[str, WavePublication]:
    atoms = store.query("publication_atoms_of_waves", waves=waves)
    pools = store.query("publication_pools_of_waves", waves=waves)
    state = store.query("publication_state_of_waves", waves=waves).set_index("wave")
    open_now = build.open_waves(store, today=day)
    return {
        wave: WavePublication(
            wave=wave,
            k=int(state.loc[wave, "k"]),
            provisional=wave in open_now,
            atoms=atoms[atoms["wave"] == wave].drop(columns="wave").reset_index(drop=True),
            pools={
                m: frozenset(p["atom"].astype(int))
                for m, p in pools[pools["wave"] == wave].groupby("measure")
            },
            measure_names=[m for m in state.loc[wave, "measures"] if m is not None],
        )
        for wave in waves
    }


def histograms(
    store: Store,
    pub: WavePublication,
    groups: dict[str, frozenset[int]],
    *,
    measures: list[str] | None = None,
) -> pd.DataFrame:
    """Per group and measure, how many gave each value and class: ``grp``, ``measure``, ``value``,
    ``klass``, ``n``; a (group, measure) whose people fail :func:`rules.publishable` is absent."""
    return histograms_across(store, [(pub, groups)], measures=measures)


def histograms_across(
    store: Store,
    asked: list[tuple[WavePublication, dict[str, frozenset[int]]]],
    *,
    measures: list[str] | None = None,
) -> pd.DataFrame:
    """:func:`histograms` for groups of several waves in one query (group names unique across them)."""
    members, pools, k = [], [], {}
    for pub, groups in asked:
        everyone = pub.everyone()
        members += [(pub.wave, g, a) for g, atoms in groups.items() for a in atoms & everyone]
        pools += [
            (pub.wave, g, m) for g, atoms in groups.items() for m, pool in pub.pools.items() if pool <= atoms
        ]
        k.update(dict.fromkeys(groups, pub.k))
    group_atoms = pd.DataFrame(members, columns=["wave", "grp", "atom"]).astype({"atom": "int64"})
    group_pools = pd.DataFrame(pools, columns=["wave", "grp", "measure"]).astype("object")
    hist = store.query(
        "publication_group_histograms",
        frames={"group_atoms": group_atoms, "group_pools": group_pools},
        measures=measures,
    )
    spread = hist.groupby(["grp", "measure"])["klass"].transform("nunique")
    base = hist.groupby(["grp", "measure"])["n"].transform("sum")
    threshold = hist["grp"].map(k).astype("float64")
    return hist[rules.publishable(base, spread, threshold)].reset_index(drop=True)


def summarise(hist: pd.DataFrame) -> pd.DataFrame:
    """Per ``grp`` and ``measure``: ``n`` (people behind it) and ``mean`` of the numeric values."""
    weighted = hist.assign(_sum=hist["value"].astype("float64") * hist["n"])
    out = weighted.groupby(["grp", "measure"], as_index=False).agg(n=("n", "sum"), _sum=("_sum", "sum"))
    return out.assign(mean=out["_sum"] / out["n"]).drop(columns="_sum")

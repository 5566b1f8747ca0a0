"""The demo's calendar and territory: its "today", the three scales, and the entities of each.

An EPCI and its member communes form a cluster: hand-written at small scale, drawn with log-normal
populations at the larger ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The demo's "today": every date of the story is placed around it, so that charter delays and
# open proposals read as intended; the dashboard itself counts from the real date.
TODAY = np.datetime64("2026-11-26", "D")
CAREERS_FROM = np.datetime64("2025-01-01", "D")  # career events are drawn from this date on
DAY = np.timedelta64(1, "D")


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


# -- the territory ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cluster:
    """An EPCI with its member communes (the schema keeps no membership: projects carry it)."""

    entity_id: str
    name: str
    centre: str
    centre_population: int
    communes: int
    median_population: int
    communes_list: tuple[tuple[str, int], ...] = ()  # hand-written members (small scale)


@dataclass(frozen=True)
class Scale:
    agents: int
    waves: tuple[str, ...]
    clusters: tuple[Cluster, ...]
    projects: tuple[str, ...]


# fmt: off
VAL_DE_SORNE = (
    ("Sornac-la-Ville", 41_200), ("Bellerive-sur-Sorne", 18_600), ("Montaigu-les-Vignes", 11_400),
    ("Saint-Aubin-des-Prés", 7_300), ("Villers-le-Haut", 5_200), ("Fontenay-la-Rivière", 3_900),
    ("Champagnac", 2_650), ("La Roche-Vineuse", 1_980), ("Saint-Médard-du-Val", 1_420),
    ("Beauchêne", 960), ("Les Essarts-Verts", 720), ("Cazelles", 540), ("Mont-Rozier", 410),
    ("Vauclair-sur-Sorne", 330), ("Saint-Hilaire-du-Bois", 300),
)
# fmt: on
WAVES_SHORT = ("2026-T1", "2026-T2", "2026-T3", "2026-T4")
WAVES_LONG = ("2025-T1", "2025-T2", "2025-T3", "2025-T4", "2026-T1", "2026-T2", "2026-T3", "2026-T4")
ALL_PROJECTS = ("RH-FIN", "VOIRIE-SI", "ACHATS", "ADS")

# fmt: off
SCALES: dict[str, Scale] = {
    "small": Scale(600, WAVES_SHORT, (
        Cluster("CA", "Communauté d'agglomération du Val de Sorne", "", 0, 0, 0, VAL_DE_SORNE),
    ), ALL_PROJECTS[:3]),
    "medium": Scale(30_000, WAVES_LONG, (
        Cluster("METRO", "Métropole Rives de Sorne", "Sornac", 286_000, 52, 5_000),
    ), ALL_PROJECTS),
    "large": Scale(200_000, WAVES_LONG, (
        Cluster("METRO", "Métropole Rives de Sorne", "Sornac", 310_000, 60, 5_000),
        Cluster("CA-VAUCLAIR", "Communauté d'agglomération du Pays de Vauclair", "Vauclair",
                62_000, 38, 2_500),
        Cluster("CA-ARVELLE", "Communauté d'agglomération Arvelle Agglo", "Arvelle", 48_000, 34, 2_500),
        Cluster("CA-LISONNE", "Communauté d'agglomération du Val de Lisonne", "Lisonne-la-Grande",
                41_000, 30, 2_200),
        Cluster("CC-COTEAUX", "Communauté de communes des Coteaux de l'Arvelle", "Pradelles", 9_000, 36, 700),
        Cluster("CC-PLATEAU", "Communauté de communes du Plateau de Mirecourt", "Mirecourt-le-Haut",
                6_500, 40, 650),
        Cluster("CC-FORETS", "Communauté de communes Forêts et Lacs", "Orcières-les-Lacs", 5_200, 32, 600),
        Cluster("CC-BOCAGE", "Communauté de communes du Bocage Vert", "Malicorne", 4_800, 30, 550),
    ), ALL_PROJECTS),
}
# fmt: on

# fmt: off
STEMS = (
    "Saint-Aubin", "Saint-Médard", "Sainte-Colombe", "Saint-Hilaire", "Saint-Ferréol", "Beauchêne",
    "Bellefont", "Champagnac", "Cazelles", "Mont-Rozier", "Montaigu", "Villers", "Villeneuve", "Fontenay",
    "Les Essarts", "La Roche", "Le Mesnil", "Vaudrey", "Marcilly", "Chaumont", "Aubigny", "Brézolles",
    "Courtenay", "Dampierre", "Éparcy", "Fresnoy", "Gourdan", "Hautecour", "Jarnosse", "Lavernay",
    "Neuvillette", "Pradines", "Quincerot", "Ravières", "Sarcelin", "Tourzel", "Ussac", "Vernoux",
    "Auxange", "Bournac", "Cérilly", "Douvrin", "Fleurac", "Labessière", "Le Vernet", "Rochefort",
)
SUFFIXES = (
    "", "-sur-Sorne", "-sur-Arvelle", "-en-Lisonne", "-les-Vignes", "-le-Haut", "-le-Bas", "-la-Rivière",
    "-des-Prés", "-du-Bois", "-en-Val", "-sous-Roche", "-le-Château", "-les-Bains", "-la-Forêt", "-d'Auxois",
)
# fmt: on
TOWN_POPULATION = 3_500  # the French electoral code's threshold, also the "small commune" one


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(ascii_name.upper().replace("'", " ").split()).replace("--", "-")


def _allocate(total: int, weights: np.ndarray, minimum: int) -> np.ndarray:
    """Integers summing to ``total``, proportional to ``weights``, each at least ``minimum``."""
    counts = np.full(len(weights), minimum)
    share = weights / weights.sum() * (total - counts.sum())
    counts += np.floor(share).astype(int)
    remainder = total - counts.sum()
    counts[np.argsort(-(share - np.floor(share)), kind="stable")[:remainder]] += 1
    return counts


def _generated_communes(
    rng: np.random.Generator, cluster: Cluster, names: list[str]
) -> list[tuple[str, int]]:
    """A cluster's centre and ``communes - 1`` other members with log-normal populations."""
    drawn = np.exp(rng.normal(np.log(cluster.median_population), 1.1, cluster.communes - 1))
    populations = np.round(np.clip(drawn, 280, cluster.centre_population / 3), -1).astype(int)
    members = [names.pop() for _ in range(cluster.communes - 1)]
    return [(cluster.centre, cluster.centre_population), *zip(members, populations.tolist(), strict=True)]


def build_entities(rng: np.random.Generator, scale: Scale) -> pd.DataFrame:
    """Entities with their ``cluster`` (EPCI index), ``profile`` and ``agents`` headcount."""
    names = [s + x for s in STEMS for x in SUFFIXES]
    names = [names[i] for i in rng.permutation(len(names))]
    rows = []
    for index, cluster in enumerate(scale.clusters):
        communes = list(cluster.communes_list) or _generated_communes(rng, cluster, names)
        centre, centre_population = communes[0]
        total = sum(p for _, p in communes)
        # Staff in proportion to inhabitants; the EPCI employs about 30 % of its territory's staff.
        rows.append((cluster.entity_id, cluster.name, "epci", total, index, "epci", 0.4 * total))
        if centre_population >= 20_000:
            rows.append(
                (f"CCAS-{_slug(centre)}", f"CCAS de {centre}", "autre", None, index, "autre", 0.04 * total)
            )
        for name, population in communes:
            profile = "town" if population >= TOWN_POPULATION else "village"
            rows.append((_slug(name), name, "commune", population, index, profile, population))
    columns = ["entity_id", "name", "kind", "population", "cluster", "profile", "weight"]
    frame = pd.DataFrame(rows, columns=columns).astype({"population": "Int64"})
    frame["agents"] = _allocate(scale.agents, frame.pop("weight").to_numpy(float), minimum=2)
    return frame

"""The synthetic demo territory: a fictitious intercommunality, its communes, agents, projects and surveys.

Deterministic for a given seed (one ``numpy.random.default_rng(seed)`` drawn in a fixed order) and
vectorised: arrays are drawn per table, never row by row; loops run over entities, projects, waves
or events only. Everything is written inside one transaction under one ``imports`` row of status
``demo``, so that the first real import removes it exactly.

The story the dashboard must reveal (dates are real calendar dates around ``TODAY``):

- *Mutualisation RH et finances* (decided March 2026) involves its agents months before the
  decision, in workshops and immersions mixing the EPCI and the communes: early involvement ≈ 70 %.
- *Mutualisation voirie et informatique* (decided June 2026) informs its agents mostly afterwards,
  each employer on its own: early involvement ≈ 15 %, few cross-employer meetings, charter steps
  late or overdue; its agents' WHO-5 and job security dip at the decision wave (2026-T2), then recover.
- *Mutualisation de la commande publique* is decided within the next 30 days with low early
  involvement (the alert); medium and large add an older, well-run *droit des sols* project.

Missing survey answers are omitted rows of ``answers`` (never a NULL value), as an import of a
blank cell does.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from mututrack import catalogue
from mututrack.i18n import t
from mututrack.store import Store

__all__ = ["generate", "SCALES", "TODAY"]

# The demo's "today": every date of the story is placed around it, so that charter delays and
# open proposals read as intended; the dashboard itself counts from the real date.
TODAY = np.datetime64("2026-11-26", "D")
CAREERS_FROM = np.datetime64("2025-01-01", "D")  # career events are drawn from this date on
DAY = np.timedelta64(1, "D")

Progress = Callable[[str, float], None]


def _day(text: str) -> np.datetime64:
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
        Cluster("CA-VAUCLAIR", "Communauté d'agglomération du Pays de Vauclair", "Vauclair", 62_000, 38, 2_500),
        Cluster("CA-ARVELLE", "Communauté d'agglomération Arvelle Agglo", "Arvelle", 48_000, 34, 2_500),
        Cluster("CA-LISONNE", "Communauté d'agglomération du Val de Lisonne", "Lisonne-la-Grande", 41_000, 30, 2_200),
        Cluster("CC-COTEAUX", "Communauté de communes des Coteaux de l'Arvelle", "Pradelles", 9_000, 36, 700),
        Cluster("CC-PLATEAU", "Communauté de communes du Plateau de Mirecourt", "Mirecourt-le-Haut", 6_500, 40, 650),
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

# Staff profiles: which services an employer of each profile has, in relative weights.
# A village (< 3 500 inhabitants) has a town-hall secretary, a school and a technical agent.
# fmt: off
SERVICE_WEIGHTS = pd.DataFrame.from_records(
    [
        # service,                     epci town village autre   share of A, B (rest is C)
        ("Ressources humaines",          8,   5,  10,    10,     0.25, 0.45),
        ("Finances",                     8,   6,  14,    10,     0.25, 0.42),
        ("Voirie",                      16,  12,  20,     0,     0.05, 0.14),
        ("Informatique",                 8,   2,   0,     0,     0.35, 0.45),
        ("Commande publique",            5,   2,   0,     0,     0.30, 0.45),
        ("Urbanisme",                    6,   4,   2,     0,     0.25, 0.50),
        ("Écoles",                       0,  24,  22,     0,     0.03, 0.10),
        ("Espaces verts",                8,  10,  10,     0,     0.04, 0.12),
        ("Accueil",                      5,  10,  22,    15,     0.05, 0.25),
        ("Police municipale",            0,   6,   0,     0,     0.06, 0.38),
        ("Entretien des bâtiments",      8,   9,   0,     0,     0.03, 0.10),
        ("Culture et sports",            8,   8,   0,     0,     0.15, 0.40),
        ("Collecte des déchets",        12,   0,   0,     0,     0.03, 0.10),
        ("Action sociale",               8,   2,   0,    65,     0.15, 0.38),
    ],
    columns=["service", "epci", "town", "village", "autre", "share_a", "share_b"],
)
# fmt: on
PROFILES = ("epci", "town", "village", "autre")
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


# -- agents ----------------------------------------------------------------------------------------
def _pick(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One column index per row of a row-wise cumulative probability matrix."""
    return (rng.random(len(cumulative))[:, None] > cumulative[:, :-1]).sum(axis=1)


def _hex_keys(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` random 64-hex-digit keys, the shape of the HMAC-SHA256 pseudonyms of real imports."""
    return np.frombuffer(rng.bytes(32 * count).hex().encode("ascii"), dtype="S64").astype(str)


def build_agents(rng: np.random.Generator, entities: pd.DataFrame) -> pd.DataFrame:
    """Agents: agent_key, entity_id, service, category, status, start_date, end_date (+ entity index)."""
    entity = np.repeat(np.arange(len(entities)), entities["agents"].to_numpy())
    n = len(entity)
    profile = entities["profile"].map({p: i for i, p in enumerate(PROFILES)}).to_numpy()[entity]
    weights = SERVICE_WEIGHTS[list(PROFILES)].to_numpy(float).T
    service = _pick(rng, np.cumsum(weights / weights.sum(1, keepdims=True), axis=1)[profile])
    shares = SERVICE_WEIGHTS[["share_a", "share_b"]].to_numpy()[service]
    category = np.array(["A", "B", "C"])[_pick(rng, np.cumsum(np.c_[shares, 1 - shares.sum(1)], axis=1))]
    contract = rng.random(n) < np.where(category == "A", 0.15, 0.22)
    years = np.minimum(rng.exponential(9.0, n), 40.0)
    start = TODAY - (years * 365.25).astype(int) * DAY
    # About 9 % left since mid-2025, some of them before a project's decision.
    earliest, latest = np.maximum(start + 30 * DAY, _day("2025-06-01")), TODAY - 6 * DAY
    leaves = (rng.random(n) < 0.09) & (earliest < latest)
    left_on = earliest + (rng.random(n) * np.maximum((latest - earliest) // DAY, 1)).astype(int) * DAY
    return pd.DataFrame(
        {
            "agent_key": _hex_keys(rng, n),
            "entity_id": entities["entity_id"].to_numpy()[entity],
            "service": SERVICE_WEIGHTS["service"].to_numpy()[service],
            "category": category,
            "status": np.where(contract, "contractuel", "titulaire"),
            "start_date": start.astype("datetime64[s]"),
            "end_date": np.where(leaves, left_on, np.datetime64("NaT")).astype("datetime64[s]"),
            "entity": entity,
        }
    )


# -- projects --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectSpec:
    project_id: str
    name: str
    services: tuple[str, ...]
    members: str  # all (no project_entities rows) | most (>= 400 inhabitants) | towns (>= 5 000)
    objective: str
    decision: str
    go_live: str
    consult_from: str  # first consultation event
    follow_until: str  # last event after the decision (capped at TODAY)
    early_rate: float  # share of in-scope agents present at an event before the decision
    pre_extra: float  # further attendances before the decision of an early agent (Poisson mean)
    post_rate: float  # attendances after the decision (Poisson mean)
    cross_rate: float  # share of attendances at events mixing the cluster's employers
    kinds_before: dict[str, float]
    kinds_after: dict[str, float]
    topics: tuple[str, ...]
    trainings: tuple[str, ...]
    charter: tuple[tuple[str, int, int | None], ...]  # step, planned and actual days from the decision
    wellbeing: tuple[
        tuple[int, int, float, float], ...
    ]  # days from decision to wave close: WHO-5 index, wc_security
    item_shifts: dict[str, float] = field(default_factory=dict)  # Likert shifts once consultation started
    career_boost: tuple[float, ...] = (1, 1, 1, 1, 1)  # after the decision, per CAREER_KINDS
    objectives_seen: tuple[float, float, float, float] = (0.25, 0.2, 0.2, 0.35)  # OBJECTIVES shares


CAREER_KINDS = ("formation", "entretien_carriere", "mobilite", "nouvelle_fonction", "promotion")
OBJECTIVES = ("economies", "qualite_service", "les_deux", "ne_sait_pas")
EVENT_KINDS = ("information", "atelier", "groupe_travail", "immersion", "formation", "entretien")
POOL_STRIDE = 10_000_000  # more events than this in one pool cannot happen at any scale
EVENT_SIZE = {
    "information": 25,
    "atelier": 12,
    "groupe_travail": 9,
    "immersion": 6,
    "formation": 10,
    "entretien": 1,
}

# fmt: off
PROJECTS: dict[str, ProjectSpec] = {p.project_id: p for p in (
    ProjectSpec(
        "RH-FIN", "Mutualisation RH et finances", ("Ressources humaines", "Finances"), "all", "les_deux",
        "2026-03-17", "2026-09-01", "2025-09-15", "2026-10-30",
        early_rate=0.70, pre_extra=2.0, post_rate=2.0, cross_rate=0.85,
        kinds_before={"information": 0.2, "atelier": 0.3, "groupe_travail": 0.25, "immersion": 0.25},
        kinds_after={"formation": 0.45, "entretien": 0.25, "information": 0.1, "atelier": 0.2},
        topics=("processus de paie", "circuit des factures", "gestion des carrières", "préparation budgétaire",
                "organisation du futur service commun", "outils RH partagés"),
        trainings=("logiciel de paie commun", "nouvelle chaîne comptable", "accueil des agents des communes"),
        charter=(("Réunion d'information des agents", -180, -182),
                 ("Présentation de la charte de la concertation au CST", -165, -165),
                 ("Ateliers de co-construction", -120, -114),
                 ("Immersions croisées entre collectivités", -90, -92),
                 ("Restitution des propositions aux agents", -30, -27),
                 ("Avis du CST sur l'organisation cible", -14, -14),
                 ("Entretiens individuels avant affectation", 90, 88)),
        wellbeing=((-60, -1, -1.0, 0.3), (0, 45, 1.0, 0.2), (46, 9999, 2.5, -0.3)),
        item_shifts={"inv_informed": 0.8, "inv_rules": 0.9, "inv_early": 1.2, "inv_heard": 0.8, "inv_network": 1.3,
                     "chg_awareness": 0.6, "chg_desire": 0.5, "chg_knowledge": 0.5, "chg_ability": 0.4,
                     "chg_reinforcement": 0.4, "car_prospects": 0.5, "car_skills": 0.5, "car_support": 0.6},
        career_boost=(2.2, 2.5, 3.0, 4.0, 1.5), objectives_seen=(0.18, 0.2, 0.47, 0.15)),
    ProjectSpec(
        "VOIRIE-SI", "Mutualisation voirie et informatique", ("Voirie", "Informatique"), "most", "economies",
        "2026-06-23", "2027-01-04", "2026-05-26", "2026-11-20",
        early_rate=0.15, pre_extra=0.2, post_rate=2.2, cross_rate=0.06,
        kinds_before={"information": 1.0},
        kinds_after={"information": 0.25, "formation": 0.4, "entretien": 0.25, "atelier": 0.1},
        topics=("organisation des équipes de voirie", "parc informatique", "astreintes", "support aux utilisateurs"),
        trainings=("outil de gestion des interventions", "messagerie et outils collaboratifs"),
        charter=(("Réunion d'information des agents", -60, -16),
                 ("Présentation au CST", -30, -30),
                 ("Ateliers de co-construction", -45, 21),
                 ("Restitution des propositions aux agents", 30, None),
                 ("Entretiens individuels avant affectation", 90, 118),
                 ("Bilan d'étape avec les agents", 200, None)),
        # The dip at the decision, a recovery, then the fear comes back as the go-live nears.
        wellbeing=((-30, 60, -24.0, 1.4), (61, 140, -3.0, 0.4), (141, 9999, -8.0, 1.3)),
        item_shifts={"inv_informed": -0.2, "inv_rules": -0.4, "inv_early": -0.6, "inv_heard": -0.6,
                     "inv_network": -0.4, "chg_awareness": 0.2, "chg_desire": -0.7, "chg_knowledge": -0.3,
                     "car_support": -0.4},
        career_boost=(1.6, 1.3, 1.5, 1.5, 1.0), objectives_seen=(0.4, 0.1, 0.2, 0.3)),
    ProjectSpec(
        "ACHATS", "Mutualisation de la commande publique", ("Commande publique",), "towns", "qualite_service",
        "2026-12-15", "2027-04-01", "2026-07-06", "2026-11-24",
        early_rate=0.32, pre_extra=0.8, post_rate=0.0, cross_rate=0.3,
        kinds_before={"information": 0.6, "atelier": 0.4}, kinds_after={},
        topics=("groupements de commandes", "guide interne des achats", "calendrier des marchés"),
        trainings=(),
        charter=(("Réunion d'information des agents", -150, -147),
                 ("Présentation de la charte de la concertation au CST", -60, None),
                 ("Ateliers de co-construction", -35, -28),
                 ("Restitution des propositions aux agents", -10, None),
                 ("Avis du CST sur l'organisation cible", -3, None),
                 ("Entretiens individuels avant affectation", 45, None)),
        wellbeing=((-45, 0, -6.0, 0.8),),
        item_shifts={"inv_early": -0.3, "inv_rules": -0.3},
        objectives_seen=(0.3, 0.15, 0.15, 0.4)),
    ProjectSpec(
        "ADS", "Service commun d'instruction du droit des sols", ("Urbanisme",), "most", "qualite_service",
        "2025-11-18", "2026-03-02", "2025-05-12", "2026-05-29",
        early_rate=0.55, pre_extra=1.2, post_rate=1.5, cross_rate=0.5,
        kinds_before={"information": 0.3, "atelier": 0.3, "groupe_travail": 0.4},
        kinds_after={"formation": 0.6, "entretien": 0.4},
        topics=("instruction des permis", "guichet unique", "dématérialisation des autorisations"),
        trainings=("logiciel d'instruction des autorisations",),
        charter=(("Réunion d'information des agents", -150, -150),
                 ("Présentation de la charte de la concertation au CST", -120, -121),
                 ("Ateliers de co-construction", -90, -85),
                 ("Restitution des propositions aux agents", -20, -20),
                 ("Entretiens individuels avant affectation", 60, 60),
                 ("Bilan à six mois avec les agents", 180, 186)),
        wellbeing=((0, 9999, 2.0, -0.2),),
        item_shifts={"inv_informed": 0.5, "inv_early": 0.7, "inv_heard": 0.5, "inv_network": 0.6, "car_skills": 0.5},
        career_boost=(1.8, 2.0, 2.0, 2.5, 1.2), objectives_seen=(0.15, 0.45, 0.2, 0.2)),
)}
# fmt: on


def build_projects(scale: Scale, entities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The projects, project_services, project_entities and charter_steps tables."""
    specs = [PROJECTS[p] for p in scale.projects]
    projects = pd.DataFrame(
        {
            "project_id": [p.project_id for p in specs],
            "name": [p.name for p in specs],
            "decision_date": [_day(p.decision) for p in specs],
            "go_live_date": [_day(p.go_live) for p in specs],
            "objective": [p.objective for p in specs],
        }
    )
    services = [(p.project_id, s) for p in specs for s in p.services]
    members = [(p.project_id, e) for p in specs for e in member_entities(p, entities)]
    return {
        "projects": projects,
        "project_services": pd.DataFrame(services, columns=["project_id", "service"]),
        "project_entities": pd.DataFrame(members, columns=["project_id", "entity_id"]),
        "charter_steps": pd.concat([_charter(p) for p in specs], ignore_index=True),
    }


def _charter(spec: ProjectSpec) -> pd.DataFrame:
    """A project's charter steps, dated from its decision (an actual date of None: not done yet)."""
    decision = pd.Timestamp(spec.decision)
    return pd.DataFrame(
        {
            "project_id": spec.project_id,
            "step": [step for step, _, _ in spec.charter],
            "planned_date": [decision + pd.Timedelta(days=planned) for _, planned, _ in spec.charter],
            "actual_date": pd.to_datetime(
                [
                    None if actual is None else decision + pd.Timedelta(days=actual)
                    for _, _, actual in spec.charter
                ]
            ),
        }
    )


MEMBER_RULES = {"all": None, "most": 400, "towns": 5_000}  # minimum population of a member commune


def member_entities(spec: ProjectSpec, entities: pd.DataFrame) -> list[str]:
    """The entities pooling the project's services; empty when all do."""
    minimum = MEMBER_RULES[spec.members]
    if minimum is None:
        return []
    keep = (entities["kind"] == "epci") | (
        (entities["kind"] == "commune") & (entities["population"] >= minimum)
    )
    return entities.loc[keep.fillna(False), "entity_id"].tolist()


def project_of_agent(agents: pd.DataFrame, entities: pd.DataFrame, scale: Scale) -> np.ndarray:
    """Index into ``scale.projects`` of the project whose scope holds each agent's post, or -1.

    The scope of DOMAIN.md without the date condition (services never overlap between projects).
    """
    owner = np.full(len(agents), -1)
    for index, project_id in enumerate(scale.projects):
        spec = PROJECTS[project_id]
        members = member_entities(spec, entities)
        inside = agents["service"].isin(spec.services) & (
            agents["entity_id"].isin(members) if members else True
        )
        owner[inside.to_numpy()] = index
    return owner


def in_scope(agents: pd.DataFrame, owner: np.ndarray, index: int, decision: np.datetime64) -> np.ndarray:
    """Positions of the agents in scope of project ``index``: its post, active on its decision date."""
    start = agents["start_date"].to_numpy().astype("datetime64[D]")
    end = agents["end_date"].to_numpy().astype("datetime64[D]")
    active = (start <= decision) & (np.isnat(end) | (end >= decision))
    return np.flatnonzero((owner == index) & active)


# -- events and attendance -------------------------------------------------------------------------
ATTENDANCE_STATUSES = ("present", "excuse", "absent")


def _attendance_slots(
    rng: np.random.Generator,
    spec: ProjectSpec,
    scope: np.ndarray,
    start: np.ndarray,
    leaver: np.ndarray,
    decision: np.datetime64,
) -> pd.DataFrame:
    """One row per (agent, attendance) before dedup: agent, phase (0 before, 1 after), status code."""
    n = len(scope)
    eligible = start[scope] <= decision - 30 * DAY  # newcomers cannot have been consulted months ahead
    rank = np.empty(n, int)
    rank[rng.permutation(n)] = np.arange(n)
    early = eligible & (rank < round(spec.early_rate * n))  # an exact share: stable on small scopes
    invited = ~early & (rng.random(n) < 0.25)  # invited before the decision, but did not come
    pre = np.where(early, 1 + rng.poisson(spec.pre_extra, n), invited.astype(int))
    has_after = decision < min(_day(spec.follow_until), TODAY)
    post = np.where(leaver[scope] | (not has_after), 0, rng.poisson(spec.post_rate, n))
    agent = np.concatenate([np.repeat(scope, pre), np.repeat(scope, post)])
    status = rng.choice(len(ATTENDANCE_STATUSES), size=len(agent), p=[0.88, 0.07, 0.05])
    owner = np.repeat(np.arange(n), pre)
    ordinal = np.arange(owner.size) - np.repeat(np.cumsum(pre) - pre, pre)
    before = status[: owner.size]  # a view: the first attendance of an early agent is a presence
    before[early[owner] & (ordinal == 0)] = 0
    before[invited[owner]] = 1 + (rng.random(int(invited[owner].sum())) < 0.5)
    phase = np.r_[np.zeros(owner.size, int), np.ones(len(agent) - owner.size, int)]
    return pd.DataFrame({"agent": agent, "phase": phase, "status": status})


def _assign_kinds(rng: np.random.Generator, spec: ProjectSpec, slots: pd.DataFrame) -> np.ndarray:
    """An event kind (index into EVENT_KINDS) for each slot, from the project's mix of its phase."""
    kinds = np.zeros(len(slots), int)
    for phase, mix in enumerate((spec.kinds_before, spec.kinds_after)):
        rows = np.flatnonzero(slots["phase"].to_numpy() == phase)
        if not mix or not len(rows):
            continue
        codes = [EVENT_KINDS.index(k) for k in mix]
        kinds[rows] = rng.choice(codes, size=len(rows), p=np.array(list(mix.values())) / sum(mix.values()))
    return kinds


def build_events(
    rng: np.random.Generator,
    spec: ProjectSpec,
    agents: pd.DataFrame,
    entities: pd.DataFrame,
    scope: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One project's events (event_id, project_id, date, kind, title, entity_id) and attendance.

    Each attendance slot goes to a pool (phase, kind, mixing or one employer only, cluster or employer);
    a pool holds as many events as its slots fill at the kind's usual size; slots pick an event at random.
    """
    start = agents["start_date"].to_numpy().astype("datetime64[D]")
    slots = _attendance_slots(
        rng, spec, scope, start, agents["end_date"].notna().to_numpy(), _day(spec.decision)
    )
    slots["kind"] = _assign_kinds(rng, spec, slots)
    entity = agents["entity"].to_numpy()[slots["agent"].to_numpy()]
    slots["cross"] = (rng.random(len(slots)) < spec.cross_rate) & (
        slots["kind"] != EVENT_KINDS.index("entretien")
    )
    clusters = entities["cluster"].to_numpy()
    slots["group"] = np.where(slots["cross"], clusters[entity], entity)
    slots["pool"] = slots.groupby(["phase", "kind", "cross", "group"], sort=True).ngroup()
    pools = slots.groupby("pool").agg(
        phase=("phase", "first"),
        kind=("kind", "first"),
        cross=("cross", "first"),
        group=("group", "first"),
        slots=("agent", "size"),
    )
    sizes = np.array([EVENT_SIZE[k] for k in EVENT_KINDS])[pools["kind"].to_numpy()]
    per_pool = np.ceil(pools["slots"].to_numpy() / sizes).astype(int)
    local = (rng.random(len(slots)) * per_pool[slots["pool"].to_numpy()]).astype(int)
    keys, slots["event"] = np.unique(slots["pool"].to_numpy() * POOL_STRIDE + local, return_inverse=True)
    events = pools.iloc[keys // POOL_STRIDE].reset_index()
    events["host"] = _hosts(rng, events, slots, entity, entities)
    events["date"] = _event_dates(rng, spec, events["phase"].to_numpy())
    return _finish_events(rng, spec, events, slots, agents, entities)


def _hosts(
    rng: np.random.Generator,
    events: pd.DataFrame,
    slots: pd.DataFrame,
    entity: np.ndarray,
    entities: pd.DataFrame,
) -> np.ndarray:
    """The host of each event: its employer, or for a mixing event the EPCI or an attendee's employer."""
    shuffled = rng.permutation(len(slots))
    first_attendee = (
        pd.Series(entity[shuffled]).groupby(slots["event"].to_numpy()[shuffled]).first().to_numpy()
    )
    epci = entities.index[entities["kind"] == "epci"].to_numpy()[
        entities["cluster"].to_numpy()[first_attendee]
    ]
    at_epci = rng.random(len(events)) < 0.45
    return np.where(events["cross"].to_numpy() & at_epci, epci, first_attendee)


def _event_dates(rng: np.random.Generator, spec: ProjectSpec, phase: np.ndarray) -> np.ndarray:
    """A working day inside the phase's window, for each event."""
    decision = _day(spec.decision)
    lo = np.where(phase == 0, _day(spec.consult_from), decision)
    hi = np.where(phase == 0, min(decision, TODAY) - DAY, min(_day(spec.follow_until), TODAY - DAY))
    days = lo + (rng.random(len(phase)) * ((hi - lo) // DAY + 1)).astype(int) * DAY
    weekday = (days.astype("datetime64[D]").astype(int) - 4) % 7  # 0 = Monday (1970-01-01 was a Thursday)
    return np.where(weekday >= 5, days - (weekday - 4) * DAY, days)  # weekends move to the Friday before


def _finish_events(
    rng: np.random.Generator,
    spec: ProjectSpec,
    events: pd.DataFrame,
    slots: pd.DataFrame,
    agents: pd.DataFrame,
    entities: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Number events by date, title them, and keep one attendance row per (event, agent), best status first."""
    order = np.lexsort((events.index.to_numpy(), events["date"].to_numpy()))
    number = np.empty(len(events), int)
    number[order] = np.arange(len(events))
    topic = rng.integers(0, 1_000_000, len(events))
    titles = [
        _title(spec, EVENT_KINDS[k], entities["name"].iat[h], int(x))
        for k, h, x in zip(events["kind"], events["host"], topic, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "number": number,
            "project_id": spec.project_id,
            "date": events["date"].to_numpy().astype("datetime64[s]"),
            "kind": np.array(EVENT_KINDS)[events["kind"].to_numpy()],
            "title": titles,
            "entity_id": entities["entity_id"].to_numpy()[events["host"].to_numpy()],
        }
    ).sort_values("number", kind="stable")
    attendance = (
        pd.DataFrame(
            {
                "number": number[slots["event"].to_numpy()],
                "agent": slots["agent"].to_numpy(),
                "status": slots["status"].to_numpy(),
            }
        )
        .sort_values(["number", "agent", "status"], kind="stable")
        .drop_duplicates(["number", "agent"])
    )
    attendance = attendance.assign(
        project_id=spec.project_id,
        agent_key=agents["agent_key"].to_numpy()[attendance["agent"].to_numpy()],
        status=np.array(ATTENDANCE_STATUSES)[attendance["status"].to_numpy()],
    )
    return frame, attendance[["project_id", "number", "agent_key", "status"]]


def _title(spec: ProjectSpec, kind: str, host: str, draw: int) -> str:
    topic = spec.topics[draw % len(spec.topics)]
    training = spec.trainings[draw % len(spec.trainings)] if spec.trainings else topic
    return {
        "information": f"Réunion d'information des agents – {spec.name}",
        "atelier": f"Atelier de co-construction : {topic}",
        "groupe_travail": f"Groupe de travail : {topic}",
        "immersion": f"Immersion croisée – {host}",
        "formation": f"Formation : {training}",
        "entretien": "Entretien individuel d'accompagnement",
    }[kind]


# -- survey waves ----------------------------------------------------------------------------------
# fmt: off
WAVE_CLOSES = {
    "2025-T1": "2025-03-28", "2025-T2": "2025-06-27", "2025-T3": "2025-10-03", "2025-T4": "2025-12-12",
    "2026-T1": "2026-03-27", "2026-T2": "2026-06-30", "2026-T3": "2026-10-02", "2026-T4": "2026-12-11",
}
# fmt: on
UNPUBLISHED = {"2026-T4"}  # still collecting answers: results not yet presented to the CST
# Waves collecting answers on TODAY: when they opened, and the share of their eventual answers already in.
OPEN_WAVES = {"2026-T4": ("2026-11-09", 0.62)}
ORGANISATION_SHIFT = {"2026-T2": -3.0}  # WHO-5 index points: the spring of the big announcements
TOKEN_WAVES_FROM = "2026"  # waves sent by LimeSurvey tokens carry a pseudonymous respondent key

# Likert items: base mean, loading on engagement, on well-being (wc_security is reverse-coded: fear).
# fmt: off
LIKERT_MODEL = {
    "inv_informed": (3.2, 0.45, 0.1), "inv_rules": (2.7, 0.4, 0.05), "inv_early": (2.6, 0.4, 0.05),
    "inv_heard": (2.8, 0.45, 0.1), "inv_network": (2.5, 0.35, 0.05),
    "chg_awareness": (3.4, 0.4, 0.1), "chg_desire": (3.1, 0.5, 0.15), "chg_knowledge": (2.9, 0.4, 0.1),
    "chg_ability": (3.2, 0.4, 0.15), "chg_reinforcement": (2.9, 0.4, 0.1),
    "wc_intensity": (2.9, 0.2, 0.35), "wc_emotional": (3.4, 0.2, 0.35), "wc_autonomy": (3.5, 0.3, 0.25),
    "wc_relations": (3.8, 0.3, 0.3), "wc_values": (3.7, 0.3, 0.3), "wc_security": (2.6, -0.2, -0.35),
    "car_prospects": (2.6, 0.45, 0.1), "car_skills": (3.2, 0.4, 0.1), "car_support": (2.7, 0.45, 0.1),
    "qvt_overall": (3.4, 0.3, 0.55),
}
# fmt: on
DEFAULT_LIKERT = (3.2, 0.4, 0.1)  # a question added to the catalogue later still gets answers
MISSING_SHARE = {"who5": 0.015, "likert5": 0.03, "nps11": 0.05, "choice": 0.06}
COMMENT_SHARE = 0.08

COMMENTS_GENERAL = (
    "Il faudrait plus d'informations sur le calendrier de la mutualisation.",
    "Bonne ambiance dans l'équipe, mais la charge de travail augmente en fin d'année.",
    "Merci pour ce questionnaire, j'espère que les résultats seront partagés avec les agents.",
    "Le télétravail devrait être ouvert à davantage de postes.",
    "Les formations sont trop souvent organisées loin de ma commune.",
    "Je ne sais pas encore ce que la mutualisation va changer pour mon poste.",
    "Les outils informatiques sont lents et mal adaptés à notre travail.",
    "Les locaux mériteraient d'être rénovés, surtout les vestiaires.",
)
COMMENTS_CONSULTED = (
    "Les ateliers avec les collègues de l'agglomération ont été très utiles.",
    "J'ai découvert les pratiques des autres communes, c'est enrichissant.",
    "Nous avons été écoutés : plusieurs de nos propositions ont été reprises.",
    "La journée d'immersion m'a permis de mieux comprendre le futur service commun.",
    "Le calendrier a été présenté clairement dès le début de la démarche.",
    "Les entretiens individuels avant l'affectation sont rassurants.",
)
COMMENTS_WORRIED = (
    "Nous avons appris la mutualisation une fois la décision prise.",
    "Personne ne nous a demandé notre avis sur l'organisation des équipes.",
    "J'ai peur de devoir changer de lieu de travail sans savoir où.",
    "L'objectif semble être uniquement de faire des économies.",
    "Les réunions d'information arrivent trop tard, tout est déjà décidé.",
    "Beaucoup d'inquiétude dans l'équipe sur les astreintes et les horaires.",
    "Nous attendons toujours la restitution des propositions qui avait été promise.",
)


def build_waves(scale: Scale) -> pd.DataFrame:
    """Waves: wave, opened_at (three weeks before closing), closed_at, k_threshold, published."""
    closes = pd.to_datetime([WAVE_CLOSES[w] for w in scale.waves])
    opens = [pd.Timestamp(OPEN_WAVES[w][0]) if w in OPEN_WAVES else c - pd.Timedelta(days=21)
             for w, c in zip(scale.waves, closes, strict=True)]
    return pd.DataFrame(
        {
            "wave": list(scale.waves),
            "opened_at": pd.to_datetime(opens),
            "closed_at": closes,
            "k_threshold": 5,
            "published": [w not in UNPUBLISHED for w in scale.waves],
        }
    )


@dataclass(frozen=True)
class WaveEffects:
    """Shifts of one wave, one entry per project index and a last one for agents of no project."""

    who5: np.ndarray  # WHO-5 index points
    security: np.ndarray  # wc_security (fear) on the 1..5 scale
    items: dict[str, np.ndarray]
    objectives: np.ndarray  # rows: groups, columns: OBJECTIVES shares
    consulted: np.ndarray  # the project's consultation went well and has started
    worried: np.ndarray  # the wave falls in the project's dip


def wave_effects(scale: Scale, wave: str) -> WaveEffects:
    """What the story does to each project's agents at this wave (days from decision to close)."""
    close = _day(WAVE_CLOSES[wave])
    specs = [PROJECTS[p] for p in scale.projects]
    size = len(specs) + 1
    who5, security = np.zeros(size), np.zeros(size)
    items = {code: np.zeros(size) for code in LIKERT_MODEL}
    consulted, worried = np.zeros(size, bool), np.zeros(size, bool)
    for index, spec in enumerate(specs):
        days = int((close - _day(spec.decision)) // DAY)
        for low, high, index_shift, fear in spec.wellbeing:
            if low <= days <= high:
                who5[index], security[index] = index_shift, fear
        started = close >= _day(spec.consult_from)
        for code, shift in spec.item_shifts.items():
            items[code][index] = shift if started else 0.0
        consulted[index] = started and spec.early_rate >= 0.5
        worried[index] = who5[index] <= -10
    who5 += ORGANISATION_SHIFT.get(wave, 0.0)
    objectives = np.array([s.objectives_seen for s in specs] + [(0.25, 0.2, 0.15, 0.4)])
    return WaveEffects(who5, security, items, objectives, consulted, worried)


def _respondents(
    rng: np.random.Generator,
    agents: pd.DataFrame,
    owner: np.ndarray,
    wave: str,
    entity_rate: np.ndarray,
    effects: WaveEffects,
) -> np.ndarray:
    """Positions of the agents active at the wave's close who answered."""
    close = _day(WAVE_CLOSES[wave])
    start = agents["start_date"].to_numpy().astype("datetime64[D]")
    end = agents["end_date"].to_numpy().astype("datetime64[D]")
    active = np.flatnonzero((start <= close) & (np.isnat(end) | (end >= close)))
    category = agents["category"].to_numpy()[active]
    rate = entity_rate[agents["entity"].to_numpy()[active]] + np.select(
        [category == "A", category == "B"], [0.08, 0.03], -0.07
    )
    rate -= np.where(effects.worried[owner[active]], 0.08, 0.0)  # worried teams answer less
    rate *= OPEN_WAVES[wave][1] if wave in OPEN_WAVES else 1.0  # an open wave: only part of it so far
    return active[rng.random(len(active)) < np.clip(rate, 0.05, 0.95)]


def _respondent_frame(
    rng: np.random.Generator, agents: pd.DataFrame, who: np.ndarray, wave: str, first_id: int
) -> pd.DataFrame:
    """respondents rows: the employer, service and category they declared, never a link to an agent."""
    n = len(who)
    close = np.datetime64(WAVE_CLOSES[wave], "s")
    days = 21
    if wave in OPEN_WAVES:  # answers so far: from the opening to yesterday
        close = TODAY.astype("datetime64[s]")
        days = int((TODAY - np.datetime64(OPEN_WAVES[wave][0], "D")).astype(int))
    seconds = (rng.integers(0, days, n) * 86_400 + rng.integers(8 * 3600, 18 * 3600, n)).astype(
        "timedelta64[s]"
    )
    keys = _hex_keys(rng, n) if wave >= TOKEN_WAVES_FROM else np.full(n, None)
    service = agents["service"].to_numpy()[who].astype(object)
    category = agents["category"].to_numpy()[who].astype(object)
    service[rng.random(n) < 0.03] = None  # optional questions left blank
    category[rng.random(n) < 0.02] = None
    return pd.DataFrame(
        {
            "respondent_id": first_id + np.arange(n),
            "wave": wave,
            "respondent_key": keys,
            "entity_id": agents["entity_id"].to_numpy()[who],
            "service": service,
            "category": category,
            "submitted_at": close - np.timedelta64(days * 86_400, "s") + seconds,
        }
    )


def _numeric_answers(
    rng: np.random.Generator, group: np.ndarray, effects: WaveEffects, questions: pd.DataFrame
) -> np.ndarray:
    """A respondents × numeric questions matrix of raw answers (float; NaN where unanswered)."""
    n = len(group)
    wellbeing, engagement = rng.normal(size=n), rng.normal(size=n)
    who5_shift = effects.who5[group]
    columns = []
    for code, scale in zip(questions["code"], questions["scale"], strict=True):
        noise = rng.normal(size=n)
        if scale == "who5":  # index = 4 × sum of five items, so an item moves by shift / 20
            value = np.clip(np.rint(3.0 + who5_shift / 20 + 0.95 * wellbeing + 0.65 * noise), 0, 5)
        elif scale == "nps11":
            value = np.clip(
                np.rint(7.0 + 1.6 * engagement + 0.8 * wellbeing + who5_shift / 16 + 1.2 * noise), 0, 10
            )
        else:
            base, on_engagement, on_wellbeing = LIKERT_MODEL.get(code, DEFAULT_LIKERT)
            shift = effects.items.get(code, np.zeros(len(effects.who5)))[group]
            shift = shift + (
                effects.security[group] if code == "wc_security" else np.sign(on_wellbeing) * who5_shift / 40
            )
            value = np.clip(
                np.rint(base + shift + on_engagement * engagement + on_wellbeing * wellbeing + 0.8 * noise),
                1,
                5,
            )
        value[rng.random(n) < MISSING_SHARE[scale]] = np.nan
        columns.append(value)
    return np.column_stack(columns)


def _long_answers(values: np.ndarray, first_id: int) -> pd.DataFrame:
    """The matrix as long rows (respondent_id, q, value), unanswered cells omitted."""
    rows, cols = np.nonzero(~np.isnan(values))
    return pd.DataFrame(
        {
            "respondent_id": (first_id + rows).astype(np.int64),
            "q": cols.astype(np.int16),
            "value": values[rows, cols].astype(np.int16),
        }
    )


def _choices(
    rng: np.random.Generator, group: np.ndarray, effects: WaveEffects, first_id: int
) -> pd.DataFrame:
    """objective_perceived answers: respondent_id, choice."""
    cumulative = np.cumsum(effects.objectives, axis=1)[group]
    choice = np.array(OBJECTIVES)[_pick(rng, cumulative)]
    keep = rng.random(len(group)) >= MISSING_SHARE["choice"]
    return pd.DataFrame({"respondent_id": first_id + np.flatnonzero(keep), "choice": choice[keep]})


def _comments(
    rng: np.random.Generator, group: np.ndarray, effects: WaveEffects, first_id: int
) -> pd.DataFrame:
    """Free-text comments of a few respondents: respondent_id, text (never naming anyone)."""
    who = np.flatnonzero(rng.random(len(group)) < COMMENT_SHARE)
    pools = [np.array(p, dtype=object) for p in (COMMENTS_GENERAL, COMMENTS_CONSULTED, COMMENTS_WORRIED)]
    kind = np.where(effects.worried[group[who]], 2, np.where(effects.consulted[group[who]], 1, 0))
    kind = np.where(rng.random(len(who)) < 0.25, 0, kind)  # everyone also speaks of other things
    draw = rng.integers(0, 1_000, len(who))
    text = np.select([kind == k for k in range(3)], [p[draw % len(p)] for p in pools])
    return pd.DataFrame({"respondent_id": first_id + who, "text": text})


def build_wave(
    rng: np.random.Generator,
    scale: Scale,
    wave: str,
    agents: pd.DataFrame,
    owner: np.ndarray,
    entity_rate: np.ndarray,
    first_id: int,
) -> dict[str, pd.DataFrame]:
    """One wave's respondents, numeric answers (with a question index ``q``), choices and comments."""
    effects = wave_effects(scale, wave)
    who = _respondents(rng, agents, owner, wave, entity_rate, effects)
    group = owner[who]  # -1 (no project) indexes the last entry of every effect array
    questions = _numeric_questions()
    return {
        "respondents": _respondent_frame(rng, agents, who, wave, first_id),
        "answers": _long_answers(_numeric_answers(rng, group, effects, questions), first_id),
        "choices": _choices(rng, group, effects, first_id),
        "comments": _comments(rng, group, effects, first_id),
    }


def _numeric_questions() -> pd.DataFrame:
    """Catalogue questions answered by a number, with their position ``q``."""
    frame = catalogue.questions()
    numeric = frame[frame["scale"].isin(["who5", "likert5", "nps11"])][["code", "scale"]].reset_index(
        drop=True
    )
    return numeric.assign(q=np.arange(len(numeric), dtype=np.int16))


def response_rates_by_entity(rng: np.random.Generator, entities: pd.DataFrame) -> np.ndarray:
    """Each employer's base response rate; the third-largest commune lags well below 60 %."""
    rate = 0.70 + rng.normal(0, 0.04, len(entities))
    communes = entities[entities["kind"] == "commune"].sort_values(
        "population", ascending=False, kind="stable"
    )
    rate[communes.index[min(2, len(communes) - 1)]] = 0.48
    return rate


# -- careers and proposals -------------------------------------------------------------------------
CAREER_RATES = np.array([0.9, 0.3, 0.03, 0.03, 0.05])  # per agent and year, before any project
TRAINING_HOURS = (np.array([3.5, 7.0, 14.0, 21.0, 35.0]), np.array([0.2, 0.35, 0.25, 0.1, 0.1]))


def build_careers(
    rng: np.random.Generator, scale: Scale, agents: pd.DataFrame, owner: np.ndarray
) -> pd.DataFrame:
    """career_events: agent_key, date, kind, hours, project_id; more often after a project's decision."""
    specs = [PROJECTS[p] for p in scale.projects]
    begin = np.maximum(agents["start_date"].to_numpy().astype("datetime64[D]"), CAREERS_FROM)
    end = agents["end_date"].to_numpy().astype("datetime64[D]")
    end = np.where(np.isnat(end), TODAY, np.minimum(end, TODAY))
    decisions = np.array([_day(s.decision) for s in specs] + [TODAY])
    split = np.clip(decisions[owner], begin, np.maximum(begin, end))
    boost = np.array([s.career_boost for s in specs] + [(1.0,) * len(CAREER_KINDS)])[owner]
    years_before, years_after = (split - begin) / DAY / 365.25, (end - split) / DAY / 365.25
    counts = np.concatenate(
        [
            rng.poisson(CAREER_RATES * np.maximum(years_before, 0)[:, None]),
            rng.poisson(CAREER_RATES * boost * np.maximum(years_after, 0)[:, None]),
        ],
        axis=1,
    )
    cell = np.repeat(np.arange(counts.size), counts.ravel())
    agent, column = cell // counts.shape[1], cell % counts.shape[1]
    after = column >= len(CAREER_KINDS)
    lo, hi = np.where(after, split[agent], begin[agent]), np.where(after, end[agent], split[agent])
    date = lo + (rng.random(len(cell)) * np.maximum((hi - lo) // DAY, 1)).astype(int) * DAY
    kind = np.array(CAREER_KINDS)[column % len(CAREER_KINDS)]
    hours = np.where(
        kind == "formation", rng.choice(TRAINING_HOURS[0], len(cell), p=TRAINING_HOURS[1]), np.nan
    )
    project_ids = np.array([s.project_id for s in specs] + [None], dtype=object)
    linked = after & (owner[agent] >= 0) & (rng.random(len(cell)) < 0.85)
    return pd.DataFrame(
        {
            "agent_key": agents["agent_key"].to_numpy()[agent],
            "date": date.astype("datetime64[s]"),
            "kind": kind,
            "hours": hours,
            "project_id": np.where(linked, project_ids[owner[agent]], None),
        }
    )


PROPOSAL_STATUSES = ("deposee", "a_l_etude", "retenue", "mise_en_oeuvre", "non_retenue")
# Status shares by the proposal's age: under 30 days, 30 to 90 days, older.
STATUS_BY_AGE = np.array(
    [[0.6, 0.4, 0.0, 0.0, 0.0], [0.15, 0.35, 0.2, 0.15, 0.15], [0.05, 0.12, 0.2, 0.4, 0.23]]
)
THEMES = (
    (
        "Organisation du travail",
        "Vous avez proposé des horaires décalés l'été : ils sont appliqués depuis juin dans les équipes techniques.",
        "Étudiée en comité de pilotage, cette proposition n'est pas compatible avec la continuité du service public.",
    ),
    (
        "Outils numériques",
        "Vous avez demandé un agenda partagé entre collectivités : il est en service depuis septembre.",
        "Le logiciel proposé n'est pas compatible avec le système d'information commun ; une autre solution est à l'étude.",
    ),
    (
        "Formation",
        "Vous avez demandé des formations près de chez vous : des sessions ont lieu désormais dans les communes.",
        "Cette formation relève du CNFPT : la demande lui a été transmise.",
    ),
    (
        "Locaux et matériel",
        "Vous avez signalé le manque de salles de réunion : deux salles de la mairie annexe sont ouvertes aux équipes.",
        "Les travaux demandés ne sont pas inscrits au budget 2026 ; ils seront proposés au budget 2027.",
    ),
    (
        "Procédures",
        "Vous avez proposé un circuit unique de validation des factures : il est en place depuis la mise en œuvre.",
        "Le circuit proposé ne respecte pas les règles de la comptabilité publique ; un groupe de travail cherche une autre voie.",
    ),
    (
        "Communication interne",
        "Vous avez demandé une lettre d'information mensuelle sur la mutualisation : elle paraît depuis avril.",
        "Une lettre hebdomadaire a été jugée trop lourde à produire ; la lettre reste mensuelle.",
    ),
    (
        "Temps de travail",
        "Vous avez proposé la journée continue le vendredi : elle est expérimentée depuis la rentrée.",
        "La semaine de quatre jours n'est pas retenue pour l'accueil du public ; elle reste ouverte aux services techniques.",
    ),
    (
        "Accompagnement des agents",
        "Vous avez demandé un référent par commune : chaque commune a désormais un référent mutualisation.",
        "Un accompagnement par un cabinet extérieur n'est pas retenu ; les entretiens sont menés par la DRH.",
    ),
)
ACCEPTED_ANSWER = (
    "Proposition retenue par le comité de pilotage : sa mise en œuvre est prévue au premier semestre 2027."
)


def build_proposals(rng: np.random.Generator, agents: pd.DataFrame) -> pd.DataFrame:
    """proposals: proposal number, date, entity_id, service, theme, status, decision_date, answer."""
    n = max(round(0.085 * len(agents)), 12)
    first = np.datetime64("2025-09-01", "D")
    date = (
        first + (rng.power(1.6, n) * ((TODAY - 2 * DAY - first) // DAY)).astype(int) * DAY
    )  # more recent ones
    age = (TODAY - date) // DAY
    bucket = np.digitize(age, [30, 90])
    status = _pick(rng, np.cumsum(STATUS_BY_AGE, axis=1)[bucket])
    decided = status >= 2
    delay = 15 + (rng.random(n) * np.clip(age - 15, 1, 150)).astype(int)
    theme = rng.integers(0, len(THEMES), n)
    answers = np.array(
        [[None, None, ACCEPTED_ANSWER, done, refused] for _, done, refused in THEMES], dtype=object
    )
    author = rng.integers(0, len(agents), n)  # the proposer's employer and service, not the proposer
    return pd.DataFrame(
        {
            "number": np.arange(1, n + 1),
            "date": date.astype("datetime64[s]"),
            "entity_id": agents["entity_id"].to_numpy()[author],
            "service": agents["service"].to_numpy()[author],
            "theme": np.array([t for t, _, _ in THEMES])[theme],
            "status": np.array(PROPOSAL_STATUSES)[status],
            "decision_date": np.where(
                decided, np.minimum(date + delay * DAY, TODAY), np.datetime64("NaT")
            ).astype("datetime64[s]"),
            "answer": answers[theme, status],
        }
    )


# -- writing ---------------------------------------------------------------------------------------
# How each frame is inserted: the SELECT over the registered frame (event ids are numbered here).
INSERTS = {
    "entities": "entity_id, name, kind, population",
    "projects": "project_id, name, decision_date, go_live_date, objective",
    "project_services": "project_id, service",
    "project_entities": "project_id, entity_id",
    "charter_steps": "project_id, step, planned_date, actual_date",
    "agents": "agent_key, entity_id, service, category, status, start_date, end_date",
    "events": "printf('%s-%04d', project_id, number + 1) as event_id, project_id, date, kind, title, entity_id",
    "attendance": "printf('%s-%04d', project_id, number + 1) as event_id, agent_key, status",
    "waves": "wave, opened_at, closed_at, k_threshold, published",
    "respondents": "respondent_id, wave, respondent_key, entity_id, service, category, submitted_at",
    "answers": "respondent_id, question_id, value",
    "choices": "respondent_id, 'objective_perceived' as question_code, choice",
    "comments": "respondent_id, 'comment' as question_code, text",
    "career_events": "agent_key, date, kind, hours, project_id",
    "proposals": "printf('PROP-%05d', number) as proposal_id, date, entity_id, service, theme, status, decision_date, answer",
}
DEMO_TABLES = (
    "entities",
    "projects",
    "project_services",
    "project_entities",
    "charter_steps",
    "agents",
    "events",
    "attendance",
    "waves",
    "respondents",
    "answers",
    "choices",
    "comments",
    "career_events",
    "proposals",
)


def _insert(cur: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, import_id: int) -> None:
    """Insert a frame through its INSERTS select, stamped with the demo's import_id."""
    cur.register("demo_frame", frame)
    source = "demo_frame join demo_codes using (q) join question_ids using (code)" if name == "answers" else "demo_frame"
    # numeric answers carry no import id: they belong to the demo through their respondent
    stamp = "" if name == "answers" else ", $import_id as import_id"
    cur.execute(
        f"insert into {name} by name select {INSERTS[name]}{stamp} from {source}",
        {"import_id": import_id} if stamp else {},
    )
    cur.unregister("demo_frame")


def _rows_of(cur: duckdb.DuckDBPyConnection, table: str, import_id: int) -> int:
    """How many rows of ``table`` the demo import brought (answers: those of its respondents)."""
    mine = (
        "respondent_id in (select respondent_id from respondents where import_id = $id)"
        if table == "answers"
        else "import_id = $id"
    )
    return int(cur.execute(f"select count(*) from {table} where {mine}", {"id": import_id}).fetchone()[0])


class _Steps:
    """Reports each step to ``progress`` with the share of the work done so far."""

    def __init__(self, progress: Progress | None, weights: dict[str, float], repeats: dict[str, int]) -> None:
        self.progress, self.weights, self.done = progress, weights, 0.0
        self.total = sum(w * repeats.get(key, 1) for key, w in weights.items())

    def __call__(self, key: str, **values: str) -> None:
        if self.progress:
            self.progress(t(f"demo.progress.{key}", **values), self.done / self.total)
        self.done += self.weights[key]


def generate(store: Store, *, scale: str = "small", seed: int = 42, progress: Progress | None = None) -> dict:
    """Fill an empty store with the demo territory; returns a summary (rows per table, seconds).

    ``progress(step, fraction)`` is called before each step with a translated label.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown demo scale {scale!r}: choose one of {', '.join(SCALES)}")
    if not store.is_empty():
        raise ValueError(t("demo.error.not_empty"))
    began = time.perf_counter()
    spec = SCALES[scale]
    weights = {
        "territory": 1,
        "projects": 0.5,
        "events": 2,
        "wave": 1,
        "careers": 1,
        "proposals": 0.5,
        "saving": 0.5,
    }
    steps = _Steps(progress, weights, {"wave": len(spec.waves)})
    rng = np.random.default_rng(seed)
    with store.transaction() as cur:
        import_id = store.next_import_id(cur)
        cur.execute(
            "insert into imports (import_id, kind, file_name, source_format, imported_by, status) "
            "values ($id, 'demo', $name, 'demo', 'mututrack demo', 'demo')",
            {"id": import_id, "name": f"démonstration ({scale}, seed {seed})"},
        )
        _write_all(cur, rng, spec, steps, import_id)
        steps("saving")
        counts = {table: _rows_of(cur, table, import_id) for table in DEMO_TABLES}
        cur.execute(
            "update imports set rows = $rows where import_id = $id",
            {"rows": sum(counts.values()), "id": import_id},
        )
    from mututrack.publication import build as publication  # the layer above the store: imported late

    publication.refresh_all(store)
    if progress:
        progress(t("demo.progress.done"), 1.0)
    return {
        "import_id": import_id,
        "scale": scale,
        "seed": seed,
        "tables": counts,
        "rows": sum(counts.values()),
        "seconds": round(time.perf_counter() - began, 2),
    }


def _write_all(
    cur: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    spec: Scale,
    steps: _Steps,
    import_id: int,
) -> None:
    """Draw and insert every table, in dependency order, wave by wave for the survey."""
    steps("territory")
    entities = build_entities(rng, spec)
    agents = build_agents(rng, entities)
    _insert(cur, "entities", entities, import_id)
    _insert(cur, "agents", agents, import_id)
    steps("projects")
    for name, frame in build_projects(spec, entities).items():
        _insert(cur, name, frame, import_id)
    steps("events")
    owner = project_of_agent(agents, entities, spec)
    for index, project_id in enumerate(spec.projects):
        scope = in_scope(agents, owner, index, _day(PROJECTS[project_id].decision))
        events, attendance = build_events(rng, PROJECTS[project_id], agents, entities, scope)
        _insert(cur, "events", events, import_id)
        _insert(cur, "attendance", attendance, import_id)
    _write_waves(cur, rng, spec, steps, agents, entities, owner, import_id)
    steps("careers")
    _insert(cur, "career_events", build_careers(rng, spec, agents, owner), import_id)
    steps("proposals")
    _insert(cur, "proposals", build_proposals(rng, agents), import_id)


def _write_waves(
    cur: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    spec: Scale,
    steps: _Steps,
    agents: pd.DataFrame,
    entities: pd.DataFrame,
    owner: np.ndarray,
    import_id: int,
) -> None:
    """The waves table, then each wave's respondents and answers, one wave in memory at a time."""
    _insert(cur, "waves", build_waves(spec), import_id)
    cur.register("demo_codes", _numeric_questions()[["q", "code"]])
    entity_rate = response_rates_by_entity(rng, entities)
    for wave in spec.waves:
        steps("wave", wave=wave)
        # Respondent ids come from the store's sequence, so that later imports never collide with them.
        first_id = int(cur.execute("select nextval('respondent_id_seq')").fetchone()[0])
        frames = build_wave(rng, spec, wave, agents, owner, entity_rate, first_id)
        extra = len(frames["respondents"]) - 1
        if extra > 0:
            cur.execute("select max(nextval('respondent_id_seq')) from range($n)", {"n": extra}).fetchall()
        for name, frame in frames.items():
            _insert(cur, name, frame, import_id)
    cur.unregister("demo_codes")

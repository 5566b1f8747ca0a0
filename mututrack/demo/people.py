"""The demo's people: agents on their employers' rolls, their careers, and the proposals they made.

Agents are drawn per employer profile (which services a town, a village, the EPCI or a CCAS has);
career events grow after a project's decision for the agents of its scope.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mututrack.demo.events import PROJECTS
from mututrack.demo.territory import CAREERS_FROM, DAY, TODAY, Scale, day

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


# -- agents ----------------------------------------------------------------------------------------
def pick(rng: np.random.Generator, cumulative: np.ndarray) -> np.ndarray:
    """One column index per row of a row-wise cumulative probability matrix."""
    return (rng.random(len(cumulative))[:, None] > cumulative[:, :-1]).sum(axis=1)


def hex_keys(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` random 64-hex-digit keys, the shape of the HMAC-SHA256 pseudonyms of real imports."""
    return np.frombuffer(rng.bytes(32 * count).hex().encode("ascii"), dtype="S64").astype(str)


def build_agents(rng: np.random.Generator, entities: pd.DataFrame) -> pd.DataFrame:
    """Agents: agent_key, entity_id, service, category, status, start_date, end_date (+ entity index)."""
    entity = np.repeat(np.arange(len(entities)), entities["agents"].to_numpy())
    n = len(entity)
    profile = entities["profile"].map({p: i for i, p in enumerate(PROFILES)}).to_numpy()[entity]
    weights = SERVICE_WEIGHTS[list(PROFILES)].to_numpy(float).T
    service = pick(rng, np.cumsum(weights / weights.sum(1, keepdims=True), axis=1)[profile])
    shares = SERVICE_WEIGHTS[["share_a", "share_b"]].to_numpy()[service]
    category = np.array(["A", "B", "C"])[pick(rng, np.cumsum(np.c_[shares, 1 - shares.sum(1)], axis=1))]
    contract = rng.random(n) < np.where(category == "A", 0.15, 0.22)
    years = np.minimum(rng.exponential(9.0, n), 40.0)
    start = TODAY - (years * 365.25).astype(int) * DAY
    # About 9 % left since mid-2025, some of them before a project's decision.
    earliest, latest = np.maximum(start + 30 * DAY, day("2025-06-01")), TODAY - 6 * DAY
    leaves = (rng.random(n) < 0.09) & (earliest < latest)
    left_on = earliest + (rng.random(n) * np.maximum((latest - earliest) // DAY, 1)).astype(int) * DAY
    return pd.DataFrame(
        {
            "agent_key": hex_keys(rng, n),
            "entity_id": entities["entity_id"].to_numpy()[entity],
            "service": SERVICE_WEIGHTS["service"].to_numpy()[service],
            "category": category,
            "status": np.where(contract, "contractuel", "titulaire"),
            "start_date": start.astype("datetime64[s]"),
            "end_date": np.where(leaves, left_on, np.datetime64("NaT")).astype("datetime64[s]"),
            "entity": entity,
        }
    )


# -- careers and proposals -------------------------------------------------------------------------
CAREER_KINDS = ("formation", "entretien_carriere", "mobilite", "nouvelle_fonction", "promotion")
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
    decisions = np.array([day(s.decision) for s in specs] + [TODAY])
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
        "Vous avez proposé des horaires décalés l'été : ils sont appliqués depuis juin dans les équipes "
        "techniques.",
        "Étudiée en comité de pilotage, cette proposition n'est pas compatible avec la continuité du "
        "service public.",
    ),
    (
        "Outils numériques",
        "Vous avez demandé un agenda partagé entre collectivités : il est en service depuis septembre.",
        "Le logiciel proposé n'est pas compatible avec le système d'information commun ; une autre solution "
        "est à l'étude.",
    ),
    (
        "Formation",
        "Vous avez demandé des formations près de chez vous : des sessions ont lieu désormais dans les "
        "communes.",
        "Cette formation relève du CNFPT : la demande lui a été transmise.",
    ),
    (
        "Locaux et matériel",
        "Vous avez signalé le manque de salles de réunion : deux salles de la mairie annexe sont ouvertes "
        "aux équipes.",
        "Les travaux demandés ne sont pas inscrits au budget 2026 ; ils seront proposés au budget 2027.",
    ),
    (
        "Procédures",
        "Vous avez proposé un circuit unique de validation des factures : il est en place depuis la mise en "
        "œuvre.",
        "Le circuit proposé ne respecte pas les règles de la comptabilité publique ; un groupe de travail "
        "cherche une autre voie.",
    ),
    (
        "Communication interne",
        "Vous avez demandé une lettre d'information mensuelle sur la mutualisation : elle paraît depuis "
        "avril.",
        "Une lettre hebdomadaire a été jugée trop lourde à produire ; la lettre reste mensuelle.",
    ),
    (
        "Temps de travail",
        "Vous avez proposé la journée continue le vendredi : elle est expérimentée depuis la rentrée.",
        "La semaine de quatre jours n'est pas retenue pour l'accueil du public ; elle reste ouverte aux "
        "services techniques.",
    ),
    (
        "Accompagnement des agents",
        "Vous avez demandé un référent par commune : chaque commune a désormais un référent mutualisation.",
        "Un accompagnement par un cabinet extérieur n'est pas retenu ; les entretiens sont menés par la DRH.",
    ),
)
# Per theme (THEMES' order): who must answer, and what agents proposed. Owners are services or roles,
# never the author; one proposal in NOT_ASSIGNED waits for an owner.
THEME_OWNERS = (
    "Direction générale des services",
    "Direction des systèmes d'information",
    "DRH – service formation",
    "Services techniques – patrimoine",
    "Direction des finances",
    "Service communication",
    "DRH – temps de travail",
    "DRH – accompagnement de la mutualisation",
)
THEME_TEXTS = (
    ("Décaler les horaires des équipes techniques l'été pour éviter les fortes chaleurs.",
     "Regrouper les réunions d'équipe sur une demi-journée par semaine pour limiter les déplacements "
     "entre les sites."),
    ("Partager un agenda entre les collectivités pour réserver les salles et voir les disponibilités.",
     "Donner accès à la messagerie et aux dossiers partagés depuis les postes des mairies annexes."),
    ("Organiser les formations dans les communes plutôt qu'au siège, pour les agents sans voiture.",
     "Former les agents d'accueil au nouveau logiciel avant sa mise en service, pas après."),
    ("Ouvrir des salles de réunion de la mairie annexe aux équipes du service commun.",
     "Équiper les agents qui travaillent sur plusieurs sites d'un ordinateur portable."),
    ("Mettre en place un circuit unique de validation des factures entre les communes et l'agglomération.",
     "Simplifier le formulaire de demande de congés, identique pour toutes les collectivités."),
    ("Publier chaque mois une lettre d'information sur l'avancement de la mutualisation.",
     "Présenter les nouveaux collègues du service commun lors d'un temps d'accueil."),
    ("Expérimenter la journée continue le vendredi.",
     "Harmoniser les cycles de travail entre les agents venus de communes différentes."),
    ("Désigner un référent mutualisation dans chaque commune pour répondre aux questions des agents.",
     "Proposer un entretien individuel à chaque agent avant son changement de service."),
)
NOT_ASSIGNED = 7  # every seventh proposal has no owner yet

ACCEPTED_ANSWER = (
    "Proposition retenue par le comité de pilotage : sa mise en œuvre est prévue au premier semestre 2027."
)


def build_proposals(rng: np.random.Generator, agents: pd.DataFrame) -> pd.DataFrame:
    """proposals: proposal number, date, entity_id, service, theme, status, decision_date, answer, text,
    owner."""
    n = max(round(0.085 * len(agents)), 12)
    first = np.datetime64("2025-09-01", "D")
    date = (
        first + (rng.power(1.6, n) * ((TODAY - 2 * DAY - first) // DAY)).astype(int) * DAY
    )  # more recent ones
    age = (TODAY - date) // DAY
    bucket = np.digitize(age, [30, 90])
    status = pick(rng, np.cumsum(STATUS_BY_AGE, axis=1)[bucket])
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
            # drawn from the number, not the generator: the other tables stay as they were
            "text": [THEME_TEXTS[th][number % 2] for th, number in zip(theme, range(1, n + 1), strict=True)],
            "owner": [None if number % NOT_ASSIGNED == 0 else THEME_OWNERS[th]
                      for th, number in zip(theme, range(1, n + 1), strict=True)],
        }
    )

"""The demo's projects and their consultation: charter steps, consultation events and attendance.

Each project follows a story (``PROJECTS``): how early its agents are involved, how often employers
meet at its events, how its charter steps are kept. Events are drawn from attendance slots, so that
the involvement rates are exact shares of each project's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mututrack.demo.territory import DAY, TODAY, Scale, day


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
    career_boost: tuple[float, ...] = (1, 1, 1, 1, 1)  # after the decision, per people.CAREER_KINDS
    objectives_seen: tuple[float, float, float, float] = (0.25, 0.2, 0.2, 0.35)  # surveys.OBJECTIVES shares


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
        topics=("processus de paie", "circuit des factures", "gestion des carrières",
                "préparation budgétaire", "organisation du futur service commun", "outils RH partagés"),
        trainings=("logiciel de paie commun", "nouvelle chaîne comptable", "accueil des agents des communes"),
        charter=(("Réunion d'information des agents", -180, -182),
                 ("Présentation de la charte de la concertation au CST", -165, -165),
                 ("Ateliers de co-construction", -120, -114),
                 ("Immersions croisées entre collectivités", -90, -92),
                 ("Restitution des propositions aux agents", -30, -27),
                 ("Avis du CST sur l'organisation cible", -14, -14),
                 ("Entretiens individuels avant affectation", 90, 88)),
        wellbeing=((-60, -1, -1.0, 0.3), (0, 45, 1.0, 0.2), (46, 9999, 2.5, -0.3)),
        item_shifts={"inv_informed": 0.8, "inv_rules": 0.9, "inv_early": 1.2, "inv_heard": 0.8,
                     "inv_network": 1.3, "chg_awareness": 0.6, "chg_desire": 0.5, "chg_knowledge": 0.5,
                     "chg_ability": 0.4, "chg_reinforcement": 0.4, "car_prospects": 0.5, "car_skills": 0.5,
                     "car_support": 0.6},
        career_boost=(2.2, 2.5, 3.0, 4.0, 1.5), objectives_seen=(0.18, 0.2, 0.47, 0.15)),
    ProjectSpec(
        "VOIRIE-SI", "Mutualisation voirie et informatique", ("Voirie", "Informatique"), "most", "economies",
        "2026-06-23", "2027-01-04", "2026-05-26", "2026-11-20",
        early_rate=0.15, pre_extra=0.2, post_rate=2.2, cross_rate=0.06,
        kinds_before={"information": 1.0},
        kinds_after={"information": 0.25, "formation": 0.4, "entretien": 0.25, "atelier": 0.1},
        topics=("organisation des équipes de voirie", "parc informatique", "astreintes",
                "support aux utilisateurs"),
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
        item_shifts={"inv_informed": 0.5, "inv_early": 0.7, "inv_heard": 0.5, "inv_network": 0.6,
                     "car_skills": 0.5},
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
            "decision_date": [day(p.decision) for p in specs],
            "go_live_date": [day(p.go_live) for p in specs],
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
    has_after = decision < min(day(spec.follow_until), TODAY)
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
        rng, spec, scope, start, agents["end_date"].notna().to_numpy(), day(spec.decision)
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
    decision = day(spec.decision)
    lo = np.where(phase == 0, day(spec.consult_from), decision)
    hi = np.where(phase == 0, min(decision, TODAY) - DAY, min(day(spec.follow_until), TODAY - DAY))
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
    """Number events by date, title them, and keep one attendance row per (event, agent), best status
    first."""
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

"""The demo's survey waves: respondents, numeric answers, perceived objectives and comments.

One wave at a time: who answered (response rates by employer and category), and what the story does
to each project's agents at that wave (``wave_effects``). Missing answers are omitted rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mututrack import catalogue
from mututrack.demo.events import PROJECTS
from mututrack.demo.people import hex_keys, pick
from mututrack.demo.territory import DAY, TODAY, Scale, day

# -- survey waves ----------------------------------------------------------------------------------
OBJECTIVES = ("economies", "qualite_service", "les_deux", "ne_sait_pas")
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
    "Nous sommes en sous-effectif depuis des mois et la fatigue se fait sentir.",
    "Le régime indemnitaire n'est pas le même d'une collectivité à l'autre, c'est injuste.",
    "J'aimerais préparer un concours mais aucune formation n'est proposée près de chez moi.",
    "Le travail est intéressant et utile aux usagers, j'en suis fier.",
    "Les logiciels changent sans que personne ne soit formé à les utiliser.",
    "Notre responsable nous soutient, l'entraide entre collègues est réelle.",
)
COMMENTS_CONSULTED = (
    "Les ateliers avec les collègues de l'agglomération ont été très utiles.",
    "J'ai découvert les pratiques des autres communes, c'est enrichissant.",
    "Nous avons été écoutés : plusieurs de nos propositions ont été reprises.",
    "La journée d'immersion m'a permis de mieux comprendre le futur service commun.",
    "Le calendrier a été présenté clairement dès le début de la démarche.",
    "Les entretiens individuels avant l'affectation sont rassurants.",
    "La mutualisation ouvre des perspectives de carrière et de mobilité entre collectivités.",
    "Les réunions d'équipe sur la nouvelle organisation permettent de donner notre avis.",
)
COMMENTS_WORRIED = (
    "Nous avons appris la mutualisation une fois la décision prise.",
    "Personne ne nous a demandé notre avis sur l'organisation des équipes.",
    "J'ai peur de devoir changer de lieu de travail sans savoir où.",
    "L'objectif semble être uniquement de faire des économies.",
    "Les réunions d'information arrivent trop tard, tout est déjà décidé.",
    "Beaucoup d'inquiétude dans l'équipe sur les astreintes et les horaires.",
    "Nous attendons toujours la restitution des propositions qui avait été promise.",
    "La surcharge de travail liée à la réorganisation conduit à l'épuisement de plusieurs collègues.",
    "On ne comprend pas pourquoi nos services sont regroupés, les objectifs restent flous.",
)
# A second sentence, or none, after the first: one respondent's comment rarely says one thing only.
COMMENT_DETAILS = (
    "",
    "",
    "",
    "Les trajets vers le nouveau site seront plus longs.",
    "Il faudrait reconnaître davantage le travail des agents de terrain.",
    "L'encadrement de proximité manque de temps pour nous écouter.",
    "Un accompagnement individuel serait le bienvenu.",
    "Le rythme de travail ne laisse plus le temps de bien faire.",
    "Le matériel est souvent en panne.",
    "La communication interne pourrait être plus régulière.",
    "Les usagers doivent continuer d'avoir un service public de qualité.",
    "Les perspectives d'évolution professionnelle ne sont pas claires.",
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
    close = day(WAVE_CLOSES[wave])
    specs = [PROJECTS[p] for p in scale.projects]
    size = len(specs) + 1
    who5, security = np.zeros(size), np.zeros(size)
    items = {code: np.zeros(size) for code in LIKERT_MODEL}
    consulted, worried = np.zeros(size, bool), np.zeros(size, bool)
    for index, spec in enumerate(specs):
        days = int((close - day(spec.decision)) // DAY)
        for low, high, index_shift, fear in spec.wellbeing:
            if low <= days <= high:
                who5[index], security[index] = index_shift, fear
        started = close >= day(spec.consult_from)
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
    close = day(WAVE_CLOSES[wave])
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
    keys = hex_keys(rng, n) if wave >= TOKEN_WAVES_FROM else np.full(n, None)
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
    choice = np.array(OBJECTIVES)[pick(rng, cumulative)]
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
    first = np.select([kind == k for k in range(3)], [p[draw % len(p)] for p in pools])
    # the second sentence from the same draw's higher digits: no further draw, the rest of the demo unchanged
    details = np.array(COMMENT_DETAILS, dtype=object)[(draw // 16) % len(COMMENT_DETAILS)]
    text = [f"{one} {two}".strip() for one, two in zip(first, details, strict=True)]
    return pd.DataFrame({"respondent_id": first_id + who, "text": pd.Series(text, dtype=object)})


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
    questions = numeric_questions()
    return {
        "respondents": _respondent_frame(rng, agents, who, wave, first_id),
        "answers": _long_answers(_numeric_answers(rng, group, effects, questions), first_id),
        "choices": _choices(rng, group, effects, first_id),
        "comments": _comments(rng, group, effects, first_id),
    }


def numeric_questions() -> pd.DataFrame:
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

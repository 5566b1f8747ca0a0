"""The kinds of file MutuTrack imports and their columns, as one table of data.

Each column has its English name (the canonical one), its French name (the template's header),
other spellings met in real files, a type, and whether it is required (DESIGN.md "Import contract";
``entities`` is an addition: the employers of the territory, ids such as ``CA`` for the
agglomeration, referred to by agents, events, projects and proposals).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Field", "Kind", "KINDS", "kind_names", "ENUMS"]

# Allowed values, and other spellings of them met in files (matched case- and accent-insensitively).
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "entity_kind": {
        "commune": ("ville", "mairie"),
        "epci": ("agglomeration", "communaute", "ca", "cc", "interco", "intercommunalite"),
        "autre": ("other", "syndicat", "ccas", "cias"),
    },
    "objective": {
        "economies": ("economie", "savings", "faire des economies"),
        "qualite_service": ("qualite", "qualite du service", "service quality"),
        "les_deux": ("both", "les 2"),
    },
    "category": {"A": ("cat a", "categorie a"), "B": ("cat b", "categorie b"), "C": ("cat c", "categorie c")},
    "agent_status": {
        "titulaire": ("fonctionnaire", "tenured", "stagiaire"),
        "contractuel": ("contractuelle", "contract", "contractual", "cdd", "cdi"),
    },
    "event_kind": {
        "information": ("reunion d information", "info"),
        "atelier": ("workshop",),
        "groupe_travail": ("groupe de travail", "working group", "gt"),
        "immersion": ("vis ma vie",),
        "formation": ("training",),
        "entretien": ("interview", "entretien individuel"),
    },
    "attendance": {
        "present": ("presente", "p", "oui", "yes", "x", "1"),
        "excuse": ("excusee", "excused", "e"),
        "absent": ("absente", "a", "non", "no", "0"),
    },
    "career_kind": {
        "formation": ("training",),
        "mobilite": ("mobilite interne", "mobility"),
        "nouvelle_fonction": ("nouvelles fonctions", "new function", "new role"),
        "promotion": ("avancement",),
        "entretien_carriere": ("entretien de carriere", "career interview", "entretien professionnel"),
    },
    "proposal_status": {
        "deposee": ("submitted", "deposee", "nouvelle"),
        "a_l_etude": ("en cours d etude", "a l etude", "under review", "en etude"),
        "retenue": ("accepted", "acceptee", "adopted"),
        "mise_en_oeuvre": ("mise en oeuvre", "implemented", "realisee"),
        "non_retenue": ("rejected", "refusee", "rejetee"),
    },
    # action plans (mututrack/plans.py holds the same values)
    "action_status": {
        "a_faire": ("a faire", "to do", "todo", "nouvelle", "prevue"),
        "en_cours": ("en cours", "in progress", "demarree"),
        "fait": ("faite", "done", "terminee", "termine", "realisee"),
        "abandonnee": ("abandonne", "abandon", "dropped", "annulee", "annule"),
    },
    "action_origin": {
        "levier": ("levier du bien etre", "lever", "driver"),
        "alerte": ("alert",),
        "proposition": ("proposition d agent", "proposal"),
        "autre": ("other",),
    },
    "group_kind": {
        "organisation": ("toute l organisation", "organization", "tous", "ensemble"),
        "entity": ("collectivite", "entite", "employeur"),
        "category": ("categorie",),
        "project": ("projet",),
    },
    "scale": {
        "likert5": ("likert",),
        "who5": (),
        "nps11": ("nps", "enps"),
        "choice": ("choix",),
        "text": ("texte", "libre"),
    },
}


@dataclass(frozen=True)
class Field:
    """One column of a kind: canonical name, French header, type, whether required, other names."""

    name: str
    french: str
    type: str = "text"  # text | key | id | date | datetime | enum | list | number | int | bool
    required: bool = False
    enum: str | None = None
    aliases: tuple[str, ...] = ()
    default: str | None = None
    # number and int: larger values are refused as implausible (and would not fit the store)
    maximum: float = 1e9

    def names(self) -> tuple[str, ...]:
        return (self.name, self.french, *self.aliases)


@dataclass(frozen=True)
class Kind:
    """A kind of file: its columns, the column identifying a row (unique in the file and the store)."""

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)


F = Field
# Short codes a survey tool or a spreadsheet gives these columns (LimeSurvey's question codes: ``COLL``).
SHORT = {
    "entity": ("coll", "collec", "collect", "code_coll", "coll_id"),
    "service": ("serv", "svc", "code_serv", "dir"),
    "category": ("categ", "cat_hier"),
}
ENTITY = F("entity", "collectivite", "id",
    aliases=("entity_id", "entite", "code_collectivite", "employeur", "commune", *SHORT["entity"]))
PROJECT = F("project_id", "code_projet", "id", True, aliases=("projet", "project", "id_projet"))
AGENT = F("agent_id", "matricule", "key", True, aliases=("id_agent", "numero_agent", "employee_id", "agent"))

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("entities", (
            F("entity", "collectivite", "id", True, aliases=("entity_id", "code_collectivite", "code", "id")),
            F("name", "nom", "text", True, aliases=("libelle", "raison_sociale", "nom_collectivite")),
            F("kind", "type", "enum", True, "entity_kind", aliases=("nature", "type_collectivite")),
            # France has 68 million inhabitants
            F("population", "population", "int",
                aliases=("habitants", "nombre_habitants"), maximum=100_000_000),
        ), key=("entity",)),
        Kind("projects", (
            PROJECT,
            F("name", "nom", "text", True, aliases=("intitule", "libelle", "nom_projet")),
            F("decision_date", "date_decision", "date", True,
                aliases=("date_de_decision", "date_deliberation")),
            F("go_live_date", "date_mise_en_oeuvre", "date", aliases=("date_de_mise_en_oeuvre", "go_live")),
            F("services", "services", "list", True, aliases=("services_mutualises",)),
            F("entities", "collectivites", "list", aliases=("entites", "communes")),
            F("objective", "objectif", "enum", enum="objective"),
        ), key=("project_id",)),
        Kind("charter", (
            PROJECT,
            F("step", "etape", "text", True, aliases=("engagement", "jalon")),
            F("planned_date", "date_prevue", "date", True, aliases=("prevue", "echeance")),
            F("actual_date", "date_realisee", "date", aliases=("realisee", "date_reelle")),
        ), key=("project_id", "step")),
        Kind("agents", (
            AGENT,
            F("entity", "collectivite", "id", True,
                aliases=("entity_id", "entite", "employeur", "code_collectivite", *SHORT["entity"])),
            F("service", "service", "text", True,
                aliases=("direction", "service_affectation", *SHORT["service"])),
            F("category", "categorie", "enum", True, "category", aliases=("cat", "categorie_hierarchique")),
            F("status", "statut", "enum", enum="agent_status"),
            F("start_date", "date_entree", "date", aliases=("date_d_entree", "date_arrivee")),
            F("end_date", "date_sortie", "date", aliases=("date_de_sortie", "date_depart")),
        ), key=("agent_id",)),
        Kind("events", (
            F("event_id", "code_evenement", "id", True, aliases=("evenement", "id_evenement", "code_event")),
            PROJECT,
            F("date", "date", "date", True, aliases=("date_evenement",)),
            F("kind", "type", "enum", True, "event_kind", aliases=("type_evenement", "nature")),
            F("title", "intitule", "text", aliases=("titre", "libelle", "objet")),
            ENTITY,
        ), key=("event_id",)),
        Kind("attendance", (
            F("event_id", "code_evenement", "id", True, aliases=("evenement", "id_evenement", "code_event")),
            AGENT,
            F("status", "presence", "enum", enum="attendance", default="present",
                aliases=("statut", "emargement")),
        ), key=("event_id", "agent_id")),
        Kind("careers", (
            AGENT,
            F("date", "date", "date", True),
            F("kind", "type", "enum", True, "career_kind", aliases=("nature", "evenement")),
            # a year's work is 1,607 h
            F("hours", "heures", "number", aliases=("nombre_heures", "duree_heures", "duree"), maximum=2_000),
            F("project_id", "code_projet", "id", aliases=("projet",)),
        )),
        Kind("proposals", (
            F("proposal_id", "code_proposition", "id", True,
                aliases=("proposition", "id_proposition", "numero")),
            F("date", "date", "date", True, aliases=("date_depot",)),
            ENTITY,
            F("service", "service", "text"),
            F("theme", "theme", "text", True, aliases=("sujet", "thematique")),
            F("status", "statut", "enum", True, "proposal_status", aliases=("etat",)),
            F("decision_date", "date_decision", "date", aliases=("date_de_decision",)),
            F("answer", "reponse", "text", aliases=("reponse_apportee", "suite_donnee")),
            # "proposition" names the id in some files and the text in others: the id when no other
            # column names it (headers.match_headers gives a shared spelling to the first free field)
            F("text", "texte", "text", aliases=(
                "proposition", "texte_proposition", "texte_de_la_proposition", "description", "intitule",
                "contenu", "libelle")),
            # who must answer (staff), not "porteur": that is the author
            F("owner", "responsable", "text", aliases=(
                "pilote", "referent", "service_en_charge", "en_charge", "owner")),
        ), key=("proposal_id",)),
        Kind("questions", (
            F("code", "code", "id", True, aliases=("question_code", "code_question")),
            F("text_fr", "libelle", "text", True, aliases=("texte", "question", "libelle_fr", "intitule")),
            F("text_en", "libelle_en", "text", aliases=("text", "english")),
            F("dimension", "dimension", "text", True, aliases=("theme", "axe")),
            F("scale", "echelle", "enum", True, "scale", aliases=("type", "echelle_reponse")),
            F("reverse", "inverse", "bool", aliases=("reverse_coded", "inversee")),
        ), key=("code",)),
        Kind("responses", (
            F("respondent_id", "identifiant", "key",
                aliases=("token", "jeton", "code d acces", "respondent", "email", "email address",
                         "adresse de messagerie", "adresse e mail", "courriel")),
            # LimeSurvey question codes are short (COLL, SERV, CAT): the ones HR gives these questions
            F("entity", "collectivite", "id",
                aliases=("entity_id", "entite", "employeur", "votre collectivite", "votre employeur",
                         *SHORT["entity"])),
            F("service", "service", "text", aliases=("votre service", "direction", *SHORT["service"])),
            F("category", "categorie", "enum", enum="category",
                aliases=("votre categorie", "cat", *SHORT["category"])),
            F("submitted_at", "date_reponse", "datetime",
                aliases=("submitdate", "date de soumission", "completion time", "heure de fin", "timestamp",
                         "horodateur", "horodatage", "date_soumission")),
        )),
        Kind("actions", (
            F("action_id", "code_action", "id", True, aliases=("id_action", "numero_action")),
            F("title", "intitule", "text", True, aliases=("titre", "action", "libelle")),
            F("owner", "responsable", "text", True, aliases=("porteur", "pilote", "owner")),
            F("due_date", "echeance", "date", aliases=("date_echeance", "date_limite", "due")),
            F("status", "statut", "enum", enum="action_status", default="a_faire", aliases=("etat",)),
            F("origin_kind", "origine", "enum", enum="action_origin", aliases=("origin", "source")),
            F("origin_ref", "reference_origine", "text", aliases=("reference", "origin_reference")),
            F("indicator", "indicateur", "text", aliases=("indicateur_suivi", "indicator")),
            F("group_kind", "type_groupe", "enum", enum="group_kind", default="organisation",
                aliases=("type_de_groupe", "group_type")),
            F("group_value", "groupe", "text", aliases=("group", "groupe_suivi")),
            F("created_at", "date_creation", "date", aliases=("creee_le", "date_de_creation", "created")),
        ), key=("action_id",)),
    )
}


def kind_names() -> tuple[str, ...]:
    """Every kind, in the order HR usually imports them (territory first, survey waves, then the
    action plans that follow their results)."""
    return tuple(KINDS)

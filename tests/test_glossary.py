"""The glossary: complete in both languages, tied to the words the pages really show, one spelling per
notion, and shown where it helps (the Glossaire page, the key figures' tooltips)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from mututrack import auth, i18n
from mututrack.catalogue import glossary
from mututrack.ui.navigation import PAGE_TITLES
from tests.conftest import open_page

TERMS = glossary.terms()
# The glossary page's own strings name every term: they cannot show that a term is used elsewhere.
OWN_KEYS = re.compile(r"^(glossary\.|nav\.glossary$)")


def _ui_texts(lang: str) -> str:
    """Every string of the interface in ``lang`` but the glossary page's, folded for comparison."""
    texts = []
    for key, entry in i18n.strings().items():
        if not OWN_KEYS.match(key):
            text = entry[lang]
            texts += list(text.values()) if isinstance(text, dict) else [text]
    return glossary.fold(" ¶ ".join(texts))


def test_every_term_has_both_names_and_both_definitions() -> None:
    assert 25 <= len(TERMS) <= 40
    assert TERMS["term"].is_unique and TERMS["term"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    for column in ("name_fr", "name_en", "definition_fr", "definition_en"):
        assert TERMS[column].str.strip().str.len().gt(0).all(), column
        assert TERMS[column].is_unique, column
    for definition in [*TERMS["definition_fr"], *TERMS["definition_en"]]:
        assert definition.endswith("."), definition  # whole sentences
        assert len(definition) <= 420, definition  # one or two sentences: a tooltip, not a page


def test_every_term_names_the_pages_where_it_appears() -> None:
    for term, pages in zip(TERMS["term"], TERMS["pages"], strict=True):
        assert pages, term
        assert set(pages) <= set(PAGE_TITLES), term  # pages of the navigation: links name them


@pytest.mark.parametrize(("term", "lang", "wanted"), [
    # the formulas of DOMAIN.md, as the definitions must state them
    ("who5_index", "fr", ["somme des cinq", "× 4", "0 à 100", "10 points"]),
    ("who5_index", "en", ["sum of the five", "× 4", "0 to 100", "10 points"]),
    ("who5_poor_share", "fr", ["inférieur à 52", "inférieur à 13"]),
    ("enps", "fr", ["promoteurs (9–10) − % de détracteurs (0–6)"]),
    ("enps", "en", ["promoters (9–10) − % detractors (0–6)"]),
    ("early_involvement_rate", "fr", ["strictement avant la décision ÷ agents concernés"]),
    ("early_involvement_rate", "en", ["strictly before the decision ÷ staff in scope"]),
    ("charter_on_time_share", "fr", ["à l'heure ÷ (à l'heure + en retard + échéance dépassée)"]),
    ("adoption_rate", "fr", ["÷ (retenues + mises en œuvre + non retenues)"]),
    ("response_rate", "fr", ["Répondants ÷ agents en poste à la date de clôture", "60 %"]),
    ("participation_rate", "fr", ["présents ÷ agents inscrits"]),
    ("dimension_score", "fr", ["(moyenne − 1) ÷ 4 × 100", "6 − x"]),
    ("barrier_point", "fr", ["ne dépasse pas 3"]),
    ("significant", "fr", ["Benjamini–Hochberg", "valeur q", "20 répondants"]),
    ("anonymity_threshold", "fr", ["5 par défaut, de 3 à 10", "10"]),
    ("masked", "fr", ["moins de 5", "2k"]),
    ("driver", "fr", ["Shapley", "50 répondants"]),
])
def test_definitions_state_the_product_s_formulas(term: str, lang: str, wanted: list[str]) -> None:
    text = glossary.definition(term, lang)
    assert [part for part in wanted if part not in text] == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_term_is_a_word_the_interface_shows(lang: str) -> None:
    shown = _ui_texts(lang)
    assert [name for name in TERMS[f"name_{lang}"] if glossary.fold(name) not in shown] == []


# One notion, one spelling: (language, a spelling to avoid, the glossary's, the keys allowed to use it).
VARIANTS = [
    ("fr", r"non diffusé", "masqué", ()),
    ("fr", r"moins de (\{k\d?\}|\d+) réponses|au moins \d+ réponses|peu de réponses", "répondants", ()),
    # the events' rate, not the surveys': their rate is the "taux de réponse"
    ("fr", r"taux de participation", "taux de réponse", ("involvement.col.participation_rate",)),
    ("fr", r"participation \{rate\}", "taux de réponse {rate}", ()),
    ("fr", r"charte de concertation", "charte de la concertation", ()),
    ("fr", r"mise en oeuvre", "mise en œuvre", ()),
    ("fr", r"plans? d'actions", "plan d'action", ()),
    ("en", r"\bmasked\b", "hidden", ()),
    # a wave not yet published (French "non publiée") is not a hidden figure
    ("en", r"not published", "hidden", ("settings.waves.unpublished",)),
    ("en", r"quality of work life", "quality of working life", ()),
    ("en", r"participation \{rate\}", "response rate {rate}", ()),
    ("en", r"fewer than (\{k\d?\}|\d+) answers|at least \d+ answers", "respondents", ()),
    ("en", r"\{respondents\} answers", "{respondents} respondents", ()),
    *[(lang, r"WHO(?!-5)|OMS-5", "WHO-5", ()) for lang in i18n.LANGUAGES],
    *[(lang, r"\b(?!eNPS\b)[eE]-?[nN][pP][sS]\b", "eNPS", ()) for lang in i18n.LANGUAGES],
    *[(lang, r"Benjamini-Hochberg", "Benjamini–Hochberg (en dash)", ()) for lang in i18n.LANGUAGES],
]


@pytest.mark.parametrize(("lang", "variant", "preferred", "allowed"), VARIANTS)
def test_each_notion_has_one_spelling(lang: str, variant: str, preferred: str, allowed: tuple[str]) -> None:
    pattern = re.compile(variant, re.IGNORECASE if variant.islower() else 0)
    found = []
    for key, entry in i18n.strings().items():
        texts = entry[lang].values() if isinstance(entry[lang], dict) else [entry[lang]]
        found += [key for text in texts if pattern.search(text) and key not in allowed]
    assert found == [], f"write {preferred!r} instead of {variant!r}"


# A notion the French names, the English names too, with the glossary's word: (term, French, English).
PAIRED = [
    ("respondents", r"répondant", r"respondent"),
    ("masked", r"masqu", r"hidden|\bhid(e|es|ing)\b"),
]


def _words(text: str | dict[str, str]) -> str:
    """A string's every form, without its placeholders ("{respondents}" is a number, not a word)."""
    return re.sub(r"\{\w*\}", "", " ¶ ".join(text.values() if isinstance(text, dict) else [text]))


@pytest.mark.parametrize(("term", "french", "english"), PAIRED)
def test_the_english_names_a_notion_wherever_the_french_does(term: str, french: str, english: str) -> None:
    names = TERMS.set_index("term").loc[term]
    assert re.search(french, names["name_fr"], re.I) and re.search(english, names["name_en"], re.I)
    said = {key: [_words(entry[lang]) for lang in ("fr", "en")] for key, entry in i18n.strings().items()}
    lagging = [key for key, (fr, en) in said.items()
               if re.search(french, fr, re.I) and not re.search(english, en, re.I)]
    assert lagging == [], f"these strings' English does not say the glossary's {term!r} where the French does"


def test_entries_are_alphabetical_whatever_the_accents() -> None:
    names = list(glossary.entries("fr")["name"])
    assert names.index("Délai médian avant la décision") < names.index("eNPS") < names.index("EPCI")
    assert names.index("Mise en œuvre") < names.index("Mise en réseau")  # œ reads as oe
    letters = glossary.entries("fr")["letter"]
    assert letters.is_monotonic_increasing and set(letters) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("fr", "", None),  # no query: every term
    ("fr", "non diffusé", ["Masqué"]),  # another word for the term finds it
    ("fr", "delai MEDIAN", ["Délai médian avant la décision"]),  # accents and case ignored
    ("fr", "taux réponse", ["Taux de participation", "Taux de réponse"]),  # every word, anywhere
    ("fr", "Well-being", ["Bien-être faible", "Indice WHO-5"]),  # the English name finds the term
    ("en", "barrier", ["Barrier point"]),
    ("fr", "zzz", []),
])
def test_the_search_keeps_the_terms_that_every_word_finds(lang: str, query: str, expected) -> None:
    found = list(glossary.entries(lang, query)["name"])
    assert found == (sorted(TERMS[f"name_{lang}"], key=glossary.fold) if expected is None else expected)


def test_an_unknown_term_is_an_error() -> None:
    with pytest.raises(KeyError, match="no glossary term"):
        glossary.definition("who6", "fr")


def test_the_glossary_page_is_in_the_navigation_for_every_role() -> None:
    assert PAGE_TITLES["glossary"] == "nav.glossary"
    assert auth.PAGE_ROLES["glossary"] == frozenset(auth.ROLES)


def _open(page: str, monkeypatch: pytest.MonkeyPatch, *, role: str = "hr") -> AppTest:
    """``page`` opened from its URL by ``role``, on the app's database (the ``demo_app`` fixture)."""
    monkeypatch.setenv("MUTUTRACK_ROLE", role)
    return open_page(page)


def _links(at: AppTest) -> list[str]:
    """The names of the links to other pages in the page's body."""
    return [element.proto.label for element in at.main.get("page_link")]


def test_the_page_lists_every_term_under_its_letter_and_filters_as_one_types(demo_app, monkeypatch) -> None:
    at = _open("app_pages/glossary.py", monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Glossaire"
    assert [h.value for h in at.main.header][:3] == ["A", "B", "C"]  # h2: one per letter, under the h1
    assert [h.value for h in at.main.subheader] == list(glossary.entries("fr")["name"])  # h3: the terms
    assert glossary.definition("who5_index", "fr").split(" : ")[0] in " ".join(m.value for m in at.markdown)
    assert set(_links(at)) >= {"Vue d'ensemble", "Qualité de vie au travail", "Paramètres"}
    at.text_input(key="glossary_search").input("non diffusé").run()
    assert [h.value for h in at.main.subheader] == ["Masqué"]
    assert "1 terme sur 40 pour « non diffusé »." in [c.value for c in at.main.caption]
    at.text_input(key="glossary_search").input("zzz").run()
    assert not at.main.subheader
    assert any("Aucun terme ne correspond à « zzz »" in info.value for info in at.main.info)


def test_the_council_is_linked_only_to_the_pages_it_may_open(demo_app, monkeypatch) -> None:
    at = _open("app_pages/glossary.py", monkeypatch, role="council")
    assert not at.exception
    assert _links(at) and {"Paramètres", "Commentaires", "Importer"}.isdisjoint(_links(at))


def test_the_page_in_english(demo_app, monkeypatch) -> None:
    at = _open("app_pages/glossary.py", monkeypatch)
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Glossary"
    assert "WHO-5 index" in [h.value for h in at.main.subheader]
    assert "In French: Indice WHO-5" in [c.value for c in at.main.caption]


def test_the_overview_s_key_figures_explain_themselves_with_the_glossary(demo_app, monkeypatch) -> None:
    at = _open("app_pages/overview.py", monkeypatch)
    helps = {metric.label: metric.help for metric in at.metric}
    terms = {"Implication précoce": "early_involvement_rate", "Charte tenue": "charter_on_time_share",
             "Propositions en attente": "proposal", "Taux de réponse 2026-T4": "response_rate",
             "Indice WHO-5 2026-T4": "who5_index"}
    assert set(helps) == set(terms)
    for label, term in terms.items():
        assert helps[label].startswith(glossary.definition(term, "fr")), label
    assert helps["Implication précoce"].endswith("Variation : depuis 7 jours.")


def test_the_qvt_headline_figures_explain_themselves_with_the_glossary(demo_app, monkeypatch) -> None:
    at = _open("app_pages/qvt.py", monkeypatch)
    helps = [metric.help for metric in at.metric]
    terms = ["respondents", "who5_index", "who5_poor_share", "enps"]
    assert [h.startswith(glossary.definition(term, "fr")) for h, term in zip(helps, terms, strict=True)] == \
        [True] * 4
    assert "Intervalle de confiance à 95 % (Wilson)" in helps[2]

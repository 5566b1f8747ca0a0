"""Comment themes as formulas: the lexicon and the grouping find planted topics, the thresholds on
the number of comments hold, and the lexicon is a clean table."""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mututrack import catalogue
from mututrack.metrics import themes

# Two planted topics, 40 comments each, worded in several ways so that no two are the same.
WORKLOAD = (
    ["La charge de travail", "La surcharge dans le service", "L'épuisement des agents", "Le surmenage"],
    ["devient intenable depuis la réorganisation.", "nous épuise, nous sommes débordés.",
     "augmente chaque mois, trop de surcharge.", "pèse sur tout le monde, épuisement général."],
)
CAREERS = (
    ["Les formations", "Les concours", "Ma carrière", "La préparation aux concours"],
    ["manquent pour évoluer dans ma carrière.", "devraient être accessibles avec des formations.",
     "sont bloquées, aucune formation proposée.", "demandent un meilleur accompagnement de carrière."],
)


def _comments(topic: tuple[list[str], list[str]], n: int, *, seed: int) -> list[str]:
    pick = random.Random(seed)
    return [f"{pick.choice(topic[0])} {pick.choice(topic[1])} (n°{i})" for i in range(n)]


@pytest.fixture(scope="module")
def planted() -> tuple[list[str], list[str]]:
    return _comments(WORKLOAD, 40, seed=1), _comments(CAREERS, 40, seed=2)


def test_stemming_meets_the_forms_of_a_word():
    assert themes.tokens("Surchargés, épuisées !") == themes.tokens("surcharge épuisement")[:1] + ["épuis"]
    assert themes.tokens("Les formations de l'équipe") == ["format", "équip"]  # stop words left out


def test_the_lexicon_finds_the_planted_topics(planted):
    workload, careers = planted
    model = themes.find_themes(workload + careers)
    about = model.weights(workload + careers).gt(0)
    assert about["charge"].iloc[:40].all() and not about["charge"].iloc[40:].any()
    assert about["carrieres"].iloc[40:].all() and not about["carrieres"].iloc[:40].any()


def test_the_grouping_finds_the_planted_topics_without_a_list(planted):
    workload, careers = planted
    model = themes.find_themes(workload + careers)
    assert model.level == "full"
    grouped = model.themes[model.themes["kind"].eq("grouped")]
    weights = model.weights(workload + careers)[grouped["theme"].tolist()]
    strongest = weights.idxmax(axis=1)
    # every group gathers comments of one topic only, and each topic has its groups
    for theme in grouped["theme"]:
        members = strongest[weights[theme].gt(0)]
        topics = {index < 40 for index in members.index}
        assert len(topics) == 1, theme
    assert set(strongest.iloc[:40]).isdisjoint(set(strongest.iloc[40:]))
    labels = " ".join(grouped["label_fr"])
    assert any(word in labels for word in ("charge", "surcharge", "épuisement", "épuise"))
    assert any(word in labels for word in ("formations", "formation", "concours", "carrière"))


def test_representative_comments_come_from_their_theme(planted):
    workload, careers = planted
    texts = workload + careers
    model = themes.find_themes(texts)
    weights = model.weights(texts)
    for theme, topic in (("charge", set(workload)), ("carrieres", set(careers))):
        examples = themes.representatives(weights[theme], texts, most=3)
        assert len(examples) == 3 and set(examples) <= topic
    for theme in model.themes.loc[model.themes["kind"].eq("grouped"), "theme"]:
        examples = themes.representatives(weights[theme], texts, most=3)
        assert set(examples) <= set(workload) or set(examples) <= set(careers)


def test_representatives_skip_near_repeats_while_others_remain():
    texts = ["Trop de surcharge.", "Trop de surcharge !", "Les équipes sont épuisées."]
    weights = pd.Series([3.0, 2.9, 2.0])
    assert themes.representatives(weights, texts, most=2) == ["Trop de surcharge.", texts[2]]
    assert themes.representatives(weights, texts, most=3) == [texts[0], texts[2], texts[1]]


@pytest.mark.parametrize(("comments", "level"), [
    (0, "none"),
    (9, "none"),  # one under the floor: no theme at all
    (10, "lexicon"),
    (29, "lexicon"),  # too few for a factorisation to mean anything
    (30, "full"),
])
def test_how_many_comments_each_kind_of_theme_needs(planted, comments, level):
    texts = (planted[0] + planted[1])[::2][:comments] if comments <= 40 else planted[0] + planted[1]
    model = themes.find_themes(texts)
    assert model.level == level
    assert model.themes.empty is (level == "none")
    assert bool(model.themes["kind"].eq("grouped").any()) is (level == "full")


def test_the_same_comments_give_the_same_themes(planted):
    texts = planted[0] + planted[1]
    first, second = themes.find_themes(texts), themes.find_themes(list(texts))
    pd.testing.assert_frame_equal(first.themes, second.themes)
    pd.testing.assert_frame_equal(first.weights(texts), second.weights(texts))


def test_another_wave_is_read_with_the_themes_found_in_this_one(planted):
    model = themes.find_themes(planted[0] + planted[1])
    later = model.weights(["Encore plus de surcharge cette année.", "Rien à signaler."])
    assert later.loc[0, "charge"] > 0 and not later.loc[1].gt(0).any()
    assert model.weights([]).shape == (0, len(model.themes))


def test_the_lexicon_is_a_clean_table():
    lexicon = catalogue.comment_themes()
    assert lexicon["theme"].is_unique
    assert set(lexicon["dimension"]) <= set(catalogue.dimensions()["dimension"])
    assert (lexicon["label_fr"].str.len() > 0).all() and (lexicon["label_en"].str.len() > 0).all()
    phrases = Counter(p for ps in themes._lexicon().values() for p in ps)
    assert [p for p, n in phrases.items() if n > 1] == [], "a phrase in two themes"
    assert all(len(stem) >= 3 for p in phrases for stem in p), "a stem too short to mean one thing"
    assert all(phrases_ for phrases_ in themes._lexicon().values())


def test_stop_words_are_lowercase_and_listed_once():
    words = catalogue.stop_words_fr()
    assert len(words) == len(set(words)) and all(w == w.lower() for w in words)


@pytest.mark.parametrize("texts", [
    [f"x dit {i}" for i in range(40)],  # no word shared by two comments yet by at most half of them
    ["Rien à signaler."] * 40,  # one word everywhere
    ["", "!!!", "42"] * 12,  # nothing but stop words, digits and signs
])
def test_comments_with_nothing_to_group_keep_the_lexicon(texts):
    model = themes.find_themes(texts)
    assert model.level == "lexicon" and set(model.themes["kind"]) == {"lexicon"}
    assert model.weights(texts).shape == (len(texts), len(model.themes))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=0, max_size=45))
def test_any_comments_give_themes_or_none_without_failing(texts):
    model = themes.find_themes(texts)
    weights = model.weights(texts)
    assert weights.shape == (len(texts), len(model.themes))
    assert (weights.to_numpy() >= 0).all()

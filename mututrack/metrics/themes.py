"""Themes of free-text comments, in French: pure formulas, texts in, weights out.

Two kinds of theme, both computed on this machine with no model to download and no randomness:

- **lexicon** themes, one per entry of ``catalogue/comment_themes.csv`` (stems and phrases tied to
  the questionnaire's dimensions): a comment is about a theme when it holds one of its phrases,
  compared word by word after Snowball stemming (``surchargés`` meets ``surcharge``);
- **grouped** themes, found without a list: TF-IDF over the stemmed words (French stop words of
  ``catalogue/stopwords_fr.csv`` left out) factorised by NMF (scikit-learn, fixed ``random_state``),
  each labelled by its top words as the comments spell them. Each comment joins its strongest group.

Which texts go in is the caller's business: the publication layer passes released comments only.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy as np
import pandas as pd
import Stemmer
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from mututrack import catalogue

__all__ = [
    "MIN_COMMENTS", "MIN_GROUPED", "ThemeModel", "find_themes", "tokens", "group_count", "representatives",
]

MIN_COMMENTS = 10  # fewer comments than this: no theme at all (one comment would weigh too much)
MIN_GROUPED = 30  # fewer than this: the lexicon only (a factorisation of a handful of texts is noise)
# Two comments sharing half the words of the shorter say the same thing: one example is enough.
SAME_WORDS = 0.5
MOST_GROUPS = 6  # more groups than this read as a list of words rather than themes
TOP_WORDS = 3  # words that name a grouped theme
WORD = re.compile(r"[^\W\d_]+")  # runs of letters: apostrophes, hyphens and digits split words
_local = threading.local()  # a Snowball stemmer is not thread-safe: one per Streamlit thread


def _stem(words: list[str]) -> list[str]:
    if not hasattr(_local, "stemmer"):
        _local.stemmer = Stemmer.Stemmer("french")
    return _local.stemmer.stemWords(words)


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(catalogue.stop_words_fr())


def _words(text: str) -> list[str]:
    """The lowercase words of ``text`` that carry meaning (stop words and single letters left out)."""
    stop = _stop_words()
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in stop]


def tokens(text: str) -> list[str]:
    """The stems of the words of ``text`` that carry meaning, in order."""
    return list(_tokens(text))


@lru_cache(maxsize=50_000)  # the same texts come back in every wave's trend and every selection
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_stem(_words(text)))


# -- the lexicon -----------------------------------------------------------------------------------
@cache
def _phrases() -> dict[tuple[str, ...], list[str]]:
    """phrase (stems) -> the themes it belongs to."""
    found: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for theme, phrases in _lexicon().items():
        for phrase in phrases:
            found[phrase].append(theme)
    return dict(found)


@cache
def _lexicon() -> dict[str, frozenset[tuple[str, ...]]]:
    """theme -> its phrases as tuples of stems."""
    return {
        row.theme: frozenset(tuple(tokens(term)) for term in row.terms.split("|") if tokens(term))
        for row in catalogue.comment_themes().itertuples(index=False)
    }


def _lexicon_weights(stems: list[list[str]]) -> pd.DataFrame:
    """Per text, per lexicon theme: phrases found ÷ √words (0 when none: not about it)."""
    phrases = _phrases()
    longest = max(map(len, phrases), default=1)
    found = np.zeros((len(stems), len(_lexicon())))
    column = {theme: j for j, theme in enumerate(_lexicon())}
    for row, words in enumerate(stems):
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                for theme in phrases.get(tuple(words[i : i + n]), ()):
                    found[row, column[theme]] += 1
        found[row] /= math.sqrt(max(len(words), 1))
    return pd.DataFrame(found, columns=list(_lexicon()))


# -- grouping without a list -----------------------------------------------------------------------
def group_count(comments: int) -> int:
    """How many groups to look for in ``comments`` texts: √(comments ÷ 5) between 2 and 6 (30
    comments: 2, 80: 4, 180 and more: 6)."""
    return int(min(MOST_GROUPS, max(2, round(math.sqrt(comments / 5)))))


def _fit_groups(texts: Sequence[str], stems: list[list[str]]) -> tuple[Any, Any, pd.DataFrame]:
    vectoriser = TfidfVectorizer(analyzer=lambda stemmed: stemmed, min_df=2, max_df=0.5, sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(stems)
    except ValueError:  # no word in 2 comments or more yet in at most half of them: nothing to group
        matrix = None
    groups = 0 if matrix is None else min(group_count(len(texts)), matrix.shape[1] - 1)
    if groups < 2:
        return None, None, pd.DataFrame(columns=["theme", "label", "terms"])
    model = NMF(n_components=groups, init="nndsvda", random_state=0, max_iter=500)
    model.fit(matrix)
    spelled = _spellings(texts)
    vocabulary = vectoriser.get_feature_names_out()
    rows = []
    for number, loadings in enumerate(model.components_):
        top = [vocabulary[i] for i in np.argsort(-loadings)[:TOP_WORDS] if loadings[i] > 0]
        words = [spelled.get(stem, stem) for stem in top]
        rows.append({"theme": f"groupe_{number + 1}", "label": " · ".join(words), "terms": words})
    return vectoriser, model, pd.DataFrame(rows)


def _spellings(texts: Sequence[str]) -> dict[str, str]:
    """stem -> the word the comments most often spell it with (ties: the first in alphabetical order)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for text, times in Counter(texts).items():
        words = _words(text)
        for stem, word in zip(_stem(words), words, strict=True):
            seen[stem][word] += times
    return {stem: min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] for stem, counts in seen.items()}


# -- the model -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ThemeModel:
    """Themes found in a set of comments, applicable to any other texts (another wave's).

    ``level``: ``"none"`` (under :data:`MIN_COMMENTS`), ``"lexicon"`` (under :data:`MIN_GROUPED`)
    or ``"full"``. ``themes``: theme, kind (``lexicon``/``grouped``), dimension, label_fr, label_en,
    terms (a grouped theme's top words; its label is the same in both languages).
    """

    level: str
    themes: pd.DataFrame
    _vectoriser: Any = field(default=None, repr=False)
    _model: Any = field(default=None, repr=False)

    def weights(self, texts: Sequence[str]) -> pd.DataFrame:
        """One row per text, one column per theme: how much the text is about it (0: not at all).
        A text weighs on one grouped theme at most, its strongest."""
        if self.themes.empty:
            return pd.DataFrame(index=range(len(texts)), columns=[], dtype="float64")
        distinct = list(dict.fromkeys(texts))  # comments repeat ("Rien à signaler."): each text once
        if len(distinct) < len(texts):
            position = {text: i for i, text in enumerate(distinct)}
            once = self.weights(distinct)
            return once.iloc[[position[text] for text in texts]].reset_index(drop=True)
        stems = [tokens(text) for text in texts]
        frames = [_lexicon_weights(stems)]
        if self._model is not None:
            grouped = self.themes.loc[self.themes["kind"].eq("grouped"), "theme"].tolist()
            strengths = np.zeros((0, len(grouped)))
            if texts:
                strengths = self._model.transform(self._vectoriser.transform(stems))
            strongest = strengths == strengths.max(axis=1, keepdims=True) if len(texts) else strengths
            frames.append(pd.DataFrame(np.where(strongest, strengths, 0.0), columns=grouped))
        return pd.concat(frames, axis=1).reindex(columns=self.themes["theme"].tolist()).fillna(0.0)


def _lexicon_themes() -> pd.DataFrame:
    frame = catalogue.comment_themes()[["theme", "dimension", "label_fr", "label_en"]]
    return frame.assign(kind="lexicon", terms=[[] for _ in range(len(frame))])


def find_themes(texts: Sequence[str]) -> ThemeModel:
    """The themes of ``texts`` (the lexicon's from :data:`MIN_COMMENTS` texts, grouped ones too from
    :data:`MIN_GROUPED`)."""
    columns = ["theme", "kind", "dimension", "label_fr", "label_en", "terms"]
    if len(texts) < MIN_COMMENTS:
        return ThemeModel("none", pd.DataFrame(columns=columns))
    lexicon = _lexicon_themes()[columns]
    if len(texts) < MIN_GROUPED:
        return ThemeModel("lexicon", lexicon)
    vectoriser, model, groups = _fit_groups(texts, [tokens(text) for text in texts])
    if model is None:
        return ThemeModel("lexicon", lexicon)
    grouped = groups.assign(kind="grouped", dimension=None, label_fr=groups["label"],
                            label_en=groups["label"])
    themes = pd.concat([lexicon, grouped[columns]], ignore_index=True)
    return ThemeModel("full", themes, vectoriser, model)


def representatives(weights: pd.Series, texts: Sequence[str], *, most: int) -> list[str]:
    """Up to ``most`` texts that weigh most on a theme (``weights``, by position in ``texts``): among
    those weighing at least half the most, each unlike those already picked (under
    :data:`SAME_WORDS` of the shorter's stems in common); then the next by weight, near-repeats or
    not."""
    about = weights[weights.gt(0)].sort_values(ascending=False, kind="stable")
    ranked = list(dict.fromkeys(texts[i] for i in about.index))
    strong = list(dict.fromkeys(texts[i] for i in about.index[about.to_numpy() >= about.max() / 2]))
    picked: list[str] = []
    words: list[set[str]] = []
    for text in strong:
        stems = set(tokens(text))
        if all(len(stems & other) < SAME_WORDS * min(len(stems), len(other)) for other in words):
            picked.append(text)
            words.append(stems)
        if len(picked) == most:
            return picked
    return picked + [text for text in ranked if text not in picked][: most - len(picked)]

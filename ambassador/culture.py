"""Culture fit: how close each person's posts are to the company's written values, in any language.

The values statement may be written in several languages (``culture/values.md`` and
``culture/values.<lang>.md``) and exemplars in any language (:func:`read_references`). Each
language's posts are embedded with :class:`CultureFitScorer` (words and character n-grams of
any script, TF-IDF, latent semantic analysis) and compared with the references written in that
language only; a post in a language with no references is no evidence either way. Scores become
percentiles among the posts of the same language (:func:`within_language_percentile`), so
languages are on one scale. Posts that copy the values or mock them (:mod:`ambassador.irony`)
are not evidence of fit. A person's fit is the mean over their judged posts, shrunk toward the
population (:func:`people_fit`); tone (VADER) is read in English only.
:func:`culture_stage` runs it all on the warehouse.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from ambassador.errors import InputError
from ambassador.irony import copies_values, irony_markers, laughed_at, quotes_values, value_terms
from ambassador.language import detect_languages
from ambassador.schema import column_names
from ambassador.shrinkage import shrink
from ambassador.warehouse import check_not_null, check_unique, replace_rows, run_sql

__all__ = [
    "COUNTER_LABELS",
    "NO_POSTS_FIT",
    "POST_KINDS",
    "TONE_LANGUAGES",
    "CultureFitScorer",
    "References",
    "culture_stage",
    "judge_posts",
    "people_fit",
    "read_exemplars",
    "read_references",
    "read_values",
    "score_posts_by_language",
    "split_values",
    "tone_of_people",
    "tone_scores",
    "within_language_percentile",
]

#: culture_fit of someone with no posts in the window: no evidence, so below everyone with posts.
NO_POSTS_FIT = 0.0

POST_KINDS = ("post", "reply", "quote")  # reshares carry someone else's words; system lines none
_BATCH = 20_000  # posts embedded at once: bounds memory

_PEOPLE_SQL = """
    SELECT employee_id
    FROM stg_people
    WHERE employee_id IS NOT NULL
    GROUP BY employee_id
    HAVING NOT bool_or(coalesce(opt_out, false))
    ORDER BY employee_id
"""


# ---- the values statement -------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links -> text
    (re.compile(r"<[^>\n]+>"), " "),  # inline html / autolinks
    (re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis, code
    (re.compile(r"(\*\*|__|\*|_|`|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # nested emphasis
    (re.compile(r"\s+"), " "),
]


def _plain(text: str) -> str:
    """Markdown inline markup removed, whitespace collapsed."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text.strip(" -*:")


def split_values(markdown: str) -> list[str]:
    """Split a values statement into one reference text per value.

    The statement is split, in order of preference, at the shallowest heading level that
    occurs at least twice (``## We help each other`` ...: heading and body form one value,
    text before the first such heading is the preamble and is dropped); else at top-level
    list items (nested items and continuation lines belong to their item); else at blank-line
    paragraphs, and a single paragraph of several lines is split into its lines. A lone
    ``# Title`` is dropped. Markdown markup (emphasis, links, code fences' fences) is removed.

    Parameters
    ----------
    markdown : str
        The values statement, markdown or plain text.

    Returns
    -------
    list of str
        Non-empty reference texts, in document order.

    Examples
    --------
    >>> split_values("# Our values\\n\\nIntro.\\n\\n## Customers first\\nWe *listen*.\\n\\n## Own it\\nWe fix things.")
    ['Customers first. We listen.', 'Own it. We fix things.']
    >>> split_values("Our values:\\n- **Be kind**: assume good intent\\n  and help\\n- Be [bold](https://x.y)")
    ['Be kind: assume good intent and help', 'Be bold']
    >>> split_values("Customers first\\nOwn it\\n")
    ['Customers first', 'Own it']
    """
    lines = _block_lines(markdown)
    headings = [(i, len(m.group(1)), m.group(2)) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    counts = Counter(level for _, level, _ in headings)
    level = min((lvl for lvl, c in counts.items() if c >= 2), default=None)
    if level is not None:
        values = []
        starts = [(i, title) for i, lvl, title in headings if lvl == level]
        stops = [i for i, lvl, _ in headings if lvl <= level]
        for i, title in starts:
            end = min((s for s in stops if s > i), default=len(lines))
            body = _plain(" ".join(_HEADING.sub(r"\2", line) for line in lines[i + 1 : end]))
            title = _plain(title)
            values.append(f"{title}. {body}" if title and body else title or body)
        return [v for v in values if v]

    items = _bullet_items(lines)
    if len(items) >= 2:
        return items

    text_lines = [line for line in lines if not _HEADING.match(line)]
    paragraphs = [p for p in re.split(r"\n\s*\n", "\n".join(text_lines)) if p.strip()]
    if len(paragraphs) == 1:
        paragraphs = [line for line in paragraphs[0].split("\n") if line.strip()]
    return [v for v in (_plain(p) for p in paragraphs) if v]


def _block_lines(markdown: str) -> list[str]:
    """Lines without code-fence markers (what they enclose stays, as text) or quote markers."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_QUOTE.sub("", line) for line in lines if not _FENCE.match(line)]


def _bullet_items(lines: list[str]) -> list[str]:
    """Top-level list items; nested items and continuation lines belong to their item.

    After a blank line only indented lines continue an item, so a closing paragraph does not.
    """
    indents = [len(m.group(1)) for line in lines if (m := _BULLET.match(line))]
    if not indents:
        return []
    top = min(indents)
    items: list[list[str]] = []
    current: list[str] | None = None
    after_blank = False
    for line in lines:
        m = _BULLET.match(line)
        if m and len(m.group(1)) == top:
            current = [m.group(2)]
            items.append(current)
        elif not line.strip():
            after_blank = True
            continue
        elif _HEADING.match(line) or (after_blank and len(line) - len(line.lstrip()) <= top):
            current = None
        elif current is not None:
            current.append(m.group(2) if m else line)
        after_blank = False
    return [v for v in (_plain(" ".join(parts)) for parts in items) if v]


# ---- text analysis --------------------------------------------------------------------------

#: Words of letters in any script (two or more), lower-cased; digits and underscores are not letters.
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
_MARKUP = re.compile(r"<[^>\n]{1,200}>|https?://\S+|:[a-z0-9_+-]{2,40}:")


def _without_markup(text: str) -> str:
    """Text without links, ``<@U…>`` / ``<#C…>`` markup and ``:emoji_names:`` (hashtags and
    emoji stay: ``#CustomersFirst`` says something; compare :func:`ambassador.language.strip_markup`).

    >>> _without_markup("Thanks <@U123|dana> :tada: see https://x.y/z #Kudos").split()
    ['Thanks', 'see', '#Kudos']
    """
    return _MARKUP.sub(" ", text)


# ---- the estimator --------------------------------------------------------------------------


class CultureFitScorer(BaseEstimator, TransformerMixin):
    """Score texts by their similarity to the company's values, in a latent semantic space.

    Language-independent on purpose: no stop-word list and no stemmer. ``fit`` learns two
    vocabularies on the posts and the references together, words (letters of any script) and
    character n-grams within words (``char_wb``, ``ngram_range``), so that inflections,
    compounds and prefixed forms of a word meet ("helping" / "help", "Kundenfeedback" /
    "Kunden", "ולקוחות" / "לקוחות") in Hebrew, Spanish or German as in English; TF-IDF with
    sublinear term frequency weighs both, and very common terms weigh little by their IDF
    (the stop words of whatever language the posts are in). A truncated SVD (latent semantic
    analysis) then places terms used in the same contexts close together, so a post that
    paraphrases a value scores even when it shares few words with it. Each text's score is its
    cosine similarity to the closest reference, clipped to [0, 1].

    The references are each value, plus the centroid of the exemplars (taken one by one, the
    closest exemplar matched off-topic posts as often as on-culture ones; their centroid keeps
    what they share). Counter-examples (posts held up as off-culture) are optional: their
    centroid's similarity, when positive, is subtracted. Fit one scorer per language, with the
    references written in that language (:func:`score_posts_by_language`).

    Parameters
    ----------
    values : sequence of str
        One reference text per value (see :func:`split_values`); at least one non-empty.
    exemplars : sequence of str, default ()
        Posts held up as on-culture.
    counter_examples : sequence of str, default ()
        Posts held up as off-culture.
    n_components : int, default 100
        LSA dimensions; on small corpora at most ``(min(n_documents, n_terms) - 1) // 2`` so
        the projection still compresses; below 2 the SVD is skipped (plain TF-IDF cosine).
    ngram_range : tuple of int, default (3, 5)
        Character n-gram lengths within words.
    min_df : int or float, default 1
        Ignore terms in fewer documents (or a smaller share of documents) than this.
    max_features : int or None, default 50000
        Keep the most frequent terms, plus every term of the references.
    max_fit_posts : int, default 100000
        Fit on a random sample of this many posts (references always included).
    random_state : int, default 0
        Seed for the post sample and the randomized SVD.

    Attributes
    ----------
    words_, chars_ : CountVectorizer
        The fitted word and character n-gram vocabularies.
    tfidf_ : TfidfTransformer
        Fitted IDF weights over both.
    svd_ : TruncatedSVD or None
        The LSA projection (None when the corpus was too small for one).
    n_components_ : int
        Dimensions actually used (the vocabulary size without SVD).
    reference_ : ndarray of shape (n_values_ [+ 1], n_components_)
        The values, then the exemplars' centroid when there are exemplars; L2-normalised.
    counter_reference_ : ndarray of shape (1, n_components_) or None
        The counter-examples' centroid, L2-normalised.
    n_values_ : int
        How many rows of ``reference_`` are values.

    Examples
    --------
    >>> posts = ["thanks for helping me debug", "lunch at noon?", "helping a colleague who was stuck",
    ...          "we listened to customers on the quay", "parking is full again"]
    >>> scorer = CultureFitScorer(["We help each other", "Customers first"], n_components=3).fit(posts)
    >>> s = scorer.score_posts(["happy to help anyone who is stuck", "the parking is full"])
    >>> bool(s[0] > s[1])
    True
    """

    def __init__(
        self,
        values: Sequence[str] = (),
        exemplars: Sequence[str] = (),
        counter_examples: Sequence[str] = (),
        n_components: int = 100,
        ngram_range: tuple[int, int] = (3, 5),
        min_df: int | float = 1,
        max_features: int | None = 50_000,
        max_fit_posts: int = 100_000,
        random_state: int | None = 0,
    ):
        self.values = values
        self.exemplars = exemplars
        self.counter_examples = counter_examples
        self.n_components = n_components
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.max_fit_posts = max_fit_posts
        self.random_state = random_state

    def fit(self, X: Iterable[str], y=None) -> CultureFitScorer:
        """Learn the text space from the posts ``X`` (or a sample of them) and the references.

        Returns
        -------
        self
        """
        self._fit(X)
        return self

    def fit_transform(self, X: Iterable[str], y=None) -> np.ndarray:
        """:meth:`fit`, then each post's score as a column, reading every post once when all
        of them were fitted on (no sample drawn).

        >>> est = CultureFitScorer(["We help each other"], n_components=2)
        >>> posts = ["helping a colleague", "lunch at noon", "we help"]
        >>> bool((est.fit_transform(posts)[:, 0] == est.score_posts(posts)).all())
        True
        """
        fitted = self._fit(X)
        if fitted is None:
            return self.transform(X)
        return np.concatenate(
            [self._similarity(fitted[start : start + _BATCH]) for start in range(0, fitted.shape[0], _BATCH)] or [np.zeros(0)]
        ).reshape(-1, 1)

    def _fit(self, X: Iterable[str]):
        """Fit; return the TF-IDF rows of the posts when every post was fitted on, else None."""
        posts = [_without_markup(t) for t in _texts(X)]
        values, exemplars, counter = (
            [_without_markup(t) for t in _texts(x) if t.strip()] for x in (self.values, self.exemplars, self.counter_examples)
        )
        if not values and not exemplars:
            raise ValueError("culture fit needs at least one non-empty value text or exemplar")
        references = values + exemplars + counter
        sampled = len(posts) > self.max_fit_posts
        if sampled:
            rng = np.random.default_rng(self.random_state)
            pick = np.sort(rng.choice(len(posts), size=self.max_fit_posts, replace=False))
            posts = [posts[i] for i in pick]

        corpus = posts + references
        blocks, vectorizers = [], []
        for make in (self._word_vectorizer, self._char_vectorizer):
            vectorizer = make(min_df=self.min_df)
            try:
                counts = vectorizer.fit_transform(corpus).tocsc()
            except ValueError:  # no term at all (every text empty of letters)
                vectorizers.append(None)
                continue
            keep = self._keep_terms(counts, len(references))
            terms = vectorizer.get_feature_names_out()[keep]
            vectorizers.append(make(vocabulary={t: j for j, t in enumerate(terms)}).fit(references))
            blocks.append(counts[:, keep].tocsr())
        if not blocks:
            raise ValueError("culture fit found no words in the posts or the references")
        self.words_, self.chars_ = vectorizers
        counts = sparse.hstack(blocks).tocsr()
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)

        X_ = self.tfidf_.transform(counts)
        k = min(self.n_components, (min(X_.shape) - 1) // 2)  # LSA must compress to generalise
        if k >= 2:
            self.svd_ = TruncatedSVD(n_components=k, algorithm="randomized", random_state=self.random_state).fit(X_)
            self.n_components_ = k
        else:
            self.svd_ = None
            self.n_components_ = X_.shape[1]
        self.n_values_ = len(values)
        parts = [_dense(self._embed(values))] if values else []
        if exemplars:
            parts.append(_centroid(self._embed(exemplars)))
        self.reference_ = np.vstack(parts)
        self.counter_reference_ = _centroid(self._embed(counter)) if counter else None
        return None if sampled else X_[: len(posts)]

    def _word_vectorizer(self, **kwargs: Any) -> CountVectorizer:
        return CountVectorizer(token_pattern=WORD_PATTERN, lowercase=True, dtype=np.float64, **kwargs)

    def _char_vectorizer(self, **kwargs: Any) -> CountVectorizer:
        return CountVectorizer(analyzer="char_wb", ngram_range=tuple(self.ngram_range), lowercase=True, dtype=np.float64, **kwargs)

    def _keep_terms(self, counts, n_references: int) -> np.ndarray:
        """Column indices kept: the most frequent terms plus every reference term."""
        n_terms = counts.shape[1]
        if self.max_features is None or n_terms <= self.max_features:
            return np.arange(n_terms)
        frequency = np.asarray(counts.sum(axis=0)).ravel()
        top = np.argsort(-frequency, kind="stable")[: self.max_features]
        in_references = np.flatnonzero(np.asarray(counts[-n_references:, :].sum(axis=0)).ravel())
        return np.union1d(top, in_references)

    def _tfidf(self, texts: Sequence[str]):
        """TF-IDF rows of texts in the fitted vocabulary."""
        texts = [_without_markup(t) for t in texts]
        blocks = [v.transform(texts) for v in (self.words_, self.chars_) if v is not None]
        return self.tfidf_.transform(sparse.hstack(blocks).tocsr())

    def _embed(self, texts: Sequence[str]):
        """L2-normalised vectors: dense LSA coordinates, or sparse TF-IDF without SVD."""
        X = self._tfidf(texts)
        if self.svd_ is not None:
            return normalize(self.svd_.transform(X))
        return normalize(X)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """Each text's score as a column: shape (n_texts, 1) (see :meth:`score_posts`)."""
        return self.score_posts(X).reshape(-1, 1)

    def score_posts(self, X: Iterable[str]) -> np.ndarray:
        """Cosine similarity of each text to its closest reference, in [0, 1].

        Minus the similarity to the counter-examples' centroid when there are any (and it is
        positive). Texts with no known term score 0.
        """
        check_is_fitted(self, "reference_")
        texts = _texts(X)
        out = np.zeros(len(texts))
        for start in range(0, len(texts), _BATCH):
            out[start : start + _BATCH] = self._similarity(self._tfidf(texts[start : start + _BATCH]))
        return out

    def _similarity(self, tfidf_rows) -> np.ndarray:
        """Scores of TF-IDF rows: cosine to the closest reference minus the counter-examples', clipped."""
        chunk = normalize(self.svd_.transform(tfidf_rows)) if self.svd_ is not None else normalize(tfidf_rows)
        score = np.asarray(chunk @ self.reference_.T).max(axis=1, initial=0.0)
        if self.counter_reference_ is not None:
            score -= np.clip(np.asarray(chunk @ self.counter_reference_.T)[:, 0], 0.0, None)
        return np.clip(score, 0.0, 1.0)


def _dense(X) -> np.ndarray:
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X)


def _centroid(X) -> np.ndarray:
    """The L2-normalised mean of the rows of X, as a (1, d) array."""
    return normalize(np.asarray(_dense(X).mean(axis=0)).reshape(1, -1))


def _texts(texts: Iterable[Any]) -> list[str]:
    """Texts as a list of str, missing values as empty strings."""
    return ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]


# ---- every language -------------------------------------------------------------------------


@dataclass
class References:
    """What a language's posts are compared with: values, exemplars and counter-examples."""

    values: list[str] = field(default_factory=list)
    exemplars: list[str] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        """'values', 'exemplars' or 'none': what this language is judged against."""
        return "values" if self.values else "exemplars" if self.exemplars else "none"


def within_language_percentile(scores: np.ndarray, languages: Sequence[str]) -> np.ndarray:
    """Each score's average-rank percentile among the scores of its own language, in [0, 1].

    Similarities computed in different languages' spaces are not on one scale (vocabulary
    sizes, morphology and the length of the values text all move them), so a post is compared
    with the posts written in its language: the same share of on-culture writers gives the
    same spread in every language. NaN scores stay NaN; a language with one scored post gets 0.5.

    >>> within_language_percentile(np.array([0.1, 0.9, 0.5, 0.2, 0.3, np.nan]), ["en", "en", "en", "he", "he", "he"]).tolist()
    [0.0, 1.0, 0.5, 0.0, 1.0, nan]
    """
    scores = np.asarray(scores, dtype=float)
    frame = pd.DataFrame({"score": scores, "lang": list(languages)})
    ranks = frame.groupby("lang")["score"].rank(method="average")
    counts = frame.groupby("lang")["score"].transform("count")
    out = np.array((ranks - 1) / (counts - 1), dtype=float)
    out[(counts == 1).to_numpy() & ~np.isnan(scores)] = 0.5
    return out


def score_posts_by_language(
    texts: Sequence[str], languages: Sequence[str], references: Mapping[str, References], embedder=None, **params: Any
) -> tuple[np.ndarray, dict[str, CultureFitScorer]]:
    """Similarity of each post to the values written in its own language, NaN where there are none.

    One :class:`CultureFitScorer` per language that has references, fitted on that language's
    posts. Posts of a language without references get NaN (no evidence either way), unless an
    ``embedder`` (:class:`ambassador.embeddings.StaticEmbeddings`, a cross-lingual model) is
    given: they are then compared with every language's values and exemplars in its space.
    Posts too short for their language to be told (``und``) are never judged.

    Returns
    -------
    scores : ndarray
        Raw similarity per post (NaN: not judged).
    scorers : dict
        The fitted scorer of each language.
    """
    texts = _texts(texts)
    languages = np.asarray(list(languages), dtype=object)
    scores = np.full(len(texts), np.nan)
    scorers: dict[str, CultureFitScorer] = {}
    for lang in sorted(references):
        ref = references[lang]
        if ref.source == "none":
            continue
        idx = np.flatnonzero(languages == lang)
        scorer = CultureFitScorer(ref.values, ref.exemplars, ref.counter_examples, **params)
        fitted = scorer.fit_transform([texts[i] for i in idx])
        scorers[lang] = scorer
        if len(idx):
            scores[idx] = fitted[:, 0]
    if embedder is not None:
        judged = {lang for lang, ref in references.items() if ref.source != "none"} | {"und"}
        idx = np.flatnonzero(~np.isin(languages, sorted(judged)))
        every = [t for ref in references.values() for t in ref.values + ref.exemplars]
        if len(idx) and every:
            scores[idx] = embedder.similarity([texts[i] for i in idx], every)
    return scores, scorers


def people_fit(
    person_ids: Sequence[Any], evidence: np.ndarray, post_ids: Sequence[Any], prior_posts: float, top_posts: int = 3
) -> pd.DataFrame:
    """Per-person culture fit from the evidence of their posts (NaN: the post says nothing).

    Returns one row per person with posts, sorted by ``employee_id``: ``posts_scored`` (posts
    with evidence), ``raw_fit`` (their mean; NaN without evidence), ``culture_fit`` (shrunk
    toward the mean ``raw_fit`` over people, each counting once, by ``prior_posts``; NaN
    without evidence: unknown, not low) and ``top_post_ids`` (their best posts, best first).

    >>> f = people_fit(["a", "a", "b", "c"], np.array([1.0, 0.5, 0.0, np.nan]), ["p1", "p2", "p3", "p4"], prior_posts=0)
    >>> f[["employee_id", "posts_scored", "culture_fit"]].to_dict("list")
    {'employee_id': ['a', 'b', 'c'], 'posts_scored': [2, 1, 0], 'culture_fit': [0.75, 0.0, nan]}
    >>> f["top_post_ids"].tolist()
    [['p1', 'p2'], ['p3'], []]
    """
    posts = pd.DataFrame(
        {
            "employee_id": pd.Series(list(person_ids), dtype=object),
            "post_id": pd.Series(list(post_ids), dtype=object),
            "score": np.asarray(evidence, dtype=float),
        }
    )
    if posts.empty:
        return _no_scores()
    grouped = posts.groupby("employee_id", sort=True)["score"]
    people = pd.DataFrame({"posts_scored": grouped.count(), "raw_fit": grouped.mean()})
    n = people["posts_scored"].to_numpy(dtype=float)
    raw = people["raw_fit"].to_numpy(dtype=float)
    known = n > 0
    population = float(np.mean(raw[known])) if known.any() else 0.0
    people["culture_fit"] = np.where(known, shrink(raw, n, prior_posts, population), np.nan)
    best = posts.dropna(subset=["score"]).sort_values(["employee_id", "score"], ascending=[True, False], kind="stable")
    top = best.groupby("employee_id", sort=True).head(top_posts).groupby("employee_id", sort=True)["post_id"].agg(list)
    people["top_post_ids"] = [top.get(i, []) for i in people.index]
    people["posts_scored"] = people["posts_scored"].astype("int64")
    return people.reset_index()


def _no_scores() -> pd.DataFrame:
    """The empty result of :func:`people_fit`."""
    columns = {"employee_id": [], "posts_scored": [], "raw_fit": [], "culture_fit": [], "top_post_ids": []}
    return pd.DataFrame(columns).astype({"employee_id": object, "posts_scored": "int64", "raw_fit": float, "culture_fit": float})


# ---- tone -----------------------------------------------------------------------------------

#: A post whose VADER compound polarity is at or below this reads clearly negative.
NEGATIVE_COMPOUND = -0.3
#: Languages tone is read in: VADER's lexicon is English. Other languages' tone is unknown.
TONE_LANGUAGES = frozenset({"en"})
#: The polarity given to a post read as irony (it praises in words what it mocks).
IRONY_POLARITY = -0.5


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone_scores(texts: Iterable[str]) -> np.ndarray:
    """Polarity of each text in [-1, 1]: VADER's compound score (Hutto and Gilbert, 2014).

    VADER is a lexicon and rule-based model made for short English social-media text: it
    weighs negation ("not good"), intensifiers ("very"), contrast ("but"), capitals and
    punctuation, and ships its lexicon in the package. English only: :func:`culture_stage`
    reads it for English posts and leaves other languages' tone unknown. Empty texts score 0.

    Examples
    --------
    >>> s = tone_scores(["Thanks so much for helping the night team, great work!",
    ...                  "Nobody explained why. Typical. What a waste of time.", ""])
    >>> bool(s[0] > 0.5), bool(s[1] < -0.3), float(s[2])
    (True, True, 0.0)
    """
    analyzer = _vader()
    return np.array([analyzer.polarity_scores(t)["compound"] if t.strip() else 0.0 for t in _texts(texts)], dtype=float)


def tone_of_people(person_ids: Iterable[Any], polarity: Iterable[float], prior_posts: float) -> pd.DataFrame:
    """Per-person tone: the mean polarity of their posts whose tone is known, shrunk toward the population mean.

    ``polarity`` is NaN for posts whose tone cannot be read (a language without a tone model).
    Returns one row per person, sorted by ``employee_id``: ``tone_posts`` (posts with a known
    tone), ``tone`` (shrunk mean; NaN when no post's tone is known: unknown, neither good nor
    bad) and ``negative_posts`` (posts at or below :data:`NEGATIVE_COMPOUND`).

    >>> tone_of_people(["a", "a", "b", "c"], [0.8, 0.6, -0.5, float("nan")], prior_posts=0).round(2).to_dict("list")
    {'employee_id': ['a', 'b', 'c'], 'tone_posts': [2, 1, 0], 'tone': [0.7, -0.5, nan], 'negative_posts': [0, 1, 0]}
    """
    frame = pd.DataFrame({"employee_id": pd.Series(list(person_ids), dtype=object), "polarity": list(polarity)})
    if frame.empty:
        return pd.DataFrame({"employee_id": [], "tone_posts": [], "tone": [], "negative_posts": []}).astype(
            {"employee_id": object, "tone_posts": "int64", "tone": float, "negative_posts": "int64"}
        )
    frame["negative"] = frame["polarity"] <= NEGATIVE_COMPOUND
    people = frame.groupby("employee_id", sort=True).agg(
        tone_posts=("polarity", "count"), mean=("polarity", "mean"), negative_posts=("negative", "sum")
    )
    n = people["tone_posts"].to_numpy(dtype=float)
    known = n > 0
    population = float(people["mean"][known].mean()) if known.any() else 0.0
    people["tone"] = np.where(known, shrink(people["mean"].to_numpy(), n, prior_posts, population), np.nan)
    out = people.reset_index()[["employee_id", "tone_posts", "tone", "negative_posts"]]
    return out.astype({"tone_posts": "int64", "negative_posts": "int64"})


# ---- inputs ---------------------------------------------------------------------------------


def read_values(path: str | Path) -> list[str]:
    """The value texts of a values statement file (see :func:`split_values`).

    Raises
    ------
    InputError
        When the file is missing, not UTF-8, or holds no text.
    """
    path = Path(path)
    fix = "write the company's values (markdown, one '## ' section per value) there, or set organization.values_file"
    if not path.is_file():
        raise InputError(path, "values statement not found", fix)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "values statement is not UTF-8 text", "save it as UTF-8") from None
    values = split_values(text)
    if not values:
        raise InputError(path, "values statement is empty", fix)
    return values


#: Exemplar labels that mark a counter-example (compared lower-cased, with - and spaces as _).
COUNTER_LABELS = frozenset({"off_culture", "off", "negative", "counter_example", "counterexample"})


def read_exemplars(path: str | Path) -> tuple[list[str], list[str]]:
    """The optional exemplars CSV (header ``text[,label]``): ``(exemplars, counter_examples)``.

    Rows labelled ``off_culture`` (or ``off``, ``negative``, ``counter_example``) are
    counter-examples; every other row, with any label or none, is an on-culture exemplar.
    No file gives two empty lists.

    Raises
    ------
    InputError
        When the file is not UTF-8 or has no ``text`` column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp) / "exemplars.csv"
    ...     _ = path.write_text("text,label\\nThanks for pairing!,on_culture\\nNot my job.,off-culture\\n")
    ...     read_exemplars(path)
    (['Thanks for pairing!'], ['Not my job.'])
    """
    path = Path(path)
    if not path.is_file():
        return [], []
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "exemplars file is not UTF-8 text", "save it as UTF-8 CSV") from None
    reader = csv.DictReader(io.StringIO(content))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "text" not in header:
        raise InputError(path, "no column 'text'", "start the file with a header row: text,label")
    text_col = reader.fieldnames[header.index("text")]
    label_col = reader.fieldnames[header.index("label")] if "label" in header else None
    exemplars: list[str] = []
    counter: list[str] = []
    for row in reader:
        text = (row.get(text_col) or "").strip()
        if not text:
            continue
        label = (row.get(label_col) or "") if label_col else ""
        is_counter = re.sub(r"[\s-]+", "_", label.strip().lower()) in COUNTER_LABELS
        (counter if is_counter else exemplars).append(text)
    return exemplars, counter


_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}$")


def read_references(values_path: str | Path, exemplars_path: str | Path | None = None) -> dict[str, References]:
    """The references of every language: values statements and exemplars, by language.

    ``values_path`` (required) is in the language it is written in (detected; English when too
    short to tell). Beside it, ``<stem>.<lang>.<suffix>`` files (``values.he.md``,
    ``values.es.md``: ISO 639-1 codes) give the statement in other languages; symbolic links
    are not followed. Exemplars and counter-examples (:func:`read_exemplars`) join the
    references of the language each is written in.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folder = pathlib.Path(tmp)
    ...     _ = (folder / "values.md").write_text("## We help each other\\nNobody succeeds alone.\\n## Customers first\\nWe listen.")
    ...     _ = (folder / "values.he.md").write_text("## אנחנו עוזרים זה לזה\\nאף אחד לא מצליח לבד.\\n## הלקוחות קודם\\nאנחנו מקשיבים.")
    ...     refs = read_references(folder / "values.md")
    >>> sorted(refs), len(refs["he"].values), refs["en"].source
    (['en', 'he'], 2, 'values')
    """
    values_path = Path(values_path)
    values = read_values(values_path)
    main = detect_languages([" ".join(values)])[0]
    main = "en" if main == "und" else main
    references: dict[str, References] = {main: References(values=list(values))}
    pattern = f"{values_path.stem}.*{values_path.suffix}"
    for sibling in sorted(values_path.parent.glob(pattern)) if values_path.parent.is_dir() else []:
        lang = sibling.name[len(values_path.stem) + 1 : len(sibling.name) - len(values_path.suffix)].lower()
        if sibling == values_path or not _LANG_SUFFIX.match(lang) or sibling.is_symlink() or not sibling.is_file():
            continue
        references.setdefault(lang, References()).values.extend(read_values(sibling))
    if exemplars_path is not None:
        exemplars, counter = read_exemplars(exemplars_path)
        for texts, attr in ((exemplars, "exemplars"), (counter, "counter_examples")):
            for text, lang in zip(texts, detect_languages(texts)):
                getattr(references.setdefault(main if lang == "und" else lang, References()), attr).append(text)
    return references


# ---- the pipeline stage ---------------------------------------------------------------------


def culture_stage(con, ctx) -> dict[str, Any]:
    """Score every post against the values in its own language and write ``marts_culture``.

    Reads the references (:func:`read_references`: ``organization.values_file``, its
    ``values.<lang>.md`` siblings and the exemplars), the in-window posts, replies and quotes
    of employees who did not opt out (at most ``culture.max_posts_per_person`` most recent
    each, chosen in SQL, with their language and how colleagues responded), then for each post:

    1. its similarity to the values written in its language (:func:`score_posts_by_language`;
       no references in its language: no evidence), as a percentile among the posts of that
       language (:func:`within_language_percentile`);
    2. no evidence either when it copies the values statement or holds a value's words in scare
       quotes; evidence *against* (0) when it reads as irony: quoted values with an irony mark or
       laughter in response, or a values-like post with an irony mark or that colleagues
       answered mostly with laughter (:mod:`ambassador.irony`);
    3. its tone (VADER) when it is English; irony reads negative; other languages' tone is
       unknown.

    Intranet and public posts are aggregated apart (``culture_fit``, ``public_culture_fit``),
    each shrunk toward its population; a person whose posts give no evidence gets NULL (unknown,
    which the ranking neither rewards nor penalises). People without posts get
    :data:`NO_POSTS_FIT`. ``marts_languages`` is told what each language is judged by.

    Returns
    -------
    dict
        ``people``, ``people_with_posts``, ``people_with_public_posts``, ``posts_scored``,
        ``posts_unjudged``, ``ironic_posts``, ``values``, ``exemplars``, ``counter_examples``,
        ``languages`` (what each language's culture fit compares with), ``components`` and ``seconds``.
    """
    started = time.perf_counter()
    settings = ctx.settings
    references = read_references(
        settings.resolve_data_path(settings.organization.values_file),
        settings.resolve_data_path(settings.organization.exemplars_file),
    )
    params = {
        "as_of": ctx.as_of,
        "window_days": settings.window.days,
        "max_posts": settings.culture.max_posts_per_person,
        "kinds": list(POST_KINDS),
    }
    posts = run_sql(con, "marts", "culture_posts", params).df()
    people = con.execute(_PEOPLE_SQL).df()
    prior = settings.culture.prior_posts
    embedder = None
    if settings.culture.embedding_model:
        from ambassador.embeddings import load_embeddings

        embedder = load_embeddings(settings.resolve_data_path(settings.culture.embedding_model))
    posts = posts.assign(**judge_posts(posts, references, embedder))

    frame = people
    for public, prefix in ((False, ""), (True, "public_")):
        subset = posts[posts["public"] == public] if len(posts) else posts
        scored = people_fit(subset["employee_id"], subset["evidence"], subset["post_id"], prior) if len(subset) else _no_scores()
        scored["top_post_ids"] = scored["top_post_ids"].map(lambda ids: [str(i) for i in ids])
        frame = frame.merge(scored.add_prefix(prefix).rename(columns={f"{prefix}employee_id": "employee_id"}), on="employee_id", how="left")
        frame[f"{prefix}posts_scored"] = frame[f"{prefix}posts_scored"].fillna(0).astype("int64")
        frame[f"{prefix}raw_fit"] = frame[f"{prefix}raw_fit"].astype(float)
        frame[f"{prefix}top_post_ids"] = [ids if isinstance(ids, list) else [] for ids in frame[f"{prefix}top_post_ids"]]
    wrote = set(posts["employee_id"])
    for prefix, public in (("", False), ("public_", True)):
        authors = set(posts.loc[posts["public"] == public, "employee_id"]) if len(posts) else set()
        fit = frame[f"{prefix}culture_fit"].astype(float)
        # no posts at all: no evidence, below everyone; posts none of which could be judged: unknown
        frame[f"{prefix}culture_fit"] = np.where(frame["employee_id"].isin(authors), fit, NO_POSTS_FIT)

    per_person = posts.groupby("employee_id").agg(
        posts_unjudged=("evidence", lambda s: int(s.isna().sum())),
        ironic_posts=("ironic", "sum"),
        language=("lang", _main_language),
    ) if len(posts) else pd.DataFrame(columns=["posts_unjudged", "ironic_posts", "language"])
    frame = frame.merge(per_person, left_on="employee_id", right_index=True, how="left")
    frame["posts_unjudged"] = frame["posts_unjudged"].fillna(0).astype("int64")
    frame["ironic_posts"] = frame["ironic_posts"].fillna(0).astype("int64")
    frame["language"] = frame["language"].astype(object).where(frame["language"].notna(), None)

    tone = tone_of_people(posts["employee_id"], posts["polarity"], prior)
    frame = frame.merge(tone, on="employee_id", how="left")
    frame["tone_posts"] = frame["tone_posts"].fillna(0).astype("int64")
    frame["negative_posts"] = frame["negative_posts"].fillna(0).astype("int64")
    frame["tone"] = frame["tone"].astype(float)  # NaN for people without posts (not in tone's frame)
    frame = frame[column_names("marts_culture")]

    replace_rows(con, "marts_culture", frame)
    check_not_null(con, "marts_culture", "employee_id", "posts_scored", "top_post_ids")
    check_unique(con, "marts_culture", "employee_id")
    judged_by = {lang: ref.source for lang, ref in references.items()}
    for lang in sorted(set(posts["lang"].dropna()) - set(judged_by) - {"und"}) if len(posts) else []:
        judged_by[lang] = "embeddings" if embedder is not None else "none"
    _tell_language_mix(con, judged_by)
    return {
        "people": len(frame),
        "people_with_posts": int(frame["employee_id"].isin(wrote).sum()),
        "people_with_public_posts": int((frame["public_posts_scored"] > 0).sum()),
        "posts_scored": len(posts),
        "posts_unjudged": int(posts["evidence"].isna().sum()) if len(posts) else 0,
        "ironic_posts": int(posts["ironic"].sum()) if len(posts) else 0,
        "values": sum(len(r.values) for r in references.values()),
        "exemplars": sum(len(r.exemplars) for r in references.values()),
        "counter_examples": sum(len(r.counter_examples) for r in references.values()),
        "languages": judged_by,
        "seconds": round(time.perf_counter() - started, 2),
    }


def judge_posts(posts: pd.DataFrame, references: Mapping[str, References], embedder=None, **params: Any) -> dict[str, np.ndarray]:
    """Per post: ``similarity`` (raw, NaN when not judged), ``evidence`` of fit in [0, 1] (NaN:
    none), ``ironic`` and ``polarity`` (NaN when its tone cannot be read).

    ``posts`` has ``text``, ``lang``, ``responses`` and ``laughs`` (``culture_posts.sql``).
    """
    if posts.empty:
        empty = np.zeros(0)
        return {"similarity": empty, "evidence": empty, "ironic": empty.astype(bool), "polarity": empty}
    texts = _texts(posts["text"])
    langs = posts["lang"].fillna("und").astype(str).tolist()
    similarity, _ = score_posts_by_language(texts, langs, references, embedder, **params)
    all_values = [v for ref in references.values() for v in ref.values]
    copied = copies_values(texts, all_values)
    quoted = quotes_values(texts, value_terms(all_values))
    similarity = np.where(copied, np.nan, similarity)
    percentile = within_language_percentile(similarity, langs)
    marked = irony_markers(texts)
    laughed = laughed_at(posts["laughs"].to_numpy(), posts["responses"].to_numpy())
    values_like = np.nan_to_num(percentile, nan=0.0) >= 0.5
    ironic = (quoted & (marked | laughed)) | ((marked | laughed) & values_like)
    evidence = np.where(quoted, np.nan, percentile)
    evidence = np.where(ironic, 0.0, evidence)
    readable = np.isin(np.asarray(langs, dtype=object), list(TONE_LANGUAGES))
    polarity = np.full(len(texts), np.nan)
    if readable.any():
        polarity[readable] = tone_scores([t for t, r in zip(texts, readable) if r])
    polarity = np.where(ironic & readable, IRONY_POLARITY, polarity)
    return {"similarity": similarity, "evidence": evidence, "ironic": ironic, "polarity": polarity}


def _main_language(langs: pd.Series) -> str | None:
    """The language a person writes most in (ties: alphabetical); None when none can be told."""
    counts = langs[langs.notna() & (langs != "und")].value_counts()
    if counts.empty:
        return None
    best = counts.max()
    return sorted(counts[counts == best].index)[0]


def _tell_language_mix(con, judged_by: Mapping[str, str]) -> None:
    """Fill ``marts_languages.culture_fit_by`` and ``tone_by`` for every language written."""
    con.execute(
        """
        UPDATE marts_languages SET
            culture_fit_by = coalesce(map_extract_value(MAP($langs, $sources), lang), 'none'),
            tone_by = CASE WHEN list_contains($tone, lang) THEN 'vader' ELSE 'none' END
        """,
        {"langs": list(judged_by) or [""], "sources": list(judged_by.values()) or ["none"], "tone": sorted(TONE_LANGUAGES)},
    )

"""Culture fit: how close each person's posts are to the company's written values.

The values statement is split into one reference text per value (:func:`split_values`); the
optional exemplars file adds posts comms leads hold up as on-culture (and, labelled
``off_culture``, counter-examples). :class:`CultureFitScorer` embeds posts and references with
TF-IDF followed by latent semantic analysis (truncated SVD), so a post that paraphrases a value
scores even when it shares few words with it, and scores each post by its cosine similarity to
the closest reference. A person's raw fit is the mean over their posts, shrunk toward the
population mean for people with few posts; :func:`culture_stage` runs it on the warehouse.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from ambassador.errors import InputError
from ambassador.schema import column_names
from ambassador.warehouse import check_not_null, check_unique, replace_rows, run_sql

__all__ = [
    "COUNTER_LABELS",
    "NO_POSTS_FIT",
    "POST_KINDS",
    "CultureFitScorer",
    "analyze",
    "culture_stage",
    "read_exemplars",
    "read_values",
    "split_values",
    "stem",
]

#: culture_fit of someone with no posts in the window: no evidence, so below everyone with posts
#: (whose shrunk fit is at least ``prior_posts / (n + prior_posts)`` x the population mean > 0).
NO_POSTS_FIT = 0.0

POST_KINDS = ("post", "reply", "quote")  # reshares carry someone else's words; system lines none
_BATCH = 50_000  # posts embedded at once: bounds memory to about _BATCH x n_components floats

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

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_VOWELS = set("aeiouy")


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Light English suffix stripping, so that inflections of a word share one term.

    Conservative on purpose (plural ``s``, ``ing``, ``ed``, final ``e``, doubled consonants);
    what matters is that a value and a post using the same word in another form meet.

    Examples
    --------
    >>> [stem(w) for w in ["helps", "helping", "helped", "help", "stories", "shared", "share", "stopped"]]
    ['help', 'help', 'help', 'help', 'story', 'shar', 'shar', 'stop']
    >>> [stem(w) for w in ["recognise", "recognising", "customers", "business", "thing", "need"]]
    ['recognis', 'recognis', 'customer', 'business', 'thing', 'need']
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") or word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and _VOWELS & set(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in _VOWELS:
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def analyze(text: str) -> list[str]:
    """Terms of a text: lower-cased words without English stop words, stemmed, plus bigrams.

    >>> analyze("We are helping our customers")
    ['help', 'customer', 'help customer']
    """
    words = [stem(w) for w in _TOKEN.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


# ---- the estimator --------------------------------------------------------------------------


class CultureFitScorer(BaseEstimator):
    """Score texts by their similarity to the company's values, in a latent semantic space.

    ``fit`` learns a TF-IDF vocabulary (:func:`analyze`: English stop words removed, light
    stemming, word 1-2 grams; sublinear term frequency) on the posts and the references together, then a truncated SVD (latent
    semantic analysis) so that words used in the same contexts land close together, then L2
    normalisation. Each post's score is its cosine similarity to the closest reference, clipped
    to [0, 1]. The references are each value, plus the centroid of the exemplars: exemplars are
    concrete posts full of incidental words (names, places, tools), and taken one by one the
    closest of them matched off-topic and negative posts as often as on-culture ones (on the
    generated sample company, person-level rank correlation with the hidden truth fell from
    0.25 to 0.03); their centroid keeps what they share. Counter-examples (posts held up as
    off-culture) are optional: their centroid's similarity, when positive, is subtracted, which
    is what bag-of-words similarity otherwise cannot do for cynical posts that use the values'
    own words ("management says customers come first, then ...").

    Parameters
    ----------
    n_components : int, default 100
        LSA dimensions. On small corpora at most half the rank of the document-term matrix
        (``(min(n_documents, n_terms) - 1) // 2``), so the projection still compresses; below 2
        the SVD is skipped and plain TF-IDF cosine is used.
    prior_posts : float, default 8.0
        Shrinkage strength: a person with this many posts is pulled halfway to the population
        mean (``settings.culture.prior_posts``).
    min_df : int or float, default 1
        Ignore terms in fewer documents (or a smaller share of documents) than this.
    max_features : int or None, default 50000
        Keep the most frequent terms, plus every term of the references so that the values'
        own words are never cut from the vocabulary.
    max_fit_posts : int, default 200000
        Fit on a random sample of this many posts (all references always included); every post
        is still scored.
    top_posts : int, default 3
        Post ids kept per person as evidence by :meth:`score_people`.
    random_state : int, default 0
        Seed for the post sample and the randomized SVD.

    Attributes
    ----------
    counts_ : CountVectorizer
        Tokeniser with the fitted vocabulary.
    tfidf_ : TfidfTransformer
        Fitted IDF weights.
    svd_ : TruncatedSVD or None
        The LSA projection (None when the corpus was too small for one).
    n_components_ : int
        Dimensions actually used (the vocabulary size without SVD).
    reference_ : ndarray of shape (n_values_ [+ 1], n_components_)
        The values, then the exemplars' centroid when there are exemplars; L2-normalised.
    counter_reference_ : ndarray of shape (1, n_components_) or None
        The counter-examples' centroid, L2-normalised (None without counter-examples).
    n_values_ : int
        How many rows of ``reference_`` are values.

    Examples
    --------
    >>> posts = ["thanks for helping me debug", "lunch at noon?", "helping a colleague who was stuck",
    ...          "we listened to customers on the quay", "parking is full again"]
    >>> scorer = CultureFitScorer(n_components=3).fit(posts, ["We help each other", "Customers first"])
    >>> s = scorer.score_posts(["happy to help anyone who is stuck", "the parking is full"])
    >>> bool(s[0] > s[1])
    True
    """

    def __init__(
        self,
        n_components: int = 100,
        prior_posts: float = 8.0,
        min_df: int | float = 1,
        max_features: int | None = 50_000,
        max_fit_posts: int = 200_000,
        top_posts: int = 3,
        random_state: int | None = 0,
    ):
        self.n_components = n_components
        self.prior_posts = prior_posts
        self.min_df = min_df
        self.max_features = max_features
        self.max_fit_posts = max_fit_posts
        self.top_posts = top_posts
        self.random_state = random_state

    def _vectorizer(self, **kwargs: Any) -> CountVectorizer:
        return CountVectorizer(analyzer=analyze, **kwargs)

    def fit(
        self,
        posts: Iterable[str],
        values: Iterable[str],
        exemplars: Iterable[str] = (),
        counter_examples: Iterable[str] = (),
    ) -> CultureFitScorer:
        """Learn the text space from posts and references.

        Parameters
        ----------
        posts : iterable of str
            The posts to be scored later (or a sample of them).
        values : iterable of str
            One reference text per value (see :func:`split_values`); at least one.
        exemplars : iterable of str, optional
            Posts held up as on-culture; their centroid is one more reference.
        counter_examples : iterable of str, optional
            Posts held up as off-culture; similarity to their centroid is subtracted.

        Returns
        -------
        self
        """
        posts = _texts(posts)
        values, exemplars, counter = ([t for t in _texts(x) if t.strip()] for x in (values, exemplars, counter_examples))
        if not values:
            raise ValueError("culture fit needs at least one non-empty value text")
        references = values + exemplars + counter
        if len(posts) > self.max_fit_posts:
            rng = np.random.default_rng(self.random_state)
            pick = np.sort(rng.choice(len(posts), size=self.max_fit_posts, replace=False))
            posts = [posts[i] for i in pick]

        corpus = posts + references
        vocabulary = self._vectorizer(min_df=self.min_df)
        counts = vocabulary.fit_transform(corpus).tocsc()
        keep = self._keep_terms(counts, len(references))
        terms = vocabulary.get_feature_names_out()[keep]
        counts = counts[:, keep].tocsr()
        self.counts_ = self._vectorizer(vocabulary={t: j for j, t in enumerate(terms)}).fit(references)
        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(counts)

        X = self.tfidf_.transform(counts)
        k = min(self.n_components, (min(X.shape) - 1) // 2)  # LSA must compress to generalise
        if k >= 2:
            self.svd_ = TruncatedSVD(n_components=k, algorithm="randomized", random_state=self.random_state).fit(X)
            self.n_components_ = k
        else:
            self.svd_ = None
            self.n_components_ = X.shape[1]
        self.n_values_ = len(values)
        self.reference_ = _dense(self._embed(values))
        if exemplars:
            self.reference_ = np.vstack([self.reference_, _centroid(self._embed(exemplars))])
        self.counter_reference_ = _centroid(self._embed(counter)) if counter else None
        return self

    def _keep_terms(self, counts, n_references: int) -> np.ndarray:
        """Column indices kept: the most frequent terms plus every reference term."""
        n_terms = counts.shape[1]
        if self.max_features is None or n_terms <= self.max_features:
            return np.arange(n_terms)
        frequency = np.asarray(counts.sum(axis=0)).ravel()
        top = np.argsort(-frequency, kind="stable")[: self.max_features]
        in_references = np.flatnonzero(np.asarray(counts[-n_references:, :].sum(axis=0)).ravel())
        return np.union1d(top, in_references)

    def _embed(self, texts: Sequence[str]):
        """L2-normalised vectors: dense LSA coordinates, or sparse TF-IDF without SVD."""
        X = self.tfidf_.transform(self.counts_.transform(texts))
        if self.svd_ is not None:
            return normalize(self.svd_.transform(X))
        return normalize(X)

    def score_posts(self, texts: Iterable[str]) -> np.ndarray:
        """Cosine similarity of each text to its closest reference, in [0, 1].

        Minus the similarity to the counter-examples' centroid when there are any (and it is
        positive). Texts with no known term (empty, only stop words, unknown words) score 0.
        """
        check_is_fitted(self, "reference_")
        texts = _texts(texts)
        out = np.zeros(len(texts))
        for start in range(0, len(texts), _BATCH):
            chunk = self._embed(texts[start : start + _BATCH])
            score = np.asarray(chunk @ self.reference_.T).max(axis=1, initial=0.0)
            if self.counter_reference_ is not None:
                score -= np.clip(np.asarray(chunk @ self.counter_reference_.T)[:, 0], 0.0, None)
            out[start : start + len(score)] = score
        return np.clip(out, 0.0, 1.0)

    def score_people(
        self, person_ids: Iterable[Any], texts: Iterable[str], post_ids: Iterable[Any] | None = None
    ) -> pd.DataFrame:
        """Per-person culture fit from their posts.

        Parameters
        ----------
        person_ids, texts, post_ids : iterables of the same length
            One entry per post: its author, its text and its id (positions when omitted).

        Returns
        -------
        DataFrame
            One row per person with posts, sorted by ``employee_id``: ``posts_scored`` (n),
            ``raw_fit`` (mean post score), ``culture_fit`` = ``(n * raw_fit + prior_posts * m) /
            (n + prior_posts)`` where ``m`` is the mean ``raw_fit`` over these people (each
            person counts once, so prolific posters do not set the prior), and
            ``top_post_ids`` (up to ``top_posts`` best-scoring posts, best first, ties in input
            order). People without posts are not in the frame; :func:`culture_stage` gives
            them :data:`NO_POSTS_FIT`.
        """
        person_ids = list(person_ids)
        texts = _texts(texts)
        post_ids = list(post_ids) if post_ids is not None else list(range(len(texts)))
        if not (len(person_ids) == len(texts) == len(post_ids)):
            raise ValueError("person_ids, texts and post_ids must have the same length")
        posts = pd.DataFrame(
            {"employee_id": pd.Series(person_ids, dtype=object), "post_id": pd.Series(post_ids, dtype=object)}
        )
        posts["score"] = self.score_posts(texts)
        people = posts.groupby("employee_id", sort=True)["score"].agg(posts_scored="size", raw_fit="mean")
        if people.empty:
            return _no_scores()
        n, raw = people["posts_scored"].to_numpy(dtype=float), people["raw_fit"].to_numpy()
        population = raw.mean()
        people["culture_fit"] = (n * raw + self.prior_posts * population) / (n + self.prior_posts)
        best = posts.sort_values(["employee_id", "score"], ascending=[True, False], kind="stable")
        best = best.groupby("employee_id", sort=True).head(self.top_posts)
        people["top_post_ids"] = best.groupby("employee_id", sort=True)["post_id"].agg(list)
        people["posts_scored"] = people["posts_scored"].astype("int64")
        return people.reset_index()


def _no_scores() -> pd.DataFrame:
    """The empty result of :meth:`CultureFitScorer.score_people`."""
    columns = {"employee_id": [], "posts_scored": [], "raw_fit": [], "culture_fit": [], "top_post_ids": []}
    return pd.DataFrame(columns).astype({"employee_id": object, "posts_scored": "int64", "raw_fit": float, "culture_fit": float})


def _dense(X) -> np.ndarray:
    return X.toarray() if hasattr(X, "toarray") else np.asarray(X)


def _centroid(X) -> np.ndarray:
    """The L2-normalised mean of the rows of X, as a (1, d) array."""
    return normalize(np.asarray(_dense(X).mean(axis=0)).reshape(1, -1))


def _texts(texts: Iterable[Any]) -> list[str]:
    """Texts as a list of str, missing values as empty strings."""
    return ["" if t is None or (isinstance(t, float) and t != t) else str(t) for t in texts]


# ---- tone -----------------------------------------------------------------------------------

#: A post whose VADER compound polarity is at or below this reads clearly negative.
NEGATIVE_COMPOUND = -0.3


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone_scores(texts: Iterable[str]) -> np.ndarray:
    """Polarity of each text in [-1, 1]: VADER's compound score (Hutto and Gilbert, 2014).

    VADER is a lexicon and rule-based model made for short social-media text: it weighs
    negation ("not good"), intensifiers ("very"), contrast ("but"), capitals and punctuation,
    and ships its lexicon in the package, so nothing is downloaded. Culture fit says whether a
    post is *about* what the values are about; tone says whether it is said constructively, which
    similarity alone cannot tell ("management says customers come first, then cuts the support
    budget" shares the values' words). Empty texts score 0.

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
    """Per-person tone: the mean polarity of their posts, shrunk toward the population mean.

    Returns one row per person, sorted by ``employee_id``: ``tone_posts`` (n), ``tone``
    (``(n x mean + prior_posts x m) / (n + prior_posts)``, ``m`` the mean over people) and
    ``negative_posts`` (posts at or below :data:`NEGATIVE_COMPOUND`).

    >>> tone_of_people(["a", "a", "b"], [0.8, 0.6, -0.5], prior_posts=0).round(2).to_dict("list")
    {'employee_id': ['a', 'b'], 'tone_posts': [2, 1], 'tone': [0.7, -0.5], 'negative_posts': [0, 1]}
    """
    frame = pd.DataFrame({"employee_id": pd.Series(list(person_ids), dtype=object), "polarity": list(polarity)})
    if frame.empty:
        return pd.DataFrame({"employee_id": [], "tone_posts": [], "tone": [], "negative_posts": []}).astype(
            {"employee_id": object, "tone_posts": "int64", "tone": float, "negative_posts": "int64"}
        )
    frame["negative"] = frame["polarity"] <= NEGATIVE_COMPOUND
    people = frame.groupby("employee_id", sort=True).agg(
        tone_posts=("polarity", "size"), mean=("polarity", "mean"), negative_posts=("negative", "sum")
    )
    n = people["tone_posts"].to_numpy(dtype=float)
    population = people["mean"].mean()
    people["tone"] = (n * people["mean"].to_numpy() + prior_posts * population) / (n + prior_posts)
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


# ---- the pipeline stage ---------------------------------------------------------------------


def culture_stage(con, ctx) -> dict[str, Any]:
    """Fit the culture scorer on the window's posts and write ``marts_culture``.

    One scorer is fitted on all posts; intranet and public social posts are then scored apart
    (``culture_fit`` and ``public_culture_fit``), each shrunk toward its own population, so the
    ranking can weigh them separately.

    Reads ``organization.values_file`` (required) and ``organization.exemplars_file``
    (optional, see :func:`read_exemplars`), both relative to the data folder; scores the in-window posts, replies and
    quotes of employees who did not opt out (at most ``culture.max_posts_per_person`` most
    recent each, chosen in SQL); writes one row for every such employee. People without posts
    get ``posts_scored`` 0, ``raw_fit`` NULL, ``culture_fit`` :data:`NO_POSTS_FIT` and no
    evidence.

    Returns
    -------
    dict
        ``people``, ``people_with_posts``, ``people_with_public_posts``, ``posts_scored``, ``values``, ``exemplars``,
        ``counter_examples``, ``components`` (LSA dimensions, 0 without SVD) and ``seconds``.
    """
    started = time.perf_counter()
    settings = ctx.settings
    values = read_values(settings.resolve_data_path(settings.organization.values_file))
    exemplars, counter = read_exemplars(settings.resolve_data_path(settings.organization.exemplars_file))

    params = {
        "as_of": ctx.as_of,
        "window_days": settings.window.days,
        "max_posts": settings.culture.max_posts_per_person,
        "kinds": list(POST_KINDS),
    }
    posts = run_sql(con, "marts", "culture_posts", params).df()
    people = con.execute(_PEOPLE_SQL).df()

    scorer = CultureFitScorer(prior_posts=settings.culture.prior_posts)
    components = 0
    if len(posts):
        scorer.fit(posts["text"], values, exemplars, counter)
        components = scorer.n_components_ if scorer.svd_ is not None else 0

    frame = people
    for public, prefix in ((False, ""), (True, "public_")):
        subset = posts[posts["public"] == public] if len(posts) else posts
        scored = scorer.score_people(subset["employee_id"], subset["text"], subset["post_id"]) if len(subset) else _no_scores()
        scored["top_post_ids"] = scored["top_post_ids"].map(lambda ids: [str(i) for i in ids])
        frame = frame.merge(scored.add_prefix(prefix).rename(columns={f"{prefix}employee_id": "employee_id"}), on="employee_id", how="left")
        frame[f"{prefix}posts_scored"] = frame[f"{prefix}posts_scored"].fillna(0).astype("int64")
        frame[f"{prefix}culture_fit"] = frame[f"{prefix}culture_fit"].fillna(NO_POSTS_FIT).astype(float)
        frame[f"{prefix}raw_fit"] = frame[f"{prefix}raw_fit"].astype(float)
        frame[f"{prefix}top_post_ids"] = [ids if isinstance(ids, list) else [] for ids in frame[f"{prefix}top_post_ids"]]
    # tone: every post they wrote in the window, intranet and public alike
    tone = tone_of_people(posts["employee_id"], tone_scores(posts["text"]), settings.culture.prior_posts)
    frame = frame.merge(tone, on="employee_id", how="left")
    frame["tone_posts"] = frame["tone_posts"].fillna(0).astype("int64")
    frame["negative_posts"] = frame["negative_posts"].fillna(0).astype("int64")
    frame["tone"] = frame["tone"].astype(float)
    frame = frame[column_names("marts_culture")]

    replace_rows(con, "marts_culture", frame)
    check_not_null(con, "marts_culture", "employee_id", "posts_scored", "culture_fit", "top_post_ids")
    check_unique(con, "marts_culture", "employee_id")
    return {
        "people": len(frame),
        "people_with_posts": int((frame["posts_scored"] > 0).sum()),
        "people_with_public_posts": int((frame["public_posts_scored"] > 0).sum()),
        "posts_scored": len(posts),
        "values": len(values),
        "exemplars": len(exemplars),
        "counter_examples": len(counter),
        "components": int(components),
        "seconds": round(time.perf_counter() - started, 2),
    }

"""Does the ranking find the right people? An evaluation against planted truth.

The sample generator (:mod:`ambassador.sample`) can write, beside a data folder, the hidden
traits of every synthetic employee: archetype, the language they write in, culture fit,
social pull, a graded relevance (3 ideal ambassador, quiet culture carrier or rising newcomer
... 0 not a candidate) and, for the "wrong people", what makes them wrong (sarcastic hub,
executive whose announcements everyone must acknowledge, broadcaster, central but negative,
reshare-only amplifier, bot, guest, departed, opted out, excluded department).
:func:`evaluate` generates such worlds, runs the whole pipeline on each (the same stages as
the nightly flow, without the orchestrator), and measures the ranking against the truth, side
by side with a simple baseline on the same data:

    baseline score = TF-IDF cosine similarity of a person's posts to the values statement
                     x PageRank of who engages whom (interaction counts, no decay),

with the same eligibility rules. The ranking code never reads the truth: this module is the
only reader, after the run.

What is measured per world (:func:`world_metrics`), for ambassador and the baseline:

- the top ``k``: NDCG@k, precision@k, the wrong people in it by kind, the ineligible;
- every grade-3 person, per language and per archetype: how many there are, recall@R (R = the
  world's eligible grade-3 people; the share of the group ranked within the top R of the
  eligible ranking) and their median eligible rank, beside the median rank of grade-2 people;
  NDCG@k alone hides whole groups once a company has more than ``k`` grade-3 people;
- for a world where a language has no values text, paired with its English twin (same seed,
  everyone writing English): the median rank of the people who switched language, in both.

Worlds come in named suites (:func:`suite`): ``"evaluate"`` (seeds 101-199, never tuned on)
and ``"tune"`` (seeds 1-99). :func:`tune_weights` chooses component weights on tuning worlds
and refuses evaluation seeds; :func:`evaluate` refuses tuning seeds (:class:`SeedOverlapError`).
Tuning needs no new pipeline run per candidate: components do not depend on the weights, so
each candidate is a matrix product and a sort.
"""

from __future__ import annotations

import json
import math
import platform
import re
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ambassador.sample.company import INELIGIBLE_KINDS, WRONG_KINDS

__all__ = [
    "CHECKED_WRONG_KINDS",
    "EVALUATE_SEEDS",
    "GRADE3_KINDS",
    "QUIET_KINDS",
    "SUITES",
    "TUNE_SEEDS",
    "WORLD_END",
    "WRONG_ARCHETYPES",
    "SeedOverlapError",
    "World",
    "WorldResult",
    "baseline_scores",
    "check_seeds",
    "eligible_ranks",
    "evaluate",
    "evaluate_world",
    "format_report",
    "group_metrics",
    "ndcg_at_k",
    "parse_languages",
    "parse_worlds",
    "plot_report",
    "precision_at_k",
    "rank_shift",
    "read_truth",
    "suite",
    "summarise",
    "top_k_metrics",
    "tune_weights",
    "world_metrics",
    "write_json",
]

#: What makes an archetype one of the wrong people (used when a truth file has no ``wrong_kind``),
#: and the wrong kinds no eligibility rule may let through at all: the generator's own tables.
WRONG_ARCHETYPES = WRONG_KINDS
#: The wrong kinds reported one by one (any other wrong kind is still counted in ``wrong``).
CHECKED_WRONG_KINDS = ("sarcastic", "executive_ack", "broadcaster", "amplifier", "central_negative")
#: Grade-3 archetypes reported one by one, and those that must not rank below grade-2 people.
GRADE3_KINDS = ("ideal_ambassador", "quiet_carrier", "rising_newcomer")
QUIET_KINDS = ("quiet_carrier", "rising_newcomer")
#: The end of every generated world's window (and the run's ``--as-of``).
WORLD_END = date(2026, 11, 1)
STRONG = 2  # relevance at or above this counts as a hit for precision@k
TOP_GRADE = 3
#: Seeds reserved for choosing weights and for reporting: the two never overlap.
TUNE_SEEDS = range(1, 100)
EVALUATE_SEEDS = range(101, 200)
LANGUAGE_NAMES = {"en": "English", "he": "Hebrew", "es": "Spanish", "de": "German", "fr": "French",
                  "pt": "Portuguese", "it": "Italian", "nl": "Dutch", "ar": "Arabic", "ru": "Russian"}

# Done-when goals (issue 12)
NDCG_GOAL, NDCG_GOAL_NO_VALUES, MEAN_NDCG_GOAL = 0.90, 0.85, 0.93
BASELINE_MARGIN = 0.10
LANGUAGE_RECALL_GAP = 0.10
PAIR_RATIO_TOLERANCE = 0.20

Progress = Callable[[str], None]


class SeedOverlapError(ValueError):
    """Worlds for tuning and worlds for reporting share a seed: the report would flatter the weights."""


# ---- metrics --------------------------------------------------------------------------------


def ndcg_at_k(ranked: Sequence[float], pool: Sequence[float], k: int) -> float:
    """Normalised discounted cumulative gain of the first ``k`` of ``ranked``.

    Gains are ``2^rel - 1`` discounted by ``log2(position + 1)``; the ideal ordering is the
    best ``k`` relevances of the whole ``pool`` (everyone who could have been ranked, the
    ineligible included, so a ranking cannot score well by ranking few people).

    Parameters
    ----------
    ranked : sequence of float
        Relevance of the ranked people, best-ranked first.
    pool : sequence of float
        Relevance of everyone in the world.
    k : int
        Cut-off.

    Returns
    -------
    float
        In [0, 1]; 0 when the pool holds no relevant person.

    Examples
    --------
    >>> ndcg_at_k([3, 2, 0], [0, 2, 3], 3)
    1.0
    >>> round(ndcg_at_k([0, 2, 3], [0, 2, 3], 3), 3)
    0.606
    """
    ideal = _dcg(np.sort(np.asarray(pool, dtype=float))[::-1], k)
    return _dcg(np.asarray(ranked, dtype=float), k) / ideal if ideal > 0 else 0.0


def _dcg(rels: np.ndarray, k: int) -> float:
    rels = rels[:k]
    return float(((2.0**rels - 1) / np.log2(np.arange(2, len(rels) + 2))).sum())


def precision_at_k(ranked: Sequence[float], k: int, threshold: float = STRONG) -> float:
    """Share of the first ``k`` ranked people whose relevance is at least ``threshold``.

    A ranking shorter than ``k`` counts the missing places as misses.

    >>> precision_at_k([3, 2, 1, 0], 4)
    0.5
    >>> precision_at_k([3], 2)
    0.5
    """
    hits = sum(1 for r in list(ranked)[:k] if r >= threshold)
    return hits / k if k else 0.0


def read_truth(path: str | Path) -> pd.DataFrame:
    """The truth file of a generated world: one row per directory employee.

    Rows for accounts outside the directory (empty ``employee_id``) are dropped: they cannot
    be ranked, and :func:`top_k_metrics` counts any ranked id missing from the truth as
    ineligible anyway. ``wrong_kind`` and ``eligible_truth`` are derived from the archetype
    when the file predates them; ``language`` is ``en`` when the file has none.
    """
    truth = pd.read_csv(path, dtype={"employee_id": str, "wrong_kind": str, "language": str}, keep_default_na=False)
    truth = truth[truth["employee_id"].str.len() > 0].copy()
    truth["relevance"] = pd.to_numeric(truth["relevance"]).astype(float)
    if "wrong_kind" not in truth:
        truth["wrong_kind"] = truth["archetype"].map(WRONG_ARCHETYPES).fillna("")
    if "eligible_truth" not in truth:
        truth["eligible_truth"] = ~truth["wrong_kind"].isin(INELIGIBLE_KINDS)
    else:
        truth["eligible_truth"] = truth["eligible_truth"].astype(str).str.lower().isin(["true", "1", "yes"])
    return _with_language(truth).reset_index(drop=True)


def _with_language(truth: pd.DataFrame) -> pd.DataFrame:
    if "language" not in truth:
        return truth.assign(language="en")
    return truth.assign(language=truth["language"].fillna("").astype(str).str.strip().str.lower().replace("", "en"))


def top_k_metrics(ranked_ids: Sequence[str], truth: pd.DataFrame, k: int) -> dict[str, Any]:
    """NDCG@k, precision@k, wrong and ineligible people in the top ``k`` of a ranking.

    Parameters
    ----------
    ranked_ids : sequence of str
        Employee ids, best first (only the people the ranking calls eligible).
    truth : DataFrame
        From :func:`read_truth`.
    k : int
        Cut-off.

    Examples
    --------
    >>> truth = pd.DataFrame({"employee_id": ["a", "b", "c"], "archetype": ["x", "y", "z"],
    ...                       "relevance": [3.0, 0.0, 2.0], "wrong_kind": ["", "broadcaster", ""],
    ...                       "eligible_truth": [True, True, True]})
    >>> m = top_k_metrics(["b", "a", "zz"], truth, 2)
    >>> m["wrong"], m["ineligible"], round(m["ndcg"], 3), m["precision"]
    (1, 0, 0.497, 0.5)
    >>> top_k_metrics(["zz", "a"], truth, 2)["ineligible"]  # an id outside the directory
    1
    """
    by_id = truth.set_index("employee_id")
    top = list(ranked_ids)[:k]
    known = [i for i in top if i in by_id.index]
    rel = [float(by_id.at[i, "relevance"]) if i in by_id.index else 0.0 for i in top]
    wrong_kinds = [by_id.at[i, "wrong_kind"] for i in known if by_id.at[i, "wrong_kind"]]
    ineligible = sum(1 for i in top if i not in by_id.index or not bool(by_id.at[i, "eligible_truth"]))
    counts: dict[str, int] = {}
    for kind in wrong_kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return {
        "ndcg": ndcg_at_k(rel, truth["relevance"].tolist(), k),
        "precision": precision_at_k(rel, k),
        "wrong": len(wrong_kinds),
        "wrong_by_kind": dict(sorted(counts.items())),
        "ineligible": ineligible,
        "archetypes": dict(sorted(pd.Series([by_id.at[i, "archetype"] for i in known], dtype=object).value_counts().items())),
    }


def eligible_ranks(scores: pd.DataFrame | pd.Series | Sequence[str]) -> pd.Series:
    """Each eligible person's place in a ranking, 1 = best, as a Series indexed by employee id.

    ``scores`` may be a ranked list of ids (best first); a Series of scores by employee id
    (highest first, ties by id); or a frame with ``employee_id`` and ``rank`` or ``score``
    (``marts_person_scores``: only rows with ``eligible`` true when that column exists, and
    the places are counted among them).

    >>> eligible_ranks(["b", "a"]).to_dict()
    {'b': 1, 'a': 2}
    >>> eligible_ranks(pd.Series({"a": 0.2, "b": 0.9, "c": 0.2})).to_dict()
    {'b': 1, 'a': 2, 'c': 3}
    >>> frame = pd.DataFrame({"employee_id": ["a", "b", "c"], "eligible": [True, False, True], "rank": [2, None, 1]})
    >>> eligible_ranks(frame).to_dict()
    {'c': 1, 'a': 2}
    """
    if isinstance(scores, pd.DataFrame):
        frame = scores[scores["eligible"].fillna(False).astype(bool)] if "eligible" in scores else scores
        if "rank" in frame:
            frame = frame.sort_values(["rank", "employee_id"], kind="mergesort")
        else:
            frame = frame.sort_values(["score", "employee_id"], ascending=[False, True], kind="mergesort")
        ids = frame["employee_id"].astype(str).tolist()
    elif isinstance(scores, pd.Series):
        ids = _ranked_ids(scores, set(scores.index.astype(str)))
    else:
        ids = [str(i) for i in scores]
    return pd.Series(np.arange(1, len(ids) + 1), index=pd.Index(ids, name="employee_id"), name="rank")


def _group_stats(ids: Iterable[str], place: pd.Series, bottom: int, cut: int | None) -> dict[str, Any]:
    """Count, recall within the first ``cut`` places, median place (unranked at ``bottom``)."""
    ids = list(ids)
    ranks = np.array([int(place.get(i, bottom)) for i in ids], dtype=float)
    out: dict[str, Any] = {"count": len(ids)}
    if cut is not None:
        hits = int((ranks <= cut).sum())
        out["hits"] = hits
        out["recall"] = hits / len(ids) if ids else float("nan")
    out["median_rank"] = float(np.median(ranks)) if ids else float("nan")
    out["unranked"] = int(sum(1 for i in ids if i not in place.index))
    return out


def group_metrics(ranked_ids: Sequence[str], truth: pd.DataFrame) -> dict[str, Any]:
    """Where whole groups land in the eligible ranking, beyond the top ``k``.

    R is the number of grade-3 people (relevance 3) the truth calls eligible. For every
    grade-3 person together, per language and per archetype: ``count``, ``hits`` (ranked
    within the first R places), ``recall`` (hits / count: recall@R), ``median_rank`` and
    ``unranked`` (people the ranking left out, e.g. called ineligible: they count as a miss,
    at the place after the last). ``grade2`` gives count and median rank of grade-2 people.

    Examples
    --------
    >>> truth = pd.DataFrame({"employee_id": list("abcdef"), "relevance": [3, 3, 3, 2, 2, 0],
    ...     "archetype": ["ideal_ambassador", "quiet_carrier", "ideal_ambassador", "x", "x", "y"],
    ...     "language": ["en", "he", "he", "en", "en", "en"], "wrong_kind": [""] * 6, "eligible_truth": [True] * 6})
    >>> g = group_metrics(["a", "d", "b", "e", "f"], truth)  # c left out of the ranking
    >>> g["R"], g["grade3"]["hits"], g["grade3"]["unranked"]
    (3, 2, 1)
    >>> g["grade3_by_language"]["he"]["recall"], g["grade3_by_language"]["he"]["median_rank"]
    (0.5, 4.5)
    >>> g["grade3_by_archetype"]["quiet_carrier"]["median_rank"], g["grade2"]["median_rank"]
    (3.0, 3.0)
    """
    truth = _with_language(truth)
    place = eligible_ranks(ranked_ids)
    bottom = len(place) + 1
    candidates = truth[truth["eligible_truth"].astype(bool)]
    top = candidates[candidates["relevance"] >= TOP_GRADE]
    r = len(top)
    second = candidates[candidates["relevance"] == TOP_GRADE - 1]
    return {
        "R": r,
        "ranked": len(place),
        "grade3": _group_stats(top["employee_id"], place, bottom, r),
        "grade3_by_language": {
            lang: _group_stats(g["employee_id"], place, bottom, r) for lang, g in top.groupby("language", sort=True)
        },
        "grade3_by_archetype": {
            kind: _group_stats(g["employee_id"], place, bottom, r) for kind, g in top.groupby("archetype", sort=True)
        },
        "grade2": _group_stats(second["employee_id"], place, bottom, None),
    }


def world_metrics(ranked_ids: Sequence[str], truth: pd.DataFrame, k: int) -> dict[str, Any]:
    """Everything measured on one ranking: :func:`top_k_metrics`, :func:`group_metrics`, and
    the languages of the people in the top ``k`` (``top_languages``)."""
    truth = _with_language(truth)
    language = truth.set_index("employee_id")["language"]
    top = [i for i in list(ranked_ids)[:k] if i in language.index]
    return {
        **top_k_metrics(ranked_ids, truth, k),
        "top_languages": dict(sorted(pd.Series([language[i] for i in top], dtype=object).value_counts().items())),
        **group_metrics(ranked_ids, truth),
    }


def rank_shift(
    world_a_scores: pd.DataFrame | pd.Series | Sequence[str],
    world_b_scores: pd.DataFrame | pd.Series | Sequence[str],
    ids: Iterable[str],
) -> dict[str, Any]:
    """How far the given people move in the eligible ranking between two runs (the translation test).

    Both runs are read by :func:`eligible_ranks` (ranked ids, scores by id, or a
    ``marts_person_scores`` frame). A person one run leaves unranked is placed after that run's
    last, and listed in ``unranked``: leaving someone out is the largest move, not a silent one.

    Returns
    -------
    dict
        ``people``, ``median`` and ``max`` absolute change of place, ``mean``, ``unranked``
        (ids ranked in only one run, or in neither) and ``shifts`` (id -> place in b minus place in a).

    Examples
    --------
    >>> a = ["p1", "p2", "p3", "p4"]
    >>> b = ["p2", "p1", "p4", "p3"]
    >>> s = rank_shift(a, b, ["p1", "p3"])
    >>> s["median"], s["max"], s["shifts"]
    (1.0, 1, {'p1': 1, 'p3': 1})
    >>> rank_shift(a, ["p1"], ["p2"])["unranked"], rank_shift(a, ["p1"], ["p2"])["max"]
    (['p2'], 0)
    """
    ra, rb = eligible_ranks(world_a_scores), eligible_ranks(world_b_scores)
    people = list(dict.fromkeys(str(i) for i in ids))
    shifts, unranked = {}, []
    for i in people:
        if i not in ra.index or i not in rb.index:
            unranked.append(i)
        shifts[i] = int(rb.get(i, len(rb) + 1)) - int(ra.get(i, len(ra) + 1))
    moves = np.abs(np.array(list(shifts.values()), dtype=float))
    return {
        "people": len(people),
        "median": float(np.median(moves)) if len(moves) else 0.0,
        "max": int(moves.max()) if len(moves) else 0,
        "mean": float(moves.mean()) if len(moves) else 0.0,
        "unranked": unranked,
        "shifts": shifts,
    }


# ---- the baseline ---------------------------------------------------------------------------


def baseline_scores(posts: pd.DataFrame, edges: pd.DataFrame, values_text: str) -> pd.Series:
    """The simple baseline: TF-IDF similarity to the values statement x PageRank.

    Parameters
    ----------
    posts : DataFrame
        ``employee_id`` and ``text``, one row per post (the same posts culture fit reads).
    edges : DataFrame
        ``src_employee_id``, ``dst_employee_id`` and ``interactions`` (acts counted).
    values_text : str
        The values statement, whole (every language it is given in, one after the other).

    Returns
    -------
    Series
        Score per employee id (people without posts or edges score 0).

    Examples
    --------
    >>> posts = pd.DataFrame({"employee_id": ["a", "b"], "text": ["we help customers", "lunch"]})
    >>> edges = pd.DataFrame({"src_employee_id": ["b"], "dst_employee_id": ["a"], "interactions": [2]})
    >>> s = baseline_scores(posts, edges, "We help our customers.")
    >>> bool(s["a"] > s["b"])
    True
    """
    import networkx as nx
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = posts.groupby("employee_id", sort=True)["text"].agg(lambda t: " ".join(str(x) for x in t))
    if docs.empty:
        return pd.Series(dtype=float)
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    X = vectorizer.fit_transform(list(docs.values) + [values_text])
    similarity = (X[:-1] @ X[-1].T).toarray().ravel()  # rows are L2-normalised: cosine
    G = nx.DiGraph()
    G.add_nodes_from(docs.index)
    G.add_weighted_edges_from(
        zip(edges["src_employee_id"], edges["dst_employee_id"], edges["interactions"].astype(float)), weight="weight"
    )
    pagerank = nx.pagerank(G, weight="weight", tol=1e-10, max_iter=1000) if G.number_of_edges() else {}
    return pd.Series(similarity * np.array([pagerank.get(i, 0.0) for i in docs.index]), index=docs.index)


def _ranked_ids(scores: pd.Series, eligible: set[str]) -> list[str]:
    """Eligible ids by score (highest first), ties by id."""
    frame = pd.DataFrame({"employee_id": sorted(eligible)})
    frame["score"] = frame["employee_id"].map(scores).fillna(0.0)
    frame = frame.sort_values(["score", "employee_id"], ascending=[False, True], kind="mergesort")
    return frame["employee_id"].tolist()


def _values_text(values_path: Path) -> str:
    """The values statement in every language given: ``values.md`` then ``values.<lang>.md``."""
    parts = [values_path.read_text(encoding="utf-8-sig")] if values_path.is_file() else []
    for other in sorted(values_path.parent.glob(f"{values_path.stem}.*{values_path.suffix}")):
        if other != values_path:
            parts.append(other.read_text(encoding="utf-8-sig"))
    return "\n\n".join(parts)


# ---- worlds ---------------------------------------------------------------------------------


def _language_codes(codes: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(codes, str):
        codes = [c for c in re.split(r"[,+\s]+", codes) if c]
    out = tuple(dict.fromkeys(str(c).strip().lower() for c in codes))
    bad = [c for c in out if not re.fullmatch(r"[a-z]{2}", c)]
    if bad or not out:
        raise ValueError(f"languages must be ISO 639-1 codes such as en, he, es, de (got {', '.join(bad) or 'none'})")
    return out


def parse_languages(text: str | Mapping[str, float] | Iterable[tuple[str, float]] | None) -> tuple[tuple[str, float], ...]:
    """Shares of staff writing another language than English, as sorted ``(code, share)`` pairs.

    >>> parse_languages("he:0.5")
    (('he', 0.5),)
    >>> parse_languages({"es": 0.25, "de": 0.25})
    (('de', 0.25), ('es', 0.25))
    >>> parse_languages("")
    ()
    >>> parse_languages("he:0.7,es:0.5")
    Traceback (most recent call last):
    ...
    ValueError: language shares add up to 1.2: at most 1 (the rest write English)
    """
    if not text:
        return ()
    if isinstance(text, str):
        pairs = []
        for part in (p.strip() for p in text.split(",") if p.strip()):
            code, colon, share = part.partition(":")
            try:
                pairs.append((code, float(share)))
            except ValueError:
                raise ValueError(f"'{part}' is not LANG:SHARE, e.g. he:0.5") from None
            if not colon:
                raise ValueError(f"'{part}' is not LANG:SHARE, e.g. he:0.5")
    else:
        pairs = list(text.items()) if isinstance(text, Mapping) else list(text)
    out = {}
    for code, share in pairs:
        (code,) = _language_codes([code])
        share = float(share)
        if code == "en":
            raise ValueError("English is what everyone else writes: list only the other languages")
        if not 0 < share <= 1:
            raise ValueError(f"{code}: the share of staff must be in (0, 1] (got {share})")
        out[code] = share
    total = round(sum(out.values()), 6)
    if total > 1:
        raise ValueError(f"language shares add up to {total}: at most 1 (the rest write English)")
    return tuple(sorted(out.items()))


@dataclass(frozen=True)
class World:
    """One generated company: seed, headcount, days of activity, and the generator's knobs.

    ``languages`` gives the share of staff writing each language other than English (the
    same people, with the same behaviour, as in the world without it: only their texts and
    names change); ``values_languages`` and ``exemplar_languages`` the languages the values
    statement and the exemplar posts are written in; ``industry`` the company (its
    vocabulary and values statement).

    >>> World(201, 600, languages={"he": 0.5}, values_languages=("en", "he")).name
    'seed201-600p-180d-he50-values_en+he'
    >>> World(3, 60, 30).name
    'seed3-60p-30d'
    >>> w = World(121, 600, languages="he:0.4")
    >>> w.unvalued_languages, w.twin.name
    (('he',), 'seed121-600p-180d')
    """

    seed: int
    people: int
    days: int = 180
    languages: tuple[tuple[str, float], ...] = ()
    values_languages: tuple[str, ...] = ("en",)
    exemplar_languages: tuple[str, ...] = ("en",)
    industry: str = "software"

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", parse_languages(self.languages))
        object.__setattr__(self, "values_languages", _language_codes(self.values_languages))
        object.__setattr__(self, "exemplar_languages", _language_codes(self.exemplar_languages))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.industry):
            raise ValueError(f"industry '{self.industry}' is not a lower-case word (e.g. software, hospital)")

    @property
    def name(self) -> str:
        """Folder-safe and readable: ``seed201-600p-180d-he50-values_en+he``."""
        parts = [f"seed{self.seed}-{self.people}p-{self.days}d"]
        if self.industry != "software":
            parts.append(self.industry)
        if self.languages:
            parts.append("".join(f"{c}{round(100 * s)}" for c, s in self.languages))
        if self.languages or self.values_languages != ("en",):
            parts.append("values_" + "+".join(self.values_languages))
        if self.exemplar_languages != ("en",):
            parts.append("exemplars_" + "+".join(self.exemplar_languages))
        return "-".join(parts)

    @property
    def label(self) -> str:
        """For tables: ``seed 201, 600 people, he 50%, values en+he``."""
        parts = [f"seed {self.seed}", f"{self.people:,} people"]
        if self.days != 180:
            parts.append(f"{self.days} days")
        if self.industry != "software":
            parts.append(self.industry)
        parts += [f"{c} {round(100 * s)}%" for c, s in self.languages]
        if self.languages or self.values_languages != ("en",):
            parts.append("values " + "+".join(self.values_languages))
        if self.exemplar_languages != ("en",):
            parts.append("exemplars " + "+".join(self.exemplar_languages))
        return ", ".join(parts)

    @property
    def unvalued_languages(self) -> tuple[str, ...]:
        """Languages some staff write that neither the values statement nor an exemplar is in."""
        refs = set(self.values_languages) | set(self.exemplar_languages)
        return tuple(c for c, _ in self.languages if c not in refs)

    @property
    def twin(self) -> World:
        """The same company with everyone writing English (same seed: the same people and behaviour)."""
        return World(self.seed, self.people, self.days, industry=self.industry)

    def generator_kwargs(self) -> dict[str, Any]:
        """The keyword arguments :func:`ambassador.sample.write_sample` takes beyond its basics
        (only those that differ from its defaults, so a generator without them still runs
        plain worlds)."""
        kwargs: dict[str, Any] = {}
        if self.languages:
            kwargs["languages"] = dict(self.languages)
        if self.values_languages != ("en",):
            kwargs["values_languages"] = self.values_languages
        if self.exemplar_languages != ("en",):
            kwargs["exemplar_languages"] = self.exemplar_languages
        if self.industry != "software":
            kwargs["industry"] = self.industry
        return kwargs

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "seed": self.seed, "people": self.people, "days": self.days,
                "languages": dict(self.languages), "values_languages": list(self.values_languages),
                "exemplar_languages": list(self.exemplar_languages), "industry": self.industry}


def parse_worlds(
    seeds: Sequence[int], sizes: Sequence[int], days: int, languages: Any = (), values_languages: Any = ("en",),
    exemplar_languages: Any = ("en",), industry: str = "software",
) -> list[World]:
    """One world per seed; sizes are taken in turn (the i-th seed gets ``sizes[i % len]``);
    every world gets the same language and industry knobs.

    >>> [(w.seed, w.people) for w in parse_worlds([1, 2, 3], [400, 2000], 180)]
    [(1, 400), (2, 2000), (3, 400)]
    """
    if not seeds or not sizes:
        raise ValueError("give at least one seed and one size")
    return [World(s, sizes[i % len(sizes)], days, languages, values_languages, exemplar_languages, industry)
            for i, s in enumerate(seeds)]


def _suites() -> dict[str, tuple[World, ...]]:
    he, es_de = {"he": 0.5}, {"es": 0.25, "de": 0.25}
    return {
        # never tuned on (seeds 101-199): about 8,400 employees in all
        "evaluate": (
            World(101, 300), World(102, 500), World(103, 800), World(104, 1200), World(105, 2000),
            World(111, 800, languages=he, values_languages=("en", "he"), exemplar_languages=("en", "he")),
            World(112, 800, languages=es_de, values_languages=("en", "es", "de")),
            World(121, 600, languages={"he": 0.4}), World(121, 600),  # no Hebrew values text, and its English twin
            World(131, 800, industry="hospital"),
        ),
        # for choosing weights (seeds 1-99): the same kinds of company, smaller (about 4,200 employees)
        "tune": (
            World(1, 300), World(2, 600), World(3, 1000),
            World(11, 500, languages=he, values_languages=("en", "he"), exemplar_languages=("en", "he")),
            World(12, 500, languages=es_de, values_languages=("en", "es", "de")),
            World(21, 400, languages={"he": 0.4}), World(21, 400),
            World(31, 500, industry="hospital"),
        ),
    }


SUITES: dict[str, tuple[World, ...]] = _suites()


def suite(name: str) -> list[World]:
    """The named set of worlds: ``"evaluate"`` (seeds 101-199, reported, never tuned on) or
    ``"tune"`` (seeds 1-99, for :func:`tune_weights`).

    >>> {w.seed for w in suite("evaluate")} & {w.seed for w in suite("tune")}
    set()
    >>> sum(w.people for w in suite("evaluate"))
    8400
    """
    try:
        return list(SUITES[name])
    except KeyError:
        raise ValueError(f"no suite '{name}' (there are: {', '.join(SUITES)})") from None


def check_seeds(worlds: Iterable[World | int], forbidden: Collection[int], purpose: str) -> None:
    """Refuse worlds whose seed is in ``forbidden`` (:class:`SeedOverlapError`, naming them).

    >>> check_seeds([World(5, 60)], EVALUATE_SEEDS, "tuning")
    >>> check_seeds([World(105, 60)], EVALUATE_SEEDS, "tuning")
    Traceback (most recent call last):
    ...
    ambassador.evaluation.SeedOverlapError: tuning on seed 105 would let the report flatter the weights: seeds 101-199 are kept for the evaluation (tune on seeds 1-99, e.g. --suite tune)
    """
    seeds = sorted({w.seed if isinstance(w, World) else int(w) for w in worlds} & set(forbidden))
    if not seeds:
        return
    listed = ", ".join(str(s) for s in seeds[:8]) + (" ..." if len(seeds) > 8 else "")
    noun = "seed" if len(seeds) == 1 else "seeds"
    if purpose == "tuning":
        raise SeedOverlapError(
            f"tuning on {noun} {listed} would let the report flatter the weights: seeds "
            f"{EVALUATE_SEEDS.start}-{EVALUATE_SEEDS.stop - 1} are kept for the evaluation "
            f"(tune on seeds {TUNE_SEEDS.start}-{TUNE_SEEDS.stop - 1}, e.g. --suite tune)"
        )
    raise SeedOverlapError(
        f"the weights were chosen on {noun} {listed}: evaluating there would flatter them "
        f"(evaluate on seeds {EVALUATE_SEEDS.start}-{EVALUATE_SEEDS.stop - 1}, e.g. --suite evaluate)"
    )


@dataclass
class WorldResult:
    """What one world's evaluation produced (the frames stay in memory for tuning)."""

    world: World
    seconds: float
    ours: dict[str, Any]
    baseline: dict[str, Any]
    components: pd.DataFrame = field(repr=False)
    truth: pd.DataFrame = field(repr=False)
    weights: dict[str, float] = field(default_factory=dict)  # what the rank stage used (marts_weights)
    ranked: dict[str, list[str]] = field(default_factory=dict, repr=False)  # "ours"/"baseline": eligible ids, best first
    warnings: list[str] = field(default_factory=list)  # what the run's stages warned about

    def as_dict(self) -> dict[str, Any]:
        return {"world": self.world.as_dict(), "seconds": round(self.seconds, 1), "weights": self.weights,
                "warnings": self.warnings, "ours": self.ours, "baseline": self.baseline}


def _warnings(summary: Any) -> list[str]:
    """Every ``warnings`` list (or ``warning`` string) in a stage summary, however nested."""
    found: list[str] = []
    if isinstance(summary, Mapping):
        for key, value in summary.items():
            if key in ("warnings", "warning") and isinstance(value, (list, tuple)):
                found += [str(v) for v in value]
            elif key in ("warnings", "warning") and isinstance(value, str) and value:
                found.append(value)
            else:
                found += _warnings(value)
    elif isinstance(summary, (list, tuple)):
        for value in summary:
            found += _warnings(value)
    return found


def _language_warnings(con) -> list[str]:
    """The WARNING lines ``ambassador run`` prints about languages the pipeline cannot read."""
    try:
        from ambassador.language import language_warnings, read_language_mix
    except ImportError:  # a pipeline without language detection warns about nothing
        return []
    return language_warnings(read_language_mix(con))


def evaluate_world(world: World, workdir: Path, k: int = 25, progress: Progress | None = None) -> WorldResult:
    """Generate ``world`` under ``workdir``, run the pipeline on it, measure ours and the baseline."""
    import shutil

    from ambassador.culture import POST_KINDS
    from ambassador.pipeline import STAGES, RunContext
    from ambassador.sample import write_sample
    from ambassador.schema import COMPONENTS
    from ambassador.warehouse import connect, run_sql

    say = progress or (lambda _line: None)
    started = time.perf_counter()
    folder = Path(workdir) / world.name
    data, truth_file = folder / "data", folder / "truth.csv"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    say(f"{world.name}: generating {world.people} employees, {world.days} days")
    write_sample(data, people=world.people, days=world.days, seed=world.seed, end=WORLD_END, truth_file=truth_file,
                 **world.generator_kwargs())
    ctx = RunContext.create(data, warehouse=folder / "warehouse.duckdb", out=folder / "shortlist.csv", as_of=WORLD_END)
    say(f"{world.name}: running the pipeline")
    warnings: list[str] = []
    for name, stage in STAGES:
        if name != "publish":  # the ranking is measured, before the shortlist's cooldowns and caps
            warnings += _warnings(stage(ctx))

    truth = read_truth(truth_file)
    con = connect(ctx.settings.warehouse, read_only=True)
    try:
        # the components as the rank stage stored them: tuning re-weights these, nothing is recomputed
        scores = con.execute(
            f"SELECT employee_id, eligible, rank, {', '.join(COMPONENTS)} FROM marts_person_scores ORDER BY employee_id"
        ).df()
        weights = dict(con.execute("SELECT component, weight FROM marts_weights ORDER BY component").fetchall())
        posts = run_sql(
            con, "marts", "culture_posts",
            {"as_of": ctx.as_of, "window_days": ctx.settings.window.days,
             "max_posts": ctx.settings.culture.max_posts_per_person, "kinds": list(POST_KINDS)},
        ).df()
        edges = con.execute("SELECT src_employee_id, dst_employee_id, interactions FROM marts_edges").df()
        warnings += _language_warnings(con)
    finally:
        con.close()
    values_text = _values_text(ctx.settings.resolve_data_path(ctx.settings.organization.values_file))

    eligible = scores[scores["eligible"]]
    ours_ids = eligible.sort_values(["rank", "employee_id"])["employee_id"].tolist()
    base_ids = _ranked_ids(baseline_scores(posts, edges, values_text), set(eligible["employee_id"]))
    result = WorldResult(
        world, time.perf_counter() - started, world_metrics(ours_ids, truth, k), world_metrics(base_ids, truth, k),
        scores[["employee_id", *COMPONENTS, "eligible"]], truth, weights,
        {"ours": ours_ids, "baseline": base_ids}, list(dict.fromkeys(warnings)),
    )
    o, b = result.ours, result.baseline
    say(
        f"{world.name}: NDCG@{k} {o['ndcg']:.3f} (baseline {b['ndcg']:.3f}), "
        f"grade-3 recall@R {_fmt(o['grade3'].get('recall'), 2)} (baseline {_fmt(b['grade3'].get('recall'), 2)}), "
        f"wrong people in top {k}: {o['wrong']} (baseline {b['wrong']}), {result.seconds:.0f} s"
    )
    return result


def evaluate(
    worlds: Sequence[World], workdir: str | Path, k: int = 25, progress: Progress | None = None,
    refuse_seeds: Collection[int] = TUNE_SEEDS,
) -> tuple[dict[str, Any], list[WorldResult]]:
    """Evaluate every world; return the report (JSON-ready) and the per-world results.

    Worlds whose seed is in ``refuse_seeds`` are refused before anything runs
    (:class:`SeedOverlapError`): by default the tuning seeds, so a report never measures the
    weights on the worlds they were chosen on. To evaluate tuning worlds for
    :func:`tune_weights`, pass ``refuse_seeds=EVALUATE_SEEDS`` instead.
    """
    names = [w.name for w in worlds]
    if len(set(names)) != len(names):
        raise ValueError(f"the same world twice: {sorted({n for n in names if names.count(n) > 1})}")
    check_seeds(worlds, refuse_seeds, "tuning" if set(refuse_seeds) & set(EVALUATE_SEEDS) else "evaluation")
    workdir = Path(workdir)
    results = [evaluate_world(w, workdir, k, progress) for w in worlds]
    return summarise(results, k), results


# ---- the report -----------------------------------------------------------------------------


def _pairs(results: Sequence[WorldResult], k: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Each world where a language has no values text beside its English twin (when run)."""
    by_world = {r.world: r for r in results}
    pairs, missing = [], []
    for r in results:
        langs = r.world.unvalued_languages
        if not langs:
            continue
        twin = by_world.get(r.world.twin)
        if twin is None:
            missing.append(f"{r.world.name} has no English twin ({r.world.twin.name}) in this run")
            continue
        truth = _with_language(r.truth)
        switched = truth[truth["language"].isin(langs) & truth["eligible_truth"].astype(bool)]
        candidates = switched[switched["relevance"] >= STRONG]
        entry: dict[str, Any] = {"world": r.world.name, "twin": twin.world.name, "languages": list(langs),
                                 "ndcg": r.ours["ndcg"], "warnings": r.warnings}
        for side in ("ours", "baseline"):
            here, there = eligible_ranks(r.ranked.get(side, [])), eligible_ranks(twin.ranked.get(side, []))
            stats = {}
            for key, group in (("people", switched), ("candidates", candidates)):
                a = _group_stats(group["employee_id"], here, len(here) + 1, None)
                b = _group_stats(group["employee_id"], there, len(there) + 1, None)
                ratio = a["median_rank"] / b["median_rank"] if b["median_rank"] and not math.isnan(b["median_rank"]) else float("nan")
                stats[key] = {"count": a["count"], "median_rank": a["median_rank"], "twin_median_rank": b["median_rank"],
                              "ratio": ratio}
            entry[side] = stats
        entry["warned"] = any(_mentions(w, lang) for w in r.warnings for lang in langs)
        pairs.append(entry)
    return pairs, missing


def _mentions(text: str, lang: str) -> bool:
    name = LANGUAGE_NAMES.get(lang, lang)
    return bool(re.search(rf"\b({re.escape(lang)}|{re.escape(name)})\b", text, flags=re.IGNORECASE))


def _language_summary(results: Sequence[WorldResult]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Grade-3 recall@R per language pooled over worlds, and each language's gap to English in
    the same worlds (worlds where the language has no values text are judged by the pairs)."""
    pooled: dict[str, Any] = {}
    gaps: dict[str, Any] = {}
    languages = sorted({lang for r in results for lang in r.ours.get("grade3_by_language", {})})

    def pool(lang: str, worlds: Sequence[WorldResult], side: str) -> dict[str, Any]:
        groups = [getattr(r, side)["grade3_by_language"].get(lang) for r in worlds]
        count = sum(g["count"] for g in groups if g)
        hits = sum(g["hits"] for g in groups if g)
        return {"count": count, "hits": hits, "recall": hits / count if count else float("nan")}

    for lang in languages:
        pooled[lang] = {"worlds": sum(1 for r in results if lang in r.ours["grade3_by_language"])}
        for side in ("ours", "baseline"):
            pooled[lang][side] = pool(lang, results, side)
        if lang == "en":
            continue
        worlds = [r for r in results if lang in r.ours["grade3_by_language"] and lang not in r.world.unvalued_languages]
        if not worlds:
            continue
        gaps[lang] = {"worlds": [r.world.name for r in worlds]}
        for side in ("ours", "baseline"):
            mine, english = pool(lang, worlds, side), pool("en", worlds, side)
            gaps[lang][side] = {"count": mine["count"], "recall": mine["recall"], "english_count": english["count"],
                                "english_recall": english["recall"], "gap": mine["recall"] - english["recall"]}
    return pooled, gaps


def summarise(results: Sequence[WorldResult], k: int) -> dict[str, Any]:
    """The report: per-world figures, their means, per-language and paired figures, and the
    issue's goals checked (``targets``: name -> met; ``target_details``: the figures behind
    each; ``not_measured``: goals this set of worlds cannot check)."""
    def mean(side: str, key: str) -> float:
        return float(np.mean([getattr(r, side)[key] for r in results])) if results else float("nan")

    keys = ("ndcg", "precision", "wrong", "ineligible")
    ours = {key: mean("ours", key) for key in keys}
    base = {key: mean("baseline", key) for key in keys}
    pooled, gaps = _language_summary(results)
    pairs, missing_twins = _pairs(results, k)
    targets: dict[str, bool] = {}
    details: dict[str, str] = {}
    not_measured: list[str] = list(missing_twins)

    def target(name: str, ok: bool, detail: str) -> None:
        targets[name] = bool(ok)
        details[name] = detail

    if results:
        def floor(r: WorldResult) -> float:
            return NDCG_GOAL_NO_VALUES if r.world.unvalued_languages else NDCG_GOAL

        worst = min(results, key=lambda r: r.ours["ndcg"] - floor(r))
        target(f"NDCG@{k} >= {NDCG_GOAL:.2f} in every world (>= {NDCG_GOAL_NO_VALUES:.2f} where a language has no values text)",
               all(r.ours["ndcg"] >= floor(r) for r in results),
               f"lowest against its goal: {worst.ours['ndcg']:.3f} in {worst.world.name}")
        target(f"mean NDCG@{k} >= {MEAN_NDCG_GOAL:.2f} (all worlds)", ours["ndcg"] >= MEAN_NDCG_GOAL, f"{ours['ndcg']:.3f}")
        margin = min(results, key=lambda r: r.ours["ndcg"] - r.baseline["ndcg"])
        target(f"at least {BASELINE_MARGIN:.2f} above the baseline in every world",
               all(r.ours["ndcg"] - r.baseline["ndcg"] >= BASELINE_MARGIN - 1e-12 for r in results),
               f"smallest margin {margin.ours['ndcg'] - margin.baseline['ndcg']:+.3f} in {margin.world.name}")
        by_kind: dict[str, int] = {}
        for r in results:
            for kind, n in r.ours["wrong_by_kind"].items():
                by_kind[kind] = by_kind.get(kind, 0) + n
        shown = ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())) or "none"
        target(f"no wrong person ({', '.join(CHECKED_WRONG_KINDS)}, ...) in any top {k}",
               all(r.ours["wrong"] == 0 for r in results), shown)
        target(f"no ineligible person in any top {k}", all(r.ours["ineligible"] == 0 for r in results),
               f"{sum(r.ours['ineligible'] for r in results)} in all")

    if gaps:
        parts = [f"{lang} {g['ours']['recall']:.2f} vs en {g['ours']['english_recall']:.2f} ({100 * g['ours']['gap']:+.0f})"
                 for lang, g in gaps.items()]
        target(f"grade-3 recall@R per language within {round(100 * LANGUAGE_RECALL_GAP)} points of English (same worlds)",
               all(abs(g["ours"]["gap"]) <= LANGUAGE_RECALL_GAP + 1e-12 for g in gaps.values()), "; ".join(parts))
    else:
        not_measured.append("grade-3 recall per language: no world has grade-3 people writing another language with values text in it")

    quiet = [(r, kind, r.ours["grade3_by_archetype"][kind]) for r in results for kind in QUIET_KINDS
             if kind in r.ours.get("grade3_by_archetype", {})]
    if quiet:
        bad = [(r, kind, g) for r, kind, g in quiet if g["median_rank"] > r.ours["grade2"]["median_rank"]]
        r, kind, g = max(quiet, key=lambda q: q[2]["median_rank"] - q[0].ours["grade2"]["median_rank"])
        target("quiet carriers and rising newcomers (grade 3) not ranked below grade-2 people (median rank, every world)",
               not bad, f"worst: {kind} median rank {g['median_rank']:g} vs grade 2 {r.ours['grade2']['median_rank']:g} "
               f"in {r.world.name}" + (f"; {len(bad)} of {len(quiet)} groups below" if bad else ""))
    else:
        not_measured.append("quiet carriers and newcomers: no grade-3 quiet_carrier or rising_newcomer in these worlds")

    if pairs:
        ratios = [(p, p["ours"]["people"]["ratio"]) for p in pairs]
        target(f"where a language has no values text: its writers' median rank within {round(100 * PAIR_RATIO_TOLERANCE)}% "
               "of the same people writing English",
               all(not math.isnan(x) and abs(x - 1) <= PAIR_RATIO_TOLERANCE + 1e-12 for _, x in ratios),
               "; ".join(f"{p['world']}: {p['ours']['people']['median_rank']:g} vs {p['ours']['people']['twin_median_rank']:g}"
                         f" (x{x:.2f})" for p, x in ratios))
        target("where a language has no values text: the run warns about it", all(p["warned"] for p in pairs),
               "; ".join(f"{p['world']}: {'warned' if p['warned'] else 'no warning naming ' + '/'.join(p['languages'])}"
                         for p in pairs))
    elif not missing_twins:
        not_measured.append("a language without values text: no such world in this run")

    return {
        "k": k,
        "worlds": [r.as_dict() for r in results],
        "mean": {"ours": ours, "baseline": base},
        "languages": pooled,
        "language_gaps": gaps,
        "pairs": pairs,
        "targets": targets,
        "target_details": details,
        "not_measured": not_measured,
        "all_targets_met": all(targets.values()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus()},
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float) and digits == 0:
        return f"{x:g}"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def _world_label(w: dict[str, Any]) -> str:
    world = w["world"]
    try:
        return World(**{key: v for key, v in world.items() if key != "name"}).label
    except (TypeError, ValueError):
        return str(world.get("name") or world)


def format_report(report: dict[str, Any]) -> list[str]:
    """The report as markdown tables (per world; wrong people by kind; grade-3 people per
    language and per kind; worlds without values text beside their English twin), then every
    goal, one line each: ``- met: ...`` or ``- NOT met: ...``."""
    k = report["k"]
    worlds = report["worlds"]
    lines = [
        f"| world | NDCG@{k} | baseline | precision@{k} | baseline | wrong in top {k} | baseline | ineligible | baseline "
        f"| grade-3 recall@R | baseline |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for w in worlds:
        o, b = w["ours"], w["baseline"]
        lines.append(
            f"| {_world_label(w)} | **{o['ndcg']:.3f}** | {b['ndcg']:.3f} | {o['precision']:.2f} | {b['precision']:.2f} "
            f"| {o['wrong']} | {b['wrong']} | {o['ineligible']} | {b['ineligible']} "
            f"| {_fmt(o.get('grade3', {}).get('recall'), 2)} | {_fmt(b.get('grade3', {}).get('recall'), 2)} |"
        )
    o, b = report["mean"]["ours"], report["mean"]["baseline"]
    lines.append(
        f"| mean | **{o['ndcg']:.3f}** | {b['ndcg']:.3f} | {o['precision']:.2f} | {b['precision']:.2f} "
        f"| {o['wrong']:.1f} | {b['wrong']:.1f} | {o['ineligible']:.1f} | {b['ineligible']:.1f} | | |"
    )

    kinds = list(CHECKED_WRONG_KINDS) + sorted(
        {kind for w in worlds for side in ("ours", "baseline") for kind in w[side]["wrong_by_kind"]} - set(CHECKED_WRONG_KINDS)
    )
    lines += ["", f"Wrong people in the top {k} by kind (ambassador / baseline):", "",
              "| world | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for w in worlds:
        cells = [f"{w['ours']['wrong_by_kind'].get(kind, 0)} / {w['baseline']['wrong_by_kind'].get(kind, 0)}" for kind in kinds]
        lines.append(f"| {_world_label(w)} | " + " | ".join(cells) + " |")

    if any("grade3_by_language" in w["ours"] for w in worlds):
        lines += ["", "Grade-3 people per language: recall@R (R = the world's eligible grade-3 people) and median "
                  "eligible rank, ambassador beside the baseline:", "",
                  "| world | language | grade-3 people | recall@R | baseline | median rank | baseline | top "
                  f"{k} writing it |", "|---|---|---|---|---|---|---|---|"]
        for w in worlds:
            o, b = w["ours"], w["baseline"]
            for lang, g in o.get("grade3_by_language", {}).items():
                gb = b["grade3_by_language"].get(lang, {})
                lines.append(
                    f"| {_world_label(w)} | {lang} | {g['count']} | {_fmt(g['recall'], 2)} | {_fmt(gb.get('recall'), 2)} "
                    f"| {_fmt(g['median_rank'], 0)} | {_fmt(gb.get('median_rank'), 0)} | {o.get('top_languages', {}).get(lang, 0)} |"
                )
        for lang, p in report.get("languages", {}).items():
            lines.append(f"| all worlds | {lang} | {p['ours']['count']} | {_fmt(p['ours']['recall'], 2)} "
                         f"| {_fmt(p['baseline']['recall'], 2)} | | | |")

        lines += ["", "Grade-3 people per kind, and ordinary grade-2 people (median eligible rank):", "",
                  "| world | kind | people | recall@R | baseline | median rank | baseline |", "|---|---|---|---|---|---|---|"]
        for w in worlds:
            o, b = w["ours"], w["baseline"]
            for kind, g in o.get("grade3_by_archetype", {}).items():
                gb = b["grade3_by_archetype"].get(kind, {})
                lines.append(f"| {_world_label(w)} | {kind} | {g['count']} | {_fmt(g['recall'], 2)} | "
                             f"{_fmt(gb.get('recall'), 2)} | {_fmt(g['median_rank'], 0)} | {_fmt(gb.get('median_rank'), 0)} |")
            g2, g2b = o.get("grade2", {}), b.get("grade2", {})
            lines.append(f"| {_world_label(w)} | grade 2 | {g2.get('count', 0)} | | | {_fmt(g2.get('median_rank'), 0)} "
                         f"| {_fmt(g2b.get('median_rank'), 0)} |")

    if report.get("pairs"):
        lines += ["", "A language without values text, beside the same people writing English (same seed): median "
                  "eligible rank of the people who write it (all of them; grade 2-3 only):", "",
                  f"| world | English twin | people | median rank | in the twin | ratio | grade 2-3 | median rank "
                  f"| in the twin | NDCG@{k} | baseline ratio |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for p in report["pairs"]:
            a, c = p["ours"]["people"], p["ours"]["candidates"]
            lines.append(
                f"| {p['world']} | {p['twin']} | {a['count']} | {_fmt(a['median_rank'], 0)} | {_fmt(a['twin_median_rank'], 0)} "
                f"| {_fmt(a['ratio'], 2)} | {c['count']} | {_fmt(c['median_rank'], 0)} | {_fmt(c['twin_median_rank'], 0)} "
                f"| {p['ndcg']:.3f} | {_fmt(p['baseline']['people']['ratio'], 2)} |"
            )

    lines.append("")
    details = report.get("target_details", {})
    for name, ok in report["targets"].items():
        detail = details.get(name)
        lines.append(f"- {'met' if ok else 'NOT met'}: {name}" + (f" ({detail})" if detail else ""))
    lines += [f"- not measured: {what}" for what in report.get("not_measured", [])]
    return lines


def plot_report(report: dict[str, Any], path: str | Path) -> Path:
    """A picture of the report: NDCG@k per world for ambassador and the baseline, the wrong
    people each let into its top k, and grade-3 recall@R per language (all worlds pooled).
    Written as PNG to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    k = report["k"]
    worlds = report["worlds"]

    def short(w: dict[str, Any]) -> str:
        world = w["world"]
        extra = [world["industry"]] if world.get("industry", "software") != "software" else []
        if world.get("languages"):
            extra.append(" ".join(f"{c}{round(100 * s)}" for c, s in world["languages"].items()))
            extra.append("values " + "+".join(world.get("values_languages") or ["en"]))
        return "\n".join([f"seed {world['seed']}", f"{world['people']:,} p", *extra])

    labels = [short(w) for w in worlds]
    x = np.arange(len(worlds))
    fig = plt.figure(figsize=(max(10.0, 1.05 * len(worlds) + 2), 8.4))
    grid = fig.add_gridspec(2, 3)
    left, middle, right = fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, :2]), fig.add_subplot(grid[1, 2])
    for offset, side, name, color in ((-0.2, "ours", "ambassador", "tab:blue"), (0.2, "baseline", "baseline", "tab:gray")):
        left.bar(x + offset, [w[side]["ndcg"] for w in worlds], width=0.4, label=name, color=color)
        middle.bar(x + offset, [w[side]["wrong"] + w[side]["ineligible"] for w in worlds], width=0.4, label=name, color=color)
    left.axhline(NDCG_GOAL, color="tab:red", linestyle="--", linewidth=1, label=f"target {NDCG_GOAL:.2f}")
    left.set_ylim(0, 1.2)
    middle.set_ylim(0, max(1, *(w[s]["wrong"] + w[s]["ineligible"] for w in worlds for s in ("ours", "baseline"))) * 1.25)
    left.set_title(f"NDCG@{k} against the planted truth (higher is better)", fontsize=10)
    middle.set_title(f"wrong or ineligible people in the top {k} (target 0)", fontsize=10)
    left.set_xticks(x, labels, fontsize=7)
    middle.set_xticks(x, ["\n".join(label.split("\n")[:2]) for label in labels], fontsize=7)
    for ax in (left, middle):
        ax.set_xlim(-0.6, max(len(worlds), 4) - 0.4)  # a bar keeps its width however few worlds
        ax.legend(fontsize=8, loc="upper center", ncol=3)

    languages = report.get("languages", {})
    codes = sorted(languages, key=lambda c: (c != "en", c))
    lx = np.arange(len(codes))
    for offset, side, name, color in ((-0.2, "ours", "ambassador", "tab:blue"), (0.2, "baseline", "baseline", "tab:gray")):
        values = [languages[c][side]["recall"] for c in codes]
        right.bar(lx + offset, [0 if v is None or math.isnan(v) else v for v in values], width=0.4, label=name, color=color)
    right.set_xticks(lx, [f"{LANGUAGE_NAMES.get(c, c)}\nn={languages[c]['ours']['count']}" for c in codes], fontsize=8)
    right.set_ylim(0, 1.2)
    right.set_xlim(-0.6, max(len(codes), 2) - 0.4)
    right.set_title("grade-3 recall@R per language, all worlds", fontsize=10)
    right.legend(fontsize=8, loc="upper center", ncol=2)
    if not codes:
        right.text(0.5, 0.5, "no grade-3 people", ha="center", va="center", transform=right.transAxes)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ---- choosing the weights -------------------------------------------------------------------


@dataclass
class _Prepared:
    """One tuning world reduced to arrays: everything but the weights is fixed."""

    ids: np.ndarray
    matrix: np.ndarray  # eligible people x components (NaN = unknown)
    known: np.ndarray
    gate: np.ndarray | float
    relevance: np.ndarray
    bad: np.ndarray  # wrong + ineligible flags, as top_k_metrics counts them
    ideal: float
    ideal_deep: float
    r: int
    groups: list[np.ndarray]  # row positions of each grade-3 group (language, archetype) of 3 or more


def _prepare(result: WorldResult, names: list[str], k: int, gate: float) -> _Prepared:
    from ambassador.ranking import fit_gate

    comp = result.components[result.components["eligible"].astype(bool)]
    comp = comp.sort_values("employee_id", kind="mergesort").reset_index(drop=True)  # ties go by id
    truth = _with_language(result.truth).set_index("employee_id")
    ids = comp["employee_id"].astype(str).to_numpy()
    matrix = comp[names].to_numpy(dtype=float)
    in_truth = np.array([i in truth.index for i in ids])
    relevance = np.array([float(truth.at[i, "relevance"]) if ok else 0.0 for i, ok in zip(ids, in_truth)])
    wrong = np.array([bool(truth.at[i, "wrong_kind"]) if ok else False for i, ok in zip(ids, in_truth)])
    inel = np.array([not bool(truth.at[i, "eligible_truth"]) if ok else True for i, ok in zip(ids, in_truth)])
    pool = np.sort(truth["relevance"].to_numpy(dtype=float))[::-1]
    top = truth[(truth["relevance"] >= TOP_GRADE) & truth["eligible_truth"].astype(bool)]
    row = {i: n for n, i in enumerate(ids)}
    groups = []
    for column in ("language", "archetype"):
        for _, g in top.groupby(column):
            if len(g) >= 3:  # members the ranking left out stay in the group as misses (-1)
                groups.append(np.array([row.get(i, -1) for i in g.index]))
    return _Prepared(
        ids, matrix, ~np.isnan(matrix), fit_gate(comp, gate).to_numpy() if gate > 0 else 1.0, relevance,
        wrong.astype(int) + inel.astype(int), _dcg(pool, k), _dcg(pool, 4 * k), len(top), groups,
    )


def _scores(p: _Prepared, weights: np.ndarray) -> np.ndarray:
    """:func:`ambassador.ranking.composite` for these weights: the weighted mean of the known
    components (times the weights' sum), times the gate, clipped and rounded."""
    total = np.nan_to_num(p.matrix) @ weights
    weight_known = p.known.astype(float) @ weights
    mean = np.divide(total, weight_known, out=np.zeros_like(total), where=weight_known > 0) * weights.sum()
    return np.round(np.clip(mean * p.gate, 0.0, 1.0), 6)


def _objective(
    prepared: Sequence[_Prepared], weights: np.ndarray, k: int
) -> tuple[float, float, float, int, float]:
    """For one weight vector: mean NDCG@k, worst world's NDCG@k, mean NDCG@4k, wrong or
    ineligible people in any top k, and the mean over worlds of the worst grade-3 group's
    recall@R (groups by language and by archetype, 3 people or more)."""
    ndcgs, deep, wrong, worst = [], [], 0, []
    for p in prepared:
        order = np.argsort(-_scores(p, weights), kind="stable")  # rows are in id order: ties by id
        rel = p.relevance[order]
        ndcgs.append(_dcg(rel, k) / p.ideal if p.ideal > 0 else 0.0)
        deep.append(_dcg(rel, 4 * k) / p.ideal_deep if p.ideal_deep > 0 else 0.0)
        wrong += int(p.bad[order[:k]].sum())
        if p.groups:
            place = np.empty(len(order), dtype=int)
            place[order] = np.arange(len(order))
            worst.append(min(float((place[g[g >= 0]] < p.r).sum()) / len(g) for g in p.groups))
    return float(np.mean(ndcgs)), float(np.min(ndcgs)), float(np.mean(deep)), wrong, float(np.mean(worst)) if worst else 0.0


def tune_weights(
    results: Sequence[WorldResult], names: Sequence[str], k: int = 25, samples: int = 3000, seed: int = 0,
    start: dict[str, float] | None = None, floor: float = 0.02, gate: float = 0.0, spread_bonus: float = 0.05,
    recall_weight: float = 0.5, held_out: Collection[int] = EVALUATE_SEEDS,
) -> dict[str, Any]:
    """Choose component weights that rank the tuning worlds best.

    Random search over the simplex (Dirichlet(1) draws, seeded), then coordinate refinement
    (each weight scaled by 0, 1/2, 3/2, 2 in turn while that helps). The objective is

        mean NDCG@k + 1/4 x worst world's NDCG@k + mean NDCG@4k - 0.02 x wrong people in any top k
        + recall_weight x mean worst-group grade-3 recall@R + spread_bonus x spread

    The worst world keeps a weight set that fails one world from winning on the others; the
    deeper cut-off (4k) breaks the ties NDCG@k leaves when several weight sets all put the
    right people on top, in favour of the one that also orders the next ones well. The
    worst-group recall is, per world, the lowest recall@R among its grade-3 people grouped by
    language and by archetype (groups of 3 or more): NDCG@k cannot see a whole group ranked
    below the top k once a company has more than k grade-3 people. ``spread`` is the weights'
    entropy over its maximum (1 = all equal): generated companies are easy enough that many
    weight sets rank them almost equally well, and among those the one that leans on many
    signals is kept rather than one that bets on a single quirk of the generator (without it,
    the search once put 0.43 on one component for a gain of 0.0004 in NDCG). Every component
    keeps at least ``floor`` (after normalising), so no signal is switched off by a tie in a
    synthetic world. Scores are made as :func:`ambassador.ranking.composite` makes them (a
    component unknown for a person is left out of their weighted mean), gated by culture fit
    and tone (``gate``, :func:`ambassador.ranking.fit_gate`). Weights are rounded to two
    decimals at the end.

    Worlds whose seed is in ``held_out`` (the evaluation seeds) are refused
    (:class:`SeedOverlapError`).

    Returns
    -------
    dict
        ``weights`` (rounded), ``objective``, ``mean_ndcg``, ``min_ndcg``, ``deep_ndcg``,
        ``wrong``, ``group_recall``, ``spread``, and the same figures for ``start`` (the weights
        it began from).
    """
    check_seeds([r.world for r in results], held_out, "tuning")
    names = list(names)
    rng = np.random.default_rng(seed)
    prepared = [_prepare(r, names, k, gate) for r in results]

    def clamp(w: np.ndarray) -> np.ndarray:
        w = np.maximum(w, 0) / max(w.sum(), 1e-12)
        for _ in range(len(w)):  # lift the small ones to the floor, take it from the rest
            low = w < floor
            if not low.any() or floor * len(w) >= 1:
                break
            w = np.where(low, floor, w * (1 - floor * low.sum()) / w[~low].sum())
        return w

    def value(w: np.ndarray) -> tuple[float, dict[str, float]]:
        mean, low, deep, wrong, recall = _objective(prepared, w, k)
        p = w[w > 0]
        spread = float(-(p * np.log(p)).sum() / np.log(len(w))) if len(w) > 1 else 0.0
        parts = {"mean_ndcg": mean, "min_ndcg": low, "deep_ndcg": deep, "wrong": wrong, "group_recall": recall,
                 "spread": spread}
        return mean + 0.25 * low + deep - 0.02 * wrong + recall_weight * recall + spread_bonus * spread, parts

    start_w = clamp(np.array([float((start or {}).get(n, 1.0)) for n in names]))
    best_w = start_w
    best, best_parts = value(best_w)
    start_value, start_parts = best, best_parts
    for w in rng.dirichlet(np.ones(len(names)), size=samples):
        w = clamp(w)
        v, parts = value(w)
        if v > best + 1e-12:
            best, best_parts, best_w = v, parts, w
    improved = True
    while improved:
        improved = False
        for j in range(len(names)):
            for factor in (0.0, 0.5, 1.5, 2.0):
                w = best_w.copy()
                w[j] *= factor
                if w.sum() <= 0:
                    continue
                w = clamp(w)
                v, parts = value(w)
                if v > best + 1e-9:
                    best, best_parts, best_w, improved = v, parts, w, True
    rounded = np.round(best_w, 2)
    _, rounded_parts = value(rounded / rounded.sum())
    return {
        "weights": {n: float(x) for n, x in zip(names, rounded)},
        **rounded_parts,
        "objective": best,
        "start": {"weights": {n: float(x) for n, x in zip(names, start_w)}, "objective": start_value, **start_parts},
        "samples": samples,
        "seed": seed,
        "floor": floor,
        "gate": gate,
        "spread_bonus": spread_bonus,
        "recall_weight": recall_weight,
    }


def write_json(report: dict[str, Any], path: str | Path) -> Path:
    """Write a report as indented JSON (NaN as null; non-ASCII text such as Hebrew kept as
    is, UTF-8), creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def clean(x):
        if isinstance(x, np.generic):
            x = x.item()
        if isinstance(x, float) and math.isnan(x):
            return None
        if isinstance(x, dict):
            return {str(k): clean(v) for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [clean(v) for v in x]
        return x

    path.write_text(json.dumps(clean(report), indent=2, default=str, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

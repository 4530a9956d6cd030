"""Does the ranking find the right people? An evaluation against planted truth.

The sample generator (:mod:`ambassador.sample`) can write, beside a data folder, the hidden
traits of every synthetic employee: archetype, culture fit, social pull, a graded relevance
(3 ideal ambassador ... 0 not a candidate) and, for the "wrong people", what makes them wrong
(broadcaster, central but negative, reshare-only amplifier, bot, guest, departed, opted out,
excluded department). :func:`evaluate` generates such worlds, runs the whole pipeline on each
(the same stages as the nightly flow, without the orchestrator), and measures the ranking's
top ``k`` against the truth, side by side with a simple baseline on the same data:

    baseline score = TF-IDF cosine similarity of a person's posts to the values statement
                     x PageRank of who engages whom (interaction counts, no decay),

with the same eligibility rules. The ranking code never reads the truth: this module is the
only reader, after the run.

:func:`tune_weights` chooses component weights on worlds kept apart from the evaluation
worlds (other seeds). It needs no new pipeline run per candidate: components do not depend on
the weights, so each candidate is a matrix product and a sort.
"""

from __future__ import annotations

import json
import math
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ambassador.sample.company import INELIGIBLE_KINDS, WRONG_KINDS

__all__ = [
    "WORLD_END",
    "WRONG_ARCHETYPES",
    "World",
    "WorldResult",
    "baseline_scores",
    "evaluate",
    "evaluate_world",
    "format_report",
    "ndcg_at_k",
    "parse_worlds",
    "plot_report",
    "precision_at_k",
    "read_truth",
    "summarise",
    "top_k_metrics",
    "tune_weights",
    "write_json",
]

#: What makes an archetype one of the wrong people (used when a truth file has no ``wrong_kind``),
#: and the wrong kinds no eligibility rule may let through at all: the generator's own tables.
WRONG_ARCHETYPES = WRONG_KINDS
#: The end of every generated world's window (and the run's ``--as-of``).
WORLD_END = date(2026, 11, 1)
STRONG = 2  # relevance at or above this counts as a hit for precision@k

Progress = Callable[[str], None]


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
    def dcg(rels: Sequence[float]) -> float:
        rels = np.asarray(rels, dtype=float)[:k]
        return float(((2.0**rels - 1) / np.log2(np.arange(2, len(rels) + 2))).sum())

    ideal = dcg(sorted(pool, reverse=True))
    return dcg(ranked) / ideal if ideal > 0 else 0.0


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
    when the file predates them.
    """
    truth = pd.read_csv(path, dtype={"employee_id": str, "wrong_kind": str}, keep_default_na=False)
    truth = truth[truth["employee_id"].str.len() > 0].copy()
    truth["relevance"] = pd.to_numeric(truth["relevance"]).astype(float)
    if "wrong_kind" not in truth:
        truth["wrong_kind"] = truth["archetype"].map(WRONG_ARCHETYPES).fillna("")
    if "eligible_truth" not in truth:
        truth["eligible_truth"] = ~truth["wrong_kind"].isin(INELIGIBLE_KINDS)
    else:
        truth["eligible_truth"] = truth["eligible_truth"].astype(str).str.lower().isin(["true", "1", "yes"])
    return truth.reset_index(drop=True)


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
        The values statement, whole.

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
    frame = pd.DataFrame({"employee_id": list(eligible)})
    frame["score"] = frame["employee_id"].map(scores).fillna(0.0)
    frame = frame.sort_values(["score", "employee_id"], ascending=[False, True], kind="mergesort")
    return frame["employee_id"].tolist()


# ---- worlds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """One generated company: its seed, headcount and days of activity."""

    seed: int
    people: int
    days: int = 180

    @property
    def name(self) -> str:
        return f"seed{self.seed}-{self.people}p-{self.days}d"


def parse_worlds(seeds: Sequence[int], sizes: Sequence[int], days: int) -> list[World]:
    """One world per seed; sizes are taken in turn (the i-th seed gets ``sizes[i % len]``).

    >>> [(w.seed, w.people) for w in parse_worlds([1, 2, 3], [400, 2000], 180)]
    [(1, 400), (2, 2000), (3, 400)]
    """
    if not seeds or not sizes:
        raise ValueError("give at least one seed and one size")
    return [World(s, sizes[i % len(sizes)], days) for i, s in enumerate(seeds)]


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

    def as_dict(self) -> dict[str, Any]:
        return {"world": asdict(self.world), "seconds": round(self.seconds, 1), "weights": self.weights,
                "ours": self.ours, "baseline": self.baseline}


def evaluate_world(world: World, workdir: Path, k: int = 25, progress: Progress | None = None) -> WorldResult:
    """Generate ``world`` under ``workdir``, run the pipeline on it, measure ours and the baseline."""
    import shutil

    from ambassador.culture import POST_KINDS
    from ambassador.pipeline import STAGES, RunContext
    from ambassador.schema import COMPONENTS
    from ambassador.sample import write_sample
    from ambassador.warehouse import connect, run_sql

    say = progress or (lambda _line: None)
    started = time.perf_counter()
    folder = workdir / world.name
    data, truth_file = folder / "data", folder / "truth.csv"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    say(f"{world.name}: generating {world.people} employees, {world.days} days")
    write_sample(data, people=world.people, days=world.days, seed=world.seed, end=WORLD_END, truth_file=truth_file)
    ctx = RunContext.create(data, warehouse=folder / "warehouse.duckdb", out=folder / "shortlist.csv", as_of=WORLD_END)
    say(f"{world.name}: running the pipeline")
    for name, stage in STAGES:
        if name != "publish":  # the ranking is measured, before the shortlist's cooldowns and caps
            stage(ctx)

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
    finally:
        con.close()
    values_text = ctx.settings.resolve_data_path(ctx.settings.organization.values_file).read_text(encoding="utf-8-sig")

    eligible = scores[scores["eligible"]]
    ours_ids = eligible.sort_values("rank")["employee_id"].tolist()
    base_ids = _ranked_ids(baseline_scores(posts, edges, values_text), set(eligible["employee_id"]))
    result = WorldResult(
        world, time.perf_counter() - started, top_k_metrics(ours_ids, truth, k), top_k_metrics(base_ids, truth, k),
        scores[["employee_id", *COMPONENTS, "eligible"]], truth, weights,
    )
    say(
        f"{world.name}: NDCG@{k} {result.ours['ndcg']:.3f} (baseline {result.baseline['ndcg']:.3f}), "
        f"wrong people in top {k}: {result.ours['wrong']} (baseline {result.baseline['wrong']}), "
        f"{result.seconds:.0f} s"
    )
    return result


def evaluate(
    worlds: Sequence[World], workdir: str | Path, k: int = 25, progress: Progress | None = None
) -> tuple[dict[str, Any], list[WorldResult]]:
    """Evaluate every world; return the report (JSON-ready) and the per-world results."""
    workdir = Path(workdir)
    results = [evaluate_world(w, workdir, k, progress) for w in worlds]
    return summarise(results, k), results


def summarise(results: Sequence[WorldResult], k: int) -> dict[str, Any]:
    """The report: per-world figures, their means, and the targets checked."""
    def mean(side: str, key: str) -> float:
        return float(np.mean([getattr(r, side)[key] for r in results])) if results else float("nan")

    worlds = [r.as_dict() for r in results]
    ours = {key: mean("ours", key) for key in ("ndcg", "precision", "wrong", "ineligible")}
    base = {key: mean("baseline", key) for key in ("ndcg", "precision", "wrong", "ineligible")}
    targets = {
        f"ndcg@{k} >= 0.90 in every world": all(r.ours["ndcg"] >= 0.90 for r in results),
        "at least 10 points above the baseline in every world": all(r.ours["ndcg"] - r.baseline["ndcg"] >= 0.10 for r in results),
        f"no ineligible person in the top {k}": all(r.ours["ineligible"] == 0 for r in results),
        f"no wrong person in the top {k}": all(r.ours["wrong"] == 0 for r in results),
    }
    return {
        "k": k,
        "worlds": worlds,
        "mean": {"ours": ours, "baseline": base},
        "targets": targets,
        "all_targets_met": all(targets.values()),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": _cpus()},
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def format_report(report: dict[str, Any]) -> list[str]:
    """The report as a markdown table plus the targets, one line each."""
    k = report["k"]
    lines = [
        f"| world | NDCG@{k} | baseline | precision@{k} | baseline | wrong in top {k} | baseline | ineligible | baseline |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for w in report["worlds"]:
        o, b = w["ours"], w["baseline"]
        name = f"seed {w['world']['seed']}, {w['world']['people']:,} people"
        lines.append(
            f"| {name} | **{o['ndcg']:.3f}** | {b['ndcg']:.3f} | {o['precision']:.2f} | {b['precision']:.2f} "
            f"| {o['wrong']} | {b['wrong']} | {o['ineligible']} | {b['ineligible']} |"
        )
    o, b = report["mean"]["ours"], report["mean"]["baseline"]
    lines.append(
        f"| mean | **{o['ndcg']:.3f}** | {b['ndcg']:.3f} | {o['precision']:.2f} | {b['precision']:.2f} "
        f"| {o['wrong']:.1f} | {b['wrong']:.1f} | {o['ineligible']:.1f} | {b['ineligible']:.1f} |"
    )
    lines.append("")
    lines += [f"- {'met' if ok else 'NOT met'}: {name}" for name, ok in report["targets"].items()]
    return lines


def plot_report(report: dict[str, Any], path: str | Path) -> Path:
    """A picture of the report: NDCG@k per world for ambassador and the baseline, and the wrong
    people each let into its top k. Written as PNG to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    k = report["k"]
    worlds = report["worlds"]
    labels = [f"seed {w['world']['seed']}\n{w['world']['people']:,} people" for w in worlds]
    x = np.arange(len(worlds))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
    for offset, side, name, color in ((-0.2, "ours", "ambassador", "tab:blue"), (0.2, "baseline", "baseline", "tab:gray")):
        left.bar(x + offset, [w[side]["ndcg"] for w in worlds], width=0.4, label=name, color=color)
        right.bar(x + offset, [w[side]["wrong"] + w[side]["ineligible"] for w in worlds], width=0.4, label=name, color=color)
    left.axhline(0.90, color="tab:red", linestyle="--", linewidth=1, label="target 0.90")
    left.set_ylim(0, 1.2)
    right.set_ylim(0, max(1, *(w[s]["wrong"] + w[s]["ineligible"] for w in worlds for s in ("ours", "baseline"))) * 1.25)
    left.set_title(f"NDCG@{k} against the planted truth (higher is better)")
    right.set_title(f"wrong or ineligible people in the top {k} (target 0)")
    for ax in (left, right):
        ax.set_xticks(x, labels, fontsize=8)
        ax.legend(fontsize=8, loc="upper center", ncol=3)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ---- choosing the weights -------------------------------------------------------------------


def _objective(
    results: Sequence[WorldResult], weights: np.ndarray, names: list[str], k: int, gate: float
) -> tuple[float, float, float, int]:
    """For one weight vector: mean NDCG@k, worst world's NDCG@k, mean NDCG@4k, and wrong or
    ineligible people in any top k (scores as :func:`ambassador.ranking.composite` makes them)."""
    from ambassador.ranking import fit_gate

    ndcgs, deep, wrong = [], [], 0
    for r in results:
        comp = r.components[r.components["eligible"]]
        gated = fit_gate(comp, gate).to_numpy() if gate > 0 else 1.0
        score = np.round((comp[names].to_numpy() @ weights) * gated, 6)
        order = np.lexsort((comp["employee_id"].to_numpy(), -score))
        ranked = comp["employee_id"].to_numpy()[order]
        m = top_k_metrics(ranked[:k].tolist(), r.truth, k)
        ndcgs.append(m["ndcg"])
        deep.append(top_k_metrics(ranked[: 4 * k].tolist(), r.truth, 4 * k)["ndcg"])
        wrong += m["wrong"] + m["ineligible"]
    return float(np.mean(ndcgs)), float(np.min(ndcgs)), float(np.mean(deep)), wrong


def tune_weights(
    results: Sequence[WorldResult], names: Sequence[str], k: int = 25, samples: int = 3000, seed: int = 0,
    start: dict[str, float] | None = None, floor: float = 0.02, gate: float = 0.0, spread_bonus: float = 0.05,
) -> dict[str, Any]:
    """Choose component weights that rank the tuning worlds best.

    Random search over the simplex (Dirichlet(1) draws, seeded), then coordinate refinement
    (each weight scaled by 0, 1/2, 3/2, 2 in turn while that helps). The objective is

        mean NDCG@k + 1/4 x worst world's NDCG@k + mean NDCG@4k - 0.02 x wrong people in any top k
        + spread_bonus x spread

    The worst world keeps a weight set that fails one world from winning on the others; the
    deeper cut-off (4k) breaks the ties NDCG@k leaves when several weight sets all put the
    right people on top, in favour of the one that also orders the next ones well. ``spread``
    is the weights' entropy over its maximum (1 = all equal): generated companies are easy
    enough that many weight sets rank them almost equally well, and among those the one that
    leans on many signals is kept rather than one that bets on a single quirk of the
    generator (without it, the search once put 0.43 on one component for a gain of 0.0004 in
    NDCG). Every
    component keeps at least ``floor`` (after normalising), so no signal is switched off by a
    tie in a synthetic world. Scores are gated by culture fit as the ranking gates them
    (``gate``, :func:`ambassador.ranking.fit_gate`). Weights are rounded to two decimals at the end.

    Returns
    -------
    dict
        ``weights`` (rounded), ``objective``, ``mean_ndcg``, ``min_ndcg``, ``deep_ndcg``,
        ``wrong``, and the same figures for ``start`` (the weights it began from).
    """
    names = list(names)
    rng = np.random.default_rng(seed)

    def clamp(w: np.ndarray) -> np.ndarray:
        w = np.maximum(w, 0) / max(w.sum(), 1e-12)
        for _ in range(len(w)):  # lift the small ones to the floor, take it from the rest
            low = w < floor
            if not low.any() or floor * len(w) >= 1:
                break
            w = np.where(low, floor, w * (1 - floor * low.sum()) / w[~low].sum())
        return w

    def value(w: np.ndarray) -> tuple[float, dict[str, float]]:
        mean, low, deep, wrong = _objective(results, w, names, k, gate)
        p = w[w > 0]
        spread = float(-(p * np.log(p)).sum() / np.log(len(w))) if len(w) > 1 else 0.0
        parts = {"mean_ndcg": mean, "min_ndcg": low, "deep_ndcg": deep, "wrong": wrong, "spread": spread}
        return mean + 0.25 * low + deep - 0.02 * wrong + spread_bonus * spread, parts

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
    }


def write_json(report: dict[str, Any], path: str | Path) -> Path:
    """Write a report as indented JSON (NaN as null), creating the folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def clean(x):
        if isinstance(x, float) and math.isnan(x):
            return None
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        if isinstance(x, list):
            return [clean(v) for v in x]
        if isinstance(x, np.generic):
            return x.item()
        return x

    path.write_text(json.dumps(clean(report), indent=2, default=str) + "\n", encoding="utf-8")
    return path


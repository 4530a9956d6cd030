"""Does ambassador's influence measure agree with simulated spreading on real social networks?

On the social graphs networkx bundles (Zachary's karate club, the Florentine families'
marriages, the co-appearances in *Les Misérables*, and the Southern women who met at the same
events, projected onto the women), each node in turn seeds a spreading process near its
epidemic threshold, the nodes are ranked by their expected spread, and that ranking is compared
(Kendall tau-b) with the ranking by ambassador's :func:`~ambassador.graph.influence` and by
classic centralities: degree, strength (weighted degree), networkx PageRank, k-core number and
eigenvector centrality.

What is compared, plainly:

* ``influence`` is ambassador's measure as the pipeline computes it: each undirected edge is
  engagement in both directions, weighted by the graph's ``weight`` where it has one. It *is*
  weighted PageRank (damping 0.85): on these graphs it equals ``networkx.pagerank(G,
  weight="weight")`` (checked below), and on an unweighted graph (the Florentine families) it is
  plain PageRank. Time decay plays no role: a static graph has no dates. The ``pagerank``
  column is networkx's PageRank *without* weights, so on weighted graphs the two columns differ
  by the weights alone.
* Spreading models (``p_c = <k> / (<k^2> - <k>)``, the bond-percolation threshold of the
  unweighted graph, from its degrees):

  - ``ic``: independent cascade, each edge transmits once with probability ``p_c``;
  - ``ic_x1.5``: the same at ``1.5 p_c``, above threshold;
  - ``sir``: discrete-time SIR, each step an infectious node infects each susceptible
    neighbour with probability ``beta`` then recovers with probability ``gamma = 0.5``;
    ``beta`` makes the transmissibility ``beta / (beta + gamma - beta gamma)`` equal ``p_c``.
    Unlike the cascade, a node's transmissions are correlated through its infectious period;
  - ``ic_weighted`` (weighted graphs only): each unit of weight is a chance to transmit, so
    edge ``e`` transmits with probability ``1 - (1 - q)^w_e``, ``q`` chosen so that the mean
    over edges is ``p_c`` (as many transmitting edges as ``ic`` on average, on the heavy ties).

The independent cascade from one seed on an undirected graph reaches exactly the seed's
cluster when each edge is kept with its transmission probability (the live-edge form of
Kempe, Kleinberg and Tardos, 2003), so one sampled set of kept edges gives every node's spread
at once (common random numbers, which also steady the ranking). SIR is simulated step by step,
all seeds and runs at once as rows of a boolean state matrix. The check ``ic live-edge
sampling agrees with a step-by-step cascade`` compares the two methods (SIR with ``gamma =
1`` is the cascade). Every run is drawn from a numpy ``Generator`` seeded by ``--seed``, the
graph and the model, so results are reproducible. Run::

    python -m benchmarks.influence_check            # all graphs; writes benchmarks/results/influence_check.json
    python -m benchmarks.influence_check --quick --graphs karate_club   # seconds; no results file unless --out
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import zlib
from collections.abc import Callable, Hashable
from pathlib import Path

import networkx as nx
import numpy as np
import scipy
import scipy.sparse as sp
from networkx.algorithms import bipartite
from scipy.optimize import brentq
from scipy.sparse.csgraph import connected_components
from scipy.stats import kendalltau

from ambassador.graph import influence

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "influence_check.json"
SIR_GAMMA = 0.5  # recovery probability per step: a mean infectious period of 2 steps
ABOVE_THRESHOLD = 1.5  # the ic_x1.5 model's p as a multiple of p_c
MEASURES = ("influence", "degree", "strength", "pagerank", "k_core", "eigenvector")
MODELS = ("ic", "ic_x1.5", "sir", "ic_weighted")
_ROWS_PER_BLOCK = 200_000  # SIR state rows (seed x run) simulated together: bounds memory


# ---- the graphs -----------------------------------------------------------------------------


def _davis_southern_women() -> nx.Graph:
    """The Southern women, linked when they attended the same event; weight = events shared."""
    B = nx.davis_southern_women_graph()
    women = [n for n, side in B.nodes(data="bipartite") if side == 0]
    return bipartite.weighted_projected_graph(B, women)


#: Name -> loader of each bundled social graph (undirected; ``weight`` where the data has one).
GRAPHS: dict[str, Callable[[], nx.Graph]] = {
    "karate_club": nx.karate_club_graph,  # weight: contexts in which two members interacted (1-7)
    "florentine_families": nx.florentine_families_graph,  # marriages; unweighted
    "les_miserables": nx.les_miserables_graph,  # weight: chapters in which two characters appear together
    "davis_southern_women": _davis_southern_women,
}


def is_weighted(G: nx.Graph, weight: str = "weight") -> bool:
    """Whether ``G`` has edges of different weights (missing = 1)."""
    return len({w for *_, w in G.edges(data=weight, default=1)}) > 1


# ---- spreading ------------------------------------------------------------------------------


def spreading_threshold(G: nx.Graph) -> float:
    """Bond-percolation (epidemic) threshold ``<k> / (<k^2> - <k>)`` of the unweighted graph.

    Parameters
    ----------
    G : Graph
        Undirected graph; weights are ignored.

    Returns
    -------
    float
        The transmission probability at which a cascade on a random graph with the same degrees
        starts to reach a finite share of the nodes.

    Examples
    --------
    >>> round(spreading_threshold(nx.karate_club_graph()), 4)
    0.1477
    """
    k = np.fromiter((d for _, d in G.degree()), dtype=np.float64, count=len(G))
    return float(k.mean() / ((k**2).mean() - k.mean()))


def _edges(G: nx.Graph, weight: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Endpoint indices (in ``list(G)`` order) and weights of the edges, self-loops dropped.

    Edges come sorted by their endpoints' indices, so the random draws of a simulation depend
    on the nodes' order alone, not on the order edges were added in (which for some generators
    follows set iteration, and so the string hash seed of the process).
    """
    index = {u: i for i, u in enumerate(G)}
    triples = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), 1.0 if weight is None else w)
        for u, v, w in G.edges(data=weight, default=1)
        if u != v
    )
    if not triples:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    u, v, w = (np.asarray(c) for c in zip(*triples))
    return u.astype(np.int64), v.astype(np.int64), w.astype(np.float64)


def edge_probabilities(G: nx.Graph, p: float, weight: str | None = None) -> np.ndarray:
    """Each edge's transmission probability: ``p``, or ``1 - (1 - p)^w`` per unit of weight.

    Edges are ordered by their nodes' positions in ``G`` (``u < v``), as
    :func:`independent_cascade` expects them.

    Examples
    --------
    >>> G = nx.Graph([(0, 1, {"weight": 2}), (1, 2, {"weight": 1})])
    >>> edge_probabilities(G, 0.5).tolist(), edge_probabilities(G, 0.5, "weight").tolist()
    ([0.5, 0.5], [0.75, 0.5])
    """
    _, _, w = _edges(G, weight)
    return -np.expm1(w * np.log1p(-p)) if weight is not None else np.full(len(w), p)


def independent_cascade(
    G: nx.Graph, p: float | np.ndarray, runs: int, rng: np.random.Generator, *, block: int = 2000
) -> np.ndarray:
    """Spread of an independent cascade seeded at each node alone, ``runs`` times.

    Sampled in its live-edge form: keeping each edge with its transmission probability, the
    cascade from one seed reaches exactly the seed's connected cluster, so each sample gives
    every node's spread (the same kept edges for every seed: common random numbers).

    Parameters
    ----------
    G : Graph
        Undirected graph; self-loops are ignored.
    p : float or array
        Transmission probability of every edge, or of each edge as returned by
        :func:`edge_probabilities` (edges sorted by their nodes' positions in ``G``).
    runs : int
        Number of cascades per seed.
    rng : numpy.random.Generator
        Source of randomness (the same state gives the same result).
    block : int, default 2000
        Samples whose graphs are labelled together (one sparse graph of ``block * len(G)`` nodes).

    Returns
    -------
    ndarray of int, shape (runs, len(G))
        Nodes reached (the seed included), column ``j`` for the seed ``list(G)[j]``.

    Examples
    --------
    On the path ``a - b - c`` the cascade from ``a`` reaches ``1 + p + p^2`` nodes on average:

    >>> spread = independent_cascade(nx.path_graph("abc"), 0.5, 40_000, np.random.default_rng(0))
    >>> spread.shape, bool(abs(spread[:, 0].mean() - 1.75) < 0.02)
    ((40000, 3), True)
    """
    n = len(G)
    u, v, _ = _edges(G, None)
    prob = np.broadcast_to(np.asarray(p, dtype=np.float64), u.shape)
    out = np.empty((runs, n), dtype=np.int64)
    for start in range(0, runs, block):
        r = min(block, runs - start)
        kept_run, kept_edge = np.nonzero(rng.random((r, len(u))) < prob)
        offset = kept_run * n
        graph = sp.coo_array(
            (np.ones(len(kept_edge), dtype=np.int8), (offset + u[kept_edge], offset + v[kept_edge])), shape=(r * n, r * n)
        )
        _, labels = connected_components(graph, directed=False)
        out[start : start + r] = np.bincount(labels)[labels].reshape(r, n)
    return out


def sir(
    G: nx.Graph, beta: float, gamma: float, runs: int, rng: np.random.Generator, *, weight: str | None = None
) -> np.ndarray:
    """Final size of a discrete-time SIR epidemic seeded at each node alone, ``runs`` times.

    Each step, every infectious node infects each susceptible neighbour with probability
    ``beta`` (``1 - (1 - beta)^w`` over an edge of weight ``w`` when ``weight`` is given), then
    recovers with probability ``gamma``; newly infected nodes are infectious from the next step.
    With ``gamma = 1`` this is the independent cascade.

    Parameters
    ----------
    G : Graph
        Undirected graph; self-loops are ignored.
    beta, gamma : float
        Infection probability per infectious neighbour and step; recovery probability per step.
    runs : int
        Epidemics per seed.
    rng : numpy.random.Generator
        Source of randomness (the same state gives the same result).
    weight : str or None, default None
        Edge attribute counted as that many independent contacts (missing = 1).

    Returns
    -------
    ndarray of int, shape (runs, len(G))
        Nodes ever infected (the seed included), column ``j`` for the seed ``list(G)[j]``.

    Examples
    --------
    On a single edge, the other end is infected with probability ``beta / (beta + gamma - beta gamma)``:

    >>> size = sir(nx.path_graph(2), 0.2, 0.5, 40_000, np.random.default_rng(0))
    >>> bool(abs(size.mean() - (1 + 0.2 / 0.6)) < 0.01)
    True
    """
    n = len(G)
    u, v, w = _edges(G, weight)
    W = np.zeros((n, n), dtype=np.float64)
    np.add.at(W, (u, v), w)
    np.add.at(W, (v, u), w)
    log_escape = np.log1p(-beta)  # log of the chance one contact does not infect
    rows = n * runs
    seed_of_row = np.repeat(np.arange(n), runs)  # row = seed * runs + run
    size = np.empty(rows, dtype=np.int64)
    for start in range(0, rows, _ROWS_PER_BLOCK):
        seeds = seed_of_row[start : start + _ROWS_PER_BLOCK]
        m = len(seeds)
        infected = np.zeros((m, n), dtype=bool)  # ever infected
        infected[np.arange(m), seeds] = True
        infectious = infected.copy()
        live = np.arange(m)  # rows with an infectious node, in the order of the block
        while len(live):
            contacts = infectious[live].astype(np.float64) @ W  # infectious contacts of each node
            at_risk = ~infected[live] & (contacts > 0)
            r, c = np.nonzero(at_risk)
            caught = rng.random(len(r)) < -np.expm1(contacts[r, c] * log_escape)
            new = np.zeros((len(live), n), dtype=bool)
            new[r[caught], c[caught]] = True
            still = infectious[live]
            still[still] = rng.random(int(still.sum())) >= gamma  # who has not recovered
            infected[live] |= new
            infectious[live] = still | new
            live = live[infectious[live].any(axis=1)]
        size[start : start + m] = infected.sum(axis=1)
    return size.reshape(n, runs).T


# ---- the measures -----------------------------------------------------------------------------


def centralities(G: nx.Graph) -> dict[str, dict[Hashable, float]]:
    """Each node's score by ambassador's influence and by the classic centralities.

    Parameters
    ----------
    G : Graph
        Undirected; ``weight`` where the data has one.

    Returns
    -------
    dict
        Measure name (:data:`MEASURES`) -> node -> score. ``influence`` is
        :func:`ambassador.graph.influence` of ``G`` with every edge in both directions and its
        weight; ``strength`` is the weighted degree; the others ignore weights.

    Examples
    --------
    >>> c = centralities(nx.star_graph(3))
    >>> max(c["influence"], key=c["influence"].get), c["degree"][0], c["k_core"][0]
    (0, 3, 1)
    """
    return {
        "influence": influence(G.to_directed(), weight="weight"),
        "degree": dict(G.degree()),
        "strength": dict(G.degree(weight="weight")),
        "pagerank": nx.pagerank(G, weight=None, tol=1e-12, max_iter=1000),
        "k_core": nx.core_number(G),
        "eigenvector": nx.eigenvector_centrality_numpy(G, weight=None),
    }


def _without_float_noise(values: np.ndarray) -> np.ndarray:
    """Round to 9 significant digits of the largest value, so equal scores tie exactly.

    Two nodes in the same position get the same centrality up to rounding; without this, the
    last bits would decide their order and Kendall's tau-b would count a tie as a pair.
    """
    scale = np.abs(values).max()
    return np.round(values / scale, 9) if scale > 0 else values


def kendall_tau(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b between two scorings of the same nodes (ties allowed).

    Examples
    --------
    >>> round(kendall_tau(np.array([1.0, 2.0, 3.0]), np.array([10, 30, 20])), 4)
    0.3333
    """
    return float(kendalltau(_without_float_noise(np.asarray(x, float)), _without_float_noise(np.asarray(y, float))).statistic)


# ---- one graph ------------------------------------------------------------------------------


def _rng(seed: int, graph: str, model: str) -> np.random.Generator:
    """A generator of its own for each (seed, graph, model): adding one changes no other."""
    return np.random.default_rng([seed, zlib.crc32(graph.encode()), zlib.crc32(model.encode())])


def _weighted_q(G: nx.Graph, p_c: float) -> float:
    """The per-unit-of-weight probability whose mean edge transmission probability is ``p_c``."""
    return float(brentq(lambda q: edge_probabilities(G, q, "weight").mean() - p_c, 1e-12, p_c))


def spread_models(G: nx.Graph) -> dict[str, dict]:
    """The spreading models run on ``G``, with their parameters (see the module docstring).

    Examples
    --------
    >>> models = spread_models(nx.florentine_families_graph())
    >>> sorted(models), round(models["ic"]["p"], 4)
    (['ic', 'ic_x1.5', 'sir'], 0.4255)
    """
    p_c = spreading_threshold(G)
    models = {
        "ic": {"p": p_c},
        "ic_x1.5": {"p": ABOVE_THRESHOLD * p_c},
        "sir": {"beta": p_c * SIR_GAMMA / (1 - p_c * (1 - SIR_GAMMA)), "gamma": SIR_GAMMA, "transmissibility": p_c},
    }
    if is_weighted(G):
        models["ic_weighted"] = {"q": _weighted_q(G, p_c), "mean_edge_p": p_c}
    return models


def simulate(G: nx.Graph, model: str, params: dict, runs: int, rng: np.random.Generator) -> np.ndarray:
    """Spread per run and seed (shape ``(runs, len(G))``) of one of :func:`spread_models`."""
    if model in ("ic", "ic_x1.5"):
        return independent_cascade(G, params["p"], runs, rng)
    if model == "ic_weighted":
        return independent_cascade(G, edge_probabilities(G, params["q"], "weight"), runs, rng)
    if model == "sir":
        return sir(G, params["beta"], params["gamma"], runs, rng)
    raise ValueError(f"unknown spreading model {model!r}; expected one of {MODELS}")


def check_graph(name: str, G: nx.Graph, runs: int, seed: int) -> dict:
    """Every model's expected spread on ``G`` and its Kendall tau with every measure.

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``weighted``, ``p_c``; ``influence_vs_pagerank`` (the largest
        difference between ``influence`` and ``networkx.pagerank`` with the same weights);
        ``ic_methods_max_abs_z`` (live-edge sampling against a step-by-step cascade, largest
        z-score of the difference over nodes); and per model its parameters, ``runs``,
        ``seconds``, the expected spread (``mean_spread`` over nodes, ``max_spread``), its
        standard error (``se_mean``, ``se_max`` over nodes), ``split_half_tau`` (the ranking
        from half the runs against the other half: how steady the reference is) and ``tau``
        (measure -> Kendall tau-b against the expected spread).
    """
    nodes = list(G)
    scores = centralities(G)
    score = {m: np.array([scores[m][u] for u in nodes], dtype=np.float64) for m in MEASURES}
    reference = nx.pagerank(G, weight="weight", tol=1e-12, max_iter=1000)
    result: dict = {
        "nodes": len(G),
        "edges": G.number_of_edges(),
        "weighted": is_weighted(G),
        "p_c": spreading_threshold(G),
        "influence_vs_pagerank": max(abs(scores["influence"][u] - reference[u]) for u in nodes),
        "models": {},
    }
    for model, params in spread_models(G).items():
        started = time.perf_counter()
        spread = simulate(G, model, params, runs, _rng(seed, name, model))
        seconds = time.perf_counter() - started
        expected = spread.mean(axis=0)
        se = spread.std(axis=0, ddof=1) / np.sqrt(runs)
        half = runs // 2
        result["models"][model] = {
            **params,
            "runs": runs,
            "seconds": round(seconds, 3),
            "mean_spread": float(expected.mean()),
            "max_spread": float(expected.max()),
            "se_mean": float(se.mean()),
            "se_max": float(se.max()),
            "split_half_tau": kendall_tau(spread[:half].mean(axis=0), spread[half:].mean(axis=0)),
            "tau": {m: kendall_tau(expected, score[m]) for m in MEASURES},
            "expected_spread": dict(zip(map(str, nodes), expected.round(4).tolist())),
        }
    # the live-edge sampler against a step-by-step cascade (SIR with gamma = 1), independent draws
    p_c = result["p_c"]
    check_runs = max(runs // 4, 500)
    live_edge = independent_cascade(G, p_c, check_runs, _rng(seed, name, "check_live_edge"))
    stepwise = sir(G, p_c, 1.0, check_runs, _rng(seed, name, "check_stepwise"))
    diff = live_edge.mean(axis=0) - stepwise.mean(axis=0)
    se = np.sqrt((live_edge.var(axis=0, ddof=1) + stepwise.var(axis=0, ddof=1)) / check_runs)
    result["ic_methods_max_abs_z"] = float(np.max(np.abs(diff) / np.where(se > 0, se, np.inf)))
    return result


# ---- orchestration ----------------------------------------------------------------------------


def checks(graphs: dict[str, dict]) -> dict[str, bool]:
    """The check's own correctness conditions, over every graph."""
    return {
        # |z| of a correct method is below 4.5 for every node with overwhelming probability
        "ic live-edge sampling agrees with a step-by-step cascade": all(g["ic_methods_max_abs_z"] < 4.5 for g in graphs.values()),
        "influence equals networkx pagerank with the same weights": all(g["influence_vs_pagerank"] < 1e-9 for g in graphs.values()),
        "spread grows with p for every seed": all(
            g["models"]["ic_x1.5"]["expected_spread"][u] > g["models"]["ic"]["expected_spread"][u]
            for g in graphs.values()
            for u in g["models"]["ic"]["expected_spread"]
        ),
    }


def machine() -> dict:
    """The machine and library versions, as the other benchmarks record them."""
    from benchmarks.slack_load import machine as load_machine

    info = {k: v for k, v in load_machine().items() if k != "duckdb"}
    return {**info, "numpy": np.__version__, "scipy": scipy.__version__, "networkx": nx.__version__, "python": platform.python_version()}


def markdown_table(graphs: dict[str, dict]) -> str:
    """One row per graph and model: parameters, expected spread and the Kendall taus.

    Columns: nodes, model parameter, mean expected spread, the largest standard error of a
    node's expected spread, the split-half tau of the reference ranking, then tau-b per measure.
    """
    head = ["graph", "n", "model", "param", "spread", "SE max", "split-half", *MEASURES]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, g in graphs.items():
        for model, r in g["models"].items():
            param = {"ic": "p", "ic_x1.5": "p", "sir": "beta", "ic_weighted": "q"}[model]
            taus = [f"{r['tau'][m]:.2f}" for m in MEASURES]
            row = [name, str(g["nodes"]), model, f"{param}={r[param]:.3f}", f"{r['mean_spread']:.2f}", f"{r['se_max']:.3f}", f"{r['split_half_tau']:.2f}", *taus]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def run(argv: list[str] | None = None) -> dict:
    """Parse the command line, run the check on each graph, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000, help="simulations per seed node and model (default 20,000)")
    parser.add_argument("--seed", type=int, default=6, help="seed of every random generator (default 6)")
    parser.add_argument("--graphs", nargs="+", choices=sorted(GRAPHS), default=list(GRAPHS), help="graphs to check (default: all)")
    parser.add_argument("--quick", action="store_true", help="2,000 runs; no results file unless --out")
    parser.add_argument("--out", type=Path, default=None, help=f"results JSON (default {RESULTS.relative_to(REPO)})")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 2000
    out = args.out if args.out is not None else (None if args.quick else RESULTS)

    started = time.perf_counter()
    graphs = {}
    for name in args.graphs:
        t = time.perf_counter()
        graphs[name] = check_graph(name, GRAPHS[name](), args.runs, args.seed)
        print(f"  {name}: {graphs[name]['nodes']} nodes, {time.perf_counter() - t:.1f} s", flush=True)
    ok = checks(graphs)
    print()
    print(markdown_table(graphs))
    print(
        "\ninfluence = ambassador.graph.influence with each edge in both directions and the graph's weights: weighted\n"
        "PageRank, equal to networkx.pagerank(weight='weight') here (time decay needs dated edges; these have none).\n"
        "pagerank = networkx PageRank without weights, so on an unweighted graph (florentine_families) the two coincide."
    )
    for name, passed in ok.items():
        if not passed:
            print(f"CHECK FAILED: {name}")
    result = {
        "benchmark": "influence_check",
        "parameters": {"runs": args.runs, "seed": args.seed, "graphs": args.graphs, "sir_gamma": SIR_GAMMA, "above_threshold": ABOVE_THRESHOLD},
        "machine": machine(),
        "seconds": round(time.perf_counter() - started, 1),
        "checks": ok,
        "graphs": graphs,
    }
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"results written to {out}")
    return result


def main(argv: list[str] | None = None) -> int:
    result = run(argv)
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    if __package__ in (None, ""):  # run as a script: make the repository importable
        sys.path.insert(0, str(REPO))
    sys.exit(main())

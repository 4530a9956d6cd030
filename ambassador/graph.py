"""The interaction graph: who engages whom, and what that says about each person.

An edge ``u -> v`` means *u engaged with v* (replied to, mentioned, recognised, reacted to,
reshared or quoted them), so PageRank flows to the people others engage with. Edge attributes
are ``weight`` (kind weight x recency decay, summed) and ``interactions`` (acts counted), as in
the ``marts_edges`` table.

The algorithms are plain functions of ``G`` in networkx's manner. Their heavy work runs on a
scipy sparse matrix built once from the graph: networkx's own ``pagerank`` spends most of its
time converting the graph and, at its default tolerance (``N * 1e-6`` in L1), stops after a few
iterations on large graphs. Building a networkx graph is itself a per-edge Python loop (about
10 s and 1.2 GB for 2M edges), so :func:`graph_features_from_edges` and :func:`graph_stage` skip
it and build the same matrix straight from the aggregated edge table; the features are the same
as ``graph_features(build_interaction_graph(edges, people))``. The graph object remains the API
for notebooks and for any networkx algorithm on a sample.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ambassador.schema import column_names
from ambassador.warehouse import build_model, check_not_null, check_unique, replace_rows

__all__ = [
    "FEATURE_COLUMNS",
    "build_interaction_graph",
    "create_kind_weights",
    "graph_features",
    "graph_features_from_edges",
    "graph_stage",
    "influence",
]

#: Columns of :func:`graph_features`, in the order of ``marts_graph_features``.
FEATURE_COLUMNS = ("pagerank", "engagers", "engaged", "departments_reached", "reciprocity", "in_strength", "out_strength")

SOURCE, TARGET = "src_employee_id", "dst_employee_id"

# Reads for graph_stage. People in scope get a dense node number (by employee_id) in DuckDB, so
# edges cross into Python as three numeric arrays rather than millions of strings.
_NODES_SQL = """
CREATE OR REPLACE TEMP TABLE graph_nodes AS
SELECT employee_id, department, (row_number() OVER (ORDER BY employee_id) - 1)::BIGINT AS node
FROM (
    SELECT employee_id, min(department) AS department
    FROM stg_people
    WHERE employee_id IS NOT NULL
    GROUP BY employee_id
    HAVING NOT bool_or(coalesce(opt_out, false))
)
"""
_PEOPLE_SQL = "SELECT employee_id, department FROM graph_nodes ORDER BY node"
_EDGES_SQL = """
SELECT s.node AS src, d.node AS dst, e.weight
FROM marts_edges e
JOIN graph_nodes s ON s.employee_id = e.src_employee_id
JOIN graph_nodes d ON d.employee_id = e.dst_employee_id
ORDER BY src, dst
"""


# ---- building the graph --------------------------------------------------------------------


def build_interaction_graph(edges: pd.DataFrame, people: pd.DataFrame | None = None) -> nx.DiGraph:
    """Build the directed graph of who engages whom from person-to-person edges.

    Parameters
    ----------
    edges : DataFrame
        Columns ``src_employee_id`` (who engaged), ``dst_employee_id`` (with whom) and any edge
        attributes, normally ``weight`` and ``interactions`` as in ``marts_edges``. Self-loops
        are dropped; a pair listed more than once has its attributes summed.
    people : DataFrame, optional
        Columns ``employee_id`` and ``department``. Every row becomes a node with a
        ``department`` attribute (``None`` when missing), including people without edges.

    Returns
    -------
    DiGraph
        Edge ``u -> v`` with the edge attributes of ``edges``.

    Examples
    --------
    >>> edges = pd.DataFrame({"src_employee_id": ["a", "b"], "dst_employee_id": ["b", "a"],
    ...                       "weight": [1.5, 0.3], "interactions": [2, 1]})
    >>> people = pd.DataFrame({"employee_id": ["a", "b", "c"], "department": ["Eng", "Eng", "Ops"]})
    >>> G = build_interaction_graph(edges, people)
    >>> G["a"]["b"]
    {'weight': 1.5, 'interactions': 2}
    >>> G.nodes["c"], G.number_of_edges()
    ({'department': 'Ops'}, 2)
    """
    G = nx.DiGraph()
    if people is not None:
        ids = people["employee_id"].tolist()
        departments = _missing_to_none(people["department"]) if "department" in people else [None] * len(ids)
        G.add_nodes_from((i, {"department": d}) for i, d in zip(ids, departments))
    edges = edges[edges[SOURCE] != edges[TARGET]].dropna(subset=[SOURCE, TARGET])
    attrs = [c for c in edges.columns if c not in (SOURCE, TARGET)]
    if edges.duplicated([SOURCE, TARGET]).any():
        edges = edges.groupby([SOURCE, TARGET], sort=False, as_index=False)[attrs].sum()
    pairs = zip(edges[SOURCE].tolist(), edges[TARGET].tolist())
    if attrs:
        data = (dict(zip(attrs, values)) for values in zip(*(edges[c].tolist() for c in attrs)))
        G.add_edges_from((u, v, d) for (u, v), d in zip(pairs, data))
    else:
        G.add_edges_from(pairs)
    return G


def _missing_to_none(values: pd.Series) -> list:
    """Values as a list with NaN / NA / empty strings as None."""
    return [None if v == "" else v for v in values.astype(object).where(values.notna(), None).tolist()]


# ---- the sparse form shared by every metric ------------------------------------------------


@dataclass(frozen=True)
class _Adjacency:
    """Nodes in a fixed order, the weighted adjacency (CSR, rows = sources) and departments."""

    nodes: list
    matrix: sp.csr_array
    departments: list | None = None


def _from_graph(G: nx.Graph, weight: str | None, *, drop_self_loops: bool) -> _Adjacency:
    """The sparse adjacency of ``G`` (missing weights count 1), one pass over its edges."""
    if G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for multigraphs; sum parallel edges first")
    nodes = list(G)
    n = len(nodes)
    index = {u: i for i, u in enumerate(nodes)}
    adj = G.adj
    degree = np.fromiter((len(adj[u]) for u in nodes), dtype=np.int64, count=n)
    m = int(degree.sum())
    rows = np.repeat(np.arange(n, dtype=np.int64), degree)
    cols = np.fromiter((index[v] for u in nodes for v in adj[u]), dtype=np.int64, count=m)
    if weight is None:
        data = np.ones(m)
    else:
        data = np.fromiter((d.get(weight, 1) for u in nodes for d in adj[u].values()), dtype=np.float64, count=m)
    if drop_self_loops:
        keep = rows != cols
        rows, cols, data = rows[keep], cols[keep], data[keep]
    departments = [dept for _, dept in G.nodes(data="department")]
    return _Adjacency(nodes, _csr(rows, cols, data, n), departments)


def _from_edges(edges: pd.DataFrame, people: pd.DataFrame | None, weight: str | None) -> _Adjacency:
    """The sparse adjacency straight from an edge table (people first, in their order)."""
    edges = edges.dropna(subset=[SOURCE, TARGET])
    edges = edges[edges[SOURCE] != edges[TARGET]]
    if people is not None:
        people = people[people["employee_id"].notna()]
        ids = people["employee_id"].to_numpy(dtype=object)
    else:
        ids = np.empty(0, dtype=object)
    n_people, m = len(ids), len(edges)
    # people first, then endpoints in the order add_edges_from would meet them (u, v, u, v ...)
    labels = np.empty(n_people + 2 * m, dtype=object)
    labels[:n_people] = ids
    labels[n_people::2] = edges[SOURCE].to_numpy(dtype=object)
    labels[n_people + 1 :: 2] = edges[TARGET].to_numpy(dtype=object)
    codes, uniques = pd.factorize(labels)
    n = len(uniques)
    rows, cols = codes[n_people::2].astype(np.int64), codes[n_people + 1 :: 2].astype(np.int64)
    data = edges[weight].to_numpy(dtype=np.float64) if weight is not None else np.ones(m)
    departments = None
    if people is not None and "department" in people:
        first = ~pd.Series(codes[:n_people]).duplicated().to_numpy()  # the first row of a repeated id wins
        column = np.full(n, None, dtype=object)
        column[codes[:n_people][first]] = np.asarray(_missing_to_none(people["department"]), dtype=object)[first]
        departments = column.tolist()
    return _Adjacency(list(uniques), _csr(rows, cols, data, n), departments)


def _csr(rows: np.ndarray, cols: np.ndarray, data: np.ndarray, n: int) -> sp.csr_array:
    A = sp.coo_array((data, (rows, cols)), shape=(n, n)).tocsr()
    A.sum_duplicates()
    return A


# ---- PageRank -------------------------------------------------------------------------------


def _pagerank(A: sp.csr_array, alpha: float, tol: float, max_iter: int) -> np.ndarray:
    """Weighted PageRank by power iteration on a CSR adjacency (rows = sources).

    Same model as :func:`networkx.pagerank` with uniform teleport and dangling nodes (no
    positive out-weight) spreading their rank uniformly; stops when the L1 change is below
    ``tol`` (absolute, not multiplied by the number of nodes as networkx does).
    """
    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    if A.nnz and A.data.min() < 0:
        raise ValueError("PageRank needs non-negative edge weights")
    out = np.asarray(A.sum(axis=1)).ravel()
    dangling = np.flatnonzero(out <= 0)
    inv = np.divide(1.0, out, out=np.zeros(n), where=out > 0)
    P = A.copy()
    P.data = P.data * np.repeat(inv, np.diff(P.indptr))
    PT = P.T.tocsr()  # x @ P as a CSR matvec
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (PT @ last) + (alpha * last[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - last).sum() < tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def influence(
    G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85, *, tol: float = 1e-10, max_iter: int = 1000
) -> dict[Hashable, float]:
    """Weighted PageRank of ``G``: engagement flows to whom it is aimed at.

    The same model as :func:`networkx.pagerank` (uniform teleport; dangling nodes spread their
    rank uniformly), computed by sparse power iteration until the L1 change between iterations
    is below ``tol``. networkx stops at ``len(G) * tol``, which on 100k nodes ends after a few
    iterations; here the tolerance does not grow with the graph. Node order does not matter
    beyond floating-point rounding, and the same graph always gives the same numbers.

    Parameters
    ----------
    G : graph
        Directed (or undirected) graph; multigraphs are not supported.
    weight : str or None, default "weight"
        Edge attribute holding the weight (missing = 1); None weighs every edge 1.
    alpha : float, default 0.85
        Damping factor (``settings.graph.damping``).
    tol : float, default 1e-10
        Convergence threshold on the L1 change of the rank vector.
    max_iter : int, default 1000
        Iterations before giving up.

    Returns
    -------
    dict
        Node -> PageRank; the values sum to 1.

    Raises
    ------
    networkx.PowerIterationFailedConvergence
        When ``max_iter`` iterations do not reach ``tol``.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "a")])
    >>> pr = influence(G)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 12)
    ('b', 1.0)
    >>> ref = nx.pagerank(G, tol=1e-12, max_iter=1000)
    >>> all(abs(pr[n] - ref[n]) < 1e-9 for n in G)
    True
    """
    if len(G) == 0:
        return {}
    adj = _from_graph(G, weight, drop_self_loops=False)
    return dict(zip(adj.nodes, _pagerank(adj.matrix, alpha, tol, max_iter).tolist()))


# ---- per-person features --------------------------------------------------------------------


def graph_features(
    G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85, *, tol: float = 1e-10, max_iter: int = 1000
) -> pd.DataFrame:
    """Per-node features of the interaction graph, computed on sparse matrices.

    Parameters
    ----------
    G : DiGraph
        Edge ``u -> v`` = u engaged with v; nodes may carry ``department``. Self-loops are ignored.
    weight : str or None, default "weight"
        Edge attribute for PageRank and strengths (missing = 1).
    alpha, tol, max_iter
        PageRank parameters, as in :func:`influence`.

    Returns
    -------
    DataFrame
        Indexed by node (index name ``node``), one row per node of ``G`` in its order, columns:

        - ``pagerank``: :func:`influence` of the graph without its isolated nodes, which get 0
          (so inactive people neither dilute nor rescale everyone else's rank);
        - ``engagers`` / ``engaged``: distinct in- / out-neighbours;
        - ``departments_reached``: distinct departments among in- and out-neighbours other than
          the node's own (neighbours without a department do not count);
        - ``reciprocity``: neighbours linked both ways / all neighbours (0 without neighbours);
        - ``in_strength`` / ``out_strength``: summed weight received / given.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b", {"weight": 2.0}), ("b", "a", {"weight": 1.0}), ("a", "c", {"weight": 1.0})])
    >>> nx.set_node_attributes(G, {"a": "Eng", "b": "Eng", "c": "Ops"}, "department")
    >>> G.add_node("d", department="Ops")
    >>> f = graph_features(G)
    >>> f[["engagers", "engaged", "departments_reached", "reciprocity", "out_strength"]]  # doctest: +NORMALIZE_WHITESPACE
          engagers  engaged  departments_reached  reciprocity  out_strength
    node
    a            1        2                    1          0.5           3.0
    b            1        1                    0          1.0           1.0
    c            1        0                    1          0.0           0.0
    d            0        0                    0          0.0           0.0
    >>> float(f.loc["d", "pagerank"]), round(float(f["pagerank"].sum()), 12)
    (0.0, 1.0)
    """
    return _features(_from_graph(G, weight, drop_self_loops=True), alpha, tol, max_iter)


def graph_features_from_edges(
    edges: pd.DataFrame,
    people: pd.DataFrame | None = None,
    weight: str | None = "weight",
    alpha: float = 0.85,
    *,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.DataFrame:
    """:func:`graph_features` of ``build_interaction_graph(edges, people)``, without building it.

    The matrix comes straight from the edge table (vectorised), which at 2M edges saves the
    several seconds and most of the memory that a networkx graph costs. Rows: ``people`` first
    in their order, then any other edge endpoint in order of appearance.

    Examples
    --------
    >>> edges = pd.DataFrame({"src_employee_id": ["a", "b"], "dst_employee_id": ["b", "a"], "weight": [1.0, 1.0]})
    >>> people = pd.DataFrame({"employee_id": ["a", "b", "c"], "department": ["Eng", "Ops", "Ops"]})
    >>> graph_features_from_edges(edges, people)[["pagerank", "reciprocity", "departments_reached"]]  # doctest: +NORMALIZE_WHITESPACE
          pagerank  reciprocity  departments_reached
    node
    a          0.5          1.0                    1
    b          0.5          1.0                    1
    c          0.0          0.0                    0
    """
    return _features(_from_edges(edges, people, weight), alpha, tol, max_iter)


def _features(adj: _Adjacency, alpha: float, tol: float, max_iter: int) -> pd.DataFrame:
    A = adj.matrix
    n = A.shape[0]
    B = sp.csr_array((np.ones(A.nnz), A.indices, A.indptr), shape=(n, n))  # who engaged whom, 0/1
    engaged = np.diff(B.indptr)
    engagers = np.bincount(B.indices, minlength=n)
    mutual = np.rint(np.asarray(B.multiply(B.T).sum(axis=1)).ravel()).astype(np.int64)
    neighbours = engaged + engagers - mutual
    reciprocity = np.divide(mutual, neighbours, out=np.zeros(n), where=neighbours > 0)

    pagerank = np.zeros(n)
    connected = np.flatnonzero(neighbours > 0)
    if len(connected):
        sub = A[connected][:, connected]
        pagerank[connected] = _pagerank(sp.csr_array(sub), alpha, tol, max_iter)

    frame = pd.DataFrame(
        {
            "pagerank": pagerank,
            "engagers": engagers.astype(np.int64),
            "engaged": engaged.astype(np.int64),
            "departments_reached": _departments_reached(B, adj.departments),
            "reciprocity": reciprocity,
            "in_strength": np.asarray(A.sum(axis=0)).ravel().astype(np.float64),
            "out_strength": np.asarray(A.sum(axis=1)).ravel().astype(np.float64),
        },
        index=pd.Index(adj.nodes, name="node", dtype=object),
    )
    return frame


def _departments_reached(B: sp.csr_array, departments: list | None) -> np.ndarray:
    """Distinct departments among each node's neighbours (either direction), own excluded."""
    n = B.shape[0]
    if departments is None or n == 0:
        return np.zeros(n, dtype=np.int64)
    own, _ = pd.factorize(pd.Series(departments, dtype=object), use_na_sentinel=True)
    known = np.flatnonzero(own >= 0)
    if not len(known):
        return np.zeros(n, dtype=np.int64)
    membership = sp.csr_array((np.ones(len(known)), (known, own[known])), shape=(n, int(own.max()) + 1))
    neighbours = ((B + B.T) > 0).astype(np.float64)
    reached = (neighbours @ membership).tocoo()
    keep = (reached.data > 0) & (reached.col != own[reached.row])
    return np.bincount(reached.row[keep], minlength=n).astype(np.int64)


# ---- the pipeline stage ---------------------------------------------------------------------


def create_kind_weights(con, kind_weights: Mapping[str, float]) -> None:
    """(Re)create the temporary table ``kind_weights(kind, weight)`` that ``marts_edges`` reads.

    It lives on this connection only, until it closes. Kind names were validated when the
    settings loaded (:class:`ambassador.settings.GraphSettings`).
    """
    con.execute("CREATE OR REPLACE TEMP TABLE kind_weights (kind VARCHAR, weight DOUBLE)")
    if kind_weights:
        con.execute(
            "INSERT INTO kind_weights SELECT unnest($kinds), unnest($weights)",
            {"kinds": list(kind_weights), "weights": [float(w) for w in kind_weights.values()]},
        )


def graph_stage(con, ctx) -> dict[str, Any]:
    """Build ``marts_edges`` and ``marts_graph_features`` for the run's window.

    Creates the temporary ``kind_weights`` table from ``settings.graph.kind_weights``, builds
    ``marts_acts`` (every act, acknowledgements flagged) and ``marts_edges`` in DuckDB, then computes the features of :func:`graph_features` (PageRank
    damping ``settings.graph.damping``) for every employee in ``stg_people`` who has not opted
    out; people without edges get zeros. The sparse matrix is built from node numbers assigned
    in DuckDB, never from a networkx graph. Data checks run on both tables.

    Returns
    -------
    dict
        ``people`` (rows written), ``edges``, ``acts``, ``acknowledgements`` (acts flagged as
        obliged, left out of the graph), ``nodes_with_edges`` and ``seconds``.
    """
    started = time.perf_counter()
    create_kind_weights(con, ctx.settings.graph.kind_weights)
    n_acts = build_model(con, "marts", "marts_acts", ctx.params)
    check_not_null(con, "marts_acts", "src_employee_id", "dst_employee_id", "kind", "created_at", "obliged")
    obliged = con.execute("SELECT count(*) FILTER (WHERE obliged) FROM marts_acts").fetchall()[0][0]
    n_edges = build_model(con, "marts", "marts_edges", ctx.params)
    check_not_null(con, "marts_edges", *column_names("marts_edges"))
    check_unique(con, "marts_edges", SOURCE, TARGET)

    con.execute(_NODES_SQL)
    people = con.execute(_PEOPLE_SQL).df()
    edges = con.execute(_EDGES_SQL).fetchnumpy()
    con.execute("DROP TABLE graph_nodes")
    n = len(people)
    matrix = _csr(np.asarray(edges["src"], np.int64), np.asarray(edges["dst"], np.int64), np.asarray(edges["weight"], float), n)
    adjacency = _Adjacency(people["employee_id"].tolist(), matrix, _missing_to_none(people["department"]))
    features = _features(adjacency, ctx.settings.graph.damping, tol=1e-10, max_iter=1000)
    frame = features.rename_axis("employee_id").reset_index()[column_names("marts_graph_features")]

    replace_rows(con, "marts_graph_features", frame)
    check_not_null(con, "marts_graph_features", *column_names("marts_graph_features"))
    check_unique(con, "marts_graph_features", "employee_id")
    return {
        "people": len(frame),
        "edges": int(n_edges),
        "acts": int(n_acts),
        "acknowledgements": int(obliged),
        "nodes_with_edges": int(((frame["engagers"] + frame["engaged"]) > 0).sum()),
        "seconds": round(time.perf_counter() - started, 2),
    }

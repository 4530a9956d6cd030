"""The interaction graph: features worked out by hand, PageRank against networkx, the stage."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from ambassador.errors import InputError
from ambassador.graph import (
    FEATURE_COLUMNS,
    build_interaction_graph,
    graph_features,
    graph_features_from_edges,
    graph_stage,
    influence,
)
from ambassador.pipeline import RunContext
from ambassador.settings import Settings, load_settings
from ambassador.warehouse import build_model, connect, ensure_schema


def edge_frame(rows):
    return pd.DataFrame(rows, columns=["src_employee_id", "dst_employee_id", "weight", "interactions"])


@pytest.fixture
def small():
    """a<->b (Eng, Eng), a->c (Sales), d->a (Ops); e (Sales) engages with nobody."""
    edges = edge_frame([("a", "b", 2.0, 3), ("b", "a", 1.0, 1), ("a", "c", 1.0, 2), ("d", "a", 0.5, 1)])
    people = pd.DataFrame({"employee_id": list("abcde"), "department": ["Eng", "Eng", "Sales", "Ops", "Sales"]})
    return edges, people


def test_features_worked_out_by_hand(small):
    edges, people = small
    f = graph_features(build_interaction_graph(edges, people))
    assert list(f.columns) == list(FEATURE_COLUMNS) and list(f.index) == list("abcde")
    expected = {
        #     engagers engaged depts recip   in   out
        "a": (2, 2, 2, 1 / 3, 1.5, 3.0),  # neighbours b, c, d; only b both ways; Sales + Ops
        "b": (1, 1, 0, 1.0, 2.0, 1.0),  # only a, same department
        "c": (1, 0, 1, 0.0, 1.0, 0.0),
        "d": (0, 1, 1, 0.0, 0.0, 0.5),
        "e": (0, 0, 0, 0.0, 0.0, 0.0),
    }
    cols = ["engagers", "engaged", "departments_reached", "reciprocity", "in_strength", "out_strength"]
    for node, values in expected.items():
        assert tuple(f.loc[node, cols]) == pytest.approx(values), node
    assert f["engagers"].dtype == np.int64 and f["departments_reached"].dtype == np.int64


def test_pagerank_feature_ignores_isolated_people(small):
    edges, people = small
    G = build_interaction_graph(edges, people)
    f = graph_features(G)
    assert f.loc["e", "pagerank"] == 0.0
    assert f["pagerank"].sum() == pytest.approx(1.0, abs=1e-12)
    ref = nx.pagerank(G.subgraph("abcd"), tol=1e-13, max_iter=10_000)
    for node in "abcd":
        assert f.loc[node, "pagerank"] == pytest.approx(ref[node], abs=1e-9)
    assert f["pagerank"].idxmax() == "a"  # engaged with by two people, one of them heavily


def test_departments_reached_counts_departments_not_people():
    edges = edge_frame(
        [("hub", n, 1.0, 1) for n in ["s1", "s2", "s3", "o1", "x"]] + [("e1", "hub", 1.0, 1), ("nodept", "s1", 1.0, 1)]
    )
    people = pd.DataFrame(
        {
            "employee_id": ["hub", "s1", "s2", "s3", "o1", "e1", "x", "nodept"],
            "department": ["Eng", "Sales", "Sales", "Sales", "Ops", "Eng", None, None],
        }
    )
    f = graph_features_from_edges(edges, people)
    assert f.loc["hub", "departments_reached"] == 2  # Sales (3 people) and Ops; own Eng and unknown x do not count
    assert f.loc["nodept", "departments_reached"] == 1  # no department of its own: Sales counts
    assert f.loc["s1", "departments_reached"] == 1  # hub's Eng; nodept has none
    assert f.loc["x", "departments_reached"] == 1


def test_reciprocity_counts_each_neighbour_once():
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c"), ("c", "a"), ("a", "d"), ("e", "a")])
    f = graph_features(G)
    assert f.loc["a", "reciprocity"] == pytest.approx(2 / 4)
    assert f.loc["b", "reciprocity"] == 1.0 and f.loc["d", "reciprocity"] == 0.0
    assert (f.loc["a", "engagers"], f.loc["a", "engaged"]) == (3, 3)


def test_self_loops_and_duplicates_in_the_edge_table():
    edges = edge_frame([("a", "a", 5.0, 5), ("a", "b", 1.0, 1), ("a", "b", 2.0, 3), ("b", "c", 1.0, 1)])
    G = build_interaction_graph(edges)
    assert not nx.number_of_selfloops(G)
    assert G["a"]["b"] == {"weight": 3.0, "interactions": 4}
    f = graph_features_from_edges(edges)
    assert f.loc["a", "out_strength"] == 3.0 and f.loc["a", "engaged"] == 1


def test_build_interaction_graph_adds_every_person_with_department(small):
    edges, people = small
    people = pd.concat([people, pd.DataFrame({"employee_id": ["f"], "department": [np.nan]})], ignore_index=True)
    G = build_interaction_graph(edges, people)
    assert set(G) == set("abcdef")
    assert G.nodes["e"] == {"department": "Sales"} and G.nodes["f"] == {"department": None}
    assert G["d"]["a"] == {"weight": 0.5, "interactions": 1}


def random_edges(n_nodes, n_edges, seed):
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n_nodes, n_edges)
    dst = (src + rng.integers(1, n_nodes, n_edges)) % n_nodes  # no self-loops
    frame = pd.DataFrame({"src_employee_id": src, "dst_employee_id": dst}).drop_duplicates()
    frame = frame.map(lambda i: f"E{i:05d}")
    frame["weight"] = rng.gamma(1.0, 1.0, len(frame))
    frame["interactions"] = rng.integers(1, 10, len(frame))
    return frame.reset_index(drop=True)


def test_the_edge_table_path_equals_the_graph_path():
    edges = random_edges(400, 2500, seed=3)
    edges = pd.concat([edges, edges.head(20), edge_frame([("E00001", "E00001", 1.0, 1)])], ignore_index=True)
    ids = [f"E{i:05d}" for i in range(0, 450)]  # some people without edges, some endpoints not in people
    rng = random.Random(4)
    people = pd.DataFrame({"employee_id": ids[::2], "department": [rng.choice(["A", "B", "C", None]) for _ in ids[::2]]})
    from_edges = graph_features_from_edges(edges, people)
    from_graph = graph_features(build_interaction_graph(edges, people))
    pd.testing.assert_frame_equal(from_edges, from_graph)


@pytest.mark.parametrize("alpha, weight", [(0.85, "weight"), (0.7, None), (0.95, "weight")])
def test_influence_matches_networkx_pagerank(alpha, weight):
    G = nx.gnp_random_graph(300, 0.02, directed=True, seed=7)
    rng = random.Random(7)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.uniform(0.1, 3.0)
    G.add_nodes_from(range(300, 310))  # dangling and isolated nodes
    G.add_edge(3, 305, weight=2.0)
    ours = influence(G, weight=weight, alpha=alpha)
    ref = nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-14, max_iter=100_000)
    assert set(ours) == set(G)
    assert max(abs(ours[n] - ref[n]) for n in G) < 1e-10
    assert sum(ours.values()) == pytest.approx(1.0, abs=1e-12)


def test_influence_really_converges_on_20k_nodes():
    n = 20_000
    G = nx.gnm_random_graph(n, 80_000, directed=True, seed=11)
    rng = np.random.default_rng(11)
    nx.set_edge_attributes(G, dict(zip(G.edges, rng.gamma(1.0, 1.0, G.number_of_edges()).tolist())), "weight")
    alpha = 0.85
    pr = influence(G, alpha=alpha)
    x = np.array([pr[u] for u in range(n)])
    # x must be the fixed point: x = alpha * P^T x + (alpha * dangling mass + 1 - alpha) / n
    A = nx.to_scipy_sparse_array(G, nodelist=range(n), weight="weight", format="csr")
    out = A.sum(axis=1)
    P = A.multiply(np.divide(1.0, out, out=np.zeros(n), where=out > 0)[:, None]).tocsr()
    step = alpha * (P.T @ x) + (alpha * x[out == 0].sum() + 1 - alpha) / n
    assert np.abs(step - x).sum() < 1e-9
    assert x.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.abs(x - 1 / n).sum() > 0.1  # far from the uniform start: it really iterated


def test_influence_is_deterministic_and_order_independent():
    edges = random_edges(500, 3000, seed=5)
    first = influence(build_interaction_graph(edges))
    assert influence(build_interaction_graph(edges)) == first  # bit for bit
    shuffled = influence(build_interaction_graph(edges.sample(frac=1.0, random_state=1)))
    assert max(abs(shuffled[n] - first[n]) for n in first) < 1e-12
    f1 = graph_features_from_edges(edges)
    pd.testing.assert_frame_equal(f1, graph_features_from_edges(edges))


def test_edge_cases():
    assert influence(nx.DiGraph()) == {}
    f = graph_features(nx.empty_graph(["a", "b"], create_using=nx.DiGraph))
    assert (f.to_numpy() == 0).all() and list(f.index) == ["a", "b"]
    with pytest.raises(nx.PowerIterationFailedConvergence):
        influence(nx.gnp_random_graph(50, 0.1, directed=True, seed=1), max_iter=2)
    with pytest.raises(nx.NetworkXNotImplemented):
        influence(nx.MultiDiGraph([(1, 2), (1, 2)]))


# ---- the stage, on a small warehouse ---------------------------------------------------------

AS_OF = date(2026, 3, 31)
WINDOW_END = datetime(2026, 4, 1)  # the window includes the whole as_of day


def ago(days: float) -> datetime:
    return WINDOW_END - timedelta(days=days)


def make_warehouse(tmp_path, **settings):
    s = Settings(data_dir=tmp_path, warehouse=tmp_path / "w.duckdb", **settings)
    ctx = RunContext(settings=s, run_id="test", as_of=AS_OF)
    con = connect(s.warehouse)
    ensure_schema(con)
    people = [("p1", "Eng", False), ("p2", "Sales", False), ("p3", "Ops", False), ("p4", "Ops", False), ("p5", "Eng", True)]
    con.executemany("INSERT INTO stg_people (employee_id, department, opt_out) VALUES (?, ?, ?)", people)
    # as stg_identity holds them: U5 (p5, opted out) and U7 (claimed by p3 and p4) are linked
    # to nobody (tests/test_identity.py checks that), so their acts drop out
    identity = [("slack", f"U{i}", f"p{i}", "email") for i in range(1, 5)]
    con.executemany("INSERT INTO stg_identity (platform, account_id, employee_id, rule) VALUES (?, ?, ?, ?)", identity)
    acts = [
        ("slack", "reply", "U1", "U2", ago(30)),  # 1.0 x 0.5
        ("slack", "mention", "U1", "U2", ago(15)),  # 0.7 x 0.5^0.5
        ("slack", "recognition", "U2", "U1", ago(60)),  # 1.5 x 0.25
        ("slack", "reply", "U1", "U1", ago(1)),  # self-loop
        ("slack", "reply", "U3", "U5", ago(1)),  # p5 opted out: U5 not linked
        ("slack", "reply", "U5", "U3", ago(1)),
        ("slack", "reply", "U3", "U9", ago(1)),  # not linked
        ("slack", "reply", "U3", "U7", ago(1)),  # claimed by two employees: not linked
        ("slack", "reply", "U2", "U3", ago(91.5)),  # before the window (as_of - 90 days)
        ("slack", "reply", "U2", "U4", ago(-0.01)),  # after the as_of day
        ("slack", "reaction", "U4", "U3", ago(2)),  # weighted 0 below
        ("x", "reply", "U3", "U4", ago(2)),  # same ids on another platform are other accounts
    ]
    con.executemany(
        "INSERT INTO stg_interactions (platform, kind, src_account_id, dst_account_id, post_id, created_at) "
        "VALUES (?, ?, ?, ?, 'post', ?)",
        acts,
    )
    return con, ctx


def test_graph_stage_builds_edges_and_features(tmp_path):
    weights = {"reply": 1.0, "mention": 0.7, "recognition": 1.5, "reaction": 0.0, "reshare": 0.6, "quote": 0.9}
    con, ctx = make_warehouse(tmp_path, graph={"kind_weights": weights})
    try:
        summary = graph_stage(con, ctx)
        assert {k: summary[k] for k in ("people", "edges", "nodes_with_edges")} == {
            "people": 4,
            "edges": 2,
            "nodes_with_edges": 2,
        }
        edges = con.execute("SELECT * FROM marts_edges ORDER BY 1, 2").fetchall()
        assert [(s, d, n) for s, d, _, n in edges] == [("p1", "p2", 2), ("p2", "p1", 1)]
        assert edges[0][2] == pytest.approx(0.5 + 0.7 * 0.5**0.5, rel=1e-9)
        assert edges[1][2] == pytest.approx(1.5 * 0.25, rel=1e-9)

        features = con.execute("SELECT * FROM marts_graph_features ORDER BY employee_id").df().set_index("employee_id")
        assert list(features.index) == ["p1", "p2", "p3", "p4"]  # p5 opted out
        assert features.loc["p1", "pagerank"] == pytest.approx(0.5) and features.loc["p1", "reciprocity"] == 1.0
        assert features.loc["p1", "departments_reached"] == 1
        assert (features.loc[["p3", "p4"]].to_numpy() == 0).all()

        graph_stage(con, ctx)  # a rerun replaces, never appends
        assert con.execute("SELECT count(*) FROM marts_graph_features").fetchone()[0] == 4
    finally:
        con.close()


def test_unknown_kind_weight_is_an_input_error(tmp_path):
    (tmp_path / "ambassador.toml").write_text("[graph.kind_weights]\nreplies = 1.0\n")
    with pytest.raises(InputError, match="unknown interaction kind replies") as err:
        load_settings(tmp_path)
    assert "ambassador.toml" in str(err.value)


def test_graph_stage_with_people_but_no_interactions(tmp_path):
    s = Settings(data_dir=tmp_path, warehouse=tmp_path / "w.duckdb")
    con = connect(s.warehouse)
    try:
        ensure_schema(con)
        con.execute("INSERT INTO stg_people (employee_id, department, opt_out) VALUES ('a', 'Eng', false), ('b', NULL, true)")
        summary = graph_stage(con, RunContext(settings=s, run_id="test", as_of=AS_OF))
        assert (summary["people"], summary["edges"], summary["nodes_with_edges"]) == (1, 0, 0)
        assert con.execute("SELECT * FROM marts_graph_features").fetchall() == [("a", 0.0, 0, 0, 0, 0.0, 0.0, 0.0)]
    finally:
        con.close()


def test_acknowledgements_up_the_chain_and_in_broadcast_channels_are_obliged(tmp_path):
    """marts_acts: a reaction or a wordless reply to one's manager's manager, or on a post in a
    channel where one person posts and everyone reacts, is an acknowledgement; replies with words,
    and reactions between peers in an ordinary channel, are engagement."""
    s = Settings(data_dir=tmp_path, warehouse=tmp_path / "w.duckdb")
    ctx = RunContext(settings=s, run_id="test", as_of=AS_OF)
    con = connect(s.warehouse)
    try:
        ensure_schema(con)
        # ceo <- vp <- e1 ... e12 (e1 reports to vp)
        staff = [("ceo", None), ("vp", "ceo")] + [(f"e{i}", "vp") for i in range(1, 13)]
        con.executemany("INSERT INTO stg_people (employee_id, manager_id, opt_out) VALUES (?, ?, false)", staff)
        con.executemany("INSERT INTO stg_identity (platform, account_id, employee_id, rule) VALUES ('slack', ?, ?, 'email')",
                        [(f"U-{e}", e) for e, _ in staff])
        posts = [(f"ann{i}", "U-ceo", "announcements", "post", None, "All hands moved to Friday.") for i in range(6)]
        posts += [("gen1", "U-e1", "general", "post", None, "Anyone up for lunch?"),
                  ("gen2", "U-e2", "general", "post", None, "Fixed the build."),
                  ("r1", "U-e3", "announcements", "reply", "ann0", "noted"),
                  ("r2", "U-e4", "announcements", "reply", "ann0", "Will the Friday slot clash with the release?"),
                  ("r3", "U-e5", "general", "reply", "gen2", "👍")]
        con.executemany(
            "INSERT INTO stg_posts (post_id, platform, account_id, context, kind, parent_post_id, text, created_at) "
            "VALUES (?, 'slack', ?, ?, ?, ?, ?, ?)", [(*p, ago(3)) for p in posts])
        acts = [("reaction", f"U-e{i}", "U-ceo", f"ann{i % 6}", "+1") for i in range(1, 13)]  # everyone acknowledges
        acts += [("reply", "U-e3", "U-ceo", "r1", None), ("reply", "U-e4", "U-ceo", "r2", None),
                 ("reaction", "U-e1", "U-vp", "gen1", "eyes"),  # e1 reacts to their manager: up the chain
                 ("reaction", "U-e6", "U-e1", "gen1", "heart"), ("reply", "U-e5", "U-e2", "r3", None)]
        con.executemany(
            "INSERT INTO stg_interactions (platform, kind, src_account_id, dst_account_id, post_id, reaction, created_at) "
            "VALUES ('slack', ?, ?, ?, ?, ?, ?)", [(*a, ago(2)) for a in acts])
        build_model(con, "marts", "marts_acts", ctx.params)
        rows = con.execute(
            "SELECT src_employee_id, dst_employee_id, kind, up_chain, in_broadcast, obliged FROM marts_acts").fetchall()
        flags = {(s_, d, k): (chain, broadcast, obliged) for s_, d, k, chain, broadcast, obliged in rows}
        assert flags[("e7", "ceo", "reaction")] == (True, True, True)  # skip-level, and a broadcast channel
        assert flags[("e3", "ceo", "reply")][2] is True  # "noted": a wordless reply
        assert flags[("e4", "ceo", "reply")][2] is False  # a question is engagement, whoever it goes to
        assert flags[("e1", "vp", "reaction")] == (True, False, True)  # to one's manager, in an ordinary channel
        assert flags[("e6", "e1", "reaction")] == (False, False, False)  # peers in an ordinary channel
        assert flags[("e5", "e2", "reply")] == (False, False, False)  # a 👍 reply between peers still counts
    finally:
        con.close()

"""The evaluation harness: metrics, the baseline, weight tuning, and one small world end to end."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ambassador.evaluation import (
    World,
    WorldResult,
    baseline_scores,
    evaluate,
    ndcg_at_k,
    parse_worlds,
    precision_at_k,
    read_truth,
    top_k_metrics,
    tune_weights,
)
from flows.cli import main

ROOT = Path(__file__).resolve().parents[1]


def truth_frame(relevance: list[float], wrong: list[str] | None = None) -> pd.DataFrame:
    n = len(relevance)
    wrong = wrong or [""] * n
    return pd.DataFrame(
        {
            "employee_id": [f"E{i}" for i in range(n)],
            "archetype": ["x"] * n,
            "relevance": [float(r) for r in relevance],
            "wrong_kind": wrong,
            "eligible_truth": [w not in ("opted_out", "bot", "guest", "departed", "excluded_department") for w in wrong],
        }
    )


def test_ndcg_is_one_for_the_ideal_order_and_lower_for_any_other():
    pool = [3, 3, 2, 1, 0, 0]
    assert ndcg_at_k(sorted(pool, reverse=True), pool, 4) == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    for _ in range(50):
        order = list(rng.permutation(pool))
        assert ndcg_at_k(order, pool, 4) <= 1.0 + 1e-12
    # swapping a 3 below a 0 costs
    assert ndcg_at_k([0, 3, 3, 2], pool, 4) < ndcg_at_k([3, 3, 2, 0], pool, 4)


def test_ndcg_counts_the_ideal_over_the_whole_pool_not_only_the_ranked():
    # ranking only the weak people cannot look perfect
    assert ndcg_at_k([1, 1], [3, 3, 1, 1], 2) < 0.2
    assert ndcg_at_k([], [0, 0], 5) == 0.0


def test_precision_counts_strong_candidates_and_missing_places_as_misses():
    assert precision_at_k([3, 2, 1, 0, 2], 5) == pytest.approx(0.6)
    assert precision_at_k([3, 3], 4) == pytest.approx(0.5)


def test_top_k_metrics_names_wrong_and_ineligible_people():
    truth = truth_frame([3, 0, 0, 2, 0], ["", "broadcaster", "opted_out", "", "central_negative"])
    m = top_k_metrics(["E1", "E2", "E0", "E4", "NOT-IN-DIRECTORY"], truth, 5)
    assert m["wrong"] == 3
    assert m["wrong_by_kind"] == {"broadcaster": 1, "central_negative": 1, "opted_out": 1}
    assert m["ineligible"] == 2  # the opted-out person and the id outside the directory
    clean = top_k_metrics(["E0", "E3"], truth, 2)
    assert (clean["wrong"], clean["ineligible"], clean["ndcg"]) == (0, 0, pytest.approx(1.0))


def test_read_truth_drops_accounts_outside_the_directory_and_derives_wrong_kinds(tmp_path):
    path = tmp_path / "truth.csv"
    path.write_text(
        "employee_id,archetype,culture_fit,social_pull,relevance,account_id\n"
        "E1,ideal_ambassador,0.9,0.9,3,\n"
        "E2,communications,0.9,0.9,0,\n"
        ",guest,0.5,0.2,0,U0GUEST\n",
        encoding="utf-8",
    )
    truth = read_truth(path)
    assert truth["employee_id"].tolist() == ["E1", "E2"]
    assert truth["wrong_kind"].tolist() == ["", "excluded_department"]
    assert truth["eligible_truth"].tolist() == [True, False]


def test_baseline_multiplies_similarity_to_the_values_by_pagerank():
    posts = pd.DataFrame(
        {
            "employee_id": ["a", "b", "c"],
            "text": ["we help customers and colleagues", "we help customers and colleagues", "parking again"],
        }
    )
    # b is engaged with by everyone; a by one person; c by one person
    edges = pd.DataFrame(
        {"src_employee_id": ["a", "c", "b", "a"], "dst_employee_id": ["b", "b", "a", "c"], "interactions": [3, 3, 1, 1]}
    )
    s = baseline_scores(posts, edges, "We help customers and colleagues.")
    assert s["b"] > s["a"] > s["c"]  # same words, b has more PageRank; off-topic text scores 0
    assert s["c"] == pytest.approx(0.0)


def test_parse_worlds_pairs_seeds_with_sizes_in_turn():
    worlds = parse_worlds([5, 6, 7, 8], [400, 800], 90)
    assert [(w.seed, w.people, w.days) for w in worlds] == [(5, 400, 90), (6, 800, 90), (7, 400, 90), (8, 800, 90)]
    with pytest.raises(ValueError):
        parse_worlds([], [400], 90)


def synthetic_world(seed: int, n: int = 200) -> WorldResult:
    """A world where relevance follows component 'good' and 'noise' is unrelated."""
    rng = np.random.default_rng(seed)
    good = rng.random(n)
    comps = pd.DataFrame(
        {"employee_id": [f"E{i:03d}" for i in range(n)], "good": good, "noise": rng.random(n), "eligible": True}
    )
    relevance = np.select([good > 0.9, good > 0.7, good > 0.4], [3, 2, 1], 0)
    truth = truth_frame(relevance.tolist())
    truth["employee_id"] = comps["employee_id"]
    return WorldResult(World(seed, n), 0.0, {}, {}, comps, truth)


def test_tuning_moves_weight_to_the_component_that_predicts_relevance():
    worlds = [synthetic_world(1), synthetic_world(2)]
    tuned = tune_weights(worlds, ["good", "noise"], k=10, samples=200, seed=0, start={"good": 0.2, "noise": 0.8})
    assert tuned["weights"]["good"] > tuned["weights"]["noise"]
    assert tuned["mean_ndcg"] >= tuned["start"]["mean_ndcg"]
    assert tuned["mean_ndcg"] > 0.95
    again = tune_weights(worlds, ["good", "noise"], k=10, samples=200, seed=0, start={"good": 0.2, "noise": 0.8})
    assert again["weights"] == tuned["weights"]  # deterministic


def test_ranking_code_never_reads_the_truth():
    """Only the evaluation module and the generator may know about truth and archetypes."""
    allowed = {"evaluation.py"}
    offenders = []
    for path in sorted((ROOT / "ambassador").rglob("*.py")):
        rel = path.relative_to(ROOT / "ambassador")
        if rel.parts[0] == "sample" or path.name in allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
        }
        strings = " ".join(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
        imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names} | {
            n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
        }
        if {"archetype", "relevance", "truth_csv", "read_truth"} & (names | imports) or "truth.csv" in strings:
            offenders.append(str(rel))
        if any(m.startswith("ambassador.sample") or m == "ambassador.evaluation" for m in imports):
            offenders.append(str(rel))
    for sql in sorted((ROOT / "ambassador" / "sql").rglob("*.sql")):
        if "archetype" in sql.read_text(encoding="utf-8") or "relevance" in sql.read_text(encoding="utf-8"):
            offenders.append(str(sql.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.slow
def test_one_small_world_end_to_end(tmp_path):
    report, results = evaluate([World(seed=3, people=60, days=30)], tmp_path / "work", k=5)
    (world,) = report["worlds"]
    for side in ("ours", "baseline"):
        m = world[side]
        assert 0.0 <= m["ndcg"] <= 1.0 and 0.0 <= m["precision"] <= 1.0
        assert m["ineligible"] == 0  # both sides use the pipeline's eligibility
    assert set(report["targets"]) and isinstance(report["all_targets_met"], bool)
    # the truth stays outside the data folder the pipeline read
    folder = tmp_path / "work" / "seed3-60p-30d"
    assert (folder / "truth.csv").is_file()
    assert not list((folder / "data").rglob("truth*"))
    # "ours" is the pipeline's own ranking
    import duckdb

    con = duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True)
    top = [r[0] for r in con.execute("SELECT employee_id FROM marts_person_scores WHERE eligible ORDER BY rank LIMIT 5").fetchall()]
    con.close()
    assert top_k_metrics(top, results[0].truth, 5) == world["ours"]


@pytest.mark.slow
def test_evaluate_command_writes_the_report_and_prints_the_table(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = main(["evaluate", "--seeds", "4", "--people", "60", "--days", "30", "--top", "5",
                 "--workdir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| seed 4, 60 people |" in printed and "baseline" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["k"] == 5 and len(report["worlds"]) == 1
    chart = out.with_suffix(".png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f"chart in {chart}" in printed
    assert report["worlds"][0]["world"] == {"seed": 4, "people": 60, "days": 30}


def test_default_weights_are_the_ones_the_evaluation_chose():
    """The defaults come from `ambassador evaluate --tune`, not from hand-editing."""
    from ambassador.schema import COMPONENTS
    from ambassador.settings import WeightsSettings

    tuned = json.loads((ROOT / "benchmarks" / "results" / "weights_tuning.json").read_text(encoding="utf-8"))
    assert set(tuned["weights"]) == set(COMPONENTS)
    assert WeightsSettings().model_dump() == pytest.approx(tuned["weights"])
    # the tuning worlds are not the evaluation command's default worlds
    from flows.cli import build_parser

    default_seeds = build_parser().parse_args(["evaluate"]).seeds
    assert not {w["world"]["seed"] for w in tuned["tuning_worlds"]} & set(default_seeds)


@pytest.mark.slow
def test_tune_command_writes_weights_for_every_component(tmp_path, capsys):
    from ambassador.schema import COMPONENTS

    out = tmp_path / "tuning.json"
    code = main(["evaluate", "--tune", "--seeds", "5", "--people", "60", "--days", "30", "--top", "5",
                 "--samples", "30", "--workdir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    tuned = json.loads(out.read_text(encoding="utf-8"))
    assert set(tuned["weights"]) == set(COMPONENTS)
    assert all(w >= tuned["floor"] - 0.005 for w in tuned["weights"].values())  # rounded to 2 decimals
    assert sum(tuned["weights"].values()) == pytest.approx(1.0, abs=0.08)
    assert tuned["mean_ndcg"] >= tuned["start"]["mean_ndcg"] - 0.02  # rounding may cost a little
    printed = capsys.readouterr().out
    assert "with equal weights" in printed and f"written to {out}" in printed


def test_seed_and_size_lists_are_read_as_ranges_and_refused_when_malformed(capsys):
    from flows.cli import build_parser

    args = build_parser().parse_args(["evaluate", "--seeds", "101-103,110", "--people", "400,2000"])
    assert (args.seeds, args.people) == ([101, 102, 103, 110], [400, 2000])
    for bad, says in ((["--seeds", "5-3"], "runs backwards"), (["--seeds", "x"], "not a list of whole numbers"),
                      (["--people", "10"], "at least 12")):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["evaluate", *bad])
        assert says in capsys.readouterr().err

"""The evaluation harness: metrics, the baseline, weight tuning, and one small world end to end."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ambassador.evaluation import (
    EVALUATE_SEEDS,
    TUNE_SEEDS,
    SeedOverlapError,
    World,
    WorldResult,
    baseline_scores,
    eligible_ranks,
    evaluate,
    format_report,
    group_metrics,
    ndcg_at_k,
    parse_languages,
    parse_worlds,
    plot_report,
    precision_at_k,
    rank_shift,
    read_truth,
    suite,
    summarise,
    top_k_metrics,
    tune_weights,
    world_metrics,
    write_json,
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
    report, results = evaluate([World(seed=150, people=60, days=30)], tmp_path / "work", k=5)
    (world,) = report["worlds"]
    for side in ("ours", "baseline"):
        m = world[side]
        assert 0.0 <= m["ndcg"] <= 1.0 and 0.0 <= m["precision"] <= 1.0
        assert m["ineligible"] == 0  # both sides use the pipeline's eligibility
    assert set(report["targets"]) and isinstance(report["all_targets_met"], bool)
    # the truth stays outside the data folder the pipeline read
    folder = tmp_path / "work" / "seed150-60p-30d"
    assert (folder / "truth.csv").is_file()
    assert not list((folder / "data").rglob("truth*"))
    # "ours" is the pipeline's own ranking
    import duckdb

    con = duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True)
    top = [r[0] for r in con.execute("SELECT employee_id FROM marts_person_scores WHERE eligible ORDER BY rank LIMIT 5").fetchall()]
    con.close()
    assert top_k_metrics(top, results[0].truth, 5).items() <= world["ours"].items()
    assert results[0].ranked["ours"][:5] == top
    assert {"grade3", "grade3_by_language", "grade3_by_archetype", "grade2"} <= set(world["ours"])


@pytest.mark.slow
def test_evaluate_command_writes_the_report_and_prints_the_table(tmp_path, capsys):
    out = tmp_path / "report.json"
    code = main(["evaluate", "--seeds", "151", "--people", "60", "--days", "30", "--top", "5",
                 "--workdir", str(tmp_path / "work"), "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| seed 151, 60 people, 30 days |" in printed and "baseline" in printed
    assert "Grade-3 people per language" in printed and "- not measured: " in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["k"] == 5 and len(report["worlds"]) == 1
    chart = out.with_suffix(".png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f"chart in {chart}" in printed
    world = report["worlds"][0]["world"]
    assert (world["name"], world["seed"], world["people"], world["days"], world["languages"]) == (
        "seed151-60p-30d", 151, 60, 30, {})


def test_default_weights_are_the_ones_the_evaluation_chose():
    """The defaults come from `ambassador evaluate --tune`, not from hand-editing."""
    from ambassador.schema import COMPONENTS
    from ambassador.settings import WeightsSettings

    tuned = json.loads((ROOT / "benchmarks" / "results" / "weights_tuning.json").read_text(encoding="utf-8"))
    assert set(tuned["weights"]) == set(COMPONENTS)
    assert WeightsSettings().model_dump() == pytest.approx(tuned["weights"])
    # the tuning worlds are not the evaluation suite's worlds, nor any seed kept for evaluation
    tuned_seeds = {w["world"]["seed"] for w in tuned["tuning_worlds"]}
    assert not tuned_seeds & {w.seed for w in suite("evaluate")}
    assert not tuned_seeds & set(EVALUATE_SEEDS)


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


# ---- worlds, suites and the seeds kept apart ------------------------------------------------


def test_world_names_say_every_knob_and_the_twin_is_the_same_company_in_english():
    w = World(201, 600, languages={"he": 0.5}, values_languages=("en", "he"))
    assert w.name == "seed201-600p-180d-he50-values_en+he"
    assert w.unvalued_languages == () and w.generator_kwargs() == {"languages": {"he": 0.5}, "values_languages": ("en", "he")}
    mixed = World(7, 900, languages="es:0.25,de:0.25", values_languages="en,es", exemplar_languages=("en", "es"),
                  industry="hospital")
    assert mixed.name == "seed7-900p-180d-hospital-de25es25-values_en+es-exemplars_en+es"
    assert mixed.unvalued_languages == ("de",)
    assert "hospital" in mixed.label and "values en+es" in mixed.label
    no_values = World(121, 600, languages={"he": 0.4})
    assert no_values.unvalued_languages == ("he",)
    assert no_values.twin == World(121, 600) and no_values.twin.generator_kwargs() == {}
    assert World(3, 60, 30).name == "seed3-60p-30d"  # plain worlds keep their old folder names
    for bad in ({"en": 0.5}, {"he": 1.5}, {"he": 0.7, "es": 0.5}, "he=0.5", {"hebrew": 0.5}):
        with pytest.raises(ValueError):
            parse_languages(bad)
    with pytest.raises(ValueError):
        World(1, 100, industry="Hospital!")


def test_suites_cover_the_issue_and_never_share_a_seed():
    evaluate_worlds, tune_worlds = suite("evaluate"), suite("tune")
    assert {w.seed for w in evaluate_worlds} <= set(EVALUATE_SEEDS)
    assert {w.seed for w in tune_worlds} <= set(TUNE_SEEDS)
    for worlds, smallest_plain in ((evaluate_worlds, 5), (tune_worlds, 3)):
        plain = [w for w in worlds if not w.languages and w.industry == "software"]
        assert len({w.seed for w in plain}) >= smallest_plain
        # half the staff write another language, with values text in it
        assert sum(1 for w in worlds if w.languages and sum(s for _, s in w.languages) >= 0.5
                   and not w.unvalued_languages) >= 2
        assert {c for w in worlds for c, _ in w.languages} >= {"he", "es", "de"}
        no_values = [w for w in worlds if w.unvalued_languages]
        assert no_values and all(w.twin in worlds for w in no_values)
        assert any(w.industry == "hospital" for w in worlds)
        assert len({w.name for w in worlds}) == len(worlds)
    assert all(300 <= w.people <= 2000 for w in evaluate_worlds)
    assert min(w.people for w in evaluate_worlds if not w.languages) == 300
    assert max(w.people for w in evaluate_worlds) == 2000
    assert sum(w.people for w in tune_worlds) < sum(w.people for w in evaluate_worlds)
    with pytest.raises(ValueError, match="no suite"):
        suite("everything")


def test_tuning_and_evaluation_refuse_each_others_seeds(tmp_path):
    with pytest.raises(SeedOverlapError, match="seed 105"):
        tune_weights([synthetic_world(105)], ["good", "noise"], k=10, samples=5)
    # refused before anything is generated
    with pytest.raises(SeedOverlapError, match="seeds 3, 4"):
        evaluate([World(3, 60, 30), World(4, 60, 30), World(150, 60, 30)], tmp_path / "work")
    assert not (tmp_path / "work").exists()
    with pytest.raises(ValueError, match="the same world twice"):
        evaluate([World(150, 60, 30), World(150, 60, 30)], tmp_path / "work")


def test_evaluate_command_line_chooses_suites_and_refuses_mixtures(tmp_path, capsys):
    from flows.cli import _evaluation_worlds, build_parser

    parse = build_parser().parse_args
    assert _evaluation_worlds(parse(["evaluate"])) == suite("evaluate")
    assert _evaluation_worlds(parse(["evaluate", "--tune"])) == suite("tune")
    assert {w.days for w in _evaluation_worlds(parse(["evaluate", "--suite", "tune", "--days", "60"]))} == {60}
    ad_hoc = _evaluation_worlds(parse(["evaluate", "--seeds", "150", "--people", "300", "--languages", "he:0.4",
                                       "--values-languages", "en,he", "--industry", "hospital"]))
    assert ad_hoc == [World(150, 300, 180, {"he": 0.4}, ("en", "he"), ("en",), "hospital")]
    no_values = _evaluation_worlds(parse(["evaluate", "--seeds", "150,151", "--people", "300", "--languages", "he:0.4"]))
    assert [w.name for w in no_values] == ["seed150-300p-180d-he40-values_en", "seed151-300p-180d-he40-values_en",
                                           "seed150-300p-180d", "seed151-300p-180d"]  # each with its English twin
    for argv, says in (
        (["--suite", "evaluate", "--seeds", "150"], "do not go together"),
        (["--suite", "tune"], "the weights were chosen on"),  # evaluating on tuning seeds
        (["--suite", "evaluate", "--tune"], "would let the report flatter the weights"),
        (["--seeds", "150", "--industry", "Bad Name"], "industry"),
    ):
        assert main(["evaluate", *argv, "--workdir", str(tmp_path / "work")]) == 2
        assert says in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse(["evaluate", "--languages", "he:2"])
    assert "share of staff" in capsys.readouterr().err


# ---- groups, languages, pairs: the metric maths on small synthetic worlds ---------------------


def people(rows: list[tuple]) -> pd.DataFrame:
    """(id, relevance, archetype, language[, wrong_kind]) rows as a truth frame."""
    frame = pd.DataFrame(
        [(r[0], float(r[1]), r[2], r[3], r[4] if len(r) > 4 else "") for r in rows],
        columns=["employee_id", "relevance", "archetype", "language", "wrong_kind"],
    )
    frame["eligible_truth"] = ~frame["wrong_kind"].isin(["opted_out", "bot", "guest", "departed", "excluded_department"])
    return frame


def result(world: World, truth: pd.DataFrame, ours: list[str], baseline: list[str], k: int) -> WorldResult:
    comps = pd.DataFrame({"employee_id": truth["employee_id"], "eligible": True})
    return WorldResult(world, 1.0, world_metrics(ours, truth, k), world_metrics(baseline, truth, k), comps, truth,
                       ranked={"ours": ours, "baseline": baseline})


def test_group_metrics_recall_at_r_and_median_ranks():
    truth = people([
        ("a", 3, "ideal_ambassador", "en"), ("b", 3, "quiet_carrier", "he"), ("c", 3, "rising_newcomer", "es"),
        ("d", 3, "ideal_ambassador", "he"), ("e", 2, "quiet_expert", "en"), ("f", 2, "solid_contributor", "he"),
        ("g", 0, "background", "en"), ("h", 3, "ideal_ambassador", "en", "opted_out"),
    ])
    ranked = ["a", "e", "b", "g", "d", "f"]  # c left out of the ranking; h ineligible (not a grade-3 candidate)
    g = group_metrics(ranked, truth)
    assert g["R"] == 4 and g["ranked"] == 6
    assert g["grade3"] == {"count": 4, "hits": 2, "recall": 0.5, "median_rank": 4.0, "unranked": 1}
    he = g["grade3_by_language"]["he"]
    assert (he["count"], he["hits"], he["median_rank"]) == (2, 1, 4.0)
    assert g["grade3_by_language"]["es"] == {"count": 1, "hits": 0, "recall": 0.0, "median_rank": 7.0, "unranked": 1}
    assert g["grade3_by_language"]["en"]["recall"] == 1.0
    assert set(g["grade3_by_archetype"]) == {"ideal_ambassador", "quiet_carrier", "rising_newcomer"}
    assert g["grade3_by_archetype"]["quiet_carrier"]["median_rank"] == 3.0
    assert g["grade2"] == {"count": 2, "median_rank": 4.0, "unranked": 0}
    m = world_metrics(ranked, truth, 3)
    assert m["top_languages"] == {"en": 2, "he": 1} and m["ndcg"] == top_k_metrics(ranked, truth, 3)["ndcg"]


def test_truth_without_a_language_column_is_english(tmp_path):
    path = tmp_path / "truth.csv"
    path.write_text("employee_id,archetype,culture_fit,social_pull,relevance\nE1,ideal_ambassador,0.9,0.9,3\n", encoding="utf-8")
    assert read_truth(path)["language"].tolist() == ["en"]
    path.write_text("employee_id,archetype,culture_fit,social_pull,relevance,language\nE1,ideal_ambassador,0.9,0.9,3,HE\n"
                    "E2,background,0.1,0.1,0,\n", encoding="utf-8")
    assert read_truth(path)["language"].tolist() == ["he", "en"]
    assert group_metrics(["E0"], truth_frame([3]))["grade3_by_language"]["en"]["recall"] == 1.0


def test_rank_shift_reads_every_kind_of_ranking_and_counts_the_left_out():
    a = pd.DataFrame({"employee_id": ["p1", "p2", "p3", "p4", "x"], "eligible": [True, True, True, True, False],
                      "rank": [1, 2, 3, 4, None]})
    b = pd.Series({"p1": 0.1, "p2": 0.9, "p3": 0.5, "p4": 0.8})  # p2, p4, p3, p1
    s = rank_shift(a, b, ["p1", "p2", "p3"])
    assert s["shifts"] == {"p1": 3, "p2": -1, "p3": 0}
    assert (s["median"], s["max"], s["people"], s["unranked"]) == (1.0, 3, 3, [])
    assert eligible_ranks(a).to_dict() == {"p1": 1, "p2": 2, "p3": 3, "p4": 4}
    gone = rank_shift(a, ["p2", "p3"], ["p1"])  # p1 left out of run b: placed after its last
    assert gone["unranked"] == ["p1"] and gone["shifts"] == {"p1": 2}
    assert rank_shift(a, a, ["p1", "p4"])["max"] == 0


def test_summary_checks_every_goal_from_the_figures():
    k = 3
    # a plain world: English only, perfect ranking
    plain_truth = people([("a", 3, "ideal_ambassador", "en"), ("b", 3, "quiet_carrier", "en"),
                          ("c", 2, "quiet_expert", "en"), ("d", 0, "sarcastic_hub", "en", "sarcastic"),
                          ("e", 0, "background", "en")])
    plain = result(World(150, 5), plain_truth, ["a", "b", "c", "e", "d"], ["d", "a", "c", "e", "b"], k)
    # half write Hebrew with values text in it; the Hebrew ambassador ranks below grade 2
    he_truth = people([("a", 3, "ideal_ambassador", "en"), ("b", 3, "ideal_ambassador", "he"),
                       ("c", 2, "quiet_expert", "he"), ("d", 1, "solid_contributor", "en"), ("e", 0, "background", "he")])
    multi = result(World(151, 5, languages={"he": 0.5}, values_languages=("en", "he")), he_truth,
                   ["a", "c", "d", "b", "e"], ["a", "c", "d", "e", "b"], k)
    report = summarise([plain, multi], k)
    t = report["targets"]
    assert report["language_gaps"]["he"]["ours"] == {
        "count": 1, "recall": 0.0, "english_count": 1, "english_recall": 1.0, "gap": -1.0}
    assert report["languages"]["en"]["ours"] == {"count": 3, "hits": 3, "recall": 1.0}
    assert not t["grade-3 recall@R per language within 10 points of English (same worlds)"]
    assert t["quiet carriers and rising newcomers (grade 3) not ranked below grade-2 people (median rank, every world)"]
    assert t["no wrong person (sarcastic, executive_ack, broadcaster, amplifier, central_negative, ...) in any top 3"]
    assert not t["NDCG@3 >= 0.90 in every world (>= 0.85 where a language has no values text)"]
    assert "seed151-5p-180d-he50-values_en+he" in report["target_details"][
        "NDCG@3 >= 0.90 in every world (>= 0.85 where a language has no values text)"]
    assert report["all_targets_met"] is False
    assert any("a language without values text" in line for line in report["not_measured"])

    # a world where Hebrew has no values text, beside its English twin: switched people e, b, c
    no_values = result(World(152, 5, languages={"he": 0.6}), he_truth, ["a", "b", "d", "c", "e"], ["a"], k)
    twin_truth = he_truth.assign(language="en")
    twin = result(World(152, 5), twin_truth, ["a", "b", "c", "d", "e"], ["a"], k)
    report = summarise([no_values, twin], k)
    (pair,) = report["pairs"]
    assert (pair["world"], pair["twin"], pair["languages"]) == ("seed152-5p-180d-he60-values_en", "seed152-5p-180d", ["he"])
    # Hebrew writers b, c, e: ranks 2, 4, 5 (median 4) against 2, 3, 5 (median 3) in English
    assert pair["ours"]["people"] == {"count": 3, "median_rank": 4.0, "twin_median_rank": 3.0, "ratio": pytest.approx(4 / 3)}
    assert pair["ours"]["candidates"]["count"] == 2 and pair["warned"] is False
    name = "where a language has no values text: its writers' median rank within 20% of the same people writing English"
    assert report["targets"][name] is False and "x1.33" in report["target_details"][name]
    assert report["targets"]["where a language has no values text: the run warns about it"] is False
    no_values.warnings = ["3 people write Hebrew (he), which no values text covers"]
    assert summarise([no_values, twin], k)["targets"]["where a language has no values text: the run warns about it"]
    # without its twin the pair is said to be missing, not passed
    alone = summarise([no_values], k)
    assert not alone["pairs"] and any("no English twin" in line for line in alone["not_measured"])


def test_quiet_people_below_grade_two_are_caught():
    truth = people([("a", 3, "ideal_ambassador", "en"), ("n", 3, "rising_newcomer", "en"),
                    ("c", 2, "quiet_expert", "en"), ("d", 2, "quiet_expert", "en"), ("e", 0, "background", "en")])
    r = result(World(153, 5), truth, ["a", "c", "d", "e", "n"], ["a"], 3)
    report = summarise([r], 3)
    name = "quiet carriers and rising newcomers (grade 3) not ranked below grade-2 people (median rank, every world)"
    assert report["targets"][name] is False
    assert "rising_newcomer median rank 5 vs grade 2 2.5" in report["target_details"][name]


def test_report_tables_json_and_chart_carry_every_language(tmp_path):
    k = 2
    truth = people([("a", 3, "ideal_ambassador", "en"), ("b", 3, "ideal_ambassador", "he"),
                    ("c", 3, "quiet_carrier", "es"), ("d", 0, "executive", "en", "executive_ack"),
                    ("e", 0, "broadcaster", "de", "broadcaster")])
    r = result(World(154, 5, languages={"he": 0.2, "es": 0.2, "de": 0.2}, values_languages=("en", "he", "es", "de")),
               truth, ["a", "d", "b", "c", "e"], ["e", "d", "a", "b", "c"], k)
    report = summarise([r], k)
    lines = format_report(report)
    text = "\n".join(lines)
    assert "| seed 154, 5 people, de 20%, es 20%, he 20%, values en+he+es+de | **" in text
    assert "| seed 154, 5 people, de 20%, es 20%, he 20%, values en+he+es+de | 0 / 0 | 1 / 1 | 0 / 1 | 0 / 0 | 0 / 0 |" in text
    assert "| seed 154, 5 people, de 20%, es 20%, he 20%, values en+he+es+de | he | 1 | 1.00 | 0.00 | 3 | 4 | 0 |" in text
    assert "| all worlds | es | 1 | 0.00 | 0.00 | | | |" in text  # ranked 4th of R = 3
    assert any(line.startswith("- NOT met: no wrong person") and "executive_ack 1" in line for line in lines)
    assert all(line.startswith(("- met: ", "- NOT met: ", "- not measured: ")) for line in lines[lines.index("") + 1:]
               if line.startswith("- "))
    out = write_json({**report, "note": "שלום"}, tmp_path / "evaluation.json")
    assert "שלום" in out.read_text(encoding="utf-8")
    back = json.loads(out.read_text(encoding="utf-8"))
    assert back["worlds"][0]["ours"]["grade3_by_language"]["es"]["median_rank"] == 4.0
    assert back["worlds"][0]["world"]["languages"] == {"de": 0.2, "es": 0.2, "he": 0.2}
    # the table reads the JSON back the same
    assert format_report(back) == lines
    chart = plot_report(back, tmp_path / "evaluation.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_tuner_scores_people_as_the_ranking_does():
    """Unknown components (NaN) are left out of a person's mean, and the gate applies, as in composite."""
    from ambassador.evaluation import _prepare, _scores
    from ambassador.ranking import composite
    from ambassador.schema import COMPONENTS

    rng = np.random.default_rng(3)
    n = 60
    comps = pd.DataFrame({c: rng.random(n) for c in COMPONENTS})
    comps.loc[rng.random(n) < 0.3, "tone"] = np.nan
    comps.loc[rng.random(n) < 0.2, "culture_fit"] = np.nan
    comps.insert(0, "employee_id", [f"E{i:02d}" for i in range(n)])
    comps["eligible"] = True
    truth = truth_frame([3.0] * 5 + [0.0] * (n - 5))
    w = rng.dirichlet(np.ones(len(COMPONENTS)))
    prepared = _prepare(WorldResult(World(1, n), 0.0, {}, {}, comps, truth), list(COMPONENTS), 10, 0.25)
    expected = composite(comps, dict(zip(COMPONENTS, w)), gate=0.25).to_numpy()
    assert np.allclose(_scores(prepared, w), expected)


def test_tuning_lifts_a_group_ndcg_cannot_see():
    """Many grade-3 people: NDCG@k is perfect either way, but only 'lang' finds the Hebrew ones."""
    rng = np.random.default_rng(0)
    worlds = []
    for seed in (1, 2):
        n = 300
        rel = np.array([3] * 60 + [0] * (n - 60), dtype=float)
        he = np.zeros(n, dtype=bool)
        he[40:60] = True
        good = np.where(rel == 3, np.where(he, 0.5, 0.9), 0.6) + 0.01 * rng.random(n)  # misses the Hebrew ones
        lang = np.where(rel == 3, 0.9, 0.3) + 0.01 * rng.random(n)  # finds everyone
        comps = pd.DataFrame({"employee_id": [f"E{i:03d}" for i in range(n)], "good": good, "lang": lang, "eligible": True})
        truth = truth_frame(rel.tolist())
        truth["employee_id"] = comps["employee_id"]
        truth["language"] = np.where(he, "he", "en")
        worlds.append(WorldResult(World(seed, n), 0.0, {}, {}, comps, truth))
    with_recall = tune_weights(worlds, ["good", "lang"], k=10, samples=50, start={"good": 0.9, "lang": 0.1})
    assert with_recall["group_recall"] > with_recall["start"]["group_recall"]
    assert with_recall["weights"]["lang"] > with_recall["weights"]["good"]

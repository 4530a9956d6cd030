"""The rank stage on the sample's warehouse: every employee scored with reasons, nobody
outside the directory, and weights learned from outcomes only once there are enough."""

from __future__ import annotations

import shutil

import pytest

from ambassador.pipeline import RunContext
from ambassador.ranking import rank_stage
from ambassador.schema import COMPONENTS
from ambassador.warehouse import connect
from tests.conftest import SAMPLE_AS_OF

pytestmark = pytest.mark.slow


def test_every_employee_who_did_not_opt_out_is_scored_with_reasons_and_nobody_else(sample_run):
    con = connect(sample_run.snapshot, read_only=True)
    people = {r[0] for r in con.execute("SELECT employee_id FROM stg_people WHERE NOT opt_out").fetchall()}
    features = [r[0] for r in con.execute("SELECT employee_id FROM marts_person_features").fetchall()]
    scores = con.execute(f"SELECT employee_id, reasons, score, {', '.join(COMPONENTS)} FROM marts_person_scores").fetchall()
    con.close()
    assert sorted(features) == sorted(people)
    assert {r[0] for r in scores} == people
    can_be_unknown = {"culture_fit", "tone", "reception"}  # a language or platform nothing reads: NULL, not 0
    for employee_id, reasons, score, *components in scores:
        assert reasons and len(reasons) > 10, employee_id
        assert 0.0 <= score <= 1.0, employee_id
        for name, value in zip(COMPONENTS, components, strict=True):
            assert (value is None and name in can_be_unknown) or 0.0 <= value <= 1.0, (employee_id, name, value)


def rank_with_ledger(sample_run, tmp_path, rows: list[tuple[str, str, str | None]]) -> tuple[dict, list[tuple]]:
    """Copy the sample's warehouse, put ``rows`` in its invitations table, run the rank stage."""
    warehouse = shutil.copy(sample_run.warehouse, tmp_path / "w.duckdb")
    ctx = RunContext.create(sample_run.data_dir, warehouse=warehouse, out=tmp_path / "s.csv", as_of=SAMPLE_AS_OF)
    con = ctx.connect()
    try:
        con.execute("DELETE FROM invitations")
        con.executemany(
            "INSERT INTO invitations VALUES (?, ?::DATE, ?, ?)", [(e, d, o, i + 2) for i, (e, d, o) in enumerate(rows)]
        )
        summary = rank_stage(con, ctx)
        weights = con.execute(
            "SELECT component, default_weight, weight, coefficient, learned, summary FROM marts_weights ORDER BY component"
        ).fetchall()
    finally:
        con.close()
    return summary, weights


def planted_ledger(sample_run, n: int) -> list[tuple[str, str, str]]:
    """``n`` decided invitations of eligible people: those with the most recognition accepted."""
    con = connect(sample_run.snapshot, read_only=True)
    people = con.execute(
        "SELECT employee_id, recognition FROM marts_person_scores WHERE eligible ORDER BY employee_id"
    ).fetchall()
    con.close()
    chosen = people[:n]
    assert len(chosen) == n, "the sample has too few eligible people for this test"
    median = sorted(r for _, r in chosen)[n // 2]
    return [(e, "2026-03-01", "accepted" if r >= median else "declined") for e, r in chosen]


def test_default_weights_hold_until_the_ledger_has_enough_outcomes(sample_run, tmp_path):
    summary, weights = rank_with_ledger(sample_run, tmp_path, planted_ledger(sample_run, 12))
    assert summary["weights"] == "defaults"
    assert "learning starts at 30" in summary["learning"]
    assert all(w == pytest.approx(d) and not learned for _, d, w, _, learned, _ in weights)


def test_enough_outcomes_reweight_the_components_that_went_with_acceptance(sample_run, tmp_path):
    summary, weights = rank_with_ledger(sample_run, tmp_path, planted_ledger(sample_run, 60))
    by_name = {name: (default, weight, coefficient, learned) for name, default, weight, coefficient, learned, _ in weights}
    assert summary["weights"] == "learned from outcomes", summary["learning"]
    assert "Learned from 60 decided invitations" in summary["learning"]
    default, weight, coefficient, learned = by_name["recognition"]
    assert learned and coefficient > 0 and weight > default
    assert sum(w for _, w, _, _ in by_name.values()) == pytest.approx(1.0)


def test_no_planted_wrong_person_reaches_the_sample_shortlist(sample_run, tmp_path):
    """The generator's hidden truth for the committed sample (the same arguments write the same
    bytes): no broadcaster, central-but-negative person, amplifier, or anyone who may not be
    shortlisted at all is on the shortlist."""
    import csv

    from ambassador.evaluation import read_truth
    from ambassador.sample import COMMITTED_SAMPLE, write_sample

    write_sample(tmp_path / "sample", truth_file=tmp_path / "truth.csv", **COMMITTED_SAMPLE)
    truth = read_truth(tmp_path / "truth.csv").set_index("employee_id")
    with sample_run.shortlist.open(encoding="utf-8") as fh:
        shortlisted = [row["employee_id"] for row in csv.DictReader(fh)]
    assert shortlisted
    wrong = {e: truth.at[e, "wrong_kind"] for e in shortlisted if truth.at[e, "wrong_kind"]}
    assert wrong == {}
    assert all(truth.at[e, "relevance"] >= 1 for e in shortlisted)

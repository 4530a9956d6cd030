"""The translation test: the same people, their posts in Hebrew instead of English, keep their rank.

The generator writes one company twice with identical behaviour (the same posts at the same
times, the same replies, reactions and people), once in English and once with 30% of the staff
writing every post in Hebrew (tests/test_sample.py checks the invariance). Whatever the ranking
reads in the words, it must not move those people far:

- with the values statement in English and Hebrew, and with it in English only (their culture
  fit is then unknown, and so is their tone, which VADER reads in English only);
- tolerance: the median move of the Hebrew writers is at most 10 places of about 100 eligible
  people, the top 15 keep at least 13 of their names, and the Hebrew writers' median rank moves by
  at most 20%.
"""

from __future__ import annotations

from datetime import date

import pytest

from ambassador.evaluation import rank_shift, read_truth
from ambassador.pipeline import STAGES, RunContext
from ambassador.sample import write_sample
from ambassador.warehouse import connect

pytestmark = pytest.mark.slow

PEOPLE, DAYS, SEED = 110, 60, 41
HEBREW = {"he": 0.3}
MEDIAN_MOVE, TOP, TOP_KEPT, MEDIAN_RANK_CHANGE = 10, 15, 13, 0.20


def run_world(folder, **languages):
    """Generate the company into ``folder``, run every stage up to the ranking, return
    ``marts_person_scores`` (employee_id, eligible, rank) and the truth."""
    write_sample(folder / "data", people=PEOPLE, days=DAYS, seed=SEED, truth_file=folder / "truth.csv", **languages)
    ctx = RunContext.create(folder / "data", warehouse=folder / "w.duckdb", out=folder / "s.csv", as_of=date(2026, 11, 1))
    for name, stage in STAGES:
        if name != "publish":
            stage(ctx)
    con = connect(folder / "w.duckdb", read_only=True)
    try:
        scores = con.execute("SELECT employee_id, eligible, rank FROM marts_person_scores").df()
    finally:
        con.close()
    return scores, read_truth(folder / "truth.csv")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return run_world(tmp_path_factory.mktemp("english"))


@pytest.mark.parametrize(
    "values_languages", [("en", "he"), ("en",)], ids=["values in English and Hebrew", "values in English only"]
)
def test_the_same_people_writing_hebrew_keep_their_rank(english, tmp_path, values_languages):
    en_scores, _ = english
    he_scores, truth = run_world(tmp_path, languages=HEBREW, values_languages=values_languages,
                                 exemplar_languages=values_languages)
    eligible = set(en_scores.loc[en_scores["eligible"], "employee_id"])
    writers = [i for i in truth.loc[truth["language"] == "he", "employee_id"] if i in eligible]
    assert len(writers) >= 20  # enough people switched for the medians to mean something

    shift = rank_shift(en_scores, he_scores, writers)
    assert shift["unranked"] == []
    assert shift["median"] <= MEDIAN_MOVE, shift["shifts"]

    def top(scores):
        return set(scores[scores["eligible"]].sort_values("rank")["employee_id"].head(TOP))

    assert len(top(en_scores) & top(he_scores)) >= TOP_KEPT

    before = en_scores.set_index("employee_id").loc[writers, "rank"].median()
    after = he_scores.set_index("employee_id").loc[writers, "rank"].median()
    assert abs(after - before) <= MEDIAN_RANK_CHANGE * before, (before, after)

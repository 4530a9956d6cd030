"""Ranking: components in [0, 1], eligibility, deterministic ties, reasons, safe CSV cells."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambassador.ranking import eligibility, rank_frame
from ambassador.schema import COMPONENTS, SHORTLIST_COLUMNS
from ambassador.settings import WeightsSettings
from ambassador.shortlist import safe_cell, write_shortlist

WEIGHTS = WeightsSettings().normalised()


def people(n: int, **overrides) -> pd.DataFrame:
    base = {
        "employee_id": [f"E{i:03d}" for i in range(n)],
        "full_name": [f"Person {i}" for i in range(n)],
        "email": [f"p{i}@example.com" for i in range(n)],
        "department": ["Eng" if i % 2 else "Sales" for i in range(n)],
        "title": ["Engineer"] * n,
        "posts": [10] * n,
        "recognitions_given": [i % 3 for i in range(n)],
        "recognitions_received": [i % 4 for i in range(n)],
        "culture_fit": [0.1 + 0.01 * i for i in range(n)],
        "pagerank": [1.0 / n] * n,
        "engager_count": [i for i in range(n)],
        "departments_reached": [i % 5 for i in range(n)],
        "reciprocity": [0.5] * n,
        "bridging": [(i % 7) / 7 for i in range(n)],
        "acts_received": [3 * i for i in range(n)],
        "engaged_weeks": [i % 13 for i in range(n)],
        "window_weeks": [13] * n,
        "weeks_present": [13] * n,
        "engager_weeks": [2 * i for i in range(n)],
        "helped_weeks": [i % 6 for i in range(n)],
        "recognition_weeks": [i % 4 for i in range(n)],
        "reactions_named": [20] * n,
        "reactions_appreciative": [5 + i % 10 for i in range(n)],
        "reactions_dissenting": [i % 3 for i in range(n)],
        "colleagues_helped": [i % 6 for i in range(n)],
        "linked_accounts": [1] * n,
        "guest_accounts": [0] * n,
        "left_on": [None] * n,
        "leaving_date_unreadable": [False] * n,  # the leaving date when on or before as_of (marts_person_features)
        "top_post_ids": [None] * n,
        # public social signals (marts_public_signals, marts_culture): silent by default
        "brand_posts": [0] * n,
        "brand_quotes": [0] * n,
        "brand_reshares": [0] * n,
        "originality": [None] * n,
        "external_reach": [None] * n,
        "scored_posts": [0] * n,
        "external_engagement": [0] * n,
        "external_engagers": [0] * n,
        "brand_platforms": [[]] * n,
        "reach_platforms": [[]] * n,
        "public_culture_fit": [0.0] * n,
        "tone": [0.2] * n,
        "public_posts_scored": [0] * n,
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_components_and_score_are_in_unit_interval_and_ranked():
    out = rank_frame(people(30), WEIGHTS, ["Communications"], 3)
    for c in COMPONENTS + ("score",):
        assert out[c].between(0, 1).all(), c
    eligible = out[out["eligible"]]
    assert eligible["rank"].tolist() == list(range(1, len(eligible) + 1))
    assert eligible["score"].is_monotonic_decreasing
    assert out["reasons"].str.len().gt(0).all()


def test_eligibility_rules():
    frame = people(6, department=["Communications", "Eng", "Eng", "Eng", "Sales", "Sales"],
                   posts=[50, 1, 50, 50, 50, 50], linked_accounts=[1, 1, 0, 1, 1, 1],
                   guest_accounts=[0, 0, 0, 1, 0, 0])
    out = rank_frame(frame, WEIGHTS, ["communications"], 3).set_index("employee_id")
    assert out.loc["E000", "ineligible_reason"] == "excluded department"
    assert out.loc["E001", "ineligible_reason"] == "fewer than 3 posts in the window"
    assert out.loc["E002", "ineligible_reason"] == "no account linked to this employee"
    assert out.loc["E003", "ineligible_reason"] == "uses a guest account"
    assert out.loc[["E004", "E005"], "eligible"].all()
    assert out.loc[["E000", "E001", "E002", "E003"], "rank"].isna().all()


def test_ties_are_broken_by_employee_id_whatever_the_input_order():
    frame = people(8, culture_fit=[0.5] * 8, engager_count=[3] * 8, departments_reached=[1] * 8,
                   recognitions_given=[0] * 8, recognitions_received=[0] * 8, **same_new_features(8))
    a = rank_frame(frame, WEIGHTS, [], 0)
    b = rank_frame(frame.sample(frac=1, random_state=3), WEIGHTS, [], 0)
    assert a["employee_id"].tolist() == sorted(frame["employee_id"]) == b["employee_id"].tolist()
    pd.testing.assert_frame_equal(a, b)


def same_new_features(n: int) -> dict[str, list]:
    """Bridging, resonance, consistency and helpfulness inputs equal for everyone."""
    return {"bridging": [0.2] * n, "acts_received": [10] * n, "engaged_weeks": [4] * n, "colleagues_helped": [1] * n,
            "engager_weeks": [6] * n, "helped_weeks": [1] * n, "recognition_weeks": [0] * n,
            "reactions_appreciative": [5] * n, "reactions_dissenting": [0] * n}


def test_reasons_name_what_lifted_the_person():
    frame = people(20, culture_fit=[0.5] * 20, recognitions_given=[0] * 20, recognitions_received=[0] * 20,
                   **same_new_features(20))
    frame.loc[19, ["engager_count", "engager_weeks", "departments_reached"]] = [40, 130, 4]
    top = rank_frame(frame, WEIGHTS, [], 0).iloc[0]
    assert top["employee_id"] == "E019"
    assert "40 colleagues engage with their posts (about 10.0 a week)" in top["reasons"].lower()
    assert "reaches people in 4 other departments" in top["reasons"].lower()
    assert not top["reasons"][0].islower()  # a sentence


@given(st.text(min_size=1, max_size=40))
def test_no_shortlist_cell_starts_with_a_formula_trigger(text):
    cell = safe_cell(text)
    triggers = ("=", "+", "-", "@", "\t", "\r", "\n")
    assert not cell.startswith(triggers)
    cleaned = text.translate({c: None for c in range(32) if chr(c) not in "\t\r\n"})
    assert cell == ("'" + cleaned if cleaned.startswith(triggers) else cleaned)


def test_shortlist_csv_header_and_escaping(tmp_path):
    row = (1, "E1", "=HYPERLINK(\"http://evil\")", "+x@example.com", "-Ops", "@lead", 0.91234, "Reasons")
    row += tuple(0.5 for _ in range(len(SHORTLIST_COLUMNS) - len(row) - 1)) + ("/archives/C1/p1",)
    path = write_shortlist([row], tmp_path / "s.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == SHORTLIST_COLUMNS
    assert rows[0][:8] == ["rank", "employee_id", "full_name", "email", "department", "title", "score", "reasons"]
    assert rows[1][2].startswith("'=") and rows[1][3].startswith("'+") and rows[1][4] == "'-Ops"
    assert rows[1][6] == "0.9123"


def test_public_components_are_zero_for_people_silent_in_public():
    frame = people(10, brand_posts=[0] * 9 + [3], originality=[None] * 9 + [1.0],
                   external_reach=[None] * 9 + [0.7], scored_posts=[0] * 9 + [3],
                   public_culture_fit=[0.0] * 9 + [0.4], public_posts_scored=[0] * 9 + [3])
    out = rank_frame(frame, WEIGHTS, [], 0).set_index("employee_id")
    silent = out.drop(index="E009")
    for c in ("advocacy", "external_reach", "public_culture_fit"):
        assert (silent[c] == 0).all(), c
        assert out.loc["E009", c] == 1.0, c  # the only one with the signal ranks top among those who have it


def test_a_reshare_only_amplifier_gets_no_advocacy_however_much_they_reshare():
    frame = people(4, brand_posts=[0, 2, 5, 0], brand_reshares=[80, 0, 5, 0], originality=[0.0, 1.0, 0.5, None])
    out = rank_frame(frame, WEIGHTS, [], 0).set_index("employee_id")
    assert out.loc["E000", "advocacy"] == 0
    assert out.loc["E003", "advocacy"] == 0
    # E001: 2 x 1.0 = 2; E002: (5 + 5/4) x 0.5 = 3.125 -> E002 above E001
    assert 0 < out.loc["E001", "advocacy"] < out.loc["E002", "advocacy"] == 1.0


def test_reasons_mention_public_advocacy_whenever_it_lifted_the_person():
    n = 12
    frame = people(n, brand_posts=[0] * (n - 1) + [6], brand_quotes=[0] * (n - 1) + [2],
                   brand_reshares=[0] * (n - 1) + [1], originality=[None] * (n - 1) + [0.8],
                   brand_platforms=[[]] * (n - 1) + [["bluesky", "x"]])
    # make E011 also top on three heavier components, so advocacy would not fit in three reasons
    frame.loc[n - 1, ["culture_fit", "engager_count", "departments_reached"]] = [0.99, 99, 9]
    row = rank_frame(frame, WEIGHTS, [], 0).set_index("employee_id").loc[f"E{n - 1:03d}"]
    assert row["advocacy"] == 1.0
    assert "speaks up for the brand in public (6 original posts about the brand on Bluesky and X, 2 quotes of its posts, 1 reshare)" in row["reasons"]
    others = rank_frame(frame, WEIGHTS, [], 0)
    assert not others[others["employee_id"] != f"E{n - 1:03d}"]["reasons"].str.contains("brand").any()


def test_reasons_name_external_reach_with_its_evidence():
    n = 10
    frame = people(n, external_reach=[None] * (n - 1) + [0.9], scored_posts=[0] * (n - 1) + [4],
                   external_engagement=[0] * (n - 1) + [120], external_engagers=[0] * (n - 1) + [17],
                   reach_platforms=[[]] * (n - 1) + [["bluesky"]])
    out = rank_frame(frame, {**{c: 0.0 for c in WEIGHTS}, "external_reach": 1.0}, [], 0)
    top = out.iloc[0]
    assert top["employee_id"] == f"E{n - 1:03d}"
    assert top["reasons"] == ("Listened to outside (top 1% for engagement per public post on Bluesky; "
                              "120 reactions on 4 posts, from at least 17 accounts)")


def test_people_who_left_are_ineligible_whatever_else_they_do():
    frame = people(4, left_on=[None, pd.Timestamp("2026-09-30"), pd.Timestamp("2026-10-31"), None],
                   engager_count=[0, 50, 50, 1], posts=[10, 80, 1, 10])
    frame["leaving_date_unreadable"] = [False, False, False, True]
    reason = eligibility(frame, [], 3).set_axis(frame["employee_id"])
    assert reason["E001"] == reason["E002"] == "left the company"
    assert reason["E003"].startswith("leaving date in the directory is not a date")
    assert pd.isna(reason["E000"])


def test_the_leaving_date_is_read_under_any_header_and_counts_from_as_of(tmp_path):
    """termination_date, end_date, leave_date, leaving_date, last_day in any case (or a
    [directory] columns mapping) become stg_people.left_on; marts_person_features keeps it
    only when it is on or before as_of, so someone leaving later is still eligible today."""
    import datetime as dt

    from ambassador.directory import build_people, load_directory
    from ambassador.settings import Settings
    from ambassador.warehouse import build_model, connect, ensure_schema

    data = tmp_path / "data"
    (data / "directory").mkdir(parents=True)
    files = {"a.csv": ("Termination Date", "2026-09-30"), "b.csv": ("END_DATE", "10/15/2026"), "c.csv": ("leave_date", ""),
             "d.csv": ("Leaving_Date", "2026-11-02"), "e.csv": ("last day", "2026-11-01T17:00:00"), "f.csv": ("Exit", "2026-08-01"),
             "g.csv": ("end_date", "last Friday")}
    for k, (name, (header, value)) in enumerate(files.items()):
        with (data / "directory" / name).open("w", newline="") as fh:
            csv.writer(fh).writerows([["employee_id", "full_name", "email", header],
                                      [f"E{k}", f"P {k}", f"p{k}@example.com", value]])
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    load_directory(con, Settings(data_dir=data, warehouse=tmp_path / "w.duckdb", directory={"columns": {"exit": "termination_date"}}), "r1")
    build_people(con)
    left = dict(con.execute("SELECT employee_id, left_on FROM stg_people").fetchall())
    assert left == {"E0": dt.date(2026, 9, 30), "E1": dt.date(2026, 10, 15), "E2": None, "E3": dt.date(2026, 11, 2),
                    "E4": dt.date(2026, 11, 1), "E5": dt.date(2026, 8, 1), "E6": None}
    build_model(con, "marts", "marts_person_features", {"as_of": dt.date(2026, 11, 1), "window_days": 90})
    counted = dict(con.execute("SELECT employee_id, left_on FROM marts_person_features").fetchall())
    assert counted == {**left, "E3": None}
    # a leaving date that is no date is not taken as "still employed"
    unreadable = dict(con.execute("SELECT employee_id, leaving_date_unreadable FROM marts_person_features").fetchall())
    assert [e for e, flag in sorted(unreadable.items()) if flag] == ["E6"]



def company(n: int) -> tuple[pd.DataFrame, dict]:
    """``n`` ordinary colleagues (varied, around the middle) with planted people in rows 0-7:
    an ideal voice, a quiet carrier (few posts, each drawing colleagues in), a newcomer hired
    six weeks ago who is already answered every week, and the wrong ones: a broadcaster, a
    central person whose posts read negative and draw eye-rolls, a reshare-only amplifier, an
    executive whose posts draw only acknowledgements, and someone active in a single burst week."""
    i = pd.Series(range(n))
    frame = people(
        n, culture_fit=0.4 + 0.2 * ((i * 7) % 10) / 10, tone=0.1 + 0.2 * ((i * 3) % 10) / 10,
        engager_count=5 + i % 7, engager_weeks=20 + (i * 5) % 30, acts_received=40, posts=20,
        departments_reached=2, bridging=0.3, engaged_weeks=8 + i % 6, helped_weeks=3 + i % 5,
        recognition_weeks=1 + i % 3, reactions_named=20, reactions_appreciative=5 + i % 6,
        reactions_dissenting=i % 3, pagerank=1.0 / n, weeks_present=26, window_weeks=26,
    )
    set_row = lambda r, **values: [frame.__setitem__(k, frame[k].where(frame.index != r, v)) for k, v in values.items()]  # noqa: E731
    set_row(0, culture_fit=0.9, tone=0.5, engager_weeks=150, acts_received=300, posts=60, departments_reached=5,
            bridging=0.8, engaged_weeks=26, helped_weeks=40, recognition_weeks=20, pagerank=8.0 / n,
            reactions_named=120, reactions_appreciative=90)  # ideal
    set_row(1, culture_fit=0.85, tone=0.45, engager_count=20, engager_weeks=70, acts_received=120, posts=8,
            engaged_weeks=14, helped_weeks=10, recognition_weeks=6, reactions_named=50, reactions_appreciative=35,
            pagerank=3.0 / n)  # quiet carrier
    set_row(2, culture_fit=0.8, tone=0.45, weeks_present=6, engager_count=15, engager_weeks=40, acts_received=80,
            posts=15, engaged_weeks=6, helped_weeks=12, recognition_weeks=6, reactions_named=30,
            reactions_appreciative=20)  # newcomer
    set_row(3, culture_fit=0.55, posts=400, acts_received=60, engager_count=8)  # broadcaster
    set_row(4, culture_fit=0.6, tone=-0.4, engager_count=35, engager_weeks=200, acts_received=320, posts=60,
            pagerank=10.0 / n, departments_reached=5, engaged_weeks=26, reactions_named=150,
            reactions_appreciative=10, reactions_dissenting=60)  # central, negative, eye-rolled
    set_row(5, brand_reshares=80, originality=0.0, culture_fit=0.5)  # amplifier
    set_row(6, culture_fit=0.7, tone=0.4, engager_count=60, engager_weeks=120, acts_received=400, posts=30,
            pagerank=12.0 / n, departments_reached=6, engaged_weeks=20, reactions_named=900,
            reactions_appreciative=15, reactions_dissenting=0)  # executive: acknowledged, not listened to
    set_row(7, culture_fit=0.7, tone=0.3, engager_count=30, engager_weeks=35, acts_received=150, posts=45,
            engaged_weeks=2, helped_weeks=10, recognition_weeks=4, pagerank=3.0 / n)  # one burst week
    return frame, {"right": ["E000", "E001", "E002"], "wrong": ["E003", "E004", "E005", "E006"], "burst": "E007"}


@pytest.mark.parametrize("n", [100, 300, 2000])
def test_the_right_people_rank_above_the_wrong_ones_in_small_and_large_companies(n):
    frame, planted = company(n)
    ranked = rank_frame(frame, WEIGHTS, [], 0)
    order = ranked["employee_id"].tolist()
    burst = ranked.set_index("employee_id").loc[planted["burst"]]
    assert burst["consistency"] < 0.05 and "week after week" not in burst["reasons"]  # one busy week is not consistency
    for right in planted["right"]:  # in the top 3% (the top 3 of 100)
        assert order.index(right) < 0.03 * n, (right, order.index(right))
    for wrong in planted["wrong"]:  # never in the top 5%, where a shortlist is drawn from
        assert order.index(wrong) >= 0.05 * n, (wrong, order.index(wrong))

"""A shortlist that respects people: the invitation ledger, cooldowns, diversity caps, and
new / rising / steady / falling against the last run.

Pure rules are tested on small frames; the ledger load and the publish stage on a tiny
warehouse (a directory CSV, hand-made scores), never the whole pipeline.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from builders import table_dump, write_directory

from ambassador.errors import InputError
from ambassador.invitations import Invitation, load_invitations, parse_invitations
from ambassador.pipeline import RunContext
from ambassador.pipeline import ingest as ingest_stage
from ambassador.schema import COMPONENTS, SHORTLIST_COLUMNS, column_names
from ambassador.settings import Settings
from ambassador.shortlist import cap_count, movement, publish_stage, select_shortlist
from ambassador.warehouse import replace_rows

AS_OF = date(2026, 7, 1)
HEADER = "employee_id,invited_at,outcome\n"


def settings(size: int = 10, dept: float = 1.0, loc: float = 1.0, cooldown: int = 180, declined: int = 365) -> Settings:
    return Settings(
        shortlist={"size": size, "max_share_per_department": dept, "max_share_per_location": loc},
        invitations={"cooldown_days": cooldown, "declined_cooldown_days": declined},
    )


def ranked(n: int, departments: list[str] | None = None, locations: list[str] | None = None) -> pd.DataFrame:
    """``n`` eligible people E00..E{n-1}, best first, in distinct departments and locations by default."""
    return pd.DataFrame({
        "employee_id": [f"E{i:02d}" for i in range(n)],
        "rank": list(range(1, n + 1)),
        "department": departments or [f"Dept {i}" for i in range(n)],
        "location": locations or [f"City {i}" for i in range(n)],
        "score": [1 - i / 100 for i in range(n)],
    })


def ledger(*rows: tuple[str, date, str | None]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["employee_id", "invited_at", "outcome"])


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def pick(people: pd.DataFrame, book: pd.DataFrame, s: Settings, as_of: date = AS_OF) -> tuple[list[str], dict[str, str]]:
    chosen, skipped = select_shortlist(people, book, as_of, s)
    return chosen["employee_id"].tolist(), dict(zip(skipped["employee_id"], skipped["reason"], strict=True))


# ---- the ledger as text ------------------------------------------------------------------


def test_ledger_reads_bom_any_header_case_iso_and_slash_dates_and_outcome_synonyms():
    text = (
        "\ufeff Employee ID ,INVITED AT, Outcome \r\n"
        "E1,2026-01-05,Accepted\r\n"
        "E2,2026-01-06T09:30:00Z,no response\r\n"
        "E3,2026/01/07,No-Response\r\n"
        "E4,2026-01-08 17:45,DECLINED\r\n"
        "E5,2026-01-09T23:30:00-05:00,\r\n"
        "E6,2026-01-10,pending\r\n"
    )
    rows, rejects = parse_invitations(text)
    assert rejects == []
    assert rows == [
        Invitation("E1", date(2026, 1, 5), "accepted", 2),
        Invitation("E2", date(2026, 1, 6), "no_response", 3),
        Invitation("E3", date(2026, 1, 7), "no_response", 4),
        Invitation("E4", date(2026, 1, 8), "declined", 5),
        Invitation("E5", date(2026, 1, 9), None, 6),  # the day as written; empty outcome: pending
        Invitation("E6", date(2026, 1, 10), None, 7),
    ]


def test_semicolon_ledgers_and_extra_columns_are_read():
    rows, rejects = parse_invitations("employee_id;invited_at;outcome;notes\nE1;2026-02-01;declined;said maybe next year\n")
    assert (rows, rejects) == ([Invitation("E1", date(2026, 2, 1), "declined", 2)], [])


def test_malformed_ledger_rows_are_rejected_with_their_line_and_reason():
    text = HEADER + "\n".join([
        ",2026-01-05,accepted",          # line 2: no id
        "E2,05/01/2026,accepted",        # line 3: not ISO
        "E3,2026-02-30,accepted",        # line 4: no such day
        "E4,2026-01-05,maybe",           # line 5: unknown outcome
        "E5,,declined",                  # line 6: no date
        "",                              # line 7: blank, ignored
        "E7,2026-01-05,accepted,oops",   # line 8: more fields than the header
        "E8,2026-01-05T25:00,accepted",  # line 9: impossible time
        '"E9",2026-01-09,accepted',      # line 10: fine
    ]) + "\n"
    rows, rejects = parse_invitations(text)
    assert rows == [Invitation("E9", date(2026, 1, 9), "accepted", 10)]
    got = [(r.line, r.employee_id, r.reason.split(" (")[0]) for r in rejects]
    assert got == [
        (2, None, "no employee_id"),
        (3, "E2", "invited_at is not a date"),
        (4, "E3", "invited_at is not a date"),
        (5, "E4", "unknown outcome"),
        (6, "E5", "no invited_at"),
        (8, "E7", "more fields than the header"),
        (9, "E8", "invited_at is not a date"),
    ]
    assert rejects[1].raw == "E2,05/01/2026,accepted"
    assert "use YYYY-MM-DD" in rejects[1].reason and "accepted, declined, no_response" in rejects[3].reason


@pytest.mark.parametrize("text", ["id,date,result\nE1,2026-01-01,accepted\n", "employee_id,outcome\n", "", "\n\n"])
def test_a_ledger_without_the_needed_header_is_a_one_line_error_naming_file_and_fix(text):
    with pytest.raises(InputError) as err:
        parse_invitations(text, source="invitations.csv")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("invitations.csv: ")
    assert "Fix:" in message and "employee_id, invited_at, outcome" in message


# ---- cooldowns ---------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["accepted", "no_response", None, "declined"])
def test_anyone_invited_within_cooldown_days_rests_whatever_the_outcome(outcome):
    s = settings(cooldown=180, declined=0)  # declines rest no longer than anyone else here
    book = ledger(("E00", ago(179), outcome), ("E01", ago(180), outcome), ("E02", ago(0), outcome))
    chosen, skipped = pick(ranked(5), book, s)
    assert skipped == {"E00": "cooldown", "E02": "cooldown"}  # 179 days and the same day rest; day 180 is free
    assert chosen == ["E01", "E03", "E04"]


def test_a_decline_rests_for_declined_cooldown_days_after_the_latest_decline():
    s = settings(cooldown=180, declined=365)
    book = ledger(
        ("E00", ago(364), "declined"),                                 # rests: 364 < 365
        ("E01", ago(365), "declined"),                                 # free again on day 365
        ("E02", ago(500), "declined"), ("E02", ago(300), "declined"),  # the latest decline counts
        ("E03", ago(400), "declined"), ("E03", ago(200), "accepted"),  # old decline, invitation past cooldown
        ("E04", ago(30), "declined"),                                  # both rules: reported as the decline
    )
    chosen, skipped = pick(ranked(6), book, s)
    assert skipped == {"E00": "declined", "E02": "declined", "E04": "declined"}
    assert chosen == ["E01", "E03", "E05"]


def test_pending_invitations_rest_and_future_dated_rows_are_ignored():
    s = settings(cooldown=180, declined=365)
    book = ledger(
        ("E00", ago(10), None),                       # pending
        ("E01", AS_OF + timedelta(days=1), "declined"),  # after as_of: does not count yet
        ("E02", AS_OF + timedelta(days=30), None),
    )
    chosen, skipped = pick(ranked(4), book, s)
    assert skipped == {"E00": "cooldown"}
    assert chosen == ["E01", "E02", "E03"]
    # the same ledger a day later: the declined row now counts
    chosen, skipped = pick(ranked(4), book, s, as_of=AS_OF + timedelta(days=1))
    assert skipped == {"E00": "cooldown", "E01": "declined"}


def test_cooldowns_of_zero_days_switch_the_rules_off():
    book = ledger(("E00", AS_OF, "declined"), ("E01", ago(1), None))
    chosen, skipped = pick(ranked(3), book, settings(cooldown=0, declined=0))
    assert (chosen, skipped) == (["E00", "E01", "E02"], {})


# ---- diversity caps ----------------------------------------------------------------------


def test_cap_counts_are_a_share_of_the_size_rounded_up_and_at_least_one():
    assert cap_count(0.3, 10) == 3  # not 4: 0.3 x 10 is 3.0000000000000004 in floating point
    assert (cap_count(0.3, 25), cap_count(0.5, 15), cap_count(0.05, 10), cap_count(1.0, 7)) == (8, 8, 1, 7)


def test_the_department_cap_skips_people_in_rank_order_and_fills_with_others():
    depts = ["Eng", "eng ", "ENG", "Eng", "Sales", "Eng", "Ops", "Sales", "Ops", "Ops", "HR", "HR"]
    chosen, skipped = pick(ranked(12, departments=depts), ledger(), settings(size=10, dept=0.3))
    assert skipped == {"E03": "department_cap", "E05": "department_cap"}
    assert chosen == ["E00", "E01", "E02", "E04", "E06", "E07", "E08", "E09", "E10", "E11"]


def test_the_location_cap_counts_each_location_apart_and_blank_locations_are_not_capped():
    locs = ["Oslo", "Oslo", " oslo", "Oslo", "", "Lima", None, "Lima", "Lima", "Kobe"]
    chosen, skipped = pick(ranked(10, locations=locs), ledger(), settings(size=6, loc=0.34))  # cap 3
    assert skipped == {"E03": "location_cap"}
    assert chosen == ["E00", "E01", "E02", "E04", "E05", "E06"]
    chosen, skipped = pick(ranked(10, locations=locs), ledger(), settings(size=8, loc=0.25))  # cap 2
    assert skipped == {"E02": "location_cap", "E03": "location_cap", "E08": "location_cap"}
    assert chosen == ["E00", "E01", "E04", "E05", "E06", "E07", "E09"]  # the pool ran out: 7 of 8


def test_a_resting_person_takes_no_place_in_their_department():
    depts = ["Eng", "Eng", "Eng", "Ops"]
    book = ledger(("E00", ago(5), None))
    chosen, skipped = pick(ranked(4, departments=depts), book, settings(size=3, dept=0.5))  # cap 2
    assert skipped == {"E00": "cooldown"}
    assert chosen == ["E01", "E02", "E03"]


def test_the_list_is_shorter_when_the_pool_runs_out_and_no_rule_is_relaxed():
    depts = ["Eng", "Eng", "Eng", "Eng", "Ops", "Ops"]
    book = ledger(("E04", ago(20), "accepted"))
    chosen, skipped = select_shortlist(ranked(6, departments=depts), book, AS_OF, settings(size=5, dept=0.4))  # cap 2
    assert chosen["employee_id"].tolist() == ["E00", "E01", "E05"]
    assert chosen["rank"].tolist() == [1, 2, 3] and chosen["eligible_rank"].tolist() == [1, 2, 6]
    assert skipped.values.tolist() == [["E02", 3, "department_cap"], ["E03", 4, "department_cap"], ["E04", 5, "cooldown"]]


def test_nobody_below_the_end_of_a_full_list_is_reported_as_skipped():
    book = ledger(("E08", ago(3), None))
    chosen, skipped = pick(ranked(10), book, settings(size=5))
    assert chosen == ["E00", "E01", "E02", "E03", "E04"] and skipped == {}


# ---- status against the last run ---------------------------------------------------------


def test_movement_boundaries():
    assert movement(5, None, False, 3) == "new"
    assert movement(5, 4, False, 3) == "new"  # ranked last time, but not shortlisted
    assert movement(5, 8, True, 3) == "rising"  # exactly 3 places up
    assert movement(5, 7, True, 3) == "steady"
    assert movement(7, 5, True, 3) == "steady"
    assert movement(8, 5, True, 3) == "falling"  # exactly 3 places down


# ---- on a tiny warehouse -----------------------------------------------------------------

PEOPLE = [
    # id, department, location, opt_out
    ("E01", "Eng", "Oslo", ""), ("E02", "Eng", "Oslo", ""), ("E03", "Eng", "Lima", ""), ("E04", "Ops", "Lima", ""),
    ("E05", "Ops", "Oslo", ""), ("E06", "Sales", "Kobe", ""), ("E07", "Sales", "Lima", ""), ("E08", "HR", "Kobe", ""),
    ("E09", "HR", "Oslo", "yes"),
]


@pytest.fixture
def company(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write_directory(data, [
        {"employee_id": e, "full_name": f"Person {e}", "email": f"{e.lower()}@example.com", "department": d,
         "title": "Engineer", "location": loc, "opt_out": out}
        for e, d, loc, out in PEOPLE
    ])
    (data / "ambassador.toml").write_text(
        "[shortlist]\nsize = 4\nmax_share_per_department = 0.5\nmax_share_per_location = 0.75\nrising_min_places = 2\n"
        "[invitations]\ncooldown_days = 180\ndeclined_cooldown_days = 365\n",
        encoding="utf-8",
    )
    return data


def context(data: Path, tmp_path: Path, as_of: str, out: str = "s.csv") -> RunContext:
    return RunContext.create(data, warehouse=tmp_path / "w.duckdb", out=tmp_path / out, as_of=as_of)


def set_scores(ctx: RunContext, order: list[str]) -> None:
    """marts_person_scores with the people of ``order`` eligible in that order (others not)."""
    rows = []
    for e, dept, _, _ in PEOPLE:
        if e == "E09":
            continue
        rank = order.index(e) + 1 if e in order else None
        row = {"employee_id": e, "full_name": f"Person {e}", "email": f"{e.lower()}@example.com", "department": dept,
               "title": "Engineer", "score": round(1 - (rank or 50) / 100, 6), "eligible": rank is not None,
               "ineligible_reason": None if rank else "fewer than 3 posts in the window", "rank": rank,
               "reasons": f"Reason {e}", "evidence": None, "fit_gate": 1.0}
        row.update(dict.fromkeys(COMPONENTS, 0.5))
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["rank"] = frame["rank"].astype("Int64")
    con = ctx.connect()
    try:
        replace_rows(con, "marts_person_scores", frame[column_names("marts_person_scores")])
    finally:
        con.close()


def publish(ctx: RunContext) -> tuple[dict, list[dict]]:
    con = ctx.connect()
    try:
        summary = publish_stage(con, ctx)
    finally:
        con.close()
    with Path(summary["shortlist"]).open(encoding="utf-8", newline="") as fh:
        return summary, list(csv.DictReader(fh))


def test_ledger_load_quarantines_bad_rows_once_and_drops_opted_out_people(company, tmp_path):
    (company / "invitations.csv").write_bytes(("\ufeff" + HEADER + "\n".join([
        "E01,2026-01-05,accepted",
        "E02,not a date,declined",
        "E03,2026-02-01,maybe",
        "X99,2026-03-01,declined",       # not in the directory: kept, counted
        "E09,2026-03-01,declined",       # opted out: not stored anywhere
        "E09,bad,declined",
        "E04,2026-12-01,",               # after as_of: kept, noted
    ]) + "\n").encode("utf-8"))
    ctx = context(company, tmp_path, "2026-11-01")
    summary = ingest_stage(ctx)["invitations"]
    assert summary == {"file": "invitations.csv", "found": True, "rows_in": 7, "rows_loaded": 3, "rows_quarantined": 2,
                       "rows_excluded": 2, "unknown_ids": 1, "rows_after_as_of": 1}
    con = ctx.connect()
    try:
        assert con.execute("SELECT employee_id, invited_at, outcome, line FROM invitations ORDER BY line").fetchall() == [
            ("E01", date(2026, 1, 5), "accepted", 2), ("X99", date(2026, 3, 1), "declined", 5),
            ("E04", date(2026, 12, 1), None, 8)]
        quarantined = con.execute(
            "SELECT source, path, member, record, reason, raw FROM quarantine ORDER BY record").fetchall()
        first = table_dump(con, "quarantine"), table_dump(con, "invitations")
    finally:
        con.close()
    assert [(q[0], q[1], q[2], q[3]) for q in quarantined] == [
        ("invitations", "invitations.csv", "invitations.csv", 3), ("invitations", "invitations.csv", "invitations.csv", 4)]
    assert quarantined[0][4].startswith("invited_at is not a date") and quarantined[0][5] == "E02,not a date,declined"
    assert quarantined[1][4].startswith("unknown outcome")
    assert "E09" not in str(first)

    # the same file read again, by another run: nothing changes, nothing is duplicated
    again = context(company, tmp_path, "2026-11-01")
    assert ingest_stage(again)["invitations"] == summary
    con = again.connect()
    try:
        assert (table_dump(con, "quarantine"), table_dump(con, "invitations")) == first
    finally:
        con.close()

    # a corrected file replaces the ledger's quarantine rows; a removed file empties both
    (company / "invitations.csv").write_text(HEADER + "E02,2026-01-06,declined\n", encoding="utf-8")
    assert ingest_stage(context(company, tmp_path, "2026-11-01"))["invitations"]["rows_quarantined"] == 0
    (company / "invitations.csv").unlink()
    assert ingest_stage(context(company, tmp_path, "2026-11-01"))["invitations"]["found"] is False
    con = ctx.connect()
    try:
        assert con.execute("SELECT count(*) FROM quarantine").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM invitations").fetchall() == [(0,)]
    finally:
        con.close()


def test_a_ledger_without_the_header_stops_ingest_with_the_file_and_the_fix(company, tmp_path):
    (company / "invitations.csv").write_text("who,when\nE01,2026-01-05\n", encoding="utf-8")
    ctx = context(company, tmp_path, "2026-11-01")
    with pytest.raises(InputError, match=r"^invitations.csv: no column employee_id, invited_at, outcome .* Fix: "):
        ingest_stage(ctx)


def test_a_ledger_that_is_not_utf8_is_refused(company, tmp_path):
    (company / "invitations.csv").write_bytes(HEADER.encode("utf-16"))
    ctx = context(company, tmp_path, "2026-11-01")
    con = ctx.connect()
    try:
        with pytest.raises(InputError, match=r"^invitations.csv: not UTF-8 text\. Fix: save it as 'CSV UTF-8'"):
            load_invitations(con, ctx.settings, ctx.run_id, ctx.as_of)
    finally:
        con.close()


def test_publish_applies_cooldowns_and_caps_and_says_why_the_list_is_short(company, tmp_path):
    (company / "invitations.csv").write_text(HEADER + "E01,2026-09-01,\nE05,2026-03-01,declined\nX99,2026-01-01,accepted\n",
                                             encoding="utf-8")
    ctx = context(company, tmp_path, "2026-11-01")
    ingest_stage(ctx)
    set_scores(ctx, ["E01", "E02", "E03", "E05", "E04"])  # size 4; department cap 2, location cap 3
    summary, rows = publish(ctx)
    assert [r["employee_id"] for r in rows] == ["E02", "E03", "E04"]
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert summary["rows"] == 3 and summary["short_by"] == 1
    assert summary["skipped"] == {"declined": 1, "cooldown": 1, "department_cap": 0, "location_cap": 0}
    assert summary["ledger"] == {"rows": 3, "quarantined": 0, "unknown_ids": 1}
    assert summary["short_reason"].startswith("1 short of 4: only 5 eligible people, and 1 declined")
    con = ctx.connect()
    try:
        assert con.execute("SELECT employee_id, rank, eligible_rank FROM marts_shortlist ORDER BY rank").fetchall() == [
            ("E02", 1, 2), ("E03", 2, 3), ("E04", 3, 5)]
        assert con.execute("SELECT employee_id, rank, shortlisted FROM score_history ORDER BY rank").fetchall() == [
            ("E01", 1, False), ("E02", 2, True), ("E03", 3, True), ("E05", 4, False), ("E04", 5, True)]
    finally:
        con.close()

    from ambassador.shortlist import describe_publish

    assert describe_publish(summary) == [
        "shorter list: 1 short of 4: only 5 eligible people, and 1 declined an invitation within [invitations] "
        "declined_cooldown_days, 1 invited within [invitations] cooldown_days",
        "invitation ledger: 3 rows; 1 id not in the directory",
    ]


def test_new_rising_steady_falling_across_two_runs_and_a_byte_identical_rerun(company, tmp_path):
    first = context(company, tmp_path, "2026-10-01", out="first.csv")
    ingest_stage(first)
    set_scores(first, ["E01", "E04", "E06", "E08", "E02", "E05", "E07", "E03"])
    summary, rows = publish(first)
    assert [(r["employee_id"], r["previous_rank"], r["status"]) for r in rows] == [
        ("E01", "", "new"), ("E04", "", "new"), ("E06", "", "new"), ("E08", "", "new")]
    assert summary["previous_as_of"] is None

    second = context(company, tmp_path, "2026-11-01", out="second.csv")
    ingest_stage(second)
    # E08 rises 4 -> 1; E04 steady 2 -> 3; E02 new (5th last time, not shortlisted); E01 falls 1 -> 4
    set_scores(second, ["E08", "E02", "E04", "E01", "E06", "E05", "E07", "E03"])
    summary, rows = publish(second)
    with (tmp_path / "second.csv").open(encoding="utf-8") as fh:
        assert tuple(fh.readline().strip().split(",")) == SHORTLIST_COLUMNS
    assert SHORTLIST_COLUMNS[-3:] == ("evidence", "previous_rank", "status")
    assert [(r["rank"], r["employee_id"], r["previous_rank"], r["status"]) for r in rows] == [
        ("1", "E08", "4", "rising"), ("2", "E02", "5", "new"), ("3", "E04", "2", "steady"), ("4", "E01", "1", "falling")]
    assert summary["status"] == {"new": 1, "rising": 1, "steady": 1, "falling": 1}
    assert summary["previous_as_of"] == "2026-10-01"

    # the same as_of again on the warehouse that already holds it: same bytes, its rows replaced
    written = (tmp_path / "second.csv").read_bytes()
    shutil.move(tmp_path / "second.csv", tmp_path / "second-before.csv")
    again = context(company, tmp_path, "2026-11-01", out="second.csv")
    ingest_stage(again)
    publish(again)
    assert (tmp_path / "second.csv").read_bytes() == written
    con = again.connect()
    try:
        per_day = con.execute("SELECT as_of, count(*), count(DISTINCT run_id) FROM score_history GROUP BY 1 ORDER BY 1").fetchall()
        assert con.execute("SELECT DISTINCT run_id FROM score_history WHERE as_of = '2026-11-01'").fetchall() == [(again.run_id,)]
    finally:
        con.close()
    assert per_day == [(date(2026, 10, 1), 8, 1), (date(2026, 11, 1), 8, 1)]

    # a run between the two compares with the one before it, not with a later as_of
    between = context(company, tmp_path, "2026-10-15", out="between.csv")
    ingest_stage(between)
    set_scores(between, ["E01", "E04", "E06", "E08", "E02", "E05", "E07", "E03"])
    _, rows = publish(between)
    assert {r["status"] for r in rows} == {"steady"} and [r["previous_rank"] for r in rows] == ["1", "2", "3", "4"]


def test_nobody_eligible_gives_an_empty_list_that_says_why(company, tmp_path):
    ctx = context(company, tmp_path, "2026-11-01")
    ingest_stage(ctx)
    set_scores(ctx, [])
    summary, rows = publish(ctx)
    assert rows == [] and summary["rows"] == 0 and summary["short_by"] == 4
    assert summary["short_reason"] == "4 short of 4: only 0 eligible people"
    with Path(summary["shortlist"]).open(encoding="utf-8") as fh:
        assert tuple(fh.read().strip().split(",")) == SHORTLIST_COLUMNS

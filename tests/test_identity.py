"""Identity resolution: every typed handle form, email case, profile handles, conflicts."""

from __future__ import annotations

import pytest

from ambassador.handles import normalize_handle
from ambassador.identity import stage_accounts
from ambassador.warehouse import connect, ensure_schema


@pytest.mark.parametrize(
    "typed",
    ["jane_doe", "@jane_doe", "Jane_Doe", "https://x.com/jane_doe", "http://twitter.com/Jane_Doe/",
     "www.twitter.com/jane_doe", "x.com/@jane_doe", "https://mobile.twitter.com/jane_doe?lang=en", " @JANE_DOE "],
)
def test_every_typed_x_form_normalises_to_one_handle(typed):
    assert normalize_handle("x", typed) == "jane_doe"


@pytest.mark.parametrize("typed", ["", "n/a", "https://example.com/jane", "jane doe", "@", "facebook.com/jane"])
def test_non_handles_are_not_guessed(typed):
    assert normalize_handle("x", typed) is None


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    ensure_schema(c)
    people = [
        # employee_id, email, x_handle (as typed), opt_out
        ("E1", "ana@example.com", "https://x.com/Ana_B", "no"),
        ("E2", "ben@example.com", "@shared", ""),
        ("E3", "cy@example.com", "twitter.com/shared", ""),
        ("E4", "dee@example.com", "", "Y"),
    ]
    for eid, email, x, opt in people:
        c.execute(
            "INSERT INTO raw_directory (employee_id, full_name, email, x_handle, opt_out) VALUES (?, ?, ?, ?, ?)",
            [eid, eid, email, x, opt],
        )
    from ambassador.directory import build_people

    build_people(c)
    return c


def accounts_sql(rows):
    values = ", ".join(
        f"('{p}', '{a}', {h}, {e}, {d})"
        for p, a, h, e, d in rows
    )
    return f"SELECT * FROM (VALUES {values}) t(platform, account_id, handle, email, declared_handles)"


def links(con, rows):
    stage_accounts(con, accounts_sql(rows))
    return {r[1]: r[2:] for r in con.execute("SELECT platform, account_id, employee_id, rule, claimants FROM identity_matches").fetchall()}


def test_email_matches_whatever_the_case_and_beats_handles(con):
    got = links(con, [("slack", "U1", "NULL", "'ANA@Example.com'", "['x:shared']")])
    assert got["U1"] == ("E1", "email", 1)


def test_declared_handle_in_any_typed_form(con):
    got = links(con, [("x", "111", "'ana_b'", "NULL", "[]::VARCHAR[]")])
    assert got["111"] == ("E1", "declared_handle", 1)


def test_profile_handle_links_another_platforms_account(con):
    got = links(con, [("slack", "U2", "'ana'", "'ana.personal@gmail.com'", "['x:ana_b']")])
    assert got["U2"] == ("E1", "profile_handle", 1)


def test_one_handle_claimed_by_two_employees_is_a_conflict_not_a_guess(con):
    got = links(con, [("x", "222", "'shared'", "NULL", "[]::VARCHAR[]")])
    assert got["222"] == (None, "declared_handle", 2)


def test_unmatched_accounts_are_absent_from_matches(con):
    got = links(con, [("x", "333", "'stranger'", "'someone@else.org'", "[]::VARCHAR[]")])
    assert "333" not in got


def test_opted_out_flag_from_any_spelling(con):
    flags = dict(con.execute("SELECT employee_id, opt_out FROM stg_people").fetchall())
    assert flags == {"E1": False, "E2": False, "E3": False, "E4": True}


def test_bot_accounts_are_never_linked_to_a_person(con):
    con.execute("""INSERT INTO stg_accounts VALUES
        ('slack', 'UBOT', 'ci', 'CI', 'ana@example.com', true, false, false, []),
        ('slack', 'UANA', 'ana', 'Ana', 'ana@example.com', false, false, false, [])""")
    stage_accounts(con, "SELECT * FROM stg_accounts")
    from ambassador.warehouse import build_model

    build_model(con, "stg", "stg_identity")
    linked = con.execute("SELECT account_id, employee_id FROM stg_identity ORDER BY 1").fetchall()
    assert linked == [("UANA", "E1")]


def test_stg_identity_links_no_opted_out_employee_and_no_conflict(con):
    con.execute("""INSERT INTO stg_accounts VALUES
        ('slack', 'UDEE', 'dee', 'Dee', 'dee@example.com', false, false, false, []),
        ('x', '222', 'shared', 'Shared', NULL, false, false, false, []),
        ('slack', 'UANA', 'ana', 'Ana', 'ana@example.com', false, false, false, [])""")
    stage_accounts(con, "SELECT * FROM stg_accounts")
    from ambassador.warehouse import build_model

    build_model(con, "stg", "stg_identity")
    # E4 opted out and handle 'shared' is claimed by E2 and E3: only Ana's account is linked
    assert con.execute("SELECT account_id, employee_id FROM stg_identity").fetchall() == [("UANA", "E1")]

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


# ---- every typed handle form, through the SQL model ------------------------------------------

# (platform, as typed in the directory, the account's handle as its source normalises it)
TYPED_FORMS = [
    *[("x", typed, "jane_doe") for typed in [
        "jane_doe", "@jane_doe", "Jane_Doe", " @JANE_DOE ", "https://x.com/jane_doe", "http://twitter.com/Jane_Doe/",
        "twitter.com/jane_doe", "www.twitter.com/jane_doe", "x.com/@jane_doe", "https://mobile.twitter.com/jane_doe?lang=en",
        "https://www.x.com/jane_doe/status/123", "https://twitter.com/#!/jane_doe", "HTTPS://X.COM/JANE_DOE?s=21",
    ]],
    *[("mastodon", typed, "jane@mastodon.social") for typed in [
        "@jane@mastodon.social", "jane@mastodon.social", " @Jane@Mastodon.Social ", "https://mastodon.social/@jane",
        "mastodon.social/@Jane/", "http://mastodon.social/@jane?ref=x", "https://mastodon.social/users/jane",
        "acct:jane@mastodon.social",
    ]],
    *[("bluesky", typed, "jane.bsky.social") for typed in [
        "jane.bsky.social", "@jane.bsky.social", " Jane.BSKY.social ", "https://bsky.app/profile/jane.bsky.social",
        "bsky.app/profile/Jane.bsky.social/", "http://www.bsky.app/profile/@jane.bsky.social?ref=x",
    ]],
    *[("bluesky", typed, "jane.example.com") for typed in [
        "jane.example.com", "@Jane.Example.com", "https://bsky.app/profile/jane.example.com/post/3k",
    ]],
    *[("bluesky", typed, "did:plc:ewvi7nxzyoun6zhxrhs64oiz") for typed in [
        "did:plc:ewvi7nxzyoun6zhxrhs64oiz", "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz",
        "https://bsky.app/profile/did:plc:ewvi7nxzyoun6zhxrhs64oiz",
    ]],
    *[("linkedin", typed, "jane-doe-123") for typed in [
        "https://www.linkedin.com/in/jane-doe-123", "linkedin.com/in/jane-doe-123/", "http://uk.linkedin.com/in/Jane-Doe-123",
        "https://de.linkedin.com/in/jane-doe-123?trk=profile", "www.linkedin.com/in/jane-doe-123/?originalSubdomain=fr",
        "https://m.linkedin.com/in/jane-doe-123", "jane-doe-123", " in/jane-doe-123 ",
    ]],
]
COLUMN = {"x": "x_handle", "mastodon": "mastodon_handle", "bluesky": "bluesky_handle", "linkedin": "linkedin_url"}


def directory_con(tmp_path, rows):
    """A warehouse whose directory holds ``rows`` (dicts of raw_directory columns), stg_people built."""
    from ambassador.directory import build_people

    c = connect(tmp_path / "w.duckdb")
    ensure_schema(c)
    for row in rows:
        cols = ", ".join(row)
        c.execute(f"INSERT INTO raw_directory ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    build_people(c)
    return c


@pytest.mark.parametrize(("platform", "typed", "handle"), TYPED_FORMS)
def test_every_typed_form_declared_in_the_directory_links_that_platforms_account(tmp_path, platform, typed, handle):
    c = directory_con(tmp_path, [{"employee_id": "E1", "full_name": "Jane Doe", "email": "jane@example.com", COLUMN[platform]: typed}])
    got = links(c, [(platform, "acct1", f"'{handle}'", "NULL", "[]::VARCHAR[]")])
    assert got["acct1"] == ("E1", "declared_handle", 1)


@pytest.mark.parametrize(
    ("platform", "typed", "lookalike"),
    [
        ("x", "n/a", "n"), ("x", "-", "-"), ("x", "none", "none"), ("x", "None", "none"), ("x", "x", "x"),
        ("x", "jane@example.com", "jane"), ("x", "https://example.com/jane", "jane"), ("x", "x.com/home", "home"),
        ("mastodon", "n/a", "n/a"), ("mastodon", "https://example.com/jane", "jane@example.com"),
        ("bluesky", "none", "none"), ("bluesky", "jane", "jane"), ("bluesky", "jane@example.com", "example.com"),
        ("bluesky", "https://example.com/jane", "example.com"),
        ("linkedin", "https://www.linkedin.com/company/northwind", "northwind"), ("linkedin", "-", "-"),
        ("linkedin", "N/A", "n/a"), ("linkedin", "https://www.linkedin.com/pub/jane/1/2/3", "jane"),
    ],
)
def test_non_handles_in_a_handle_column_match_nothing(tmp_path, platform, typed, lookalike):
    c = directory_con(tmp_path, [{"employee_id": "E1", "full_name": "Jane Doe", "email": "jane@example.com", COLUMN[platform]: typed}])
    column = "linkedin_handle" if platform == "linkedin" else COLUMN[platform]
    assert c.execute(f"SELECT {column} FROM stg_people").fetchall() == [(None,)]
    assert links(c, [(platform, "acct1", f"'{lookalike}'", "NULL", "[]::VARCHAR[]")]) == {}


# ---- email aliases ---------------------------------------------------------------------------


@pytest.fixture
def alias_con(tmp_path):
    return directory_con(tmp_path, [
        {"employee_id": "E1", "full_name": "Ana B", "email": "ana@example.com",
         "email_aliases": " Ana.B@Old-Example.com; ana@example.com,ab@example.org  AB@example.org "},
        {"employee_id": "E2", "full_name": "Ben C", "email": "ben@example.com", "email_aliases": "cy@example.com"},
        {"employee_id": "E3", "full_name": "Cy D", "email": "cy@example.com", "email_aliases": "shared@example.com"},
        {"employee_id": "E4", "full_name": "Dee E", "email": "dee@example.com", "email_aliases": "<shared@example.com>"},
        {"employee_id": "E5", "full_name": "Eve F", "email": "eve@example.com"},  # no aliases: an older directory
    ])


def test_aliases_are_lower_cased_trimmed_deduplicated_and_never_the_primary(alias_con):
    got = dict(alias_con.execute("SELECT employee_id, email_aliases FROM stg_people").fetchall())
    assert got["E1"] == ["ab@example.org", "ana.b@old-example.com"]
    assert got["E4"] == ["shared@example.com"]
    assert got["E5"] == []


def test_an_alias_links_with_rule_email_alias(alias_con):
    got = links(alias_con, [("slack", "U1", "NULL", "'ANA.B@old-example.com'", "[]::VARCHAR[]")])
    assert got["U1"] == ("E1", "email_alias", 1)


def test_an_alias_that_is_another_employees_email_or_alias_is_a_conflict(alias_con):
    got = links(alias_con, [
        ("slack", "U2", "NULL", "'cy@example.com'", "[]::VARCHAR[]"),  # E3's email, E2's alias
        ("slack", "U3", "NULL", "'shared@example.com'", "[]::VARCHAR[]"),  # alias of E3 and E4
    ])
    assert got["U2"][0] is None and got["U2"][2] == 2
    assert got["U3"][0] is None and got["U3"][2] == 2


def test_alias_columns_under_other_header_names_are_read_and_older_directories_still_load(tmp_path):
    import csv

    from ambassador.directory import load_directory
    from ambassador.settings import Settings

    data = tmp_path / "data"
    (data / "directory").mkdir(parents=True)
    with (data / "directory" / "a.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["employee_id", "full_name", "email", "Other Emails", "alias_emails"])
        w.writerow(["E1", "Ana B", "ana@example.com", "ana.b@old.example", "AB@example.org"])
    with (data / "directory" / "b.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows([["employee_id", "full_name", "email"], ["E2", "Ben C", "ben@example.com"]])
    c = connect(tmp_path / "w.duckdb")
    ensure_schema(c)
    load_directory(c, Settings(data_dir=data, warehouse=tmp_path / "w.duckdb"), "run1")
    from ambassador.directory import build_people

    build_people(c)
    got = dict(c.execute("SELECT employee_id, email_aliases FROM stg_people").fetchall())
    assert got == {"E1": ["ab@example.org", "ana.b@old.example"], "E2": []}


def test_an_unchanged_directory_is_read_again_when_a_kept_column_became_a_field(tmp_path):
    """A column kept in ``extra`` (by an earlier version, or before a rename map) that is now
    a field, here a leaving date, is read on the next run although the file did not change."""
    import csv
    import datetime as dt

    from ambassador.directory import build_people, load_directory
    from ambassador.settings import Settings

    data = tmp_path / "data"
    (data / "directory").mkdir(parents=True)
    with (data / "directory" / "a.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows([["employee_id", "full_name", "email", "Exit Day"], ["E1", "Ana B", "ana@example.com", "2026-05-04"]])
    c = connect(tmp_path / "w.duckdb")
    ensure_schema(c)
    plain = Settings(data_dir=data, warehouse=tmp_path / "w.duckdb")
    mapped = Settings(data_dir=data, warehouse=tmp_path / "w.duckdb", directory={"columns": {"Exit Day": "last_day"}})
    assert [o.status for o in load_directory(c, plain, "r1")] == ["loaded"]
    assert [o.status for o in load_directory(c, plain, "r2")] == ["skipped"]
    assert [o.status for o in load_directory(c, mapped, "r3")] == ["loaded"]
    assert [o.status for o in load_directory(c, mapped, "r4")] == ["skipped"]
    build_people(c)
    assert c.execute("SELECT left_on FROM stg_people").fetchall() == [(dt.date(2026, 5, 4),)]


# ---- names: scored, recorded, shown; linked only at the threshold ----------------------------


@pytest.mark.parametrize(
    ("display", "handle", "full", "expected"),
    [
        # how each value follows from the constants in identity.py (NAME_EXACT 0.8, NAME_PARTIAL 0.65,
        # NAME_WEAK 0.4, NAME_HANDLE_BONUS 0.05 for each of surname and first name in the handle)
        ("Jane Doe", None, "Jane Doe", 0.8),
        ("Doe, Jane", None, "Jane Doe", 0.8),  # token order
        ("JANE  DOE!", None, "Doe, Jane", 0.8),  # case, punctuation, whitespace
        ("José Núñez", None, "Jose Nunez", 0.8),  # accents
        ("Jane Doe", "janedoe", "Jane Doe", 0.9),  # surname and first name in the handle
        ("Jane Doe", "doe_writes@mastodon.social", "Jane Doe", 0.85),  # surname only (host ignored)
        ("Jane Doe", None, "Jane Quinn Doe", 0.65),  # a middle name
        ("J. Doe", None, "Jane Doe", 0.4),  # an initial
        ("Bob Smith", None, "Robert Smith", 0.4),  # a nickname
        ("Jane", None, "Jane Doe", 0.0),  # one word is never enough
        ("Jane Roe", None, "Jane Doe", 0.0),
    ],
)
def test_name_confidence(display, handle, full, expected):
    from ambassador.identity import name_confidence

    assert name_confidence(display, handle, full) == pytest.approx(expected)


NAME_PEOPLE = [
    {"employee_id": "E1", "full_name": "Ana Brook", "email": "ana@example.com"},
    {"employee_id": "E5", "full_name": "Patel, Ravi", "email": "ravi@example.com"},
    {"employee_id": "E6", "full_name": "Jane Doe", "email": "jane1@example.com"},
    {"employee_id": "E7", "full_name": "Jane Doe", "email": "jane2@example.com"},
    {"employee_id": "E8", "full_name": "Dee Optout", "email": "dee@example.com", "opt_out": "yes"},
]
# platform, account_id, handle, display_name, email, is_bot, is_guest
NAME_ACCOUNTS = [
    ("x", "X5", "rp_77", "Ravi Patel", None, False, False),  # unique exact name: 0.8 (NAME_EXACT)
    ("x", "X6", "jd", "Jane Doe", None, False, False),  # shared by E6 and E7: 0.8 / 2
    ("x", "X8", "dee_o", "Dee Optout", None, False, False),  # an opted-out employee's name
    ("x", "XE", "someone", "Ravi Patel", "ana@example.com", False, False),  # email wins over the name
    ("slack", "UB", "ravibot", "Ravi Patel", None, True, False),  # bots are never name-matched
    ("slack", "UG", "ravi", "Ravi Patel", None, False, True),  # nor guests
    ("slack", "UM", "ravi", "Ravi Patel", "ravi@elsewhere.org", False, False),  # intranet with an email
    ("bluesky", "B1", "ravi.example.com", "=HYPERLINK(\"http://evil\")", None, False, False),
]


def resolve_names(tmp_path, **identity):
    """stg_identity and identity_report for NAME_ACCOUNTS with these [identity] settings."""
    from ambassador.settings import IdentitySettings
    from ambassador.warehouse import build_model

    c = directory_con(tmp_path, NAME_PEOPLE)
    c.executemany(
        "INSERT INTO stg_accounts VALUES (?, ?, ?, ?, ?, ?, ?, false, [])", [list(a) for a in NAME_ACCOUNTS]
    )
    c.execute("INSERT INTO stg_posts (post_id, platform, account_id, created_at, kind) VALUES ('p1', 'x', 'X5', now(), 'post')")
    stage_accounts(c, "SELECT * FROM stg_accounts", identity=IdentitySettings(**identity))
    build_model(c, "stg", "stg_identity")
    build_model(c, "stg", "identity_report")
    linked = {r[0]: r[1:] for r in c.execute("SELECT account_id, employee_id, rule, confidence FROM stg_identity").fetchall()}
    report = {
        r[0]: r[1:]
        for r in c.execute("SELECT account_id, status, rule, confidence, employee_id, claimed_by, posts FROM identity_report").fetchall()
    }
    return c, linked, report


def test_a_unique_name_below_the_default_threshold_stays_unmerged_and_is_shown_as_a_candidate(tmp_path):
    _, linked, report = resolve_names(tmp_path)
    assert "X5" not in linked
    assert report["X5"] == ("candidate", "name", pytest.approx(0.8), "E5", None, 1)
    assert linked["XE"] == ("E1", "email", 1.0)  # the name rule only runs when every other rule failed


def test_a_lowered_threshold_merges_a_unique_name_with_rule_name(tmp_path):
    _, linked, report = resolve_names(tmp_path, name_match_threshold=0.8)
    assert linked["X5"] == ("E5", "name", pytest.approx(0.8))
    assert report["X5"][:4] == ("matched", "name", pytest.approx(0.8), "E5")


def test_an_ambiguous_name_is_never_linked_even_at_threshold_zero(tmp_path):
    _, linked, report = resolve_names(tmp_path, name_match_threshold=0.0)
    assert "X6" not in linked
    status, rule, confidence, employee_id, claimed_by, _ = report["X6"]
    assert (status, employee_id, claimed_by) == ("unmatched", None, None)
    assert confidence == pytest.approx(0.4)  # NAME_EXACT shared by two employees


def test_an_opted_out_employee_is_never_a_candidate_nor_linked_by_name(tmp_path):
    for threshold in (0.95, 0.0):
        c, linked, report = resolve_names(tmp_path / str(threshold), name_match_threshold=threshold)
        assert "X8" not in linked
        assert report["X8"][0] in ("unmatched", "excluded") and report["X8"][3] is None
        assert c.execute("SELECT count(*) FROM identity_report WHERE employee_id = 'E8' OR detail LIKE '%E8%'").fetchall() == [(0,)]


def test_bots_guests_and_intranet_accounts_with_an_email_are_never_name_matched(tmp_path):
    _, linked, report = resolve_names(tmp_path, name_match_threshold=0.0)
    for account in ("UB", "UG", "UM"):
        assert account not in linked
        assert report[account][1] is None and report[account][3] is None
    assert report["UB"][0] == "bot"


def test_name_matching_can_be_turned_off(tmp_path):
    _, linked, report = resolve_names(tmp_path, name_matching=False, name_match_threshold=0.0)
    assert "X5" not in linked and report["X5"][0] == "unmatched" and report["X5"][3] is None


def test_identity_report_covers_every_account_once(tmp_path):
    c, linked, report = resolve_names(tmp_path)
    assert sorted(report) == sorted(a[1] for a in NAME_ACCOUNTS)
    matched = {a for a, r in report.items() if r[0] == "matched"}
    assert matched == set(linked)  # matched in the report = linked in stg_identity


def test_a_handle_two_employees_claim_is_a_conflict_listed_with_both_and_linked_to_nobody(con):
    from ambassador.warehouse import build_model

    con.execute("INSERT INTO stg_accounts VALUES ('x', '222', 'shared', 'Shared', NULL, false, false, false, [])")
    stage_accounts(con, "SELECT * FROM stg_accounts")
    build_model(con, "stg", "stg_identity")
    build_model(con, "stg", "identity_report")
    assert con.execute("SELECT count(*) FROM stg_identity").fetchall() == [(0,)]
    row = con.execute("SELECT status, rule, claimed_by, employee_id FROM identity_report WHERE account_id = '222'").fetchall()
    assert row == [("conflict", "declared_handle", "E2, E3", None)]


# ---- ambassador identity ---------------------------------------------------------------------


def test_cli_identity_prints_a_summary_and_writes_a_spreadsheet_safe_csv(tmp_path, capsys):
    import csv

    from flows.cli import main

    c, _, report = resolve_names(tmp_path)
    c.execute("CHECKPOINT")
    c.close()
    data = tmp_path / "data"
    data.mkdir()
    assert main(["identity", "--data-dir", str(data), "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "candidate" in out and "x_handle" in out
    with (tmp_path / "identity_report.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(report)
    by_id = {r["account_id"]: r for r in rows}
    assert by_id["X5"]["status"] == "candidate" and by_id["X5"]["employee_id"] == "E5" and by_id["X5"]["confidence"] == "0.8"
    assert by_id["B1"]["display_name"] == "'=HYPERLINK(\"http://evil\")"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_cli_identity_without_a_warehouse_says_what_to_run(tmp_path, capsys):
    from flows.cli import main

    data = tmp_path / "data"
    data.mkdir()
    assert main(["identity", "--data-dir", str(data), "--warehouse", str(tmp_path / "none.duckdb")]) == 2
    assert "ambassador run" in capsys.readouterr().err


@pytest.mark.parametrize("platform", ["x", "mastodon", "bluesky", "linkedin"])
def test_normalising_is_idempotent(platform):
    """Property: a normalised handle normalises to itself, so sources and the directory agree
    whichever of them normalised first."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    forms = [typed for p, typed, _ in TYPED_FORMS if p == platform]
    pieces = st.sampled_from(["@", "/", ".", "https://", "www.", "x.com/", "bsky.app/profile/", "linkedin.com/in/", "?a=1", " "])
    text = st.lists(st.one_of(pieces, st.sampled_from(forms), st.text(max_size=6)), max_size=4).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(text)
    def check(value):
        once = normalize_handle(platform, value)
        assert once is None or normalize_handle(platform, once) == once

    check()

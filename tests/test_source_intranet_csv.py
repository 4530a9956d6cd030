"""Generic intranet CSV files: an IGLOO-style export mapped in ambassador.toml, every quirk.

The fixture's headers are *illustrative*: IGLOO does not publish the column names of its content
exports, so the files below are what such an export plausibly looks like (posts, comments and
reactions as three CSV files), and the mapping in ``MAPPING`` is the documented example of the
README section "Generic intranet CSV".
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from builders import run_ingest, text_values, write_directory

from ambassador.errors import InputError
from ambassador.identity import resolve
from ambassador.settings import load_settings
from ambassador.sources.intranet_csv import glob_match

CANARY = "PRIVATE-CANARY"

MAPPING = """
[[intranet_csv.feeds]]
name = "igloo"
files = "igloo/posts*.csv"
kind = "post"
timestamp_format = "%m/%d/%Y %I:%M %p"
timezone = "America/Toronto"
[intranet_csv.feeds.columns]
id = "Object ID"
title = "Title"
text = "Content"
author_name = "Author"
author_id = "Author ID"
author_email = "Author Email"
created_at = "Published"
context = "Space"
url = "URL"
private = "Restricted"
mentions = "Mentioned Users"

[[intranet_csv.feeds]]
name = "igloo"
files = "igloo/comments*.csv"
kind = "comment"
[intranet_csv.feeds.columns]
id = "Comment ID"
parent_id = "Object ID"
text = "Comment"
author_id = "Author ID"
author_email = "Author Email"
created_at = "Created"

[[intranet_csv.feeds]]
name = "igloo"
files = "igloo/reactions*.csv"
kind = "reaction"
[intranet_csv.feeds.columns]
parent_id = "Object ID"
author_id = "Member ID"
author_email = "Member Email"
created_at = "Date"
"""

DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice.smith@example.com", "department": "Ops"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob@example.com", "department": "Sales"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "department": "Ops", "opt_out": "Yes"},
    {"employee_id": "E4", "full_name": "Dan Wu", "email": "dan@example.com", "department": "Eng"},
]

POSTS_HEADER = ["Object ID", "Title", "Content", "Author", "Author ID", "Author Email", "Published", "Space", "URL",
                "Restricted", "Mentioned Users", "Views"]
ALICE = ["Alice Smith", "u1", "Alice.Smith@Example.COM"]
BOB = ["Bob Jones", "u2", "bob@example.com"]
CAROL = ["Carol Diaz", "u3", "carol@example.com"]
DAN = ["Dan Wu", "u4", "dan@example.com"]


def post(pid, title, body, who, published, mentions="", restricted="No", space="Field Ops"):
    return [pid, title, body, *who, published, space, f"https://kb.example.com/objects/{pid}", restricted, mentions, "12"]


POSTS = [
    post("100", "Safety walk", "Line one of the walk-through,\nline two: thanks Bob for the checklist", ALICE,
         "01/10/2026 09:15 AM", mentions="u2"),
    post("101", '=HYPERLINK("http://evil.example")', "Customer visit notes", BOB, "01/11/2026 02:30 PM",
         mentions="@Dan@Example.com"),
    post("102", "Carol's post", "carol's own words stay out", CAROL, "01/11/2026 03:00 PM"),
    post("103", "Board notes", f"{CANARY} restricted space", ALICE, "01/12/2026 10:00 AM", restricted="Yes",
         space="Leadership"),
    post("104", "Bad date", "a timestamp that is not one", DAN, "next tuesday"),
    post("100", "Safety walk", "a repeated id: the first row wins", ALICE, "01/10/2026 09:15 AM"),
    post("105", "No author", "nobody wrote this", ["", "", ""], "01/12/2026 11:00 AM"),
    post("", "No id", "an empty id", DAN, "01/12/2026 11:30 AM"),
]
MALFORMED = '106,Too many,cells,Dan Wu,u4,dan@example.com,01/12/2026 11:45 AM,Field Ops,x,No,,1,EXTRA\r\n'

COMMENTS_HEADER = ["Comment ID", "Object ID", "Comment", "Author ID", "Author Email", "Created"]
COMMENTS = [
    ["c1", "100", "Happy to help, Alice", "u2", "bob@example.com", "2026-01-10T16:00:00Z"],
    ["c2", "c1", "Thanks again", "u1", "alice.smith@example.com", "2026-01-10T17:00:00+01:00"],
    ["c3", "102", "Answering Carol's post", "u4", "dan@example.com", "2026-01-11 16:00:00"],
    ["c4", "101", "carol's comment stays out", "u3", "carol@example.com", "2026-01-11 17:00:00"],
    ["c5", "", "a comment without a parent", "u4", "dan@example.com", "2026-01-11 18:00:00"],
]

REACTIONS_HEADER = ["Object ID", "Reaction", "Member ID", "Member Email", "Date"]
REACTIONS = [
    ["100", "Like", "u2", "bob@example.com", "2026-01-10T15:00:00Z"],
    ["100", "Helpful", "u4", "dan@example.com", "2026-01-10T15:05:00Z"],
    ["101", "Like", "u1", "alice.smith@example.com", "2026-01-11T20:00:00Z"],
    ["101", "Like", "u3", "carol@example.com", "2026-01-11T20:01:00Z"],
    ["100", "Like", "u2", "bob@example.com", "2026-01-10T15:00:00Z"],
    ["999", "Like", "u1", "alice.smith@example.com", "2026-01-11T21:00:00Z"],
]


def csv_bytes(header: list[str], rows: list[list[str]], *, bom: bool = False, tail: str = "", at: int | None = None) -> bytes:
    """A CSV as Excel writes it (CRLF, minimal quoting); ``tail`` is inserted raw after row ``at``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for i, row in enumerate(rows):
        w.writerow(row)
        if at == i:
            buf.write(tail)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def write_fixture(data: Path, mapping: str = MAPPING) -> Path:
    write_directory(data, DIRECTORY)
    (data / "ambassador.toml").write_text(mapping, encoding="utf-8")
    folder = data / "intranet_csv" / "igloo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "posts.csv").write_bytes(csv_bytes(POSTS_HEADER, POSTS, bom=True, tail=MALFORMED, at=4))
    (folder / "comments.csv").write_bytes(csv_bytes(COMMENTS_HEADER, COMMENTS))
    (folder / "reactions.csv").write_bytes(csv_bytes(REACTIONS_HEADER, REACTIONS))
    return data


@pytest.fixture
def igloo(tmp_path) -> Path:
    return write_fixture(tmp_path / "data")



def outcomes(summary) -> dict:
    return {f.path: f for f in summary.files if f.source == "intranet_csv"}


# ---- an oracle in plain Python ------------------------------------------------------------------


def oracle(data: Path) -> dict[str, dict]:
    """Count each file with the csv module and the rules the README states, independently of
    DuckDB and our SQL: private -> excluded; unmapped kind / no author -> quarantined; opted-out
    author -> excluded; no id, bad or empty timestamp, comment without parent, reaction without
    target -> quarantined; a repeated key -> duplicate; the rest loaded."""
    settings = load_settings(data)
    opted = {r["email"].lower() for r in DIRECTORY if r.get("opt_out")}
    root = data / "intranet_csv"
    out = {}
    for path in sorted(root.rglob("*.csv")):
        rel = path.relative_to(root).as_posix()
        feed = next(f for f in settings.intranet_csv.feeds if glob_match(f.files, rel))
        col = feed.columns
        text = path.read_bytes().decode("utf-8-sig")
        records = list(csv.reader(io.StringIO(text, newline="")))
        header, rows = records[0], records[1:]
        counts = dict(rows_in=len(rows), rows_loaded=0, rows_quarantined=0, rows_duplicate=0, rows_excluded=0,
                      malformed_lines=[])
        seen = set()
        for n, values in enumerate(rows, start=2):
            if len(values) != len(header):
                counts["rows_quarantined"] += 1
                counts["malformed_lines"].append(n)
                continue
            row = dict(zip(header, values))
            get = lambda f: row.get(col[f], "").strip() if f in col else ""  # noqa: E731
            if get("private").lower() in {"yes", "true", "1", "y", "x", "private"}:
                counts["rows_excluded"] += 1
                continue
            author = get("author_id") or get("author_email").lower()
            if not author:
                counts["rows_quarantined"] += 1
                continue
            if get("author_email").lower() in opted:
                counts["rows_excluded"] += 1
                continue
            stamp = get("created_at")
            try:
                if feed.timestamp_format:
                    datetime.strptime(stamp, feed.timestamp_format)
                else:
                    datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                ok_time = True
            except ValueError:
                ok_time = False
            if (feed.kind != "reaction" and not get("id")) or not ok_time or (feed.kind == "comment" and not get("parent_id")):
                counts["rows_quarantined"] += 1
                continue
            key = get("id") or (get("parent_id"), author, stamp)
            if key in seen:
                counts["rows_duplicate"] += 1
                continue
            seen.add(key)
            counts["rows_loaded"] += 1
        out[f"intranet_csv/{rel}"] = counts
    return out


# ---- the documented format -------------------------------------------------------------------


def test_documented_format_golden_counts_match_the_oracle(igloo, tmp_path):
    expected = oracle(igloo)
    # Golden values, checked once against the oracle: posts 9 rows (8 + the malformed one):
    # loaded 100, 101; quarantined the malformed row, 104 (date), 105 (no author), '' (no id);
    # excluded 102 (Carol opted out), 103 (restricted); duplicate the second 100.
    assert {k: {f: v for f, v in c.items() if f != "malformed_lines"} for k, c in expected.items()} == {
        "intranet_csv/igloo/comments.csv": dict(rows_in=5, rows_loaded=3, rows_quarantined=1, rows_duplicate=0, rows_excluded=1),
        "intranet_csv/igloo/posts.csv": dict(rows_in=9, rows_loaded=2, rows_quarantined=4, rows_duplicate=1, rows_excluded=2),
        "intranet_csv/igloo/reactions.csv": dict(rows_in=6, rows_loaded=4, rows_quarantined=0, rows_duplicate=1, rows_excluded=1),
    }
    ctx, con, summary = run_ingest(igloo, tmp_path)
    got = outcomes(summary)
    assert sorted(got) == sorted(expected)
    for path, want in expected.items():
        c = got[path].counts
        assert got[path].status == "loaded", got[path].error
        assert c.balanced()
        assert (c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded) == (
            want["rows_in"], want["rows_loaded"], want["rows_quarantined"], want["rows_duplicate"], want["rows_excluded"])
    manifest = con.execute(
        "SELECT path, rows_in, rows_loaded FROM manifest WHERE source = 'intranet_csv' ORDER BY path").fetchall()
    assert manifest == [(p, expected[p]["rows_in"], expected[p]["rows_loaded"]) for p in sorted(expected)]

    reasons = con.execute(
        "SELECT member, record, reason FROM quarantine WHERE source = 'intranet_csv' ORDER BY member, record").fetchall()
    malformed = [r for r in reasons if r[2].startswith("malformed CSV row")]
    # the malformed row comes after a body spanning two lines: DuckDB numbers CSV records, header = 1
    assert [(m, line) for m, line, _ in malformed] == [("posts.csv", n) for n in expected["intranet_csv/igloo/posts.csv"]["malformed_lines"]]
    texts = [r[2] for r in reasons]
    assert "created_at 'next tuesday' is not a timestamp (format %m/%d/%Y %I:%M %p)" in texts
    assert "no author (author_id and author_email empty)" in texts
    assert "empty id" in texts
    assert "comment without parent_id" in texts


def test_canonical_rows_from_the_documented_format(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    posts = {r[0]: r[1:] for r in con.execute(
        "SELECT post_id, kind, account_id, parent_post_id, created_at, text, context, likes, permalink FROM stg_posts "
        "WHERE platform = 'intranet'").fetchall()}
    assert sorted(posts) == ["intranet:igloo:100", "intranet:igloo:101", "intranet:igloo:c1", "intranet:igloo:c2",
                             "intranet:igloo:c3"]
    p100 = posts["intranet:igloo:100"]
    assert p100[:2] == ("post", "igloo:u1")
    assert p100[3] == datetime(2026, 1, 10, 14, 15)  # 09:15 AM in Toronto (EST, UTC-5) is 14:15 UTC
    # title before the body; the multi-line quoted body survives; the first of two rows with id 100 wins
    assert p100[4] == "Safety walk\n\nLine one of the walk-through,\nline two: thanks Bob for the checklist"
    assert (p100[5], p100[6], p100[7]) == ("Field Ops", 2, "https://kb.example.com/objects/100")
    assert posts["intranet:igloo:101"][4].startswith('=HYPERLINK("http://evil.example")')  # data, never evaluated
    assert posts["intranet:igloo:c2"][:3] == ("reply", "igloo:u1", "intranet:igloo:c1")
    assert posts["intranet:igloo:c2"][3] == datetime(2026, 1, 10, 16, 0)  # 17:00+01:00
    assert posts["intranet:igloo:c3"][3] == datetime(2026, 1, 11, 16, 0)  # no offset: the feed's zone, UTC
    acts = sorted(con.execute(
        "SELECT kind, src_account_id, dst_account_id, post_id FROM stg_interactions WHERE platform = 'intranet'").fetchall())
    assert acts == sorted([
        ("recognition", "igloo:u1", "igloo:u2", "intranet:igloo:100"),  # "thanks Bob", mentions u2
        ("mention", "igloo:u2", "igloo:u4", "intranet:igloo:101"),  # @Dan@Example.com -> Dan's account
        ("reply", "igloo:u2", "igloo:u1", "intranet:igloo:c1"),
        ("reply", "igloo:u1", "igloo:u2", "intranet:igloo:c2"),
        ("reaction", "igloo:u2", "igloo:u1", "intranet:igloo:100"),
        ("reaction", "igloo:u4", "igloo:u1", "intranet:igloo:100"),
        ("reaction", "igloo:u1", "igloo:u2", "intranet:igloo:101"),
    ])
    # c3 answers Carol's post, which was never stored: no reply edge toward her; the reaction to
    # post 999 (in no file) has no target either


def test_people_are_matched_by_email(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    links = sorted(con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'intranet'").fetchall())
    # Alice's export email is Alice.Smith@Example.COM; Dan's account id comes from his own rows
    assert links == [("igloo:u1", "E1", "email"), ("igloo:u2", "E2", "email"), ("igloo:u4", "E4", "email")]
    names = dict(con.execute("SELECT account_id, display_name FROM stg_accounts WHERE platform = 'intranet'").fetchall())
    assert names["igloo:u1"] == "Alice Smith"


def test_private_rows_never_reach_any_table(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything
    assert "Leadership" not in everything


def test_opted_out_employee_is_never_stored(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert "carol's own words" not in everything and "carol's comment" not in everything
    assert con.execute("SELECT count(*) FROM raw_intranet_csv_rows WHERE account_id = 'igloo:u3'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM stg_identity WHERE employee_id = 'E3'").fetchall() == [(0,)]


def test_opt_out_after_loading_purges_the_rows(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    assert con.execute("SELECT count(*) FROM raw_intranet_csv_rows WHERE account_id = 'igloo:u4'").fetchall()[0][0] > 0
    con.close()
    rows = [dict(r, opt_out="yes") if r["employee_id"] == "E4" else r for r in DIRECTORY]
    write_directory(igloo, rows)
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    assert con.execute("SELECT count(*) FROM raw_intranet_csv_rows WHERE account_id = 'igloo:u4'").fetchall() == [(0,)]
    assert "Answering Carol's post" not in text_values(con)


def test_wrong_headers_are_rejected_naming_them_while_other_files_load(igloo, tmp_path):
    bad = csv_bytes(["Comment ID", "Object ID", "Body", "Author ID", "Author Email", "Created"], COMMENTS[:1])
    (igloo / "intranet_csv" / "igloo" / "comments-2.csv").write_bytes(bad)
    ctx, con, summary = run_ingest(igloo, tmp_path)
    got = outcomes(summary)
    failed = got["intranet_csv/igloo/comments-2.csv"]
    assert failed.status == "failed"
    assert "missing column(s) 'Comment'" in failed.error and "feed 'igloo' (files 'igloo/comments*.csv')" in failed.error
    assert "found: Comment ID, Object ID, Body" in failed.error and "\n" not in failed.error
    assert got["intranet_csv/igloo/comments.csv"].status == "loaded"
    assert con.execute("SELECT status FROM manifest WHERE path = 'intranet_csv/igloo/comments-2.csv'").fetchall() == [("failed",)]


def test_a_file_no_feed_matches_fails_with_the_fix_and_without_feeds_nothing_is_read(igloo, tmp_path):
    (igloo / "intranet_csv" / "notes.csv").write_text("a,b\n1,2\n")
    ctx, con, summary = run_ingest(igloo, tmp_path)
    assert "no [[intranet_csv.feeds]] entry matches 'notes.csv'" in outcomes(summary)["intranet_csv/notes.csv"].error
    con.close()
    (igloo / "ambassador.toml").write_text("")
    ctx, con, summary = run_ingest(igloo, tmp_path / "empty")
    assert {f.status for f in outcomes(summary).values()} == {"failed"}
    assert con.execute("SELECT count(*) FROM raw_intranet_csv_rows").fetchall() == [(0,)]


def test_reload_is_a_no_op(igloo, tmp_path):
    ctx, con, _ = run_ingest(igloo, tmp_path)
    resolve(con, ctx)
    tables = ("raw_intranet_csv_rows", "stg_posts", "stg_interactions", "stg_accounts", "quarantine")
    before = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    con.close()
    ctx, con, summary = run_ingest(igloo, tmp_path)
    assert {f.status for f in outcomes(summary).values()} == {"skipped"}
    resolve(con, ctx)
    assert {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables} == before


def test_overlapping_files_are_deduplicated_and_the_newer_copy_wins(igloo, tmp_path):
    # a second export, under a name with glob characters, repeats post 101 (edited) and adds 107
    later = [post("101", "Customer visit notes", "edited after the visit", BOB, "01/11/2026 02:30 PM"),
             post("107", "Night shift", "new in the second export", DAN, "01/20/2026 08:00 PM")]
    (igloo / "intranet_csv" / "igloo" / "posts [2]*.csv").write_bytes(csv_bytes(POSTS_HEADER, later))
    ctx, con, summary = run_ingest(igloo, tmp_path)
    assert outcomes(summary)["intranet_csv/igloo/posts [2]*.csv"].counts.rows_loaded == 2
    resolve(con, ctx)
    posts = dict(con.execute("SELECT post_id, text FROM stg_posts WHERE kind = 'post' AND platform = 'intranet'").fetchall())
    assert sorted(posts) == ["intranet:igloo:100", "intranet:igloo:101", "intranet:igloo:107"]
    assert posts["intranet:igloo:101"] == "Customer visit notes\n\nedited after the visit"
    # the glob characters in the file name never reached DuckDB: posts.csv was read once
    assert con.execute("SELECT count(*) FROM raw_intranet_csv_rows WHERE kind = 'post'").fetchall() == [(4,)]


def test_kind_column_html_and_semicolons(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    (data / "ambassador.toml").write_text(
        """[[intranet_csv.feeds]]
name = "kb"
files = "export.csv"
kind_column = "Type"
kind_values = { post = ["Blog Post", "Topic"], comment = ["Reply"], reaction = ["Like"] }
delimiter = ";"
encoding = "latin-1"
text_format = "html"
[intranet_csv.feeds.columns]
id = "ID"
parent_id = "Parent"
author_email = "Email"
created_at = "When"
text = "Body"
""", encoding="utf-8")
    rows = [
        ["ID", "Type", "Parent", "Email", "When", "Body"],
        ["1", "Blog Post", "", "bob@example.com", "2026-01-05T10:00:00Z", "<p>Caf\xe9 &amp; quay&nbsp;visit</p><p>Second<br/>line</p>"],
        ["2", "reply", "1", "dan@example.com", "2026-01-05T11:00:00Z", "<b>Nice</b>"],
        ["", "like", "1", "alice.smith@example.com", "2026-01-05T12:00:00Z", ""],
        ["3", "Event", "", "dan@example.com", "2026-01-05T13:00:00Z", "an unmapped kind"],
    ]
    (data / "intranet_csv").mkdir(parents=True)
    with (data / "intranet_csv" / "export.csv").open("w", encoding="latin-1", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    ctx, con, summary = run_ingest(data, tmp_path)
    c = outcomes(summary)["intranet_csv/export.csv"].counts
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined) == (4, 3, 1)
    assert con.execute("SELECT reason, raw FROM quarantine WHERE source = 'intranet_csv'").fetchall() == [
        ("kind 'Event' is not listed in the feed's kind_values", None)]
    resolve(con, ctx)
    posts = dict(con.execute("SELECT post_id, text FROM stg_posts WHERE platform = 'intranet'").fetchall())
    assert posts == {"intranet:kb:1": "Café & quay visit\nSecond\nline", "intranet:kb:2": "Nice"}
    acts = sorted(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())
    assert acts == [("reaction", "kb:alice.smith@example.com", "kb:bob@example.com"),
                    ("reply", "kb:dan@example.com", "kb:bob@example.com")]


# ---- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, message",
    [
        (("text = \"Content\"", "body = \"Content\""), "unknown column field(s) body (known: id, author_id"),
        (("kind = \"comment\"", "kind = \"reaction\"\nkind_column = \"Type\""), "set exactly one of kind"),
        (("id = \"Comment ID\"\n", ""), "columns must map id (for comments)"),
        (("parent_id = \"Object ID\"\ntext = \"Comment\"", "text = \"Comment\""), "columns must map parent_id (for comments)"),
        (("author_id = \"Member ID\"\nauthor_email = \"Member Email\"\n", ""), "columns must map author_id or author_email"),
        (("kind = \"reaction\"", "kind = \"share\""), "intranet_csv.feeds.2.kind"),
        (("files = \"igloo/posts*.csv\"", "files = \"../posts*.csv\""), "no '..', not absolute"),
        (("timezone = \"America/Toronto\"", "timezone = \"Mars/Olympus\""), "unknown time zone 'Mars/Olympus'"),
        (("name = \"igloo\"\nfiles = \"igloo/posts", "name = \"IGLOO KB\"\nfiles = \"igloo/posts"), "lower-case letters"),
        (("timestamp_format = \"%m/%d/%Y %I:%M %p\"", "timestamp_format = \"MM/DD/YYYY\""), "has no % directive"),
    ],
)
def test_settings_errors_name_the_feed_and_the_problem(tmp_path, change, message):
    old, new = change
    assert old in MAPPING
    (tmp_path / "ambassador.toml").write_text(MAPPING.replace(old, new, 1))
    with pytest.raises(InputError) as err:
        load_settings(tmp_path)
    text = str(err.value)
    assert message in text and "ambassador.toml" in text and "\n" not in text


def test_settings_parse_the_documented_example(tmp_path):
    (tmp_path / "ambassador.toml").write_text(MAPPING)
    feeds = load_settings(tmp_path).intranet_csv.feeds
    assert [(f.name, f.kind, f.files) for f in feeds] == [
        ("igloo", "post", "igloo/posts*.csv"), ("igloo", "comment", "igloo/comments*.csv"),
        ("igloo", "reaction", "igloo/reactions*.csv")]
    assert feeds[0].headers()[:3] == ["Object ID", "Title", "Content"]
    (tmp_path / "none").mkdir()
    assert load_settings(tmp_path / "none").intranet_csv.feeds == []  # no settings file: no feeds


# ---- the sample company ---------------------------------------------------------------------------


def test_sample_export_loads_as_the_writer_counted(tmp_path):
    from ambassador.sample.company import build_company
    from ambassador.sample.documents import write_documents
    from ambassador.sample.intranet_csv import mapping_toml, write_intranet_csv

    company = build_company(40, 30, 3, date(2026, 11, 1))
    data = tmp_path / "data"
    write_documents(company, data, 30)
    with (data / "ambassador.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + mapping_toml())
    counts = write_intranet_csv(company, data / "intranet_csv")
    again = write_intranet_csv(company, tmp_path / "again")
    for f in sorted((data / "intranet_csv").rglob("*.csv")):  # same arguments, same bytes
        assert f.read_bytes() == (tmp_path / "again" / f.relative_to(data / "intranet_csv")).read_bytes()
    assert again == counts
    assert counts["bytes"] < 150_000

    ctx, con, summary = run_ingest(data, tmp_path)
    got = outcomes(summary)
    assert {f.status for f in got.values()} == {"loaded"}, [f.error for f in got.values()]
    by_kind = {}
    for path, f in got.items():
        kind = Path(path).stem
        by_kind[kind] = f.counts
    for kind in ("posts", "comments", "reactions"):
        c = by_kind[kind]
        assert c.rows_in == counts[kind]["rows"]
        assert c.rows_excluded == counts[kind]["private"] + counts[kind]["opted_out"]
        assert c.rows_quarantined == 0 and c.rows_duplicate == 0
        assert c.rows_loaded == counts[kind]["rows"] - c.rows_excluded
    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'intranet' GROUP BY 1").fetchall())
    assert kinds == {"post": by_kind["posts"].rows_loaded, "reply": by_kind["comments"].rows_loaded}
    assert CANARY not in text_values(con)
    # every author is a directory employee with an email: every account links (opted-out ones excluded)
    report = con.execute("SELECT status, count(*) FROM identity_report WHERE platform = 'intranet' AND status <> 'matched' GROUP BY 1").fetchall()
    assert [s for s, _ in report] in ([], ["excluded"])
    linked = con.execute("SELECT count(*) FROM stg_identity WHERE platform = 'intranet'").fetchall()[0][0]
    assert linked == counts["linked_people"]
    assert counts["posts"]["private"] >= 1  # the restricted space is exercised
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'intranet' GROUP BY 1").fetchall())
    assert acts.get("reply", 0) > 0 and acts.get("reaction", 0) > 0
    shutil.rmtree(tmp_path / "again")

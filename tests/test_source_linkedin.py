"""LinkedIn member data exports: documented-format fixtures written here (no real files).

Each fixture follows research/export_formats.md section 8: the 2025 header
``Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility``, backslash-escaped quotes in
the 2025 Comments.csv, the ``""line""`` quirk of multi-line ShareCommentary, 2021's
``SharedURL``/``MediaURL`` and unquoted newlines in Comments.csv, 2018's UTF-16LE TSV, and
suffixed file names nested in a folder.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from builders import text_values, write_directory, write_files, write_zip

from ambassador import directory, warehouse
from ambassador.ingest import ingest, load_export
from ambassador.settings import load_settings
from ambassador.sources.linkedin import LinkedInSource, fix_commentary, normalize
from ambassador.untrusted import open_export

SOURCE = LinkedInSource()
CANARY = "CANARY-connections-only-7f3a"
CANARY2 = "CANARY-connections-2018-91bc"
SHARE_HEADER_2025 = ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]


# ---- helpers ----------------------------------------------------------------------------


def connect(tmp_path: Path, data: Path, people: list[dict] | None = None):
    write_directory(data, people or [{"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com"}])
    settings = load_settings(data, warehouse=tmp_path / "w.duckdb")
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    directory.load_directory(con, settings, "t")
    directory.build_people(con)
    return settings, con


def load(con, settings, path: Path):
    return load_export(con, SOURCE, path, settings, "t")


def model(con, name: str, sha: str | None = None) -> str:
    if name in SOURCE.stg_models.values():
        for current in SOURCE.current_models:
            warehouse.materialize_temp(con, "stg", current)
    text = warehouse.sql_text("stg", name)
    con.execute(f"CREATE OR REPLACE TEMP TABLE m_{name} AS {text}", {"sha": sha} if "$sha" in text else None)
    return f"m_{name}"


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def share_link(kind: str, n: int) -> str:
    return f"https://www.linkedin.com/feed/update/urn%3Ali%3A{kind}%3A{n}"


def quirky(lines: list[str]) -> str:
    """A multi-line ShareCommentary as LinkedIn writes it: each line wrapped as ``""line""``.

    Returned decoded (csv.writer doubles the quotes again), shaped like the documented value
    ``'I\'m off…program."\n""\n"𝗪𝗛𝗔𝗧? …'``: no quote before the first line or after the last.
    """
    return '"\n"'.join(lines)


def profile_csv(first: str, last: str, twitter: str = "", websites: str = "") -> bytes:
    header = ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
              "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"]
    return csv_text(header, [[first, last, "", "", "Jun 20", "Engineer", "", "Lighting", "", "Oslo", twitter, websites, ""]]).encode()


# The 2025 fixture of Ann's export: every share as a dict (the oracle reads these).
ANN_SHARES = [
    {"Date": "2025-07-01 14:33:22", "ShareLink": share_link("share", 101), "ShareCommentary": "Proud of our lighthouse team! Thanks everyone",
     "SharedUrl": "", "MediaUrl": "", "Visibility": "PUBLIC"},
    {"Date": "2025-07-02 09:00:00", "ShareLink": share_link("ugcPost", 102), "ShareCommentary": quirky(["I'm off to the program.", "", "WHAT? A new role"]),
     "SharedUrl": "", "MediaUrl": "https://media.example/1.jpg", "Visibility": "PUBLIC"},
    {"Date": "2025-07-03 10:00:00", "ShareLink": share_link("share", 103), "ShareCommentary": "",
     "SharedUrl": share_link("ugcPost", 201), "MediaUrl": "", "Visibility": "PUBLIC"},
    {"Date": "2025-07-04 11:00:00", "ShareLink": share_link("share", 104), "ShareCommentary": f"for my network only {CANARY}",
     "SharedUrl": "", "MediaUrl": "", "Visibility": "MEMBER_NETWORK"},
    {"Date": "2025-07-05 12:00:00", "ShareLink": share_link("share", 105), "ShareCommentary": f"also private {CANARY}",
     "SharedUrl": "", "MediaUrl": "", "Visibility": "CONNECTIONS"},
    {"Date": "yesterday", "ShareLink": share_link("share", 106), "ShareCommentary": "bad date",
     "SharedUrl": "", "MediaUrl": "", "Visibility": "PUBLIC"},
]
# 2025 Comments.csv with backslash-escaped quotes, one quoted multi-line message
ANN_COMMENTS_2025 = (
    'Date,Link,Message\n'
    '"2025-07-06 08:00:00","https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A201","Bob, this is \\"great\\" news"\n'
    '"2025-07-07 08:00:00","https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A999","Two lines\nsecond line"\n'
)
ANN_REACTIONS = (
    "Date,Type,Link\n"
    "2025-07-08 08:00:00,LIKE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A201\n"
    "2025-07-08 09:00:00,PRAISE,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7?commentUrn=urn%3Ali%3Acomment%3A%28activity%3A7%2C8%29\n"
    "2025-07-08 10:00:00,EMPATHY,https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A8\n"
)


def ann_files(prefix: str = "Basic_LinkedInDataExport_07-10-2025/") -> dict[str, bytes]:
    return {
        f"{prefix}Profile.csv": profile_csv("Ann", "Example", "[ann_example]", "[COMPANY:https://northwind.example]"),
        f"{prefix}Shares_7789716.csv": csv_text(SHARE_HEADER_2025, [[s[h] for h in SHARE_HEADER_2025] for s in ANN_SHARES]).encode(),
        f"{prefix}Comments.csv": ANN_COMMENTS_2025.encode(),
        f"{prefix}Reactions.csv": ANN_REACTIONS.encode(),
        f"{prefix}messages.csv": f"CONVERSATION ID,FROM,CONTENT\n1,Ann,{CANARY}\n".encode(),
        f"{prefix}Connections.csv": b"Notes:\n\"privacy\"\n\nFirst Name,Last Name,URL\nBob,B,x\n",
    }


# Bob's 2025 export: his public share (ugcPost 201) that Ann reposted, and his comment whose
# Link names Ann's share 101. Ann's comment names activity 201, an urn no loaded share has
# (LinkedIn activity ids are not share ids), so it links to nobody. His profile lists his /in/ URL.
BOB_SHARES = [["2025-06-30 10:00:00", share_link("ugcPost", 201), "Launching the beacon", "", "", "PUBLIC"]]
BOB_COMMENTS = "Date,Link,Message\n2025-07-01 15:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A101,Thanks Ann!\n"


def bob_files() -> dict[str, bytes]:
    return {
        "Profile.csv": profile_csv("Bob", "Builder", "", "[PERSONAL:https://www.linkedin.com/in/bob-builder-42]"),
        "Shares.csv": csv_text(SHARE_HEADER_2025, BOB_SHARES).encode(),
        "Comments.csv": BOB_COMMENTS.encode(),
    }


PEOPLE = [
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com", "x_handle": "@Ann_Example"},
    {"employee_id": "E2", "full_name": "Bob Builder", "email": "bob@example.com",
     "linkedin_url": "https://www.linkedin.com/in/Bob-Builder-42/"},
    {"employee_id": "E3", "full_name": "Cat Nobody", "email": "cat@example.com"},
]


# ---- pure parsers -------------------------------------------------------------------------


def test_fix_commentary_undoes_the_line_quirk_only_when_present():
    assert fix_commentary('I\'m off…program."\n""\n"WHAT? now') == "I'm off…program.\n\nWHAT? now"
    assert fix_commentary('plain "quoted" word') == 'plain "quoted" word'
    assert fix_commentary('a "b"\nc') == 'a "b"\nc'


def test_every_generation_normalises_to_the_same_rows():
    rows = [["2021-03-01 10:00:00", share_link("share", 1), "Hello", "https://a.example", "", "PUBLIC"]]
    v2025 = csv_text(SHARE_HEADER_2025, rows).encode()
    v2021 = csv_text(["Date", "ShareLink", "ShareCommentary", "SharedURL", "MediaURL", "Visibility"], rows).encode()
    header_2018 = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary", "Shared URL", "Media URL", "Type", "Visibility"]
    v2018 = "\t".join(header_2018) + "\n" + "\t".join(
        ["2021/03/01 10:00:00 UTC", "", "", share_link("share", 1), "Hello", "https://a.example", "", "SHARE", "Public"]) + "\n"
    v2018 = v2018.encode("utf-16")  # Python writes the BOM, little-endian on every supported platform
    assert v2018[:2] == b"\xff\xfe"
    c25, r25, _ = normalize(v2025, "Shares")
    c21, r21, _ = normalize(v2021, "Shares")
    c18, r18, _ = normalize(v2018, "Shares")
    assert c25 == c21 == c18 == ["date", "share_link", "commentary", "shared_url", "media_url", "visibility", "row_no"]
    assert r25 == r21
    assert r18 == [["2021/03/01 10:00:00 UTC", share_link("share", 1), "Hello", "https://a.example", "", "Public", "0"]]


def test_2021_comments_with_unquoted_newlines_are_merged():
    text = (
        "Date,Link,Message\n"
        "2021-05-01 10:00:00,urn%3Ali%3Aactivity%3A1,First line\n"
        "continued here, with a comma\n"
        "2021-05-02 10:00:00,urn%3Ali%3Aactivity%3A2,Single\n"
    )
    cols, rows, bad = normalize(text.encode(), "Comments")
    assert cols == ["date", "link", "message", "row_no"] and bad == []
    assert [r[2] for r in rows] == ["First line\ncontinued here, with a comma", "Single"]


# ---- loading ------------------------------------------------------------------------------


def test_golden_export_counts_privacy_and_identity(tmp_path):
    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext

    data = tmp_path / "data"
    write_zip(data / "linkedin" / "ann.zip", ann_files())
    write_files(data / "linkedin" / "bob", bob_files())
    write_directory(data, PEOPLE)
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2025-08-01", run_id="r1")
    con = ctx.connect()
    ingest(con, ctx.settings, ctx.run_id)

    # plain-Python oracle over the fixture dicts
    public = [s for s in ANN_SHARES if s["Visibility"].upper() == "PUBLIC"]
    valid = [s for s in public if s["Date"][:4].isdigit()]
    ann_posts = {"post": sum(1 for s in valid if s["ShareCommentary"]), "reshare": sum(1 for s in valid if not s["ShareCommentary"]),
                 "reply": ANN_COMMENTS_2025.count("\n\"2025-")}
    ann_rows = len(ANN_SHARES) + ann_posts["reply"] + ANN_REACTIONS.count("\n2025-")
    manifest = dict(con.execute(
        "SELECT path, [rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded, members_skipped] FROM manifest WHERE source = 'linkedin'"
    ).fetchall())
    assert manifest["linkedin/ann.zip"] == [ann_rows, ann_rows - (len(ANN_SHARES) - len(public)) - (len(public) - len(valid)),
                                           len(public) - len(valid), 0, len(ANN_SHARES) - len(public), 2]
    assert manifest["linkedin/bob"] == [2, 2, 0, 0, 0, 0]
    assert con.execute("SELECT member, record, reason FROM quarantine WHERE source = 'linkedin'").fetchall() == [
        ("Basic_LinkedInDataExport_07-10-2025/Shares_7789716.csv", 5, "Date not like 2025-07-01 14:33:22 or 2017/06/08 08:15:44 UTC")]
    assert con.execute("SELECT count(*) FROM raw_linkedin_reactions").fetchall() == [(3,)]

    resolve(con, ctx)
    by_kind = dict(con.execute(
        "SELECT kind, count(*) FROM stg_posts WHERE platform = 'linkedin' AND account_id = 'x:ann_example' GROUP BY 1").fetchall())
    assert by_kind == ann_posts
    assert con.execute("SELECT DISTINCT context FROM stg_posts WHERE platform = 'linkedin'").fetchall() == [("public",)]
    texts = dict(con.execute("SELECT post_id, text FROM stg_posts WHERE platform = 'linkedin'").fetchall())
    assert texts["linkedin:urn:li:ugcPost:102"] == "I'm off to the program.\n\nWHAT? A new role"
    assert 'Bob, this is "great" news' in texts.values()
    assert "Two lines\nsecond line" in texts.values()
    # Bob commented on Ann's share 101 (reply); Ann reposted Bob's ugcPost 201 (reshare); Ann's
    # comment on activity 201 names no loaded share, so it is a reply post without an interaction
    inter = con.execute(
        "SELECT kind, src_account_id, dst_account_id FROM stg_interactions WHERE platform = 'linkedin' ORDER BY 1, 2").fetchall()
    assert inter == [("reply", "in:bob-builder-42", "x:ann_example"), ("reshare", "x:ann_example", "in:bob-builder-42")]
    links = con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'linkedin' ORDER BY 2").fetchall()
    assert links == [("x:ann_example", "E1", "profile_handle"), ("in:bob-builder-42", "E2", "declared_handle")]
    # privacy: connections-only shares and never-read files leave no trace in any table
    assert CANARY not in text_values(con)


def test_unmatched_owner_stays_unlinked(tmp_path):
    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext

    data = tmp_path / "data"
    files = ann_files()
    files["Basic_LinkedInDataExport_07-10-2025/Profile.csv"] = profile_csv("Zed", "Unknown")
    write_files(data / "linkedin" / "zed", files)
    write_directory(data, PEOPLE)
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2025-08-01", run_id="r1")
    con = ctx.connect()
    ingest(con, ctx.settings, ctx.run_id)
    resolve(con, ctx)
    assert con.execute("SELECT count(*) FROM stg_identity WHERE platform = 'linkedin'").fetchall() == [(0,)]
    assert con.execute("SELECT status FROM identity_report WHERE platform = 'linkedin'").fetchall() != []
    assert con.execute("SELECT DISTINCT account_id FROM stg_posts WHERE platform = 'linkedin'").fetchall() == [("name:zed unknown",)]


def test_opted_out_owner_stores_nothing(tmp_path):
    data = tmp_path / "data"
    write_files(data / "linkedin" / "ann", ann_files())
    people = [dict(PEOPLE[0], opt_out="yes")]
    settings, con = connect(tmp_path, data, people)
    outcome = load(con, settings, data / "linkedin" / "ann")
    assert outcome.status == "loaded", outcome.error
    c = outcome.counts
    total = len(ANN_SHARES) + 2 + 3  # shares, comments, reactions of the fixture
    assert (c.rows_in, c.rows_loaded, c.rows_excluded, c.rows_quarantined) == (total, 0, total, 0)
    for table in SOURCE.raw_tables + ("quarantine",):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)], table
    values = text_values(con)
    assert "lighthouse team" not in values and "northwind.example" not in values and CANARY not in values


def test_reload_is_a_no_op_and_folder_equals_zip(tmp_path):
    data = tmp_path / "data"
    write_files(data / "linkedin" / "folder", ann_files())
    write_zip(data / "linkedin" / "packed.zip", ann_files())
    settings, con = connect(tmp_path, data)
    first = load(con, settings, data / "linkedin" / "folder")
    again = load(con, settings, data / "linkedin" / "folder")
    assert first.status == "loaded" and again.status == "skipped"
    zipped = load(con, settings, data / "linkedin" / "packed.zip")
    assert zipped.status == "loaded" and zipped.counts == first.counts
    for table in SOURCE.raw_tables:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND column_name <> '_file_sha256' ORDER BY column_index",
            {"t": table}).fetchall()]
        sel = ", ".join(cols)
        shas = [s for (s,) in con.execute(f"SELECT DISTINCT _file_sha256 FROM {table} ORDER BY 1").fetchall()]
        assert len(shas) == 2, table
        a, b = (sorted(con.execute(f"SELECT {sel} FROM {table} WHERE _file_sha256 = $s", {"s": s}).fetchall(), key=repr) for s in shas)
        assert a == b, table
    # the two overlapping exports of one owner give each post once
    posts = model(con, "posts_linkedin")
    # oracle: the fixture's public shares with a valid date, plus its comments
    expected = sum(1 for s in ANN_SHARES if s["Visibility"] == "PUBLIC" and s["Date"][:4].isdigit()) + ANN_COMMENTS_2025.count("\n\"2025-")
    assert con.execute(f"SELECT count(*), count(DISTINCT post_id) FROM {posts}").fetchall() == [(expected, expected)]


def test_2021_and_2018_exports_load(tmp_path):
    data = tmp_path / "data"
    shares_2021 = csv_text(["Date", "ShareLink", "ShareCommentary", "SharedURL", "MediaURL", "Visibility"], [
        ["2021-03-01 10:00:00", share_link("share", 11), "Spring", "", "", "PUBLIC"],
        ["2021-03-02 10:00:00", share_link("share", 12), f"net {CANARY}", "", "", "MEMBER_NETWORK"],
    ]).encode()
    comments_2021 = ("Date,Link,Message\n2021-03-03 10:00:00,urn%3Ali%3Aactivity%3A5,Line one\nline two\n"
                     "2021-03-04 10:00:00,urn%3Ali%3Aactivity%3A6,Short\n").encode()
    header_2018 = ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary", "Shared URL", "Media URL", "Type", "Visibility"]
    shares_2018 = ("\t".join(header_2018) + "\n"
                   + "\t".join(["2017/06/08 08:15:44 UTC", "", "", share_link("share", 21), "Old news", "", "", "SHARE", "Public"]) + "\n"
                   + "\t".join(["2017/06/09 08:15:44 UTC", "", "", share_link("share", 22), CANARY2, "", "", "SHARE", "Connections"]) + "\n"
                   ).encode("utf-16")
    profile_2018 = ("First Name\tLast Name\tTwitter Handles\tWebsites\n"
                    "Ann\tExample\tann_example\tPERSONAL:https://www.linkedin.com/in/ann-example\n").encode("utf-16")
    write_files(data / "linkedin" / "e2021", {"Profile.csv": profile_csv("Ann", "Example", "[ann_example]"),
                                              "Shares.csv": shares_2021, "Comments.csv": comments_2021})
    write_files(data / "linkedin" / "e2018", {"Profile.csv": profile_2018, "Shares.csv": shares_2018})
    settings, con = connect(tmp_path, data)
    o21 = load(con, settings, data / "linkedin" / "e2021")
    o18 = load(con, settings, data / "linkedin" / "e2018")
    assert o21.status == o18.status == "loaded", (o21.error, o18.error)
    assert (o21.counts.rows_in, o21.counts.rows_loaded, o21.counts.rows_excluded) == (4, 3, 1)
    assert (o18.counts.rows_in, o18.counts.rows_loaded, o18.counts.rows_excluded) == (2, 1, 1)
    assert con.execute("SELECT account_id, profile_url FROM raw_linkedin_profile ORDER BY 1").fetchall() == [
        ("in:ann-example", "https://www.linkedin.com/in/ann-example"), ("x:ann_example", None)]
    posts = model(con, "posts_linkedin")
    got = con.execute(f"SELECT kind, text, created_at::VARCHAR FROM {posts} ORDER BY created_at").fetchall()
    assert got == [("post", "Old news", "2017-06-08 08:15:44"), ("post", "Spring", "2021-03-01 10:00:00"),
                   ("reply", "Line one\nline two", "2021-03-03 10:00:00"), ("reply", "Short", "2021-03-04 10:00:00")]
    accounts = model(con, "accounts_linkedin")
    assert con.execute(f"SELECT account_id, handle, declared_handles FROM {accounts} ORDER BY 1").fetchall() == [
        ("in:ann-example", "ann-example", ["x:ann_example", "linkedin:ann-example"]),
        ("x:ann_example", None, ["x:ann_example"]),
    ]
    values = text_values(con)
    assert CANARY not in values and CANARY2 not in values


def test_plan_reads_only_the_four_files_and_rejects_other_folders(tmp_path):
    root = write_files(tmp_path / "ann", ann_files())
    plan = SOURCE.plan(open_export(root, load_settings(tmp_path).limits))
    assert sorted(m.split("/")[-1] for m in plan.members) == ["Comments.csv", "Profile.csv", "Reactions.csv", "Shares_7789716.csv"]
    assert plan.skipped == 2
    other = write_files(tmp_path / "other", {"notes.txt": b"hello"})
    import pytest

    from ambassador.errors import RejectedFile
    with pytest.raises(RejectedFile):
        SOURCE.plan(open_export(other, load_settings(tmp_path).limits))


def test_malformed_rows_are_quarantined_and_share_text_never_kept(tmp_path):
    data = tmp_path / "data"
    shares = csv_text(SHARE_HEADER_2025, [
        ["2025-07-01 14:33:22", share_link("share", 1), "Fine", "", "", "PUBLIC"],
        ["2025-07-02 14:33:22", share_link("share", 2), f"too many {CANARY}", "", "", "PUBLIC", "extra"],
    ]).encode()
    comments = ("Date,Link,Message\n2025-07-03 10:00:00,urn%3Ali%3Aactivity%3A5\n"
                "2025-07-04 10:00:00,urn%3Ali%3Aactivity%3A6,Fine comment\n").encode()
    write_files(data / "linkedin" / "e", {"Profile.csv": profile_csv("Ann", "Example", "[ann_example]"), "Shares.csv": shares,
                                          "Comments.csv": comments, "Reactions.csv": b"Date,Type,Link\n"})
    settings, con = connect(tmp_path, data)
    out = load(con, settings, data / "linkedin" / "e")
    assert out.status == "loaded", out.error
    assert (out.counts.rows_in, out.counts.rows_loaded, out.counts.rows_quarantined) == (4, 2, 2)
    q = con.execute("SELECT member, record, raw FROM quarantine WHERE source = 'linkedin' ORDER BY member").fetchall()
    assert q == [("Comments.csv", 0, "2025-07-03 10:00:00,urn%3Ali%3Aactivity%3A5"), ("Shares.csv", 1, None)]
    assert CANARY not in text_values(con)


def test_file_without_visibility_is_rejected(tmp_path):
    data = tmp_path / "data"
    shares = csv_text(["Date", "ShareLink", "ShareCommentary"], [["2025-07-01 14:33:22", share_link("share", 1), "x"]]).encode()
    write_files(data / "linkedin" / "e", {"Profile.csv": profile_csv("Ann", "Example"), "Shares.csv": shares})
    settings, con = connect(tmp_path, data)
    out = load(con, settings, data / "linkedin" / "e")
    assert out.status == "failed" and "visibility" in out.error
    assert con.execute("SELECT count(*) FROM raw_linkedin_profile").fetchall() == [(0,)]


def test_sample_writer_is_deterministic_and_loads_without_private_text(tmp_path):
    from datetime import date

    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext
    from ambassador.sample.company import build_company
    from ambassador.sample.documents import directory_csv
    from ambassador.sample.linkedin import write_linkedin_exports
    from ambassador.sample.slack_workspace import CANARY as SAMPLE_CANARY

    company = build_company(40, 60, 7, date(2026, 11, 1))
    data = tmp_path / "data"
    counts = write_linkedin_exports(company, data / "linkedin")
    again = write_linkedin_exports(build_company(40, 60, 7, date(2026, 11, 1)), tmp_path / "again")
    assert counts == again and counts["linkedin_exports"] == sum(1 for p in company.people if p.linkedin and p.linkedin_export) > 0
    for z in sorted((data / "linkedin").iterdir()):
        assert z.read_bytes() == (tmp_path / "again" / z.name).read_bytes()
    (data / "directory").mkdir(parents=True)
    (data / "directory" / "employees.csv").write_bytes(directory_csv(company))
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2026-11-01", run_id="r1")
    con = ctx.connect()
    ingest(con, ctx.settings, ctx.run_id)
    resolve(con, ctx)
    failed = con.execute("SELECT path, error FROM manifest WHERE source = 'linkedin' AND status <> 'loaded'").fetchall()
    assert failed == []
    # every non-opted-out donor who declared it is linked by the directory's linkedin_url; opted-out owners store nothing
    expected = sorted(p.employee_id for p in company.people if p.linkedin_export and p.linkedin_typed and not p.opt_out)
    linked = sorted(e for (e,) in con.execute("SELECT employee_id FROM stg_identity WHERE platform = 'linkedin'").fetchall())
    assert linked == expected
    # oracle: the writer's public originals of owners who did not opt out (posts with text)
    from ambassador.sample.linkedin import public_shares

    owners = [p for p in company.people if p.linkedin and p.linkedin_export]
    originals = public_shares(company, owners)
    kept = sum(len(originals[p.idx]) for p in owners if not p.opt_out)
    assert con.execute("SELECT count(*) FROM stg_posts WHERE platform = 'linkedin' AND kind = 'post'").fetchall() == [(kept,)]
    assert SAMPLE_CANARY not in text_values(con)

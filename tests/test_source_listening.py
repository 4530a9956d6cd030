"""Social-listening CSV exports: one fixture per vendor preset, with each vendor's quirks.

Fixtures (``tests/fixtures/listening/``), written with the headers the research notes give
(``/work/shared/research/export_formats.md`` section 9):

* ``brandwatch_mentions.csv``: UTF-8 with BOM, six preamble rows before the header row
  (Brandwatch UI exports), title-cased mention fields (the CSV spellings are unverified),
  a multi-line formula-looking cell, a bad date, a duplicate row, a malformed row (one cell
  too many), a row without author, an opted-out author and a mention of her;
* ``meltwater_mentions.csv``: UTF-16 LE tab-separated, the 37-column header seen in scripts
  that process Meltwater exports, separate Date and Time columns, a multi-line cell, an X row
  with a Tweet Id and no URL;
* ``talkwalker_mentions.csv``: document fields as columns (unverified), an X row without url
  or title, an ISO time with a +01:00 offset;
* ``sprout_listening.csv``: Sprout Social columns (unverified), quote and reply types.

Counts are checked against :func:`oracle`, a plain-Python reading of the same files.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from builders import run_ingest, table_dump, text_values, write_directory, write_files

from ambassador import warehouse
from ambassador.identity import resolve
from ambassador.settings import LISTENING_PRESETS, ListeningSettings
from ambassador.sources.listening import find_header

FIXTURES = Path(__file__).parent / "fixtures" / "listening"
FILES = ("brandwatch_mentions.csv", "meltwater_mentions.csv", "talkwalker_mentions.csv", "sprout_listening.csv")
CANARY = "CAROL-CANARY"

DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice@example.com", "x_handle": "@alice_nw",
     "bluesky_handle": "alice.bsky.social"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob@example.com",
     "bluesky_handle": "https://bsky.app/profile/bob.bsky.social"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "x_handle": "carol_nw", "opt_out": "yes"},
    {"employee_id": "E4", "full_name": "Dan Wu", "email": "dan@example.com", "mastodon_handle": "@dan@hachyderm.io",
     "linkedin_url": "https://www.linkedin.com/in/dan-wu-42"},
    {"employee_id": "E5", "full_name": "Erin Park", "email": "erin@example.com", "x_handle": "erin"},
]
OPTED_OUT_HANDLES = {"carol_nw"}

# ---- the oracle: the fixtures read with the csv module ---------------------------------------

# file -> (author headers, date headers, url header, id header, date formats)
ORACLE = {
    "brandwatch_mentions.csv": (["Author"], ["Date"], "Url", None, ["%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f%z"]),
    "meltwater_mentions.csv": (["Twitter Screen Name", "Influencer"], ["Date", "Time"], "URL", "Tweet Id", ["%d-%b-%Y %I:%M %p"]),
    "talkwalker_mentions.csv": (["extra_author_attributes.short_name"], ["published"], "url", None, ["%Y-%m-%dT%H:%M:%S%z"]),
    "sprout_listening.csv": (["Author Username"], ["Date"], "Link", None, ["%m/%d/%Y %I:%M %p"]),
}


def oracle(name: str) -> dict:
    """rows_in / loaded / quarantined / duplicate / excluded for a fixture, by plain Python.

    A row is malformed when its cell count differs from the header's; quarantined when it
    has no author and no author in its url, or its date does not parse; excluded when its
    author (or the url's) is an opted-out handle; a duplicate when its url or id was seen.
    """
    raw = (FIXTURES / name).read_bytes()
    text = raw.decode("utf-16") if raw.startswith(codecs.BOM_UTF16_LE) else raw.decode("utf-8-sig")
    delim = "\t" if "\t" in text.splitlines()[0] else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    authors, dates, url_h, id_h, formats = ORACLE[name]
    start = next(i for i, r in enumerate(rows) if set(authors[:1] + dates[:1]) <= set(r))
    header, body = rows[start], rows[start + 1:]
    counts = dict(rows_in=len(body), rows_loaded=0, rows_quarantined=0, rows_duplicate=0, rows_excluded=0)
    seen = set()
    for r in body:
        if len(r) != len(header):
            counts["rows_quarantined"] += 1
            continue
        row = dict(zip(header, r))
        url = row.get(url_h, "")
        url_author = re.match(r"https?://(?:x|twitter)\.com/(\w+)/status/", url)
        author = next((row[a].lstrip("@").lower() for a in authors if row.get(a)), None)
        author = url_author.group(1).lower() if url_author else author
        stamp = " ".join(row[d] for d in dates if row.get(d))
        parsed = [f for f in formats if _parses(stamp, f)]
        if author in OPTED_OUT_HANDLES:
            counts["rows_excluded"] += 1
        elif author is None or not parsed:
            counts["rows_quarantined"] += 1
        else:
            key = url or (id_h and row.get(id_h)) or (author, stamp, row.get("content"))
            counts["rows_duplicate" if key in seen else "rows_loaded"] += 1
            seen.add(key)
    return counts


def _parses(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


# ---- helpers --------------------------------------------------------------------------------


def make_data(tmp_path: Path, files=FILES, toml: str | None = None) -> Path:
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    for name in files:
        (data / "listening").mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, data / "listening" / name)
    if toml is not None:
        (data / "ambassador.toml").write_text(toml)
    return data


def counts_of(outcome) -> dict:
    c = outcome.counts
    return dict(rows_in=c.rows_in, rows_loaded=c.rows_loaded, rows_quarantined=c.rows_quarantined,
                rows_duplicate=c.rows_duplicate, rows_excluded=c.rows_excluded)


def listening(summary) -> dict:
    return {Path(f.path).name: f for f in summary.files if f.source == "listening"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listening")
    ctx, con, summary = run_ingest(make_data(tmp), tmp)
    resolve(con, ctx)
    yield con, summary
    con.close()


def rows(con, sql: str, params=None) -> list:
    return con.execute(sql, params).fetchall()


# ---- headers and presets --------------------------------------------------------------------


@pytest.mark.parametrize("name, preset, skip", [
    ("brandwatch_mentions.csv", "brandwatch", 6), ("meltwater_mentions.csv", "meltwater", 0),
    ("talkwalker_mentions.csv", "talkwalker", 0), ("sprout_listening.csv", "sprout", 0),
])
def test_each_fixture_is_recognised_by_its_preset(name, preset, skip):
    raw = (FIXTURES / name).read_bytes()
    text = raw.decode("utf-16") if raw.startswith(codecs.BOM_UTF16_LE) else raw.decode("utf-8-sig")
    found = find_header(text.split("\n"), ListeningSettings())
    assert found is not None and (found[0], found[2]) == (skip, preset)
    assert found[1] == ("\t" if preset == "meltwater" else ",")


def test_a_user_mapping_overrides_the_preset_header():
    s = ListeningSettings(preset="sprout", columns={"text": "Body"})
    assert s.mapping("sprout")["text"] == ("Body",)
    assert s.mapping("sprout")["author"] == LISTENING_PRESETS["sprout"]["author"]
    with pytest.raises(ValueError, match="needs columns for author, date"):
        ListeningSettings(preset="custom", columns={"text": "Body"})
    with pytest.raises(ValueError, match="unknown column field"):
        ListeningSettings(columns={"writer": "Body"})


# ---- golden loads ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_golden_counts_match_the_oracle(loaded, name):
    _, summary = loaded
    outcome = listening(summary)[name]
    assert outcome.status == "loaded", outcome.error
    assert counts_of(outcome) == oracle(name)
    assert outcome.counts.balanced()


def test_oracle_counts_are_the_expected_ones():
    # checked by reading brandwatch_mentions.csv: 12 rows after the header; the duplicate of
    # status 1001, Carol's row, and 'yesterday' / no author / one cell too many
    assert oracle("brandwatch_mentions.csv") == dict(rows_in=12, rows_loaded=7, rows_quarantined=3, rows_duplicate=1,
                                                     rows_excluded=1)


def test_quarantine_names_file_line_and_reason(loaded):
    con, _ = loaded
    got = rows(con, "SELECT member, record, reason FROM quarantine WHERE source = 'listening' ORDER BY record")
    assert [(m, r) for m, r, _ in got] == [("brandwatch_mentions.csv", 5), ("brandwatch_mentions.csv", 10),
                                           ("brandwatch_mentions.csv", 17)]
    reasons = [why for _, _, why in got]
    assert "date 'yesterday' is not a timestamp" in reasons[0]
    assert reasons[1].startswith("no author")
    # DuckDB's line number for the malformed row: 6 preamble lines + header + 9 rows + 1 = 17 (the
    # physical line is 18: DuckDB counts the row with a two-line cell as one line)
    assert reasons[2].startswith("malformed CSV row at line 17") and "TOO MANY COLUMNS" in reasons[2]


def test_platform_handle_kind_and_native_key_per_row(loaded):
    con, _ = loaded
    got = {r[0]: r[1:] for r in rows(con, """
        SELECT record_key, platform, account_id, kind, ref_handle FROM raw_listening_mentions
        WHERE _member = 'brandwatch_mentions.csv'""")}
    assert got["x:1001"] == ("x", "listening:x:alice_nw", "post", None)
    assert got["bluesky:bob.bsky.social/3lbobpost1"] == ("bluesky", "listening:bluesky:bob.bsky.social", "post", None)
    assert got["x:1002"] == ("x", "listening:x:fan_account", "reshare", "alice_nw")
    # a Mastodon author written bare ('dan'): the status url names the server
    assert got["mastodon:hachyderm.io/1004"] == ("mastodon", "listening:mastodon:dan@hachyderm.io", "post", None)
    assert got["news:url:https://news.example.com/2026/01/northwind-lamps"][:2] == ("news", "listening:news:jane reporter")


def test_stg_posts_columns(loaded):
    con, _ = loaded
    post = dict(zip(
        ("kind", "context", "permalink", "likes", "reshares", "replies", "mentions", "hashtags", "links", "text"),
        rows(con, """SELECT kind, context, permalink, likes, reshares, replies, mentions, hashtags, links, text
                     FROM stg_posts WHERE post_id = 'listening:x:1001'""")[0]))
    assert post["kind"] == "post" and post["context"] == "public"
    assert post["permalink"] == "https://x.com/alice_nw/status/1001"
    assert (post["mentions"], post["hashtags"]) == (["bob_nw", "erin"], ["lighthouse"])
    assert post["links"] == ["https://northwind.example/blog/dash"]  # text link = Expanded URLs; not the permalink
    assert "https://" not in post["text"] and post["text"].startswith("Proud of the #Lighthouse team")
    assert rows(con, "SELECT kind, ref_handle FROM stg_posts WHERE post_id = 'listening:x:1002'") == [("reshare", "alice_nw")]
    assert rows(con, "SELECT kind FROM stg_posts WHERE post_id = 'listening:x:5005'") == [("quote",)]
    assert rows(con, "SELECT kind, mentions FROM stg_posts WHERE post_id = 'listening:mastodon:hachyderm.io/1008'") == [
        ("reply", ["erin@mastodon.social"])]


def test_quirks_multiline_utf16_offsets_and_rows_without_url(loaded):
    con, _ = loaded
    [(text,)] = rows(con, "SELECT text FROM raw_listening_mentions WHERE record_key = 'x:2002'")
    assert text == "Night shift at the lighthouse lab.\nThanks to the whole crew! #NightShift"
    # Meltwater Date + Time joined; Talkwalker +01:00 converted to UTC
    assert rows(con, "SELECT created_at FROM raw_listening_mentions WHERE record_key = 'x:2002'") == [
        (datetime(2026, 1, 6, 19, 45),)]
    assert rows(con, "SELECT created_at FROM raw_listening_mentions WHERE account_id = 'listening:blog:lamp_blogger'") == [
        (datetime(2026, 1, 8, 8, 0),)]
    # Talkwalker X row without url or title: platform from source_type, no permalink
    assert rows(con, """SELECT platform, url, title FROM raw_listening_mentions
                        WHERE _member = 'talkwalker_mentions.csv' AND account_id = 'listening:x:erin'""") == [("x", None, None)]
    # Meltwater X row without URL: the Tweet Id is the native key
    assert rows(con, "SELECT account_id FROM raw_listening_mentions WHERE record_key = 'x:4004'") == [("listening:x:erin",)]


def test_formula_looking_cells_are_kept_as_text(loaded):
    con, _ = loaded
    [(text,)] = rows(con, "SELECT text FROM raw_listening_mentions WHERE record_key = 'mastodon:hachyderm.io/1004'")
    assert text == '=HYPERLINK("https://evil.example","click")\nsecond line about #Lighthouse'
    [(text,)] = rows(con, "SELECT text FROM stg_posts WHERE post_id = 'listening:x:5005'")
    assert text == "Quote: this is how we work =SUM(A1:A2)"


# ---- identity -------------------------------------------------------------------------------


def test_accounts_link_through_the_handle_declared_for_that_platform(loaded):
    con, _ = loaded
    links = {(p, a): (e, r) for p, a, e, r in rows(
        con, "SELECT platform, account_id, employee_id, rule FROM stg_identity WHERE account_id LIKE 'listening:%'")}
    assert links == {
        ("x", "listening:x:alice_nw"): ("E1", "declared_handle"),
        ("bluesky", "listening:bluesky:alice.bsky.social"): ("E1", "declared_handle"),
        ("bluesky", "listening:bluesky:bob.bsky.social"): ("E2", "declared_handle"),
        ("mastodon", "listening:mastodon:dan@hachyderm.io"): ("E4", "declared_handle"),
        ("linkedin", "listening:linkedin:dan-wu-42"): ("E4", "declared_handle"),
        ("x", "listening:x:erin"): ("E5", "declared_handle"),
    }
    # Erin declared 'erin' for X: the Mastodon account erin@mastodon.social is not hers by handle
    assert ("mastodon", "listening:mastodon:erin@mastodon.social") not in links
    unmatched = {a for (a,) in rows(con, "SELECT account_id FROM identity_report WHERE status = 'unmatched'")}
    assert {"listening:news:jane reporter", "listening:reddit:u/lampfan", "listening:blog:lamp_blogger",
            "listening:x:fan_account"} <= unmatched


def test_interactions_reach_employees_on_the_same_platform(loaded):
    con, _ = loaded
    got = set(rows(con, """SELECT platform, kind, replace(src_account_id, 'listening:', ''), replace(dst_account_id, 'listening:', '')
                          FROM stg_interactions WHERE post_id LIKE 'listening:%'"""))
    assert ("x", "recognition", "x:alice_nw", "x:erin") in got
    assert ("bluesky", "recognition", "bluesky:bob.bsky.social", "bluesky:alice.bsky.social") in got
    assert ("x", "reshare", "x:fan_account", "x:alice_nw") in got
    assert ("x", "mention", "x:erin", "x:alice_nw") in got
    # a reply whose text starts with the handle answered
    assert ("mastodon", "reply", "mastodon:dan@hachyderm.io", "mastodon:erin@mastodon.social") in got
    assert ("mastodon", "mention", "mastodon:dan@hachyderm.io", "mastodon:erin@mastodon.social") not in got
    # every act's ends are accounts of the same platform
    assert rows(con, """SELECT count(*) FROM stg_interactions i WHERE post_id LIKE 'listening:%' AND NOT EXISTS (
                        SELECT 1 FROM stg_accounts a WHERE a.platform = i.platform AND a.account_id = i.dst_account_id)""") == [(0,)]


# ---- privacy --------------------------------------------------------------------------------


def test_opted_out_author_stores_nothing_and_her_handle_is_redacted(loaded):
    con, summary = loaded
    assert listening(summary)["brandwatch_mentions.csv"].counts.rows_excluded == 1
    everything = text_values(con, skip={"raw_directory", "stg_people"}).lower()
    assert CANARY.lower() not in everything and "carol_nw" not in everything and "carol diaz" not in everything
    [(text,)] = rows(con, "SELECT text FROM raw_listening_mentions WHERE record_key = 'x:1006'")
    assert text == "Congrats @[opted-out] on the award!"


def test_author_who_opts_out_later_is_purged(tmp_path):
    data = make_data(tmp_path, files=("sprout_listening.csv",))
    ctx, con, _ = run_ingest(data, tmp_path)
    assert rows(con, "SELECT count(*) FROM raw_listening_mentions WHERE account_id = 'listening:x:alice_nw'") == [(1,)]
    con.close()
    people = [dict(p, opt_out="yes") if p["employee_id"] == "E1" else p for p in DIRECTORY]
    write_directory(data, people)
    ctx, con, _ = run_ingest(data, tmp_path)
    resolve(con, ctx)
    assert rows(con, "SELECT count(*) FROM raw_listening_mentions WHERE account_id = 'listening:x:alice_nw'") == [(0,)]
    assert "alice_nw" not in text_values(con, skip={"raw_directory", "stg_people"})
    con.close()


# ---- no double counting -----------------------------------------------------------------------


def x_archive(tweet_ids: list[str]) -> dict[str, bytes]:
    from test_source_x import account_js, js, manifest_js, tweet

    return {
        "data/manifest.js": manifest_js(["data/tweets.js"]),
        "data/account.js": account_js("100", "alice_nw", "alice@example.com"),
        "data/tweets.js": js("YTD.tweets.part0", [tweet(t, "Our lamps passed the storm test") for t in tweet_ids]),
    }


def test_a_post_the_platform_export_holds_is_not_counted_twice(tmp_path):
    data = make_data(tmp_path, files=("meltwater_mentions.csv",))
    write_files(data / "x" / "alice", x_archive(["3003"]))
    ctx, con, summary = run_ingest(data, tmp_path)
    assert all(f.status == "loaded" for f in summary.files), [f.error for f in summary.files]
    resolve(con, ctx)
    posts = {p for (p,) in rows(con, "SELECT post_id FROM stg_posts")}
    assert "x:3003" in posts and "listening:x:3003" not in posts
    assert {"listening:x:1001", "listening:x:2002"} <= posts
    con.close()


def test_native_keys_of_mastodon_and_bluesky_exports(tmp_path):
    data = make_data(tmp_path, files=("brandwatch_mentions.csv",))
    ctx, con, _ = run_ingest(data, tmp_path)
    # the platform exports' rows, as their sources store them (REST url / archive URI; feed uri)
    con.execute("""INSERT INTO raw_mastodon_statuses (account_id, id, url)
                   VALUES ('a', 'https://hachyderm.io/users/dan/statuses/1004', NULL)""")
    con.execute("""INSERT INTO raw_bluesky_feed (item_key, kind, uri, author_did, author_handle)
                   VALUES ('k', 'post', 'at://did:plc:bob/app.bsky.feed.post/3lbobpost1', 'did:plc:bob', 'bob.bsky.social')""")
    warehouse.materialize_temp(con, "stg", "listening_current")
    keys = {k for (k,) in rows(con, "SELECT record_key FROM listening_current")}
    assert "mastodon:hachyderm.io/1004" not in keys and "bluesky:bob.bsky.social/3lbobpost1" not in keys
    assert {"x:1001", "mastodon:mastodon.social/1007"} <= keys
    con.close()


def test_same_post_in_overlapping_exports_and_vendors_is_kept_once(loaded):
    con, _ = loaded
    # x:1001 is in Brandwatch and Meltwater; Bob's Bluesky post in Brandwatch and Talkwalker
    assert rows(con, "SELECT count(*) FROM raw_listening_mentions WHERE record_key IN ('x:1001', 'bluesky:bob.bsky.social/3lbobpost1')") == [(4,)]
    assert rows(con, "SELECT count(*) FROM stg_posts WHERE post_id IN ('listening:x:1001', 'listening:bluesky:bob.bsky.social/3lbobpost1')") == [(2,)]
    # the export holding the newest mentions wins: Sprout's (Jan 10) is not involved; Talkwalker's
    # newest is Jan 8 08:00 < Brandwatch's Jan 9, so Brandwatch's copy (likes 4) is kept
    assert rows(con, "SELECT likes FROM stg_posts WHERE post_id = 'listening:bluesky:bob.bsky.social/3lbobpost1'") == [(4,)]
    assert rows(con, "SELECT count(*) FROM stg_posts WHERE post_id LIKE 'listening:%'") == [(17,)]


def test_reload_is_a_no_op(tmp_path):
    data = make_data(tmp_path)
    ctx, con, _ = run_ingest(data, tmp_path)
    resolve(con, ctx)
    tables = ("raw_listening_mentions", "stg_posts", "stg_interactions", "stg_accounts", "quarantine")
    before = {t: table_dump(con, t) for t in tables}
    con.close()
    ctx, con, summary = run_ingest(data, tmp_path)
    assert {f.status for f in summary.files if f.source == "listening"} == {"skipped"}
    resolve(con, ctx)
    assert {t: table_dump(con, t) for t in tables} == before
    con.close()


# ---- headers that do not fit ------------------------------------------------------------------


def test_wrong_headers_reject_the_file_with_one_line_naming_the_fix(tmp_path):
    data = make_data(tmp_path, files=())
    (data / "listening" / "export.csv").parent.mkdir(parents=True, exist_ok=True)
    (data / "listening" / "export.csv").write_text("When,Who,Words\n2026-01-01,a,b\n")
    ctx, con, summary = run_ingest(data, tmp_path)
    outcome = listening(summary)["export.csv"]
    assert outcome.status == "failed"
    assert "\n" not in outcome.error and "'Full Text'" in outcome.error and "'Hit Sentence'" in outcome.error
    assert "[listening] columns" in outcome.error and "first line: 'When,Who,Words'" in outcome.error
    con.close()


def test_a_preset_that_does_not_fit_is_named_in_the_message(tmp_path):
    data = make_data(tmp_path, files=("sprout_listening.csv",), toml='[listening]\npreset = "meltwater"\n')
    ctx, con, summary = run_ingest(data, tmp_path)
    outcome = listening(summary)["sprout_listening.csv"]
    assert outcome.status == "failed" and "meltwater (author: 'Twitter Screen Name' or 'Influencer'" in outcome.error
    con.close()


def test_custom_mapping_reads_any_layout(tmp_path):
    toml = """[listening]
preset = "custom"
network = "x"
timestamp_format = "%d.%m.%Y %H:%M"
timezone = "Europe/Berlin"
columns = { author = "Who", date = "When", text = "Words", likes = "Hearts" }
"""
    data = make_data(tmp_path, files=(), toml=toml)
    (data / "listening").mkdir(parents=True)
    (data / "listening" / "export.csv").write_text("Who;When;Words;Hearts\n@Alice_NW;05.01.2026 11:00;Hello;1,204\n")
    ctx, con, summary = run_ingest(data, tmp_path)
    assert listening(summary)["export.csv"].status == "loaded", listening(summary)["export.csv"].error
    assert rows(con, "SELECT vendor, account_id, created_at, likes FROM raw_listening_mentions") == [
        ("custom", "listening:x:alice_nw", datetime(2026, 1, 5, 10, 0), 1204)]
    con.close()


# ---- the sample writer ---------------------------------------------------------------------


def test_sample_writer_counts_match_the_warehouse(tmp_path):
    from datetime import date

    from ambassador.sample.bluesky import write_bluesky_feeds
    from ambassador.sample.company import build_company
    from ambassador.sample.documents import write_documents
    from ambassador.sample.listening import write_listening
    from ambassador.sample.x_archive import write_x_archives

    data = tmp_path / "data"
    company = build_company(60, 30, 7, date(2026, 11, 1))
    write_documents(company, data, 30)
    write_x_archives(company, data / "x")
    write_bluesky_feeds(company, data / "bluesky")
    counts = write_listening(company, data / "listening")
    again = write_listening(build_company(60, 30, 7, date(2026, 11, 1)), tmp_path / "again")
    assert again == counts
    for name in ("brandwatch-mentions.csv", "meltwater-mentions.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (data / "listening" / name).read_bytes()
    assert counts["native"] > 0 and counts["in_both"] > 0 and counts["outsiders"] > 0 and counts["opted_out"] > 0

    ctx, con, summary = run_ingest(data, tmp_path, as_of="2026-11-01")
    files = listening(summary)
    assert {n: f.counts.rows_in for n, f in files.items()} == {
        "brandwatch-mentions.csv": counts["brandwatch_rows"], "meltwater-mentions.csv": counts["meltwater_rows"]}
    assert all(f.status == "loaded" and f.counts.rows_quarantined == 0 and f.counts.rows_duplicate == 0
               for f in files.values())
    assert sum(f.counts.rows_excluded for f in files.values()) == counts["opted_out_rows"]
    resolve(con, ctx)
    assert rows(con, "SELECT count(*) FROM stg_posts WHERE post_id LIKE 'listening:%'") == [(counts["expected_posts"],)]
    # every employee's account links; the outsiders' do not
    [(linked,)] = rows(con, """SELECT count(DISTINCT p.account_id) FROM stg_posts p JOIN stg_identity i USING (platform, account_id)
                               WHERE p.post_id LIKE 'listening:%'""")
    [(authors,)] = rows(con, "SELECT count(DISTINCT account_id) FROM stg_posts WHERE post_id LIKE 'listening:%'")
    from ambassador.sample.listening import OUTSIDERS

    assert linked == authors - len(OUTSIDERS)
    con.close()


def test_a_latin1_file_is_read_as_latin1(tmp_path):
    data = make_data(tmp_path, files=())
    (data / "listening").mkdir(parents=True)
    text = ("Date,Network,Author Username,Message,Link\n"
            "01/09/2026 3:15 PM,Twitter,erin,Café crème at the lighthouse,https://x.com/erin/status/7007\n")
    (data / "listening" / "sprout-excel.csv").write_bytes(text.encode("latin-1"))
    ctx, con, summary = run_ingest(data, tmp_path)
    assert listening(summary)["sprout-excel.csv"].status == "loaded", listening(summary)["sprout-excel.csv"].error
    assert rows(con, "SELECT text FROM raw_listening_mentions") == [("Café crème at the lighthouse",)]
    con.close()

"""X "Download your archive": the real 2026 archive and inline archives with every quirk."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from builders import write_directory, write_files, write_zip

from ambassador import directory, warehouse
from ambassador.errors import RejectedFile
from ambassador.ingest import ingest, load_export
from ambassador.settings import load_settings
from ambassador.sources.x_archive import (
    XArchiveSource,
    locate,
    parse_js_assignment,
    strip_to_array,
    tweet_part_files,
)
from ambassador.untrusted import open_export

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real" / "x-archive-2026" / "data"
OWNER_ID = "1964312974236991488"
SOURCE = XArchiveSource()

# ---- helpers ----------------------------------------------------------------------------


def connect(tmp_path: Path, data: Path, people: list[dict] | None = None):
    """A fresh warehouse for ``data``, with a directory loaded (one employee by default)."""
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
    """The rows of ``sql/stg/<name>.sql`` as a relation name usable in f-strings."""
    if name in SOURCE.stg_models.values():
        for current in SOURCE.current_models:  # what the resolve stage materialises first
            warehouse.materialize_temp(con, "stg", current)
    text = warehouse.sql_text("stg", name)
    con.execute(f"CREATE OR REPLACE TEMP TABLE m_{name} AS {text}", {"sha": sha} if "$sha" in text else None)
    return f"m_{name}"


def tweet(tid: str, text: str = "hello", created: str = "Fri Feb 20 09:10:58 +0000 2026", *, mentions=(), urls=(), **extra) -> dict:
    """A tweet object as the archive writes it (ids and counts are strings)."""
    t = {
        "id_str": tid,
        "id": tid,
        "created_at": created,
        "full_text": text,
        "favorite_count": "3",
        "retweet_count": "1",
        "lang": "en",
        "entities": {
            "hashtags": [],
            "user_mentions": [{"name": n.title(), "screen_name": n, "id_str": i, "id": i, "indices": ["0", "1"]} for n, i in mentions],
            "urls": [{"url": "https://t.co/x", "expanded_url": u, "display_url": u[8:], "indices": ["0", "1"]} for u in urls],
        },
    }
    t.update(extra)
    return t


def js(global_name: str, records: list, *, wrap: bool = True) -> bytes:
    body = json.dumps([{"tweet": r} for r in records] if wrap else records, indent=2)
    return f"window.{global_name} = {body}".encode()


def account_js(account_id: str = "100", username: str = "Ann_Example", email: str = "Ann@Example.com") -> bytes:
    acct = {"email": email, "createdVia": "web", "username": username, "accountId": account_id,
            "createdAt": "2020-01-01T00:00:00.000Z", "accountDisplayName": "Ann Example"}
    return f"window.YTD.account.part0 = {json.dumps([{'account': acct}], indent=2)}".encode()


def manifest_js(parts: list[str], data_type: str = "tweets") -> bytes:
    files = [{"fileName": p, "globalName": f"YTD.{data_type}.part{i}", "count": "1"} for i, p in enumerate(parts)]
    cfg = {"userInfo": {"accountId": "100", "userName": "Ann_Example", "displayName": "Ann Example"},
           "dataTypes": {data_type: {"files": files}, "deletedTweets": {"files": [{"fileName": "data/deleted-tweets.js"}]}}}
    return f"window.__THAR_CONFIG = {json.dumps(cfg, indent=2)}".encode()


def quarantine(con) -> list[tuple]:
    return con.execute("SELECT member, record, reason FROM quarantine WHERE source = 'x' ORDER BY member, record").fetchall()


# ---- pure parsers -------------------------------------------------------------------------


def test_parse_js_assignment_and_manifest_parts():
    assert parse_js_assignment(account_js(), "account.js")[0]["account"]["accountId"] == "100"
    cfg = parse_js_assignment(manifest_js(["data/tweets-part1.js", "data/tweets.js"]), "manifest.js")
    assert tweet_part_files(cfg) == ["data/tweets-part1.js", "data/tweets.js"]
    old = parse_js_assignment(manifest_js(["data/tweet.js"], data_type="tweet"), "manifest.js")
    assert tweet_part_files(old) == ["data/tweet.js"]
    with pytest.raises(RejectedFile):
        parse_js_assignment(b"window.YTD.account.part0 = [ {", "account.js")


def test_strip_to_array_streams_from_first_bracket(tmp_path):
    src, dst = tmp_path / "in.js", tmp_path / "out.json"
    src.write_bytes(b'window.YTD.tweets.part0 = [ {"a": "x[1]"} ];\n')
    assert strip_to_array(src, dst)
    assert json.loads(dst.read_bytes()) == [{"a": "x[1]"}]
    src.write_bytes(b"window.YTD.tweets.part0 = nothing")
    assert not strip_to_array(src, dst)


# ---- the real 2026 archive ----------------------------------------------------------------


def real_tweets() -> list[dict]:
    """tweets.js parsed with plain Python: the oracle for the golden numbers below."""
    text = (REAL / "tweets.js").read_text(encoding="utf-8")
    return [r["tweet"] for r in json.loads(text[text.index("[") :])]


@pytest.fixture(scope="module")
def real_loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("real")
    data = tmp / "data"
    shutil.copytree(REAL, data / "x" / "archive" / "data")
    settings, con = connect(tmp, data)
    outcome = load(con, settings, data / "x" / "archive")
    return con, outcome


def test_real_archive_golden_counts(real_loaded):
    con, outcome = real_loaded
    tweets = real_tweets()
    # Golden numbers, derived with plain Python over tweets.js (real_tweets above) and matching
    # research/export_formats.md section 5: 2,045 tweets (all distinct id_str); 1,793 with
    # in_reply_to_user_id but only 1,780 with in_reply_to_status_id (13 replies start with an
    # @mention and have no status id); 239 "RT @" retweets, 208 of them ending with "…".
    assert len(tweets) == 2045 and len({t["id_str"] for t in tweets}) == 2045
    assert outcome.status == "loaded", outcome.error
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded) == (2045, 2045, 0, 0, 0)
    # 10 files in the folder; only account.js, manifest.js and tweets.js are read
    assert c.members_skipped == 7
    row = con.execute(
        """SELECT count(*), count(in_reply_to_user_id), count(in_reply_to_status_id),
                  count(*) FILTER (WHERE in_reply_to_user_id IS NOT NULL AND in_reply_to_status_id IS NULL),
                  count(*) FILTER (WHERE full_text LIKE 'RT @%'),
                  count(*) FILTER (WHERE full_text LIKE 'RT @%' AND full_text LIKE '%…'),
                  count(*) FILTER (WHERE in_reply_to_user_id IS NOT NULL AND in_reply_to_screen_name IS NULL),
                  count(DISTINCT account_id), min(account_id)
           FROM raw_x_tweets"""
    ).fetchone()
    assert row == (2045, 1793, 1780, 13, 239, 208, 2, 1, OWNER_ID)
    assert con.execute("SELECT DISTINCT _member FROM raw_x_tweets").fetchall() == [("data/tweets.js",)]
    assert quarantine(con) == []
    # counts and ids stay strings, as exported
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'raw_x_tweets'").fetchall())
    assert types["id"] == types["favorite_count"] == types["retweet_count"] == "VARCHAR"


def test_real_archive_mentions_hashtags_links_and_ref_handles(real_loaded):
    """The brand-signal columns of stg_posts against a plain-Python reading of tweets.js."""
    import re

    con, _ = real_loaded
    posts = model(con, "posts_x")
    expected = {}
    for t in real_tweets():
        ents = t.get("entities") or {}
        urls = [u["expanded_url"] for u in ents.get("urls") or [] if u.get("expanded_url")]
        status = [u for u in urls if re.match(r"^https?://(www\.|mobile\.)?(twitter|x)\.com/\w{1,15}/status(es)?/\d+", u, re.I)]
        rt = re.match(r"^RT @(\w+):", t["full_text"])
        ref = rt.group(1).lower() if rt else (
            re.search(r"\.com/(\w{1,15})/status", status[0], re.I).group(1).lower() if status and not t.get("in_reply_to_user_id_str") else None
        )
        expected["x:" + t["id_str"]] = (
            sorted({m["screen_name"].lower() for m in ents.get("user_mentions") or []}),
            sorted({h["text"].lower() for h in ents.get("hashtags") or []}),
            urls,
            ref,
        )
    stored = {r[0]: tuple(r[1:]) for r in con.execute(f"SELECT post_id, mentions, hashtags, links, ref_handle FROM {posts}").fetchall()}
    assert stored == expected
    # the archive really exercises every column (counted from the oracle above)
    assert sum(1 for m, h, u, r in expected.values() if h) > 0
    assert sum(1 for m, h, u, r in expected.values() if u) > 0
    assert sum(1 for m, h, u, r in expected.values() if r) == 240  # 239 RTs + 1 quote


def test_real_archive_record_is_position_in_file(real_loaded):
    con, _ = real_loaded
    expected = {t["id_str"]: i for i, t in enumerate(real_tweets())}
    stored = dict(con.execute("SELECT id, _record FROM raw_x_tweets").fetchall())
    assert stored == expected


def test_real_archive_deleted_tweets_not_loaded(real_loaded):
    con, _ = real_loaded
    text = (REAL / "deleted-tweets.js").read_text(encoding="utf-8")
    deleted = {r["tweet"]["id_str"] for r in json.loads(text[text.index("[") :])}
    assert len(deleted) == 47  # counted with plain Python: 47 tweets in deleted-tweets.js
    ids = [r[0] for r in con.execute("SELECT id FROM raw_x_tweets").fetchall()]
    assert not deleted & set(ids)


def test_real_archive_owner(real_loaded):
    con, _ = real_loaded
    assert con.execute("SELECT account_id, username, display_name, email, created_at, _member, _record FROM raw_x_accounts").fetchall() == [
        (OWNER_ID, "milahu104", "Milan Hauth", "redacted@example.invalid", "2025-09-06T13:02:20.496Z", "data/account.js", 0)
    ]
    accounts = model(con, "accounts_x")
    assert con.execute(f"SELECT * FROM {accounts} WHERE account_id = $id", {"id": OWNER_ID}).fetchall() == [
        ("x", OWNER_ID, "milahu104", "Milan Hauth", "redacted@example.invalid", False, False, False, [])
    ]


def test_real_archive_stg_models(real_loaded):
    con, _ = real_loaded
    posts, inter, accounts = model(con, "posts_x"), model(con, "interactions_x"), model(con, "accounts_x")
    # post kinds, from plain Python over tweets.js: 239 RTs; 1,793 replies (none of them RTs);
    # of the 13 others, one links x.com/UnshadowedShow/status/… (a quote), 12 are plain posts.
    assert dict(con.execute(f"SELECT kind, count(*) FROM {posts} GROUP BY kind").fetchall()) == {
        "reshare": 239, "reply": 1793, "quote": 1, "post": 12,
    }
    assert con.execute(f"SELECT count(DISTINCT post_id), count(*) FROM {posts}").fetchone() == (2045, 2045)
    assert con.execute(f"SELECT count(parent_post_id) FROM {posts}").fetchone() == (1780,)
    # interactions, from plain Python: 1,793 replies minus 42 to the owner's own tweets = 1,751;
    # 239 RTs minus 66 of the owner's own tweets = 173; mentions outside RTs that are neither
    # the reply target, the owner nor the quoted user: 712, of which 6 carry a thank-you word
    # (is_recognition): 2 in an English "no thanks", 4 in three German tweets ("nee danke",
    # "dankbar" twice): the owner's sarcasm, which no word list can tell from thanks.
    assert dict(con.execute(f"SELECT kind, count(*) FROM {inter} GROUP BY kind").fetchall()) == {
        "reply": 1751, "reshare": 173, "quote": 1, "mention": 706, "recognition": 6,
    }
    assert con.execute(f"SELECT count(*) FROM {inter} WHERE src_account_id = dst_account_id").fetchone() == (0,)
    assert con.execute(f"SELECT count(*) FROM {inter} WHERE created_at IS NULL OR post_id NOT IN (SELECT post_id FROM {posts})").fetchone() == (0,)
    # accounts: the owner plus every distinct mention or reply target id = 1,088 (plain Python)
    assert con.execute(f"SELECT count(*), count(DISTINCT account_id) FROM {accounts}").fetchone() == (1088, 1088)
    # the quoted account is only known by the screen name in the URL, resolved through mentions
    quoted = con.execute(f"SELECT dst_account_id FROM {inter} WHERE kind = 'quote'").fetchone()[0]
    assert con.execute(f"SELECT handle FROM {accounts} WHERE account_id = $a", {"a": quoted}).fetchone() == ("unshadowedshow",)
    # the first tweet in the file, field by field
    first = con.execute(f"SELECT * FROM {posts} WHERE post_id = 'x:2029905358261502168'").fetchone()
    assert first == (
        "x:2029905358261502168", "x", OWNER_ID, "public", datetime(2026, 3, 6, 13, 2, 5), "reply",
        "x:2029903943413772741", "@SamaHoole", "https://x.com/milahu104/status/2029905358261502168", 0, 0,
        None, None, ["samahoole"], [], ["https://x.com/milahu104/status/2027739112069878026"], None,
    )
    # HTML entities decoded, links removed
    assert con.execute(f"SELECT count(*) FROM {posts} WHERE text LIKE '%&gt;%' OR text LIKE '%&amp;%' OR text LIKE '%https://%'").fetchone() == (0,)
    assert con.execute(f"SELECT count(*) FROM {posts} WHERE starts_with(text, $t)", {"t": "@SaveSpaceOracl\n> Sage mir"}).fetchone() == (1,)
    # the accounts model for this one archive ($sha, as at load time) gives the owner
    sha = con.execute("SELECT sha256 FROM manifest WHERE source = 'x'").fetchall()[0][0]
    assert con.execute(f"SELECT count(*) FROM {model(con, 'accounts_x', sha)} WHERE account_id = $o", {"o": OWNER_ID}).fetchall() == [(1,)]
    assert con.execute(f"SELECT count(*) FROM {model(con, 'accounts_x', 'other')}").fetchall() == [(0,)]


def test_real_archive_zipped_under_a_top_folder_and_reload_skipped(tmp_path):
    data = tmp_path / "data"
    files = {f"twitter-2026-03-06/data/{p.name}": p.read_bytes() for p in REAL.iterdir()}
    write_zip(data / "x" / "twitter-2026-03-06.zip", files)
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "twitter-2026-03-06.zip")
    assert outcome.status == "loaded", outcome.error
    assert (outcome.counts.rows_loaded, outcome.counts.members_skipped) == (2045, 7)
    assert con.execute("SELECT DISTINCT _member FROM raw_x_tweets").fetchall() == [("twitter-2026-03-06/data/tweets.js",)]
    again = load(con, settings, data / "x" / "twitter-2026-03-06.zip")
    assert again.status == "skipped"
    assert con.execute("SELECT count(*) FROM raw_x_tweets").fetchone() == (2045,)


def test_opted_out_owner_stores_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REAL, data / "x" / "archive" / "data")
    people = [
        {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com"},
        {"employee_id": "E2", "full_name": "Milan Hauth", "email": "milan@example.com", "x_handle": "https://x.com/Milahu104", "opt_out": "yes"},
    ]
    settings, con = connect(tmp_path, data, people)
    outcome = load(con, settings, data / "x" / "archive")
    assert outcome.status == "loaded", outcome.error
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_excluded, c.rows_quarantined) == (2045, 0, 2045, 0)
    assert con.execute("SELECT (SELECT count(*) FROM raw_x_tweets), (SELECT count(*) FROM raw_x_accounts), (SELECT count(*) FROM quarantine)").fetchone() == (0, 0, 0)
    assert con.execute("SELECT rows_excluded FROM manifest WHERE source = 'x'").fetchone() == (2045,)


# ---- inline archives with every quirk ------------------------------------------------------


def test_old_tweet_js_with_bare_objects_at_the_root(tmp_path):
    data = tmp_path / "data"
    bare = [tweet("11", "old one", "Tue Jan 01 10:00:00 +0000 2019"), tweet("12", "older", "Mon Dec 31 23:00:00 -0500 2018")]
    write_files(data / "x" / "old", {"account.js": account_js(), "tweet.js": js("YTD.tweet.part0", bare, wrap=False), "like.js": b"[]"})
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "old")
    assert outcome.status == "loaded", outcome.error
    assert (outcome.counts.rows_loaded, outcome.counts.members_skipped) == (2, 1)
    assert con.execute("SELECT id, _member, _record FROM raw_x_tweets ORDER BY _record").fetchall() == [("11", "tweet.js", 0), ("12", "tweet.js", 1)]
    posts = model(con, "posts_x")
    # -0500 is converted to UTC
    assert con.execute(f"SELECT post_id, created_at, permalink FROM {posts} ORDER BY post_id").fetchall() == [
        ("x:11", datetime(2019, 1, 1, 10, 0), "https://x.com/Ann_Example/status/11"),
        ("x:12", datetime(2019, 1, 1, 4, 0), "https://x.com/Ann_Example/status/12"),
    ]


def test_manifest_parts_in_reverse_order_and_other_files_never_read(tmp_path):
    data = tmp_path / "data"
    parts = ["data/tweets-part2.js", "data/tweets-part1.js", "data/tweets.js"]
    files = {
        "data/manifest.js": manifest_js(parts),
        "data/account.js": account_js(),
        "data/tweets.js": js("YTD.tweets.part0", [tweet("1"), tweet("2")]),
        "data/tweets-part1.js": js("YTD.tweets.part1", [tweet("3")]),
        "data/tweets-part2.js": js("YTD.tweets.part2", [tweet("4"), tweet("5"), tweet("6")]),
        # never opened: were they parsed, the load would fail or quarantine
        "data/deleted-tweets.js": b"window.YTD.deleted_tweets.part0 = [ {broken",
        "data/direct-messages.js": b"window.YTD.direct_messages.part0 = [ {broken",
        "data/like.js": b"not even js",
        "data/tweets_media/1-a.jpg": b"\xff\xd8",
    }
    write_files(data / "x" / "a", files)
    with open_export(data / "x" / "a") as export:
        plan = SOURCE.plan(export)
        assert plan.members == ["data/account.js", "data/manifest.js", "data/tweets.js", "data/tweets-part1.js", "data/tweets-part2.js"]
        assert plan.skipped == 4
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "a")
    assert outcome.status == "loaded", outcome.error
    assert (outcome.counts.rows_in, outcome.counts.rows_loaded, outcome.counts.members_skipped) == (6, 6, 4)
    assert con.execute("SELECT id, _member, _record FROM raw_x_tweets ORDER BY id").fetchall() == [
        ("1", "data/tweets.js", 0), ("2", "data/tweets.js", 1), ("3", "data/tweets-part1.js", 0),
        ("4", "data/tweets-part2.js", 0), ("5", "data/tweets-part2.js", 1), ("6", "data/tweets-part2.js", 2),
    ]
    assert quarantine(con) == []


def test_record_follows_file_order_across_many_large_parts(tmp_path):
    # read_json has no per-file row number; _record comes from WITH ORDINALITY (scan order)
    # numbered per file. Large parts, read in parallel, prove the numbering follows each file.
    data = tmp_path / "data"
    sizes = [7000, 3000, 5000, 1]
    files = {"account.js": account_js()}
    for p, n in enumerate(sizes):
        name = "tweets.js" if p == 0 else f"tweets-part{p}.js"
        files[name] = js(f"YTD.tweets.part{p}", [tweet(f"{p}{i:06d}", "x" * (i % 97)) for i in range(n)])
    write_files(data / "x" / "big", files)
    settings, con = connect(tmp_path, data)
    con.execute("SET threads = 8")  # more threads than parts: scans interleave
    outcome = load(con, settings, data / "x" / "big")
    assert outcome.counts.rows_loaded == sum(sizes)
    wrong = con.execute("SELECT count(*) FROM raw_x_tweets WHERE _record <> CAST(right(id, 6) AS BIGINT)").fetchone()[0]
    assert wrong == 0


def test_truncated_part_is_quarantined_and_the_others_load(tmp_path):
    data = tmp_path / "data"
    whole = js("YTD.tweets.part1", [tweet("3"), tweet("4")])
    files = {
        "data/manifest.js": manifest_js(["data/tweets.js", "data/tweets-part1.js", "data/tweets-part2.js"]),
        "data/account.js": account_js(),
        "data/tweets.js": js("YTD.tweets.part0", [tweet("1"), tweet("2")]),
        "data/tweets-part1.js": whole[: len(whole) // 2],  # cut mid-record, as an interrupted download
        "data/tweets-part2.js": js("YTD.tweets.part2", [tweet("5")]),
    }
    write_files(data / "x" / "t", files)
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "t")
    assert outcome.status == "loaded", outcome.error
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined) == (4, 3, 1)
    assert [r[0] for r in con.execute("SELECT id FROM raw_x_tweets ORDER BY id").fetchall()] == ["1", "2", "5"]
    [(member, record, reason)] = quarantine(con)
    assert (member, record) == ("data/tweets-part1.js", None)
    assert "data/tweets-part1.js" in reason and "/x-parts/" not in reason  # staged names never shown


def test_duplicate_tweet_across_parts_is_stored_once(tmp_path):
    data = tmp_path / "data"
    files = {
        "data/account.js": account_js(),
        "data/tweets.js": js("YTD.tweets.part0", [tweet("1", "first copy"), tweet("2")]),
        "data/tweets-part1.js": js("YTD.tweets.part1", [tweet("1", "second copy"), tweet("3")]),
    }
    write_files(data / "x" / "d", files)
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "d")
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_duplicate) == (4, 3, 1)
    assert con.execute("SELECT full_text, _member FROM raw_x_tweets WHERE id = '1'").fetchall() == [("first copy", "data/tweets.js")]


def test_bad_records_are_quarantined_with_position_and_raw_text(tmp_path):
    data = tmp_path / "data"
    records = [
        {"tweet": tweet("1")},
        {"tweet": {"full_text": "no id", "created_at": "Fri Feb 20 09:10:58 +0000 2026"}},
        "just a string",
        [1, 2],
        {"tweet": tweet("5", created="yesterday")},
        tweet("6"),  # bare object mixed in: accepted
        {"tweet": tweet("", "empty id")},
    ]
    body = json.dumps(records)
    write_files(data / "x" / "b", {"account.js": account_js(), "tweets.js": f"window.YTD.tweets.part0 = {body}".encode()})
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "b")
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined) == (7, 2, 5)
    rows = quarantine(con)
    assert [(m, r) for m, r, _ in rows] == [("tweets.js", 1), ("tweets.js", 2), ("tweets.js", 3), ("tweets.js", 4), ("tweets.js", 6)]
    reasons = [reason for _, _, reason in rows]
    assert "no id_str" in reasons[0] and "not a tweet object" in reasons[1] and "created_at" in reasons[3]
    raw = con.execute("SELECT raw FROM quarantine WHERE record = 2").fetchone()[0]
    assert raw == '"just a string"'


def test_glob_characters_in_export_and_member_names(tmp_path):
    data = tmp_path / "data"
    files = {
        "data[1]/account.js": account_js(),
        "data[1]/manifest.js": manifest_js(["data[1]/tweets.js"]),
        "data[1]/tweets.js": js("YTD.tweets.part0", [tweet("1"), tweet("2")]),
    }
    write_files(data / "x" / "my[1]archive*?", files)
    # a sibling DuckDB's glob would also match, were the path passed to it
    write_files(data / "x" / "my1archive", {"account.js": account_js("200", "bob"), "tweets.js": js("YTD.tweets.part0", [tweet("9")])})
    settings, con = connect(tmp_path, data)
    outcome = load(con, settings, data / "x" / "my[1]archive*?")
    assert outcome.status == "loaded", outcome.error
    assert con.execute("SELECT id, _member FROM raw_x_tweets ORDER BY id").fetchall() == [("1", "data[1]/tweets.js"), ("2", "data[1]/tweets.js")]


def test_missing_listed_part_is_quarantined(tmp_path):
    data = tmp_path / "data"
    files = {
        "data/manifest.js": manifest_js(["data/tweets.js", "data/tweets-part1.js"]),
        "data/account.js": account_js(),
        "data/tweets.js": js("YTD.tweets.part0", [tweet("1")]),
    }
    write_files(data / "x" / "m", files)
    settings, con = connect(tmp_path, data)
    c = load(con, settings, data / "x" / "m").counts
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined) == (2, 1, 1)
    assert quarantine(con) == [("data/tweets-part1.js", None, "listed in manifest.js but not in the archive")]


def test_not_an_x_archive_is_rejected(tmp_path):
    data = tmp_path / "data"
    write_files(data / "x" / "n", {"data/like.js": b"window.YTD.like.part0 = []"})
    write_files(data / "x" / "o", {"data/tweets.js": js("YTD.tweets.part0", [tweet("1")])})  # nobody's
    settings, con = connect(tmp_path, data)
    for name, words in (("n", "not an X archive"), ("o", "whose archive")):
        outcome = load(con, settings, data / "x" / name)
        assert outcome.status == "failed" and words in outcome.error
    assert con.execute("SELECT count(*) FROM raw_x_tweets").fetchone() == (0,)


def test_zip_with_parent_path_entry_is_rejected_and_the_run_goes_on(tmp_path):
    data = tmp_path / "data"
    write_zip(data / "x" / "evil.zip", {"data/account.js": account_js(), "../tweets.js": js("YTD.tweets.part0", [tweet("66")])})
    write_zip(data / "x" / "good.zip", {"data/account.js": account_js(), "data/tweets.js": js("YTD.tweets.part0", [tweet("1")])})
    settings, con = connect(tmp_path, data)
    summary = ingest(con, settings, "t")
    by_path = {f.path: f for f in summary.files if f.source == "x"}
    assert by_path["x/evil.zip"].status == "failed" and "unsafe path" in by_path["x/evil.zip"].error
    assert by_path["x/good.zip"].status == "loaded"
    assert con.execute("SELECT id FROM raw_x_tweets").fetchall() == [("1",)]


def test_interactions_of_every_kind(tmp_path):
    data = tmp_path / "data"
    me, bob, cat, dan = "100", "200", "300", "400"
    tweets = [
        tweet("1", "@bob agreed", in_reply_to_status_id_str="90", in_reply_to_user_id_str=bob, in_reply_to_screen_name="bob",
              mentions=[("bob", bob), ("cat", cat)]),
        tweet("2", "@dan are you there?", in_reply_to_user_id_str=dan, in_reply_to_screen_name="dan", mentions=[("dan", dan)]),
        tweet("3", "RT @cat: thanks @bob for the talk…", mentions=[("cat", cat), ("bob", bob)]),
        tweet("4", "look at this https://t.co/x", urls=["https://twitter.com/Bob/status/555"]),
        tweet("5", "Thanks @cat &amp; @dan for the help! https://t.co/y", mentions=[("cat", cat), ("dan", dan), ("Ann_Example", me)],
              urls=["https://example.com/a"]),
        tweet("6", "RT @Ann_Example: myself", mentions=[("Ann_Example", me)]),
        tweet("7", "a thread", in_reply_to_status_id_str="6", in_reply_to_user_id_str=me, in_reply_to_screen_name="Ann_Example"),
    ]
    write_files(data / "x" / "i", {"account.js": account_js(me), "tweets.js": js("YTD.tweets.part0", tweets)})
    settings, con = connect(tmp_path, data)
    assert load(con, settings, data / "x" / "i").status == "loaded"
    inter = model(con, "interactions_x")
    assert con.execute(f"SELECT post_id, kind, src_account_id, dst_account_id FROM {inter} ORDER BY post_id, kind, dst_account_id").fetchall() == [
        ("x:1", "mention", me, cat),
        ("x:1", "reply", me, bob),
        ("x:2", "reply", me, dan),  # a reply with no status id
        ("x:3", "reshare", me, cat),  # the mention of bob is cat's, not ours
        ("x:4", "quote", me, bob),  # screen name in the URL, matched case-insensitively
        ("x:5", "recognition", me, cat),
        ("x:5", "recognition", me, dan),
    ]
    posts = model(con, "posts_x")
    assert con.execute(f"SELECT post_id, kind, parent_post_id, text, likes, reshares FROM {posts} ORDER BY post_id").fetchall() == [
        ("x:1", "reply", "x:90", "@bob agreed", 3, 1),
        ("x:2", "reply", None, "@dan are you there?", 3, 1),
        ("x:3", "reshare", None, "RT @cat: thanks @bob for the talk…", 3, 1),
        ("x:4", "quote", None, "look at this", 3, 1),
        ("x:5", "post", None, "Thanks @cat & @dan for the help!", 3, 1),
        ("x:6", "reshare", None, "RT @Ann_Example: myself", 3, 1),
        ("x:7", "reply", "x:6", "a thread", 3, 1),
    ]
    accounts = model(con, "accounts_x")
    assert con.execute(f"SELECT account_id, handle, display_name, email FROM {accounts} ORDER BY account_id").fetchall() == [
        (me, "ann_example", "Ann Example", "ann@example.com"),
        (bob, "bob", "Bob", None),
        (cat, "cat", "Cat", None),
        (dan, "dan", "Dan", None),
    ]


def test_real_archive_through_resolve_links_and_later_opt_out_purges(tmp_path):
    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext

    data = tmp_path / "data"
    shutil.copytree(REAL, data / "x" / "archive" / "data")
    people = [
        {"employee_id": "E1", "full_name": "Milan Hauth", "email": "milan@example.com", "x_handle": "@milahu104"},
        {"employee_id": "E2", "full_name": "Sama Hoole", "email": "sama@example.com", "x_handle": "twitter.com/SamaHoole"},
    ]
    write_directory(data, people)
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2026-03-07", run_id="r1")
    con = ctx.connect()
    ingest(con, ctx.settings, ctx.run_id)
    counts = resolve(con, ctx)  # runs the data checks on stg_* (unique ids, not null, accepted kinds)
    assert con.execute("SELECT count(*) FROM stg_posts WHERE platform = 'x'").fetchone() == (2045,)
    assert con.execute("SELECT count(*) FROM stg_accounts WHERE platform = 'x'").fetchone() == (1088,)
    assert counts["stg_interactions"] >= 2637  # 1751 + 173 + 1 + 710 + 2 from X alone
    links = con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'x' ORDER BY employee_id").fetchall()
    assert links == [(OWNER_ID, "E1", "declared_handle"), ("2253756806", "E2", "declared_handle")]
    # E1 opts out after the archive was loaded: the next run purges their tweets and account
    people[0]["opt_out"] = "Y"
    write_directory(data, people)
    ctx2 = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2026-03-07", run_id="r2")
    ingest(con, ctx2.settings, ctx2.run_id)
    resolve(con, ctx2)
    assert con.execute("SELECT (SELECT count(*) FROM raw_x_tweets), (SELECT count(*) FROM raw_x_accounts)").fetchone() == (0, 0)
    assert con.execute("SELECT count(*) FROM stg_posts WHERE platform = 'x'").fetchone() == (0,)

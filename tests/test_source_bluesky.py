"""Bluesky saved getAuthorFeed pages: a documented-format fixture built from the lexicon shapes."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from builders import table_dump, text_values, write_directory, write_files, write_zip

from ambassador import directory, warehouse
from ambassador.ingest import ingest, load_export
from ambassador.settings import load_settings
from ambassador.sources.bluesky import BlueskySource, parse_datetime, parse_item, resolve_facets

LEXICONS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real" / "bluesky-lexicons" / "lexicons"
SOURCE = BlueskySource()

ANN = {"did": "did:plc:ann0000000000000000000", "handle": "ann.example.com", "displayName": "Ann Example"}
BOB = {"did": "did:plc:bob0000000000000000000", "handle": "bob.bsky.social", "displayName": "Bob"}
CAROL = {"did": "did:plc:carol000000000000000000", "handle": "carol.bsky.social", "displayName": "Carol Outside"}
DAN = {"did": "did:plc:dan0000000000000000000", "handle": "dan.bsky.social", "displayName": "Dan OptOut"}
EVE = {"did": "did:web:eve.example.org", "handle": "eve.example.org", "displayName": "Eve Hidden",
       "labels": [{"src": "did:web:eve.example.org", "uri": "at://did:web:eve.example.org/app.bsky.actor.profile/self",
                   "val": "!no-unauthenticated", "cts": "2024-01-01T00:00:00.000Z"}]}
DAN_CANARY = "DAN-OPTED-OUT-CANARY"
EVE_CANARY = "EVE-NOT-PUBLIC-CANARY"
VIEWER_CANARY = "VIEWERCANARY"

PEOPLE = [
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com", "bluesky_handle": "@Ann.Example.com"},
    {"employee_id": "E2", "full_name": "Bob Builder", "email": "bob@example.com", "bluesky_handle": "https://bsky.app/profile/bob.bsky.social"},
    {"employee_id": "E3", "full_name": "Dan Optout", "email": "dan@example.com", "bluesky_handle": "dan.bsky.social", "opt_out": "yes"},
]

# ---- builders: the shapes of app.bsky.feed.defs / app.bsky.feed.post / app.bsky.richtext.facet --


def profile(p: dict) -> dict:
    """app.bsky.actor.defs#profileViewBasic."""
    return {"did": p["did"], "handle": p["handle"], "displayName": p["displayName"], "labels": p.get("labels", []),
            "avatar": "https://cdn.bsky.app/img/avatar/plain/x/y@jpeg", "createdAt": "2023-05-01T10:00:00.000Z"}


def uri(p: dict, rkey: str) -> str:
    return f"at://{p['did']}/app.bsky.feed.post/{rkey}"


def facet(text: str, fragment: str, feature: dict) -> dict:
    """A facet over ``fragment`` of ``text``, indexed in UTF-8 bytes as the lexicon says."""
    data = text.encode()
    start = data.index(fragment.encode())
    return {"index": {"byteStart": start, "byteEnd": start + len(fragment.encode())}, "features": [feature]}


def mention(text: str, who: dict) -> dict:
    return facet(text, "@" + who["handle"], {"$type": "app.bsky.richtext.facet#mention", "did": who["did"]})


def post_view(author: dict, rkey: str, text: str, created: str = "2026-01-10T09:00:00.000Z", *, facets=(), reply=None,
              quote: dict | None = None, likes: int = 0, reposts: int = 0) -> dict:
    """app.bsky.feed.defs#postView around an app.bsky.feed.post record."""
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": created, "langs": ["en"]}
    if facets:
        record["facets"] = list(facets)
    if reply is not None:
        record["reply"] = {"root": {"uri": reply["uri"], "cid": "bafyroot"}, "parent": {"uri": reply["uri"], "cid": "bafyparent"}}
    view = {
        "$type": "app.bsky.feed.defs#postView",
        "uri": uri(author, rkey),
        "cid": "bafy" + rkey,
        "author": profile(author),
        "record": record,
        "replyCount": 1,
        "repostCount": reposts,
        "likeCount": likes,
        "quoteCount": 0,
        "indexedAt": created,
        "viewer": {"like": f"at://did:plc:downloader/app.bsky.feed.like/{VIEWER_CANARY}", "threadMuted": False},
        "labels": [],
    }
    if quote is not None:
        record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": quote["uri"], "cid": quote["cid"]}}
        view["embed"] = {"$type": "app.bsky.embed.record#view", "record": {
            "$type": "app.bsky.embed.record#viewRecord", "uri": quote["uri"], "cid": quote["cid"],
            "author": quote["author"], "value": quote["record"], "indexedAt": quote["indexedAt"]}}
    return view


def entry(post: dict, *, parent: dict | None = None, repost_by: dict | None = None, repost_at: str = "2026-01-12T08:00:00Z",
          pinned: bool = False) -> dict:
    """app.bsky.feed.defs#feedViewPost."""
    item = {"post": post}
    if parent is not None:
        item["reply"] = {"root": parent, "parent": parent}
    if repost_by is not None:
        rkey = post["uri"].rsplit("/", 1)[1]
        item["reason"] = {"$type": "app.bsky.feed.defs#reasonRepost", "by": profile(repost_by),
                          "uri": f"at://{repost_by['did']}/app.bsky.feed.repost/r{rkey}", "cid": "bafyrepost", "indexedAt": repost_at}
    if pinned:
        item["reason"] = {"$type": "app.bsky.feed.defs#reasonPin"}
    return item


def page(entries: list, cursor: str | None = "2026-01-01T00:00:00.000Z") -> bytes:
    body = {"feed": entries}
    if cursor:
        body["cursor"] = cursor
    return json.dumps(body, ensure_ascii=False, indent=1).encode()


def ann_pages() -> dict[str, bytes]:
    """Ann's feed, two pages, with every kind of entry and the quirks."""
    carol_post = post_view(CAROL, "c1", "Carol's lighthouse photo")
    bob_post = post_view(BOB, "b1", "Bob's release notes")
    t1 = "🚀 Thanks @bob.bsky.social for the great launch! #teamwork https://example.com/launch"
    p1 = post_view(ANN, "a1", t1, "2026-01-10T09:00:00Z", likes=5, reposts=2, facets=[
        mention(t1, BOB),
        facet(t1, "#teamwork", {"$type": "app.bsky.richtext.facet#tag", "tag": "teamwork"}),
        facet(t1, "https://example.com/launch", {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com/launch"}),
    ])
    p2 = post_view(ANN, "a2", "Agreed, lovely light", "2026-01-10T10:00:00.5-08:00", reply=carol_post)
    gone = {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri(CAROL, "c-deleted"), "notFound": True}
    p3 = post_view(ANN, "a3", "Replying to a deleted post", reply={"uri": gone["uri"]})
    t4 = "Worth reading, cc @carol.bsky.social"
    p4 = post_view(ANN, "a4", t4, facets=[mention(t4, CAROL)], quote=bob_post)
    t6 = "été: broken facets @bob.bsky.social"
    b6 = t6.encode()
    p6 = post_view(ANN, "a6", t6, "2026-01-11T23:30:00.123456789+05:30", facets=[
        {"index": {"byteStart": 1, "byteEnd": 3}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BOB["did"]}]},  # cuts 'é'
        {"index": {"byteStart": 0, "byteEnd": len(b6) + 5}, "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "oob"}]},
        {"index": {"byteStart": b6.index(b"@"), "byteEnd": len(b6)}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": CAROL["did"]}]},
        {"index": {"byteStart": b6.index(b"@") + 2, "byteEnd": len(b6)}, "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "overlap"}]},
        {"index": {"byteStart": "x", "byteEnd": 4}, "features": []},
    ])
    bad = post_view(ANN, "a8", "no usable time", "yesterday")
    page1 = [
        entry(p1, pinned=True),
        entry(p1),
        entry(p2, parent=carol_post),
        entry(p3, parent=gone),
        entry(p4),
        entry(post_view(CAROL, "c2", "Carol on @bob.bsky.social's talk", facets=[mention("Carol on @bob.bsky.social's talk", BOB)]),
              repost_by=ANN),
    ]
    page2 = [
        entry(p1),  # the same post again on the next page
        entry(p6),
        entry(bad),
        entry(post_view(DAN, "d1", f"Dan's post {DAN_CANARY}"), repost_by=ANN),
        entry(post_view(EVE, "e1", f"Eve's post {EVE_CANARY}"), repost_by=ANN),
    ]
    return {"page-001.json": page(page1), "page-002.json": page(page2, cursor=None), "README.txt": b"saved with curl"}


def bob_pages() -> dict[str, bytes]:
    ann_post = post_view(ANN, "a1", "🚀 Thanks …")
    t = "Great work @ann.example.com, well done"
    return {"bob/feed.json": page([
        entry(post_view(BOB, "b2", "Happy to help!", "2026-01-13T12:00:00+00:00", reply=ann_post), parent=ann_post),
        entry(post_view(BOB, "b3", t, "2026-01-14T12:00:00Z", facets=[mention(t, ANN)])),
        entry(post_view(ANN, "a1", "🚀 Thanks", "2026-01-10T09:00:00Z"), repost_by=BOB, repost_at="2026-01-15T08:00:00.000Z"),
    ])}


def ann_later_pages() -> dict[str, bytes]:
    """A later download of Ann's feed: post a1 again with more likes (overlaps the first)."""
    t1 = "🚀 Thanks @bob.bsky.social for the great launch! #teamwork https://example.com/launch"
    p1 = post_view(ANN, "a1", t1, "2026-01-10T09:00:00Z", likes=9, reposts=3, facets=[mention(t1, BOB)])
    return {"page.json": page([entry(post_view(ANN, "a9", "New year, new light", "2026-02-01T09:00:00Z")), entry(p1)])}


def dan_pages() -> dict[str, bytes]:
    t = f"{DAN_CANARY} hello @ann.example.com"
    return {"p.json": page([entry(post_view(DAN, "d2", t, facets=[mention(t, ANN)])), entry(post_view(DAN, "d3", "bad", "nope"))])}


def write_all(data: Path) -> dict[str, dict[str, bytes]]:
    exports = {"bluesky/ann-2026-01": ann_pages(), "bluesky/bob.zip": bob_pages(), "bluesky/ann-2026-02": ann_later_pages(),
               "bluesky/dan": dan_pages()}
    for rel, files in exports.items():
        if rel.endswith(".zip"):
            write_zip(data / rel, files)
        else:
            write_files(data / rel, files)
    return exports


# ---- lexicon check of the fixture ---------------------------------------------------------


def _lexicon(ref: str, here: str):
    nsid, _, name = ref.partition("#")
    nsid = nsid or here
    path = LEXICONS.joinpath(*nsid.split(".")).with_suffix(".json")
    if not path.exists():
        return None, nsid
    return json.loads(path.read_text())["defs"][name or "main"], nsid


def check(value, schema: dict, here: str, where: str = "$") -> list[str]:
    """Problems of ``value`` against a lexicon schema: required fields, types, refs and unions."""
    t = schema.get("type")
    if t == "ref":
        target, nsid = _lexicon(schema["ref"], here)
        return [] if target is None else check(value, target, nsid, where)
    if t == "union":
        kind = value.get("$type") if isinstance(value, dict) else None
        refs = {r if not r.startswith("#") else f"{here}{r}": r for r in schema["refs"]}
        refs.update({k + "#main": v for k, v in list(refs.items()) if "#" not in k})
        if kind not in refs and f"{kind}#main" not in refs:
            return [f"{where}: $type {kind!r} not in the union"]
        target, nsid = _lexicon(kind, here)
        return [] if target is None else check(value, target, nsid, where)
    if t == "record":
        return check(value, schema["record"], here, where)
    if t == "object":
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        problems = [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        for k, sub in schema.get("properties", {}).items():
            if k in value and value[k] is not None:
                problems += check(value[k], sub, here, f"{where}.{k}")
        return problems
    if t == "array":
        if not isinstance(value, list):
            return [f"{where}: not an array"]
        return [p for i, v in enumerate(value) for p in check(v, schema["items"], here, f"{where}[{i}]")]
    if t == "string" and not isinstance(value, str):
        return [f"{where}: not a string"]
    if t == "integer" and type(value) is not int:
        return [f"{where}: not an integer"]
    if t == "boolean" and not isinstance(value, bool):
        return [f"{where}: not a boolean"]
    return []


def test_fixture_follows_the_lexicons():
    output = json.loads((LEXICONS / "app/bsky/feed/getAuthorFeed.json").read_text())["defs"]["main"]["output"]["schema"]
    post_record = {"type": "ref", "ref": "app.bsky.feed.post"}
    record_problems = []
    for files in (ann_pages(), bob_pages(), ann_later_pages(), dan_pages()):
        for name, data in files.items():
            if not name.endswith(".json"):
                continue
            body = json.loads(data)
            assert check(body, output, "app.bsky.feed.getAuthorFeed") == []
            for item in body["feed"]:
                record_problems += check(item["post"]["record"], post_record, "app.bsky.feed.post")
    # the one deliberate shape error: post a6's fifth facet (the others are well-formed but out of
    # range or overlapping, which the lexicon cannot express)
    assert record_problems == ["$.facets[4].index.byteStart: not an integer"]
    # the checker does catch a wrong shape
    broken = {"feed": [{"post": {"uri": "at://x", "author": {"did": "did:plc:x"}}}]}
    assert len(check(broken, output, "app.bsky.feed.getAuthorFeed")) == 4  # cid, record, indexedAt, author.handle


# ---- pure parsers -------------------------------------------------------------------------


def test_datetimes_in_any_rfc3339_variant():
    assert parse_datetime("2026-01-10T10:00:00.5-08:00") == datetime(2026, 1, 10, 18, 0, 0, 500000)
    assert parse_datetime("2026-01-11T23:30:00.123456789+05:30") == datetime(2026, 1, 11, 18, 0, 0, 123456)
    assert parse_datetime("2026-01-10T09:00:00Z") == parse_datetime("2026-01-10T09:00:00.000+00:00") == datetime(2026, 1, 10, 9)
    assert parse_datetime("2026-01-10 09:00:00z") == datetime(2026, 1, 10, 9)
    for bad in ("yesterday", "2026-13-01T00:00:00Z", "2026-01-10T25:00:00Z", "2026-01-10T09:00:00+24:00", "", None, 17):
        assert parse_datetime(bad) is None, bad


def test_facets_are_byte_offsets_and_bad_ones_are_skipped():
    t = "🚀 hi @bob.bsky.social"
    got = resolve_facets(t, [mention(t, BOB)])
    assert got["mentions"] == [{"did": BOB["did"], "text": "@bob.bsky.social"}] and got["skipped"] == 0
    # the same facet at character offsets (a common client bug) slices the wrong bytes
    chars = {"index": {"byteStart": t.index("@"), "byteEnd": len(t)}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": BOB["did"]}]}
    assert resolve_facets(t, [chars])["mentions"][0]["text"] != "@bob.bsky.social"
    overlapping = [mention(t, BOB), {"index": {"byteStart": 8, "byteEnd": 12}, "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "x"}]}]
    assert resolve_facets(t, overlapping)["skipped"] == 1
    junk = [None, {"index": None}, {"index": {"byteStart": -1, "byteEnd": 2}}, {"index": {"byteStart": 3, "byteEnd": 3}},
            {"index": {"byteStart": 1, "byteEnd": 2}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:x"}]}]
    got = resolve_facets(t, junk)
    assert got["mentions"] == [] and got["skipped"] == 5
    assert resolve_facets(t, "not a list")["skipped"] == 0


def test_parse_item_rejections():
    assert parse_item([]) == "feed entry is not an object"
    assert parse_item({"post": {"uri": "nope"}}).startswith("post.uri")
    p = post_view(ANN, "z", "x")
    p["record"]["$type"] = "app.bsky.feed.like"
    assert parse_item({"post": p}).startswith("post.record")
    assert parse_item(entry(post_view(ANN, "z", "x", "nope"))).startswith("createdAt")
    repost = entry(post_view(ANN, "z", "x"), repost_by=BOB)
    repost["reason"]["by"] = {"handle": "nodid"}
    assert parse_item(repost).startswith("reasonRepost.by")


# ---- the oracle ---------------------------------------------------------------------------


def oracle(exports: dict[str, dict[str, bytes]], hidden: set[str]) -> tuple[Counter, Counter, dict]:
    """Posts and interactions by kind, computed with plain Python over the fixture pages.

    ``hidden``: DIDs whose entries are not stored (opted out, or labelled !no-unauthenticated).
    """
    entries = {}
    for rel in sorted(exports):
        for name in sorted(exports[rel]):
            if not name.endswith(".json"):
                continue
            for item in json.loads(exports[rel][name])["feed"]:
                post, reason = item["post"], item.get("reason") or {}
                repost = reason.get("$type") == "app.bsky.feed.defs#reasonRepost"
                actor = reason["by"]["did"] if repost else post["author"]["did"]
                if parse_datetime(post["record"]["createdAt"]) is None and not repost:
                    continue
                if {actor, post["author"]["did"]} & hidden:
                    continue
                entries.setdefault(reason["uri"] if repost else post["uri"], (item, repost, actor))
    posts, acts = Counter(), Counter()
    for item, repost, actor in entries.values():
        post = item["post"]
        record = post["record"]
        if repost:
            posts["reshare"] += 1
            acts["reshare"] += actor != post["author"]["did"]
            continue
        reply_to = quoted = None
        if "reply" in record:
            posts["reply"] += 1
            parent = (item.get("reply") or {}).get("parent") or {}
            reply_to = (parent.get("author") or {}).get("did") or record["reply"]["parent"]["uri"].split("/")[2]
            acts["reply"] += reply_to != actor
        elif "embed" in record:
            posts["quote"] += 1
        else:
            posts["post"] += 1
        if "embed" in post:
            quoted = post["embed"]["record"]["author"]["did"]
            acts["quote"] += quoted != actor
        data = record["text"].encode()
        for f in record.get("facets", []):
            i = f["index"]
            if not (isinstance(i["byteStart"], int) and 0 <= i["byteStart"] < i["byteEnd"] <= len(data)):
                continue
            try:
                data[i["byteStart"]:i["byteEnd"]].decode()
            except UnicodeDecodeError:
                continue
            for feat in f["features"]:
                did = feat.get("did")
                if did and did not in (reply_to, quoted, actor):
                    thanks = "thank" in record["text"].lower() or "great work" in record["text"].lower()
                    acts["recognition" if thanks else "mention"] += 1
    return posts, acts, entries


# ---- loading ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext

    tmp = tmp_path_factory.mktemp("bsky")
    data = tmp / "data"
    exports = write_all(data)
    write_directory(data, PEOPLE)
    ctx = RunContext.create(data, warehouse=tmp / "w.duckdb", as_of="2026-02-15", run_id="r1")
    con = ctx.connect()
    summary = ingest(con, ctx.settings, ctx.run_id)
    resolve(con, ctx)  # runs the data checks on stg_* (unique ids, not null, accepted kinds)
    return con, ctx, exports, {f.path: f for f in summary.files if f.source == "bluesky"}


def test_counts_per_export(resolved):
    _, _, _, outcomes = resolved
    # Counted by hand over the builders above:
    # ann-2026-01: 11 entries; a1 three times (pinned, page 1, page 2) -> 2 duplicates; "yesterday"
    # quarantined; the reposts of Dan (opted out) and Eve (!no-unauthenticated) excluded; 6 loaded.
    # bob.zip: 3 loaded. ann-2026-02: 2 loaded (a1 again is deduplicated later, across exports).
    # dan: both entries are Dan's (one with a bad time): excluded, nothing quarantined.
    got = {p: (o.status, o.counts.rows_in, o.counts.rows_loaded, o.counts.rows_quarantined, o.counts.rows_duplicate,
               o.counts.rows_excluded, o.counts.members_skipped) for p, o in outcomes.items()}
    assert got == {
        "bluesky/ann-2026-01": ("loaded", 11, 6, 1, 2, 2, 1),
        "bluesky/bob.zip": ("loaded", 3, 3, 0, 0, 0, 0),
        "bluesky/ann-2026-02": ("loaded", 2, 2, 0, 0, 0, 0),
        "bluesky/dan": ("loaded", 2, 0, 0, 0, 2, 0),
    }


def test_golden_posts_and_interactions_match_the_oracle(resolved):
    con, _, exports, _ = resolved
    posts, acts, entries = oracle(exports, hidden={DAN["did"], EVE["did"]})
    got_posts = Counter(dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'bluesky' GROUP BY 1").fetchall()))
    got_acts = Counter(dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'bluesky' GROUP BY 1").fetchall()))
    assert got_posts == posts
    assert got_acts == acts
    # the oracle's numbers, checked by hand: posts a1 a6 a9 b3; replies a2 a3 b2; quote a4;
    # reshares of c2 (by Ann) and a1 (by Bob)
    assert posts == Counter(post=4, reply=3, quote=1, reshare=2)
    assert acts == Counter(reply=3, reshare=2, quote=1, mention=2, recognition=2)
    assert len(entries) == 10


def test_interactions_are_attributed_as_documented(resolved):
    con, _, _, _ = resolved
    rows = set(con.execute(
        "SELECT kind, src_account_id, dst_account_id, post_id FROM stg_interactions WHERE platform = 'bluesky'").fetchall())
    a, b, c = ANN["did"], BOB["did"], CAROL["did"]
    assert ("reshare", a, c, f"bluesky:at://{a}/app.bsky.feed.repost/rc2") in rows  # attributed to reason.by
    assert ("reshare", b, a, f"bluesky:at://{b}/app.bsky.feed.repost/ra1") in rows
    assert ("reply", a, c, f"bluesky:{uri(ANN, 'a3')}") in rows  # parent not found: its uri names the author
    assert ("quote", a, b, f"bluesky:{uri(ANN, 'a4')}") in rows
    assert ("mention", a, c, f"bluesky:{uri(ANN, 'a4')}") in rows
    assert ("recognition", a, b, f"bluesky:{uri(ANN, 'a1')}") in rows
    assert ("mention", a, c, f"bluesky:{uri(ANN, 'a6')}") in rows  # the one valid facet of a6
    # Bob's mention inside Carol's reposted post is Carol's, not Ann's
    assert not any(k in ("mention", "recognition") and s == a and p.endswith("rc2") for k, s, _, p in rows)


def test_posts_fields_and_dedupe_across_exports(resolved):
    con, _, _, _ = resolved
    row = con.execute(
        "SELECT account_id, context, created_at, kind, text, permalink, likes, reshares FROM stg_posts WHERE post_id = $p",
        {"p": f"bluesky:{uri(ANN, 'a1')}"},
    ).fetchall()
    # one row; the later export's counts (9 likes, 3 reposts); link removed from the text
    assert row == [(ANN["did"], "public", datetime(2026, 1, 10, 9), "post",
                    "🚀 Thanks @bob.bsky.social for the great launch! #teamwork",
                    f"https://bsky.app/profile/{ANN['did']}/post/a1", 9, 3)]
    reshare = con.execute("SELECT account_id, created_at, likes FROM stg_posts WHERE post_id LIKE '%/app.bsky.feed.repost/ra1'").fetchall()
    assert reshare == [(BOB["did"], datetime(2026, 1, 15, 8), None)]
    times = dict(con.execute("SELECT post_id, created_at FROM stg_posts").fetchall())
    assert times[f"bluesky:{uri(ANN, 'a2')}"] == datetime(2026, 1, 10, 18, 0, 0, 500000)
    assert times[f"bluesky:{uri(ANN, 'a6')}"] == datetime(2026, 1, 11, 18, 0, 0, 123456)
    skipped = con.execute("SELECT facets_skipped FROM raw_bluesky_feed WHERE uri = $u", {"u": uri(ANN, "a6")}).fetchall()
    assert skipped == [(4,)]  # mid-character, out of range, overlapping, non-integer


def test_owner_matched_by_declared_handle(resolved):
    con, _, _, _ = resolved
    links = con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'bluesky' ORDER BY 2").fetchall()
    assert links == [(ANN["did"], "E1", "declared_handle"), (BOB["did"], "E2", "declared_handle")]
    handles = dict(con.execute("SELECT account_id, handle FROM stg_accounts WHERE platform = 'bluesky'").fetchall())
    assert handles[CAROL["did"]] == "carol.bsky.social"
    assert DAN["did"] not in handles and EVE["did"] not in handles


def test_privacy_non_public_and_opted_out_content_absent_everywhere(resolved):
    con, _, _, _ = resolved
    everything = text_values(con)
    for canary in (DAN_CANARY, EVE_CANARY, VIEWER_CANARY, DAN["did"], EVE["did"]):
        assert canary not in everything, canary
    assert "Carol's lighthouse photo" not in everything  # a reply parent's text is not stored
    assert "Bob's release notes" not in everything  # nor a quoted post's


def test_opted_out_owner_stores_nothing(tmp_path):
    data = tmp_path / "data"
    write_files(data / "bluesky" / "dan", dan_pages())
    write_directory(data, PEOPLE)
    settings = load_settings(data, warehouse=tmp_path / "w.duckdb")
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    directory.load_directory(con, settings, "t")
    directory.build_people(con)
    outcome = load_export(con, SOURCE, data / "bluesky" / "dan", settings, "t")
    assert outcome.status == "loaded", outcome.error
    c = outcome.counts
    assert (c.rows_in, c.rows_loaded, c.rows_excluded, c.rows_quarantined) == (2, 0, 2, 0)
    assert con.execute("SELECT (SELECT count(*) FROM raw_bluesky_feed), (SELECT count(*) FROM raw_bluesky_accounts), "
                       "(SELECT count(*) FROM quarantine)").fetchall() == [(0, 0, 0)]
    assert DAN_CANARY not in text_values(con)
    # an export holding only broken entries of an opted-out person: excluded, not quarantined
    write_files(data / "bluesky" / "dan-broken", {"p.json": page([entry(post_view(DAN, "d4", f"{DAN_CANARY} again", "nope"))])})
    broken = load_export(con, SOURCE, data / "bluesky" / "dan-broken", settings, "t")
    assert (broken.counts.rows_in, broken.counts.rows_excluded, broken.counts.rows_quarantined) == (1, 1, 0)
    assert DAN_CANARY not in text_values(con)


def test_reload_is_a_no_op_and_folder_equals_zip(tmp_path):
    data = tmp_path / "data"
    write_files(data / "bluesky" / "ann", ann_pages())
    write_directory(data, PEOPLE)
    settings = load_settings(data, warehouse=tmp_path / "w.duckdb")
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    directory.load_directory(con, settings, "t")
    directory.build_people(con)
    first = load_export(con, SOURCE, data / "bluesky" / "ann", settings, "t")
    before = table_dump(con, "raw_bluesky_feed"), table_dump(con, "raw_bluesky_accounts"), table_dump(con, "quarantine")
    again = load_export(con, SOURCE, data / "bluesky" / "ann", settings, "t2")
    assert (first.status, again.status) == ("loaded", "skipped")
    assert (table_dump(con, "raw_bluesky_feed"), table_dump(con, "raw_bluesky_accounts"), table_dump(con, "quarantine")) == before

    folder_rows = con.execute("SELECT * EXCLUDE (_file_sha256) FROM raw_bluesky_feed ORDER BY ALL").fetchall()
    shutil.rmtree(data / "bluesky" / "ann")
    write_zip(data / "bluesky" / "ann.zip", ann_pages())
    zipped = load_export(con, SOURCE, data / "bluesky" / "ann.zip", settings, "t3")
    assert zipped.status == "loaded" and zipped.counts == first.counts
    sha = con.execute("SELECT sha256 FROM manifest WHERE path = 'bluesky/ann.zip'").fetchall()[0][0]
    zip_rows = con.execute("SELECT * EXCLUDE (_file_sha256) FROM raw_bluesky_feed WHERE _file_sha256 = $s ORDER BY ALL", {"s": sha}).fetchall()
    assert zip_rows == folder_rows and len(zip_rows) == 6


def test_unreadable_pages_are_quarantined_and_the_rest_loads(tmp_path):
    data = tmp_path / "data"
    files = {"good.json": page([entry(post_view(ANN, "g1", "fine"))]), "truncated.json": b'{"feed": [', "other.json": b'{"posts": []}',
             # a lone surrogate escape parses in Python but cannot be stored as UTF-8
             "surrogate.json": json.dumps({"feed": [entry(post_view(ANN, "s1", "bad \ud800 text"))]}).encode()}
    write_files(data / "bluesky" / "x", files)
    write_directory(data, PEOPLE)
    settings = load_settings(data, warehouse=tmp_path / "w.duckdb")
    con = warehouse.connect(settings.warehouse)
    warehouse.ensure_schema(con)
    directory.load_directory(con, settings, "t")
    directory.build_people(con)
    outcome = load_export(con, SOURCE, data / "bluesky" / "x", settings, "t")
    assert outcome.status == "loaded", outcome.error
    assert (outcome.counts.rows_in, outcome.counts.rows_loaded, outcome.counts.rows_quarantined) == (4, 1, 3)
    rows = con.execute("SELECT member, record, reason FROM quarantine WHERE source = 'bluesky' ORDER BY 1").fetchall()
    assert [(m, r) for m, r, _ in rows] == [("other.json", None), ("surrogate.json", 0), ("truncated.json", None)]
    assert "surrogate" in rows[1][2]


# ---- the sample writer --------------------------------------------------------------------


def test_sample_feeds_are_deterministic_and_load_without_the_canary(tmp_path):
    from datetime import date

    from ambassador.identity import resolve
    from ambassador.pipeline import RunContext
    from ambassador.sample.bluesky import write_bluesky_feeds
    from ambassador.sample.company import build_company
    from ambassador.sample.documents import write_documents
    from ambassador.sample.slack_workspace import CANARY

    company = build_company(60, 30, 3, date(2026, 11, 1))
    data = tmp_path / "data"
    write_documents(company, data, 30)
    counts = write_bluesky_feeds(company, data / "bluesky")
    again = write_bluesky_feeds(build_company(60, 30, 3, date(2026, 11, 1)), tmp_path / "again")
    assert counts == again and counts["feeds"] > 0
    for z in sorted((data / "bluesky").iterdir()):
        assert z.read_bytes() == (tmp_path / "again" / z.name).read_bytes()
        with zipfile.ZipFile(z) as zf:  # every page follows the lexicons
            output = json.loads((LEXICONS / "app/bsky/feed/getAuthorFeed.json").read_text())["defs"]["main"]["output"]["schema"]
            for name in zf.namelist():
                assert check(json.loads(zf.read(name)), output, "app.bsky.feed.getAuthorFeed") == []
    ctx = RunContext.create(data, warehouse=tmp_path / "w.duckdb", as_of="2026-11-01", run_id="s")
    con = ctx.connect()
    summary = ingest(con, ctx.settings, ctx.run_id)
    outcomes = [f for f in summary.files if f.source == "bluesky"]
    assert len(outcomes) == counts["feeds"] and all(f.status == "loaded" and f.counts.rows_quarantined == 0 for f in outcomes)
    assert sum(f.counts.rows_in for f in outcomes) == counts["entries"]
    resolve(con, ctx)
    opted = {p.bluesky and did_of(company, p) for p in company.people if p.opt_out and p.bluesky}
    posters = {a for (a,) in con.execute("SELECT DISTINCT account_id FROM stg_posts WHERE platform = 'bluesky'").fetchall()}
    assert posters and not (opted & posters)
    assert CANARY not in text_values(con)


def did_of(company, person) -> str:
    from ambassador.handles import normalize_handle
    from ambassador.sample.bluesky import did_for

    return did_for(company.seed, normalize_handle("bluesky", person.bluesky))

"""Mastodon account archives (actor.json + outbox.json + likes.json) and saved REST status pages.

No real archive is available: fixtures follow the documented format (research/export_formats.md
section 6) and are written here from Python, with every documented quirk (duplicate
``orderedItems`` key, wrong ``totalItems``, per-item ``@context`` and ``signature``, Question
polls, Announce boosts whose object is a URI, followers-only and direct posts), and likes.json
with the outbox's quirks (duplicate ``orderedItems``, wrong ``totalItems``, object items).
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
from builders import run_ingest, table_dump, text_values, write_directory, write_files, write_zip

from ambassador.handles import normalize_handle
from ambassador.identity import resolve
from ambassador.sources.mastodon import MastodonSource, html_to_text, snowflake_time
from ambassador.untrusted import open_export

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
A = "https://social.example"
ANN = f"{A}/users/ann"
BOB = "https://b.example/users/bob"
CAT = f"{A}/users/cat"
DAN = "https://d.example/users/dan"
CANARY = "followers-only canary 7f3a"
DM_CANARY = "direct message canary 9c1e"
SOURCE = MastodonSource()

DIRECTORY = [
    # matched through the profile field linking x.com/ann_e (profile_handle)
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@corp.example", "x_handle": "@Ann_E"},
    # matched through the directory's mastodon handle (declared_handle)
    {"employee_id": "E2", "full_name": "Bob Builder", "email": "bob@corp.example", "mastodon_handle": "https://b.example/@Bob"},
]


# ---- fixture ------------------------------------------------------------------------------


def actor(owner: str = ANN, username: str = "ann") -> dict:
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", {"PropertyValue": "schema:PropertyValue"}],
        "id": owner,
        "type": "Person",
        "preferredUsername": username,
        "name": "Ann Example",
        "summary": "<p>Lighthouse keeper</p>",
        "url": owner.replace("/users/", "/@"),
        "published": "2022-11-01T00:00:00Z",
        "attachment": [
            {"type": "PropertyValue", "name": "X", "value": '<a href="https://x.com/Ann_E" rel="me">x.com/Ann_E</a>'},
            {"type": "PropertyValue", "name": "Web", "value": "https://ann.example"},
        ],
        "icon": {"type": "Image", "url": "avatar.jpg"},
        "outbox": "outbox.json",
        "likes": "likes.json",
    }


def note(n: int, content: str, *, to=(PUBLIC,), cc=(), reply_to=None, mentions=(), hashtags=(), owner=ANN, kind="Note",
         extra_item=False) -> dict:
    obj = {
        "id": f"{owner}/statuses/{n}",
        "type": kind,
        "url": f"{owner.replace('/users/', '/@')}/{n}",
        "published": f"2026-01-{n:02d}T10:00:00Z",
        "attributedTo": owner,
        "to": list(to),
        "cc": list(cc),
        "inReplyTo": reply_to,
        "content": content,
        "tag": [{"type": "Mention", "href": href, "name": name} for href, name in mentions]
        + [{"type": "Hashtag", "href": f"{A}/tags/{h}", "name": f"#{h}"} for h in hashtags],
        "attachment": [],
    }
    act = {"id": f"{owner}/statuses/{n}/activity", "type": "Create", "actor": owner, "published": obj["published"],
           "to": list(to), "cc": list(cc), "object": obj}
    if extra_item:  # older exports: per-item @context and an LD signature
        act["@context"] = "https://www.w3.org/ns/activitystreams"
        act["signature"] = {"type": "RsaSignature2017", "creator": f"{owner}#main-key", "signatureValue": "abc=="}
    return act


def boost(n: int, target: str, *, to=(PUBLIC,), owner=ANN) -> dict:
    return {"id": f"{owner}/statuses/{n}/activity", "type": "Announce", "actor": owner,
            "published": f"2026-01-{n:02d}T12:00:00Z", "to": list(to), "cc": [f"{owner}/followers"], "object": target}


def h_card(href: str, user: str) -> str:
    return f'<span class="h-card"><a href="{href}" class="u-url mention">@<span>{user}</span></a></span>'


def outbox_items() -> list[dict]:
    followers = f"{ANN}/followers"
    return [
        note(1, f"<p>Hello {h_card(BOB, 'bob')} &amp; welcome <a href=\"{A}/tags/safety\" class=\"mention hashtag\" rel=\"tag\">#<span>safety</span></a></p>",
             mentions=[(BOB, "@bob@b.example")], hashtags=["Safety"], extra_item=True),
        note(2, f"<p>{h_card(BOB, 'bob')} agreed, and {h_card(CAT, 'cat')} too</p>", reply_to=f"{BOB}/statuses/77",
             mentions=[(BOB, "@bob@b.example"), (CAT, "@cat")]),
        note(3, f"<p>Thanks {h_card(DAN, 'dan')} for the help!</p>", to=(followers,), cc=(PUBLIC,),  # unlisted: stored
             mentions=[(DAN, "@dan@d.example")]),
        note(4, f"<p>{CANARY}</p>", to=(followers,), mentions=[(CAT, "@cat")]),  # followers-only: never stored
        note(5, f"<p>{h_card(DAN, 'dan')} {DM_CANARY}</p>", to=(DAN,), mentions=[(DAN, "@dan@d.example")]),  # direct
        boost(6, f"{CAT}/statuses/5"),
        boost(7, "https://other.example/notes/abc"),  # author unknown from a non-Mastodon URI
        note(8, "<p>Which lamp?</p>", kind="Question"),
        note(9, "<p>a thread</p>", reply_to=f"{ANN}/statuses/8"),  # self-reply: no interaction
        {"id": "broken", "type": "Create", "to": [PUBLIC], "object": {"type": "Note", "content": "no id"}},
        "not an activity",
        # malformed and followers-only: quarantined without its raw text
        {"id": "broken2", "type": "Create", "to": [followers], "object": {"type": "Note", "content": f"<p>{CANARY} 2</p>"}},
    ]


def snowflake(iso: str, seq: int = 0x2A2A) -> int:
    """A Mastodon status id made at ``iso`` (UTC): ms since the epoch << 16 | a 16-bit sequence,
    as lib/mastodon/snowflake.rb builds it (the encoding; the loader decodes)."""
    ms = round(datetime.fromisoformat(iso).replace(tzinfo=timezone.utc).timestamp() * 1000)
    return (ms << 16) | seq


# (item as exported, the liked status's time the loader must store, the reaction's target)
LIKES = [
    (f"{BOB}/statuses/{snowflake('2026-01-03T08:30:00')}", "2026-01-03 08:30:00", BOB),
    ({"id": f"{CAT}/statuses/{snowflake('2026-01-04T11:00:00.250', 7)}", "type": "Note"}, "2026-01-04 11:00:00.250000", CAT),
    (f"{ANN}/statuses/{snowflake('2026-01-05T00:00:00')}", "2026-01-05 00:00:00", None),  # self-like: no interaction
    ("https://misskey.example/notes/9mzq0c2bxl", None, None),  # another server's scheme: undatable
    (f"{BOB}/statuses/77", None, None),  # a pre-2.0 serial id (decodes to 1970): undatable
    (f"https://d.example/@dan/{snowflake('2026-01-06T12:00:00')}", "2026-01-06 12:00:00", None),  # dated, author not in the URI
    (f"{BOB}/statuses/{snowflake('2026-01-03T08:30:00')}", None, None),  # the same like again: a duplicate
    (42, None, None),  # neither a URI nor an object: quarantined
    ({"type": "Note"}, None, None),  # an object without id: quarantined
    ("javascript:alert(1)", None, None),  # not an http(s) URI: quarantined
]
LIKES_STORED = 6  # LIKES less the duplicate and the three bad items


def likes_bytes(items: list) -> bytes:
    # the outbox's quirks: an empty orderedItems key then the real one; totalItems is wrong
    body = ", ".join(json.dumps(i) for i in items)
    return ('{"@context": "https://www.w3.org/ns/activitystreams", "id": "likes.json", "type": "OrderedCollection", '
            f'"totalItems": {len(items) - 2}, "orderedItems": [], "orderedItems": [{body}]}}').encode()


def outbox_bytes(items: list) -> bytes:
    # the documented quirk: an empty orderedItems key then the real one; totalItems is wrong
    body = ", ".join(json.dumps(i) for i in items)
    return ('{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json", "type": "OrderedCollection", '
            f'"totalItems": {len(items) + 31}, "orderedItems": [], "orderedItems": [{body}]}}').encode()


def archive_files(owner_actor: dict | None = None, items: list | None = None, likes: bytes | None = None) -> dict[str, bytes]:
    return {
        "actor.json": json.dumps(owner_actor or actor()).encode(),
        "outbox.json": outbox_bytes(outbox_items() if items is None else items),
        "likes.json": likes_bytes([item for item, _, _ in LIKES]) if likes is None else likes,
        "bookmarks.json": b"never read either",
        "media_attachments/files/1/a.png": b"\x89PNG",
    }


def make_data(tmp_path: Path, people=DIRECTORY) -> Path:
    data = tmp_path / "data"
    write_directory(data, people)
    write_zip(data / "mastodon" / "archive-ann.zip", archive_files())
    return data


# ---- plain-Python oracle ------------------------------------------------------------------


def oracle(items: list) -> dict:
    """Expected counts from the fixture items, by the documented rules, without the pipeline."""
    posts: dict[str, int] = {}
    acts: dict[str, int] = {}
    excluded = bad = 0
    for it in items:
        if not isinstance(it, dict) or "published" not in it:
            bad += 1
            continue
        to, cc = it.get("to", []), it.get("cc", [])
        if PUBLIC not in to and PUBLIC not in cc:
            excluded += 1
            continue
        if it["type"] == "Announce":
            posts["reshare"] = posts.get("reshare", 0) + 1
            if "/users/" in it["object"]:
                acts["reshare"] = acts.get("reshare", 0) + 1
            continue
        obj = it["object"]
        kind = "reply" if obj["inReplyTo"] else "post"
        posts[kind] = posts.get(kind, 0) + 1
        target = obj["inReplyTo"].rsplit("/statuses/", 1)[0] if obj["inReplyTo"] else None
        if target and target != ANN:
            acts["reply"] = acts.get("reply", 0) + 1
        for t in obj["tag"]:
            if t["type"] == "Mention" and t["href"] != target and t["href"] != ANN:
                k = "recognition" if "thank" in obj["content"].lower() else "mention"
                acts[k] = acts.get(k, 0) + 1
    return {"posts": posts, "acts": acts, "excluded": excluded, "bad": bad}


# ---- tests --------------------------------------------------------------------------------


def test_html_to_text_and_duplicate_keys_last_wins(tmp_path):
    assert html_to_text("<p>a &lt;b&gt;</p><p>c</p>") == "a <b>\n\nc"
    # Python's json keeps the last of duplicate keys, which is what the loader uses
    assert len(json.loads(outbox_bytes(outbox_items()))["orderedItems"]) == len(outbox_items())
    # DuckDB differs (measured with duckdb 2.0.1), which is why the loader parses with Python's
    # json: json_extract takes the first, empty, key and read_json rejects the file
    con = duckdb.connect()
    [(n,)] = con.execute("SELECT json_array_length(json_extract($j::JSON, '$.orderedItems'))",
                         {"j": outbox_bytes(outbox_items()).decode()}).fetchall()
    assert n == 0
    path = tmp_path / "outbox.json"
    path.write_bytes(outbox_bytes(outbox_items()))
    with pytest.raises(duckdb.Error, match="duplicate key"):
        con.execute("SELECT * FROM read_json($p)", {"p": str(path)}).fetchall()


def test_plan_reads_only_actor_outbox_and_likes(tmp_path):
    root = write_files(tmp_path / "a", archive_files())
    with open_export(root) as export:
        plan = SOURCE.plan(export)
    assert plan.members == ["actor.json", "outbox.json", "likes.json"] and plan.skipped == 2  # bookmarks, media
    files = archive_files()
    del files["likes.json"]  # archives from 2018 have none
    with open_export(write_files(tmp_path / "b", files)) as export:
        assert SOURCE.plan(export).members == ["actor.json", "outbox.json"]


def test_archive_golden_counts_kinds_and_identity(tmp_path):
    data = make_data(tmp_path)
    ctx, con, summary = run_ingest(data, tmp_path)
    [f] = [f for f in summary.files if f.source == "mastodon"]
    assert f.status == "loaded", f.error
    expect = oracle(outbox_items())
    assert (expect["excluded"], expect["bad"]) == (2, 3)  # notes 4 and 5; the broken items and the string
    c = con.execute("SELECT rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded FROM manifest WHERE source = 'mastodon'").fetchall()
    n_posts = sum(expect["posts"].values())
    # likes: every item is a row; one duplicate, three quarantined, the rest stored
    assert c == [(len(outbox_items()) + len(LIKES), n_posts + LIKES_STORED, 3 + 3, 1, 2)]
    quarantined = con.execute("SELECT member, record, raw IS NOT NULL FROM quarantine WHERE source = 'mastodon' ORDER BY 1, 2").fetchall()
    assert quarantined == [("likes.json", 7, True), ("likes.json", 8, True), ("likes.json", 9, True),
                           ("outbox.json", 9, True), ("outbox.json", 10, False), ("outbox.json", 11, False)]
    resolve(con, ctx)
    posts = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'mastodon' GROUP BY kind").fetchall())
    assert posts == expect["posts"] == {"post": 3, "reply": 2, "reshare": 2}
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'mastodon' GROUP BY kind").fetchall())
    assert acts == expect["acts"] | {"reaction": 2}  # the likes of bob's and cat's statuses (test_likes_golden)
    rows = set(con.execute("SELECT kind, src_account_id, dst_account_id, post_id FROM stg_interactions WHERE platform = 'mastodon'").fetchall())
    assert ("reply", ANN, BOB, f"mastodon:{ANN}/statuses/2") in rows
    assert ("mention", ANN, CAT, f"mastodon:{ANN}/statuses/2") in rows  # bob is the reply target, not also a mention
    assert ("recognition", ANN, DAN, f"mastodon:{ANN}/statuses/3") in rows
    assert ("reshare", ANN, CAT, f"mastodon:{ANN}/statuses/6/activity") in rows
    # fields of the first note: text from HTML, hashtags kept, unlisted stored with its visibility
    [(text, tags, vis)] = con.execute("SELECT text, hashtags, visibility FROM raw_mastodon_statuses WHERE id = $i", {"i": f"{ANN}/statuses/1"}).fetchall()
    assert (text, tags, vis) == ("Hello @bob & welcome #safety", ["safety"], "public")
    assert con.execute("SELECT visibility FROM raw_mastodon_statuses WHERE id = $i", {"i": f"{ANN}/statuses/3"}).fetchall() == [("unlisted",)]
    [(record,)] = con.execute("SELECT record FROM raw_mastodon_statuses WHERE id = $i", {"i": f"{ANN}/statuses/1"}).fetchall()
    assert "signature" not in json.loads(record)
    post = con.execute("SELECT context, created_at, permalink, parent_post_id FROM stg_posts WHERE post_id = $p",
                       {"p": f"mastodon:{ANN}/statuses/2"}).fetchall()
    assert post[0][0] == "public" and str(post[0][1]) == "2026-01-02 10:00:00"
    assert post[0][2] == "https://social.example/@ann/2" and post[0][3] == f"mastodon:{BOB}/statuses/77"
    # accounts: owner with handle + declared handles; cat is named "@cat": host from the href
    accts = {r[0]: r[1:] for r in con.execute("SELECT account_id, handle, declared_handles FROM stg_accounts WHERE platform = 'mastodon'").fetchall()}
    assert accts[ANN] == ("ann@social.example", ["x:ann_e"])
    assert accts[CAT][0] == "cat@social.example" and accts[BOB][0] == "bob@b.example"
    links = dict(((a, e), r) for a, e, r in con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'mastodon'").fetchall())
    assert links == {(ANN, "E1"): "profile_handle", (BOB, "E2"): "declared_handle"}


def test_non_public_content_absent_everywhere(tmp_path):
    ctx, con, _ = run_ingest(make_data(tmp_path), tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything and DM_CANARY not in everything
    assert f"{ANN}/statuses/4" not in everything and f"{ANN}/statuses/5" not in everything


def test_opted_out_owner_stores_nothing(tmp_path):
    people = [dict(DIRECTORY[0], opt_out="yes"), DIRECTORY[1]]
    ctx, con, summary = run_ingest(make_data(tmp_path, people), tmp_path)
    [f] = [f for f in summary.files if f.source == "mastodon"]
    assert f.status == "loaded", f.error
    c = con.execute("SELECT rows_in, rows_loaded, rows_excluded FROM manifest WHERE source = 'mastodon'").fetchall()
    n = len(outbox_items()) + len(LIKES)
    assert c == [(n, 0, n)]  # malformed items and duplicate likes too: nothing of theirs is kept
    assert con.execute("SELECT (SELECT count(*) FROM raw_mastodon_statuses), (SELECT count(*) FROM raw_mastodon_accounts), "
                       "(SELECT count(*) FROM raw_mastodon_likes), (SELECT count(*) FROM quarantine)").fetchall() == [(0, 0, 0, 0)]
    resolve(con, ctx)
    assert "Hello @bob" not in text_values(con)


def test_reload_is_a_no_op_and_folder_equals_zip(tmp_path):
    data = make_data(tmp_path)
    ctx, con, _ = run_ingest(data, tmp_path)
    resolve(con, ctx)
    tables = ("raw_mastodon_statuses", "raw_mastodon_accounts", "raw_mastodon_likes", "stg_posts", "stg_interactions", "quarantine")
    before = {t: table_dump(con, t) for t in tables}
    con.close()
    ctx2, con2, summary = run_ingest(data, tmp_path)
    assert [f.status for f in summary.files if f.source == "mastodon"] == ["skipped"]
    resolve(con2, ctx2)
    assert {t: table_dump(con2, t) for t in tables} == before
    con2.close()
    folder_data = tmp_path / "folder_data"
    write_directory(folder_data, DIRECTORY)
    write_files(folder_data / "mastodon" / "ann [1]*", archive_files())
    ctx3, con3, summary3 = run_ingest(folder_data, tmp_path / "other")
    assert [f.status for f in summary3.files if f.source == "mastodon"] == ["loaded"]
    resolve(con3, ctx3)
    for t in ("stg_posts", "stg_interactions"):
        assert table_dump(con3, t) == before[t]
    assert before["raw_mastodon_likes"] and before["stg_interactions"]


def test_overlapping_archives_are_deduplicated(tmp_path):
    data = make_data(tmp_path)
    later = outbox_items()[:3] + [note(10, "<p>newer</p>")]
    write_zip(data / "mastodon" / "archive-ann-later.zip", archive_files(items=later))
    ctx, con, _ = run_ingest(data, tmp_path)
    resolve(con, ctx)
    expect = oracle(outbox_items())
    assert con.execute("SELECT count(*), count(DISTINCT post_id) FROM stg_posts WHERE platform = 'mastodon'").fetchall() == [
        (sum(expect["posts"].values()) + 1,) * 2
    ]
    # both archives list the same likes: stored per export, one reaction each
    assert con.execute("SELECT count(*) FROM raw_mastodon_likes").fetchall() == [(2 * LIKES_STORED,)]
    assert con.execute("SELECT count(*) FROM stg_interactions WHERE kind = 'reaction'").fetchall() == [(2,)]


def status(sid: str, content: str, *, visibility="public", account=None, **extra) -> dict:
    account = account or {"id": "1", "username": "ann", "acct": "ann", "display_name": "Ann Example", "url": f"{A}/@ann"}
    s = {"id": sid, "created_at": f"2026-02-0{sid[-1]}T08:00:00.000Z", "in_reply_to_id": None, "in_reply_to_account_id": None,
         "visibility": visibility, "uri": f"{A}/users/ann/statuses/{sid}", "url": f"{A}/@ann/{sid}", "content": content,
         "favourites_count": 4, "reblogs_count": 2, "replies_count": 0, "reblog": None, "account": account,
         "mentions": [], "tags": []}
    s.update(extra)
    return s


def test_rest_status_pages(tmp_path):
    data = tmp_path / "data"
    write_directory(data, [{"employee_id": "E1", "full_name": "Ann", "email": "a@corp.example", "mastodon_handle": "@ann@social.example"}])
    bob = {"id": "9", "username": "bob", "acct": "bob@b.example", "display_name": "Bob", "url": "https://b.example/@bob"}
    page = [
        status("101", "<p>Thanks <span>@bob</span>!</p>", mentions=[{"id": "9", "username": "bob", "acct": "bob@b.example", "url": "https://b.example/@bob"}],
               tags=[{"name": "Lighthouse", "url": f"{A}/tags/lighthouse"}]),
        status("102", "<p>re</p>", in_reply_to_id="55", in_reply_to_account_id="9",
               mentions=[{"id": "9", "username": "bob", "acct": "bob@b.example", "url": "https://b.example/@bob"}]),
        status("103", "", reblog=status("77", "<p>bob's post</p>", account=bob)),
        status("104", f"<p>{CANARY}</p>", visibility="private"),
        status("105", f"<p>{DM_CANARY}</p>", visibility="direct"),
    ]
    write_files(data / "mastodon" / "rest", {"statuses-page1.json": json.dumps(page).encode()})
    ctx, con, summary = run_ingest(data, tmp_path)
    [f] = [f for f in summary.files if f.source == "mastodon"]
    assert f.status == "loaded", f.error
    assert con.execute("SELECT rows_in, rows_loaded, rows_excluded FROM manifest WHERE source = 'mastodon'").fetchall() == [(5, 3, 2)]
    resolve(con, ctx)
    me, bob_id = f"{A}/@ann", "https://b.example/@bob"
    assert sorted(con.execute("SELECT post_id, kind, likes, reshares FROM stg_posts WHERE platform = 'mastodon'").fetchall()) == [
        ("mastodon:101", "post", 4, 2), ("mastodon:102", "reply", 4, 2), ("mastodon:103", "reshare", 4, 2),
    ]
    assert sorted(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions WHERE platform = 'mastodon'").fetchall()) == [
        ("recognition", me, bob_id), ("reply", me, bob_id), ("reshare", me, bob_id),
    ]
    assert con.execute("SELECT account_id, employee_id, rule FROM stg_identity WHERE platform = 'mastodon'").fetchall() == [(me, "E1", "declared_handle")]
    everything = text_values(con)
    assert CANARY not in everything and DM_CANARY not in everything


def test_sample_archives_are_deterministic_and_load(tmp_path):
    from datetime import date

    from ambassador.sample.company import build_company
    from ambassador.sample.documents import write_documents
    from ambassador.sample.mastodon import actor_uri, write_mastodon_archives

    def profile_url(handle: str) -> str:
        user, host = normalize_handle("mastodon", handle).split("@")
        return f"https://{host}/@{user}"

    company = build_company(300, 60, 7, date(2026, 1, 31))
    data = tmp_path / "data"
    data.mkdir()
    write_documents(company, data, 60)
    summary = write_mastodon_archives(company, data / "mastodon")
    again = write_mastodon_archives(company, tmp_path / "again")
    files = sorted((data / "mastodon").iterdir())
    assert summary == again and summary["archives"] + summary["rest_exports"] == len(files) and summary["rest_exports"] > 0
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in sorted((tmp_path / "again").iterdir())]
    # oracle: public/unlisted items of owners who did not opt out, read with plain Python
    owners = [p for p in company.people if p.mastodon]  # company.py gives each its own handle
    # an account's id: its actor URI in an archive, its profile URL in REST pages
    ids = lambda p: (actor_uri(normalize_handle("mastodon", p.mastodon)), profile_url(p.mastodon))  # noqa: E731
    opted = {i for p in owners if p.opt_out for i in ids(p)}
    assert opted  # this seed gives opted-out owners (checked once), so opt-out is exercised
    expected = 0
    for f in files:
        with zipfile.ZipFile(f) as zf:
            if "outbox.json" in zf.namelist():
                for it in json.loads(zf.read("outbox.json"))["orderedItems"]:
                    expected += it["actor"] not in opted and (PUBLIC in it["to"] or PUBLIC in it["cc"])
            else:
                for st in (st for n in zf.namelist() for st in json.loads(zf.read(n))):
                    expected += st["account"]["url"] not in opted and st["visibility"] in ("public", "unlisted")
    ctx, con, ingested = run_ingest(data, tmp_path, as_of="2026-01-31")
    assert {f.status for f in ingested.files if f.source == "mastodon"} == {"loaded"}
    resolve(con, ctx)
    assert con.execute("SELECT count(*) FROM stg_posts WHERE platform = 'mastodon'").fetchall() == [(expected,)]
    # likes: the datable likes of owners who did not opt out whose URI names a Mastodon author other
    # than the owner become reactions (decoded here with plain integer arithmetic, not the loader)
    reactions = set()
    for f in files:
        with zipfile.ZipFile(f) as zf:
            if "likes.json" in zf.namelist():
                owner = json.loads(zf.read("actor.json"))["id"]
                for it in json.loads(zf.read("likes.json"))["orderedItems"]:
                    uri = it["id"] if isinstance(it, dict) else it
                    author, _, sid = uri.partition("/statuses/")
                    if owner not in opted and sid.isdigit() and author != owner:
                        when = datetime.fromtimestamp((int(sid) >> 16) / 1000, timezone.utc).replace(tzinfo=None)
                        assert company.start.replace(tzinfo=None) <= when <= company.end.replace(tzinfo=None), uri
                        reactions.add((owner, author, when))
    assert summary["likes"] > len(reactions) > 0
    got = con.execute("SELECT src_account_id, dst_account_id, created_at FROM stg_interactions "
                      "WHERE platform = 'mastodon' AND kind = 'reaction'").fetchall()
    assert len(got) == len(set(got)) and set(got) == reactions
    assert "PRIVATE-CANARY" not in text_values(con)
    assert con.execute("SELECT count(*) FROM raw_mastodon_statuses WHERE list_contains($o, account_id)", {"o": sorted(opted)}).fetchall() == [(0,)]
    # every owner who did not opt out and declared their handle is linked to their employee through it
    assert len(owners) == len(files)
    declared = {p.employee_id: ids(p) for p in owners if p.mastodon_typed and not p.opt_out}
    assert declared
    links = dict(con.execute("SELECT account_id, employee_id FROM stg_identity WHERE platform = 'mastodon'").fetchall())
    assert {e: links.get(a) or links.get(u) for e, (a, u) in declared.items()} == {e: e for e in declared}


# ---- likes.json ---------------------------------------------------------------------------


def test_snowflake_time_on_known_ids():
    # Mastodon's API docs (entities/Status.md): id 103270115826048975, created_at 2019-12-08T03:48:33.901Z
    assert snowflake_time("https://mastodon.social/users/Gargron/statuses/103270115826048975") == "2019-12-08T03:48:33.849"
    # a real chaos.social status saved in a client's test fixture: created_at 2022-11-13T09:35:37.270Z
    assert snowflake_time("https://chaos.social/users/filmroellchen/statuses/109335814947753476") == "2022-11-13T09:35:37.264"
    # the id is taken when the row is inserted: within a second of the stored created_at, never after
    # (both URL forms: the id is the last path segment)
    assert snowflake_time("https://chaos.social/@filmroellchen/109335814947753476/") == "2022-11-13T09:35:37.264"
    # encoding then decoding keeps the millisecond, whatever the 16-bit sequence
    assert snowflake_time(f"{BOB}/statuses/{snowflake('2026-01-04T11:00:00.250', 0xFFFF)}") == "2026-01-04T11:00:00.250"
    # not snowflakes: pre-2.0 serial ids (Gargron's account id 1, a status 23634), other servers' ids, junk
    for uri in (f"{BOB}/statuses/1", f"{BOB}/statuses/23634", "https://misskey.example/notes/9mzq0c2bxl",
                "https://pleroma.example/objects/0b6d8f04-7c1e-4d2a-9f0a-1c2b3c4d5e6f", f"{BOB}/statuses/{'9' * 25}",
                f"{BOB}/statuses/{'١٢٣'}", "", None, 5):
        assert snowflake_time(uri) is None, uri


def test_likes_golden(tmp_path):
    ctx, con, summary = run_ingest(make_data(tmp_path), tmp_path)
    [f] = [f for f in summary.files if f.source == "mastodon"]
    assert f.status == "loaded", f.error
    # every like but the duplicate and the 42 is stored, in file order, with its time (NULL when undatable)
    stored = con.execute("SELECT account_id, object_uri, object_created_at, _member, _record FROM raw_mastodon_likes ORDER BY _record").fetchall()
    expected = [(ANN, item["id"] if isinstance(item, dict) else item, when, "likes.json", pos)
                for pos, (item, when, _) in enumerate(LIKES[:6])]
    assert [(a, u, str(t) if t else None, m, r) for a, u, t, m, r in stored] == expected
    resolve(con, ctx)
    reactions = con.execute("SELECT src_account_id, dst_account_id, post_id, created_at FROM stg_interactions "
                            "WHERE platform = 'mastodon' AND kind = 'reaction' ORDER BY created_at").fetchall()
    assert [(s, d, p, str(t)) for s, d, p, t in reactions] == [
        (ANN, dst, f"mastodon:{item['id'] if isinstance(item, dict) else item}", when) for item, when, dst in LIKES if dst
    ]
    con.close()
    # cat is already an account (mentioned); a liked author known only by URI is one too, with
    # the handle its Mastodon URI spells (so a directory's mastodon_handle links it)
    only_liked = "https://e.example/users/eve"
    write_zip(tmp_path / "data" / "mastodon" / "archive-ann-2.zip", archive_files(
        items=outbox_items()[:1], likes=likes_bytes([f"{only_liked}/statuses/{snowflake('2026-01-07T00:00:00')}"])))
    ctx, con, _ = run_ingest(tmp_path / "data", tmp_path)
    resolve(con, ctx)
    assert con.execute("SELECT handle FROM stg_accounts WHERE account_id = $a", {"a": only_liked}).fetchall() == [("eve@e.example",)]
    assert con.execute("SELECT count(*) FROM stg_interactions WHERE dst_account_id = $a", {"a": only_liked}).fetchall() == [(1,)]


@pytest.mark.parametrize("likes, expected", [
    (b'{"orderedItems": [ broken', "unreadable likes.json"),
    (b'{"type": "OrderedCollection", "orderedItems": "x"}', "no orderedItems array"),
    (b"[]", "no orderedItems array"),
])
def test_broken_likes_file_is_quarantined_and_the_outbox_loads(tmp_path, likes, expected):
    # as Slack does for an unreadable day file: the member is quarantined whole (one row), the rest loads
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_zip(data / "mastodon" / "archive-ann.zip", archive_files(likes=likes))
    ctx, con, summary = run_ingest(data, tmp_path)
    [f] = [f for f in summary.files if f.source == "mastodon"]
    assert f.status == "loaded", f.error
    n_posts = sum(oracle(outbox_items())["posts"].values())
    assert con.execute("SELECT rows_in, rows_loaded, rows_quarantined FROM manifest WHERE source = 'mastodon'").fetchall() == [
        (len(outbox_items()) + 1, n_posts, 3 + 1)]
    [(record, why, raw)] = con.execute("SELECT record, reason, raw FROM quarantine WHERE member = 'likes.json'").fetchall()
    assert record is None and raw is None and expected in why
    assert con.execute("SELECT count(*) FROM raw_mastodon_likes").fetchall() == [(0,)]

"""Discourse: API JSON (posts, topics, admin users list) and user archives, with every quirk.

Fixtures are built here in the shapes Discourse emits (verified against discourse/discourse:
``spec/requests/api/schemas/json/topic_show_response.json``, ``latest_posts_response.json``,
``admin_user_list_response.json``, ``app/serializers/post_serializer.rb`` and
``app/jobs/regular/export_user_archive.rb`` with its spec).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import run_ingest, table_dump, text_values, write_directory

from ambassador.identity import resolve
from ambassador.sample.company import build_company
from ambassador.sample.discourse import write_discourse_export
from ambassador.sample.documents import write_documents
from ambassador.sources.discourse import cooked_text, is_public_archive_row

CANARY = "PRIVATE-CANARY"
WHISPER = "WHISPER-CANARY"
BASE = "https://forum.example.com"




# ---- builders in Discourse's shapes -----------------------------------------------------------

USERS = {1: ("alice", "Alice Smith"), 2: ("bob", "Bob Jones"), 3: ("carol", "Carol Diaz"), 4: ("dave", "Dave K"),
         -1: ("system", "system")}


def post(pid: int, topic: int, number: int, uid: int, cooked: str, *, day: int = 10, likes: int = 0, **extra) -> dict:
    """A post as PostSerializer writes it in a topic's post_stream."""
    username, name = USERS[uid]
    created = f"2026-01-{day:02d}T09:{number:02d}:00.000Z"
    p = {
        "id": pid, "name": name, "username": username, "avatar_template": f"/user_avatar/forum/{username}/{{size}}/1_2.png",
        "created_at": created, "cooked": cooked, "post_number": number, "post_type": 1, "updated_at": created,
        "reply_count": 0, "reply_to_post_number": None, "quote_count": 0, "incoming_link_count": 0, "reads": 3,
        "readers_count": 2, "score": 0.6, "yours": False, "topic_id": topic, "topic_slug": f"topic-{topic}",
        "display_username": name, "primary_group_name": None, "flair_name": None, "flair_url": None,
        "flair_bg_color": None, "flair_color": None, "version": 1, "can_edit": True, "can_delete": True,
        "can_recover": False, "can_wiki": True, "link_counts": [], "read": True, "user_title": None,
        "bookmarked": False,
        "actions_summary": ([{"id": 2, "count": likes, "can_act": True}] if likes else [{"id": 2, "can_act": True}]),
        "moderator": False, "admin": False, "staff": False, "user_id": uid, "hidden": False, "trust_level": 1,
        "deleted_at": None, "user_deleted": False, "edit_reason": None, "can_view_edit_history": True, "wiki": False,
    }
    p.update(extra)
    return p


def topic(tid: int, title: str, posts: list, archetype: str = "regular") -> dict:
    """``/t/{id}.json`` (TopicViewSerializer)."""
    ids = [p["id"] for p in posts if isinstance(p, dict) and "id" in p]
    return {
        "post_stream": {"posts": posts, "stream": ids}, "timeline_lookup": [], "suggested_topics": [], "tags": [],
        "tags_descriptions": {}, "id": tid, "title": title, "fancy_title": title, "posts_count": len(posts),
        "created_at": "2026-01-10T09:00:00.000Z", "views": 12, "reply_count": 1, "like_count": 2,
        "last_posted_at": "2026-01-10T09:09:00.000Z", "visible": True, "closed": False, "archived": False,
        "has_summary": False, "archetype": archetype, "slug": f"topic-{tid}",
        "category_id": None if archetype == "private_message" else 5, "word_count": 40, "deleted_at": None,
        "user_id": 1, "featured_link": None, "pinned_globally": False, "pinned_at": None, "pinned_until": None,
        "image_url": None, "slow_mode_seconds": 0, "draft": None, "draft_key": f"topic_{tid}", "draft_sequence": 0,
        "unpinned": None, "pinned": False, "current_post_number": 1, "highest_post_number": len(posts),
        "deleted_by": None, "has_deleted": False, "actions_summary": [], "chunk_size": 20, "bookmarked": False,
    }


def latest(posts: list) -> dict:
    """``/posts.json``: each post also carries the topic title, category, raw and excerpt."""
    out = []
    for p in posts:
        q = dict(p)
        q.update({"topic_title": f"Topic {p['topic_id']}", "topic_html_title": f"Topic {p['topic_id']}",
                  "category_id": 5, "posts_count": 1, "raw": q.get("raw", ""), "excerpt": "",
                  "post_url": f"/t/topic-{p['topic_id']}/{p['topic_id']}/{p['post_number']}"})
        out.append(q)
    return {"latest_posts": out}


def admin_user(uid: int, email: str | None) -> dict:
    username, name = USERS[uid]
    u = {"id": uid, "username": username, "name": name, "avatar_template": "/a/{size}.png", "active": True,
         "admin": False, "moderator": False, "last_seen_at": None, "last_emailed_at": None,
         "created_at": "2020-01-01T00:00:00.000Z", "last_seen_age": None, "last_emailed_age": None,
         "created_at_age": 1.0, "trust_level": 1, "manual_locked_trust_level": None, "flag_level": 0, "title": None,
         "time_read": 10, "staged": False, "days_visited": 3, "posts_read_count": 4, "topics_entered": 2,
         "post_count": 3}
    if email is not None:
        u["email"] = email
        u["secondary_emails"] = []
    return u


def mention(name: str) -> str:
    return f'<a class="mention" href="/u/{name}">@{name}</a>'


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(zipfile.ZipInfo(name, (2026, 1, 31, 0, 0, 0)), files[name])
    return path


def ruby_csv(rows: list[list]) -> bytes:
    """CSV as Ruby's CSV library writes it (minimal quoting, \\n line ends)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


# ---- the quirky forum -------------------------------------------------------------------------

TOPIC_10 = topic(10, "How do I rotate the keys?", [
    post(100, 10, 1, 1, f"<p>How do I rotate keys? cc {mention('bob')}</p>", likes=2),
    post(101, 10, 2, 2, "<p>Use the runbook.</p>"),  # answers the topic: a reply to alice
    post(102, 10, 3, 1, f"<p>Thanks {mention('bob')}!</p>", reply_to_post_number=2,
         reply_to_user={"username": "bob", "name": "Bob Jones", "avatar_template": "/a/{size}.png"}),
    post(103, 10, 4, -1, "<p>closed</p>", post_type=3, action_code="closed.enabled"),
    post(104, 10, 5, 2, f"<p>{WHISPER} staff only</p>", post_type=4),
    post(105, 10, 6, 4, "<p>flagged words</p>", hidden=True),
    post(106, 10, 7, 4, "<p>(post deleted by author)</p>", user_deleted=True, deleted_at="2026-01-11T00:00:00.000Z"),
    post(107, 10, 8, 3, "<p>carol's own words stay out</p>"),
    "not a post",
    {k: v for k, v in post(109, 10, 9, 2, "<p>no date</p>").items() if k != "created_at"},
])
PM_TOPIC = topic(11, f"{CANARY} salary talk", [post(200, 11, 1, 1, f"<p>{CANARY} in a private message</p>")],
                 archetype="private_message")
ORPHAN_POSTS = {"post_stream": {"posts": [post(210, 12, 2, 2, f"<p>{CANARY} topic of unknown kind</p>")]}, "id": 12}
LATEST = latest([
    post(101, 10, 2, 2, "<p>Use the runbook.</p>"),
    post(300, 13, 1, 4, '<aside class="quote" data-username="bob"><blockquote><p>quoted '
         f'{mention("bob")}</p></blockquote></aside><p>Agree with {mention("alice")}</p>'),
])
ADMIN_USERS = [admin_user(1, "Alice.Smith@Example.COM"), admin_user(2, "bob@example.com"),
               admin_user(3, "carol@example.com"), admin_user(4, None)]
TOPIC_LIST = {"topic_list": {"topics": [{"id": 11, "title": f"{CANARY} salary talk", "archetype": "private_message"}]}}


def api_files() -> dict[str, bytes]:
    return {
        "t/10.json": json.dumps(TOPIC_10).encode(),
        "t/11.json": json.dumps(PM_TOPIC).encode(),
        "t/12/posts.json": json.dumps(ORPHAN_POSTS).encode(),
        "posts.json": json.dumps(LATEST).encode(),
        "admin/users/list/active.json": json.dumps(ADMIN_USERS).encode(),
        "private-posts.json": json.dumps({"private_posts": [post(200, 11, 1, 1, CANARY)]}).encode(),
        "topics/private-messages-alice.json": json.dumps(TOPIC_LIST).encode(),  # skipped by its name
        "latest.json": json.dumps(TOPIC_LIST).encode(),  # a topic list: not read, quarantined whole
        "broken.json": b'{"latest_posts": [{"id": 5, "cooked": "trunc',
    }


ARCHIVE_HEADER = ["topic_title", "categories", "is_pm", "post_raw", "post_cooked", "like_count", "reply_count", "url",
                  "created_at"]
ARCHIVE_ROWS = [
    ["How do I rotate the keys?", "Engineering", "No", "How do I rotate keys? cc @bob",
     f"<p>How do I rotate keys? cc {mention('bob')}</p>", "2", "1", f"{BASE}/t/topic-10/10/1", "2026-01-10T09:01:00.000Z"],
    ["Safety checklist", "Operations|Safety", "No", "Shout-out to @bob for the checklist",
     f"<p>Shout-out to {mention('bob')} for the checklist</p>", "0", "0", f"{BASE}/t/safety-checklist/14/1",
     "2026-01-12T10:00:00.000Z"],
    [f"{CANARY} salary talk", "-", "Yes", f"{CANARY} private", f"<p>{CANARY} private</p>", "0", "0",
     f"{BASE}/t/salary/11/1", "2026-01-10T09:01:00.000Z"],
]
LIKES_ROWS = [
    ["1", "101", "10", "2", "2026-01-10 10:00:00 UTC", "2026-01-10 10:00:00 UTC", "", ""],
    ["2", "200", "11", "1", "2026-01-10 10:01:00 UTC", "2026-01-10 10:01:00 UTC", "", ""],  # a PM topic's post
    ["3", "102", "10", "3", "2026-01-10 10:02:00 UTC", "2026-01-10 10:02:00 UTC", "2026-01-10 11:00:00 UTC", "self"],
    ["4", "999", "77", "1", "2026-01-10 10:03:00 UTC", "2026-01-10 10:03:00 UTC", "", ""],  # author never loaded
]


def archive_files() -> dict[str, bytes]:
    posts = ruby_csv([ARCHIVE_HEADER] + ARCHIVE_ROWS)
    posts += b"Broken row,Eng,No,raw,<p>x</p>,0,0," + BASE.encode() + b"/t/x/15/1,2026-01-13T00:00:00.000Z,surplus\n"
    prefs = {"user": {"id": 1, "username": "alice", "name": "Alice Smith", "email": "alice.smith@example.com",
                      "can_edit": True, "trust_level": 1, "user_option": {"text_size": "normal"}},
             "user_badges": [], "badges": []}
    return {
        "user_archive.csv": posts,
        "likes.csv": ruby_csv([["id", "post_id", "topic_id", "post_number", "created_at", "updated_at", "deleted_at",
                                "deleted_by"]] + LIKES_ROWS),
        "preferences.json": json.dumps(prefs, indent=4).encode(),
        "auth_tokens.csv": b"id,auth_token_hash\n1,abcde...\n",
        "visits.csv": b"visited_at,posts_read,mobile,time_read\n2026-01-10,1,false,10\n",
    }


DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice.smith@example.com", "department": "Eng"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob@example.com", "department": "Sales"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "department": "Ops", "opt_out": "yes"},
]


@pytest.fixture
def forum(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_zip(data / "discourse" / "forum-api.zip", api_files())
    write_zip(data / "discourse" / "user_archive-alice-260131-120000-7.zip", archive_files())
    return data


# ---- a plain-Python oracle -------------------------------------------------------------------


def oracle() -> dict:
    """Expected canonical rows, computed from the fixture data without DuckDB or our SQL."""
    docs = [TOPIC_10, PM_TOPIC, LATEST]
    private = {d["id"] for d in docs if d.get("archetype") == "private_message"}
    opted_out = {3}
    posts: dict[int, dict] = {}
    for d in docs:
        for p in d.get("latest_posts", d.get("post_stream", {}).get("posts", [])):
            if not isinstance(p, dict) or "created_at" not in p:
                continue
            if p["topic_id"] in private or p["post_type"] == 4 or p["user_id"] in opted_out:
                continue
            posts.setdefault(p["id"], p)
    by_number = {(p["topic_id"], p["post_number"]): p for p in posts.values()}
    visible = {i: p for i, p in posts.items() if not p["hidden"] and not p["deleted_at"] and not p["user_deleted"]}
    archive_only = [r for r in ARCHIVE_ROWS if r[2] == "No"
                    and (int(r[7].split("/")[-2]), int(r[7].split("/")[-1])) not in by_number]
    kinds = {"post": 0, "reply": 0, "system": 0}
    for p in visible.values():
        kinds["system" if p["post_type"] != 1 else "reply" if p["post_number"] > 1 else "post"] += 1
    kinds["post"] += len(archive_only)
    ids = {u: USERS[u][0] for u in USERS if u not in opted_out}
    names = {v: k for k, v in ids.items()}
    acts: list[tuple] = []

    def own_mentions(cooked: str) -> list[str]:
        cooked = re.sub(r"<aside.*?</aside>", "", cooked, flags=re.S)
        return list(dict.fromkeys(re.findall(r'class="mention" href="/u/([^"]+)"', cooked)))

    thanks = re.compile(r"thank|shout-?out", re.I)
    for p in visible.values():
        if p["post_type"] != 1:
            continue
        if p["post_number"] > 1:
            parent = by_number.get((p["topic_id"], p["reply_to_post_number"] or 1))
            if parent and parent["user_id"] != p["user_id"]:
                acts.append(("reply", p["user_id"], parent["user_id"]))
        for n in own_mentions(p["cooked"]):
            if n in names and names[n] != p["user_id"]:
                acts.append(("recognition" if thanks.search(p["cooked"]) else "mention", p["user_id"], names[n]))
    for r in archive_only:
        for n in own_mentions(r[4]):
            acts.append(("recognition" if thanks.search(r[4]) else "mention", 1, names[n]))
    for like in LIKES_ROWS:
        liked = posts.get(int(like[1]))
        if like[6] == "" and liked and liked["id"] in visible:
            acts.append(("reaction", 1, liked["user_id"]))
    by_kind: dict[str, int] = {}
    for k, *_ in acts:
        by_kind[k] = by_kind.get(k, 0) + 1
    return {"posts": len(visible) + len(archive_only), "kinds": kinds, "acts": by_kind, "act_rows": sorted(acts)}


# ---- pure parsers -----------------------------------------------------------------------------


def test_cooked_text_drops_quotes_and_finds_mentions():
    text, names = cooked_text('<aside class="quote"><blockquote><p>hi <a class="mention" href="/u/x">@x</a></p>'
                              '</blockquote></aside><p>Kudos <a class="mention" href="/u/Ann.B">@Ann.B</a></p>'
                              '<p><a class="mention-group" href="/groups/devs">@devs</a></p>')
    assert text == "Kudos @Ann.B\n@devs" and names == ["ann.b"]
    assert is_public_archive_row("Nee") and not is_public_archive_row("Oui") and not is_public_archive_row(None)


# ---- the quirky forum end to end ---------------------------------------------------------------


def test_exports_load_reconcile_and_quarantine(forum, tmp_path):
    ctx, con, summary = run_ingest(forum, tmp_path)
    files = {f.path: f for f in summary.files if f.source == "discourse"}
    api = files["discourse/forum-api.zip"]
    assert api.status == "loaded", api.error
    c = api.counts
    # records: 10 in topic 10, 1 in the PM topic, 2 in /posts.json; whole files: the orphan
    # /t/12/posts.json, the truncated file and the topic list. Quarantined: a non-object, a
    # post without created_at and the three files; excluded: the whisper, the private
    # message and carol's post (opted out); duplicate: post 101 in two files.
    assert (c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded) == (16, 7, 5, 1, 3)
    assert c.members_skipped == 2  # private-posts.json, topics/private-messages-alice.json: never opened
    arch = files["discourse/user_archive-alice-260131-120000-7.zip"]
    assert arch.status == "loaded", arch.error
    a = arch.counts
    # 4 user_archive.csv rows (one malformed, one private) + 4 likes (one on a private topic)
    assert (a.rows_in, a.rows_loaded, a.rows_quarantined, a.rows_duplicate, a.rows_excluded) == (8, 5, 1, 0, 2)
    assert a.members_skipped == 2  # auth_tokens.csv, visits.csv
    reasons = con.execute("SELECT member, record, reason, raw FROM quarantine ORDER BY member, record NULLS FIRST").fetchall()
    by_member = {}
    for m, rec, reason, raw in reasons:
        by_member.setdefault(m, []).append((rec, reason, raw))
    assert by_member["t/10.json"][0][:2] == (8, "not a post object")
    assert by_member["t/10.json"][1][:2] == (9, "created_at missing or not ISO-8601")
    assert "unreadable JSON file" in by_member["broken.json"][0][1]
    assert "without its topic JSON" in by_member["t/12/posts.json"][0][1] and by_member["t/12/posts.json"][0][2] is None
    assert by_member["latest.json"][0][2] is None and "not a Discourse response" in by_member["latest.json"][0][1]
    [(line, reason, raw)] = by_member["user_archive.csv"]
    assert line == 5 and "malformed CSV row" in reason and "surplus" in raw
    manifest = con.execute("SELECT path, rows_in, rows_loaded FROM manifest WHERE source = 'discourse' ORDER BY 1").fetchall()
    assert manifest == [("discourse/forum-api.zip", 16, 7), ("discourse/user_archive-alice-260131-120000-7.zip", 8, 5)]


def test_private_messages_and_whispers_never_reach_any_table(forum, tmp_path):
    ctx, con, _ = run_ingest(forum, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything
    assert WHISPER not in everything
    assert con.execute("SELECT count(*) FROM raw_discourse_likes WHERE topic_id = '11'").fetchall()[0][0] == 0


def test_opted_out_author_is_not_stored(forum, tmp_path):
    ctx, con, _ = run_ingest(forum, tmp_path)
    resolve(con, ctx)
    assert "carol's own words" not in text_values(con)
    for table in ("raw_discourse_users", "raw_discourse_posts"):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE user_id = '3'").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM stg_identity WHERE employee_id = 'E3'").fetchall()[0][0] == 0


def test_golden_counts_against_the_oracle(forum, tmp_path):
    ctx, con, _ = run_ingest(forum, tmp_path)
    resolve(con, ctx)
    want = oracle()
    # checked by hand once: 6 posts (100, 101, 102, the small action 103, 300, the archive-only
    # safety post); acts: 2 replies, 2 mentions, 2 recognitions, 1 like
    assert want["posts"] == 6 and want["acts"] == {"reply": 2, "mention": 2, "recognition": 2, "reaction": 1}
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'discourse' GROUP BY 1").fetchall())
    assert kinds == {k: v for k, v in want["kinds"].items() if v}
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'discourse' GROUP BY 1").fetchall())
    assert acts == want["acts"]
    rows = sorted(tuple(r) for r in con.execute(
        "SELECT kind, src_account_id::INT, dst_account_id::INT FROM stg_interactions WHERE platform = 'discourse'"
    ).fetchall())
    assert rows == want["act_rows"]
    links = dict(con.execute("SELECT account_id, employee_id FROM stg_identity WHERE platform = 'discourse'").fetchall())
    assert links == {"1": "E1", "2": "E2"}  # by email, case-insensitive; dave has none; carol opted out
    report = dict(con.execute("SELECT account_id, status FROM identity_report WHERE platform = 'discourse'").fetchall())
    assert report["-1"] == "bot" and report["4"] == "unmatched"


def test_canonical_rows_text_permalinks_and_likes(forum, tmp_path):
    ctx, con, _ = run_ingest(forum, tmp_path)
    resolve(con, ctx)
    posts = {r[0]: r[1:] for r in con.execute(
        "SELECT post_id, kind, text, permalink, likes, parent_post_id FROM stg_posts WHERE platform = 'discourse'"
    ).fetchall()}
    assert posts["discourse:100"] == ("post", "How do I rotate keys? cc @bob", f"{BASE}/t/topic-10/10/1", 2, None)
    assert posts["discourse:102"][0] == "reply" and posts["discourse:102"][4] == "discourse:101"
    assert posts["discourse:101"][4] == "discourse:100"  # answers the topic
    assert posts["discourse:300"][1] == "Agree with @alice"  # the quoted post is someone else's words
    assert posts["discourse:t14-1"][2] == f"{BASE}/t/safety-checklist/14/1"
    assert posts["discourse:103"][0] == "system"
    assert "discourse:105" not in posts and "discourse:106" not in posts  # hidden, deleted
    # the deleted post is kept as a marker without its text
    [(cooked, text)] = con.execute("SELECT cooked, text FROM raw_discourse_posts WHERE post_id = '106'").fetchall()
    assert cooked is None and text is None


def test_reload_is_a_no_op_and_folder_equals_zip(forum, tmp_path):
    ctx, con, _ = run_ingest(forum, tmp_path)
    resolve(con, ctx)
    tables = ("raw_discourse_posts", "raw_discourse_likes", "stg_posts", "stg_interactions", "quarantine")
    before = {t: table_dump(con, t) for t in tables}
    con.close()
    ctx2, con2, summary = run_ingest(forum, tmp_path)
    assert [f.status for f in summary.files if f.source == "discourse"] == ["skipped", "skipped"]
    resolve(con2, ctx2)
    assert {t: table_dump(con2, t) for t in tables} == before
    con2.close()
    folder_data = tmp_path / "folder_data"
    write_directory(folder_data, DIRECTORY)
    for name, files in (("forum api [1]*", api_files()), ("alice archive?", archive_files())):
        for member, data in files.items():
            target = folder_data / "discourse" / name / member
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    ctx3, con3, summary3 = run_ingest(folder_data, tmp_path / "other")
    assert [f.status for f in summary3.files if f.source == "discourse"] == ["loaded", "loaded"]
    resolve(con3, ctx3)
    assert table_dump(con3, "stg_posts") == before["stg_posts"]
    assert table_dump(con3, "stg_interactions") == before["stg_interactions"]


def test_overlapping_exports_keep_the_latest_copy(forum, tmp_path):
    edited = post(101, 10, 2, 2, "<p>Use the new runbook.</p>", updated_at="2026-01-20T00:00:00.000Z")
    write_zip(forum / "discourse" / "forum-api-later.zip", {
        "t/10.json": json.dumps(topic(10, "How do I rotate the keys?", [TOPIC_10["post_stream"]["posts"][0], edited])).encode(),
    })
    ctx, con, summary = run_ingest(forum, tmp_path)
    assert all(f.status == "loaded" for f in summary.files if f.source == "discourse")
    resolve(con, ctx)
    rows = con.execute("SELECT text FROM stg_posts WHERE post_id = 'discourse:101'").fetchall()
    assert rows == [("Use the new runbook.",)]
    assert con.execute("SELECT count(*) FROM stg_posts WHERE post_id = 'discourse:100'").fetchall()[0][0] == 1


def test_archive_without_owner_is_rejected(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    files = archive_files()
    del files["preferences.json"]
    write_zip(data / "discourse" / "user_archive-x.zip", files)
    _, con, summary = run_ingest(data, tmp_path)
    [f] = [f for f in summary.files if f.source == "discourse"]
    assert f.status == "failed" and "whose user archive" in f.error
    assert con.execute("SELECT count(*) FROM raw_discourse_posts").fetchall()[0][0] == 0


# ---- the sample company's forum -------------------------------------------------------------------


def test_sample_forum_loads_what_the_writer_wrote(tmp_path):
    company = build_company(40, 30, 3, date(2026, 11, 1))
    data = tmp_path / "data"
    data.mkdir()
    write_documents(company, data, 30)
    (data / "discourse").mkdir()
    counts = write_discourse_export(company, data / "discourse")
    again = tmp_path / "again"
    again.mkdir()
    assert write_discourse_export(company, again) == counts
    for f in sorted((data / "discourse").iterdir()):
        assert f.read_bytes() == (again / f.name).read_bytes()  # byte-identical
    ctx, con, summary = run_ingest(data, tmp_path)
    files = [f for f in summary.files if f.source == "discourse"]
    assert files and all(f.status == "loaded" for f in files), [f.error for f in files]
    resolve(con, ctx)
    assert CANARY not in text_values(con)
    total = {k: sum(getattr(f.counts, k) for f in files) for k in ("rows_loaded", "rows_excluded", "rows_quarantined")}
    assert total["rows_quarantined"] == 0
    posts = con.execute("SELECT count(*) FROM stg_posts WHERE platform = 'discourse'").fetchall()[0][0]
    assert posts == counts["public_posts"]
    assert total["rows_excluded"] == counts["excluded_records"]
    linked = con.execute("SELECT count(*) FROM stg_identity WHERE platform = 'discourse'").fetchall()[0][0]
    assert linked == counts["linkable_people"]
    replies = con.execute(
        "SELECT count(*) FROM stg_interactions WHERE platform = 'discourse' AND kind = 'reply'").fetchall()[0][0]
    assert replies == counts["replies"]


def test_opted_out_owners_archive_keeps_nothing(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    files = archive_files()
    files["preferences.json"] = json.dumps({"user": {"id": 3, "username": "carol", "email": "Carol@example.com"}}).encode()
    write_zip(data / "discourse" / "user_archive-carol-260131-120000-9.zip", files)
    _, con, summary = run_ingest(data, tmp_path)
    [f] = [f for f in summary.files if f.source == "discourse"]
    assert f.status == "loaded", f.error
    # every record, the malformed line included, is counted as excluded and nothing is kept
    assert (f.counts.rows_in, f.counts.rows_excluded, f.counts.rows_loaded) == (8, 8, 0)
    for table in ("raw_discourse_posts", "raw_discourse_likes", "raw_discourse_users", "quarantine"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == 0, table

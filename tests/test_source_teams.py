"""Microsoft Teams (Graph channel messages): the real Graph examples and a documented-format
export with every quirk, plus the sample company's Teams zip."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import run_ingest, table_dump, text_values, write_directory

from ambassador.identity import resolve
from ambassador.sample.company import build_company
from ambassador.sample.documents import write_documents
from ambassador.sample.teams import write_teams_export
from ambassador.sources.teams import html_to_text

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real" / "teams-graph-docs"
CANARY = "PRIVATE-CANARY"
GRAPH = "https://graph.microsoft.com/v1.0"



def teams_outcomes(summary):
    return [f for f in summary.files if f.source == "teams"]



# ---- the real Graph examples (2019 beta, 2021 v1.0) ---------------------------------------


def oracle(paths: list[Path]) -> dict:
    """Count the responses with plain Python, independently of DuckDB and our SQL."""
    messages = []
    for p in paths:
        for m in json.loads(p.read_text(encoding="utf-8"))["value"]:
            messages += [m] + list(m.get("replies") or [])
    people = [m for m in messages if m["messageType"] == "message" and m.get("from") and (m["from"].get("user") or {}).get("id")]
    mentions = reactions = 0
    for m in people:
        author = m["from"]["user"]["id"]
        at_ids = set(re.findall(r'<at id="(\d+)"', m["body"]["content"]))
        mentions += len({x["mentioned"]["user"]["id"] for x in m["mentions"]
                         if str(x["id"]) in at_ids and (x["mentioned"].get("user") or {}).get("id") not in (None, author)})
        reactions += len({r["user"]["user"]["id"] for r in m["reactions"] if r["user"]["user"]["id"] != author})
    return {
        "messages": len(messages),
        "system": sum(m["messageType"] != "message" or m.get("from") is None for m in messages),
        "replies": sum(m.get("replyToId") is not None for m in messages),
        "mentions": mentions,
        "reactions": reactions,
        "authors": len({m["from"]["user"]["id"] for m in people}),
    }


def test_real_graph_examples_golden_counts(tmp_path):
    data = tmp_path / "data"
    write_directory(data, [{"employee_id": "E1", "full_name": "Adele Vance", "email": "adele@example.com"}])
    files = sorted(REAL.glob("*.json"))
    for f in files:  # each response is an export of its own
        (data / "teams" / f.stem).mkdir(parents=True)
        shutil.copy(f, data / "teams" / f.stem / "page-1.json")
    ctx, con, summary = run_ingest(data, tmp_path)
    expected = oracle(files)
    # Golden values, checked once against the oracle and by reading the two files: 6 messages,
    # 1 system event (the v1.0 unknownFutureValue with from null), no replies, 3 user mentions
    # (Megan Bowen, Isaiah Langer, Jane Smith), 1 reaction (a like in the 2019 file), 3 authors.
    assert expected == {"messages": 6, "system": 1, "replies": 0, "mentions": 3, "reactions": 1, "authors": 3}
    outcomes = teams_outcomes(summary)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert sum(o.counts.rows_in for o in outcomes) == sum(o.counts.rows_loaded for o in outcomes) == expected["messages"]
    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'teams' GROUP BY 1").fetchall())
    assert kinds == {"post": expected["messages"] - expected["system"], "system": expected["system"]}
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'teams' GROUP BY 1").fetchall())
    assert acts.get("mention", 0) + acts.get("recognition", 0) == expected["mentions"]
    assert acts.get("reaction", 0) == expected["reactions"]
    assert acts.get("reply", 0) == expected["replies"]
    n = con.execute("SELECT count(*) FROM stg_accounts WHERE platform = 'teams'").fetchall()[0][0]
    assert n == expected["authors"]  # no users.json: the authors, without emails


def test_real_graph_examples_bodies_and_places(tmp_path):
    data = tmp_path / "data"
    write_directory(data, [{"employee_id": "E1", "full_name": "Adele Vance", "email": "adele@example.com"}])
    shutil.copytree(REAL, data / "teams" / "docs")
    ctx, con, _ = run_ingest(data, tmp_path)
    resolve(con, ctx)
    posts = {r[0]: r[1:] for r in con.execute("SELECT post_id, text, permalink, context, created_at FROM stg_posts").fetchall()}
    # 2019: no channelIdentity, no webUrl: the channel comes from @odata.context (URL-decoded)
    old = posts["teams:19:fec4b0f2825d4c8c82abc09027a64184@thread.skype:1548100551644"]
    assert old[0] == ("I've added an Excel tab to the channel containing the P&L Summary. @Isaiah Langer and team, "
                      "please review the Sale Summary tab in particular, and make any necessary updates.")
    assert old[1].startswith("https://teams.microsoft.com/l/message/19%3Afec4b0f2825d4c8c82abc09027a64184%40thread.skype/1548100551644?")
    assert str(old[3]) == "2019-01-21 19:55:51.644000"
    new = "teams:19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2:"
    assert posts[new + "1616965872395"][0] == "Hello World @Jane Smith"
    assert posts[new + "1616963377068"][0] == ""  # two inline images and &nbsp; only
    assert posts[new + "1616883610266"][0] == ""  # <systemEventMessage/>
    assert posts[new + "1616965872395"][1] == json.loads((REAL / "v1.0_channel-list-messages_example1_response_2021.json")
                                                         .read_text())["value"][0]["webUrl"]


# ---- a documented-format export with every quirk -------------------------------------------

TEAM = "0c9e3d4a-1111-4b6e-9a0d-5e2f7a8b9c01"
GENERAL = "19:general000000000000000000000001@thread.tacv2"
RANDOM = "19:random0000000000000000000000002@thread.skype"
SECRET = "19:secret0000000000000000000000003@thread.tacv2"
ALICE, BOB, CAROL, GUEST, DAN = (f"aad-{n}" for n in ("alice", "bob", "carol", "guest", "dan"))
BOT = "app-devops"
NAMES = {ALICE: "Alice Smith", BOB: "Bob Jones", CAROL: "Carol Diaz", DAN: "Dan Brown"}

DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice.smith@example.com", "department": "Eng"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob.jones@example.com", "department": "Ops"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "department": "Ops", "opt_out": "yes"},
]
USERS = [
    {"id": ALICE, "displayName": "Alice Smith", "mail": "Alice.Smith@Example.COM", "userPrincipalName": "alice@corp.example"},
    {"id": BOB, "displayName": "Bob Jones", "mail": None, "userPrincipalName": "Bob.Jones@example.com"},
    {"id": CAROL, "displayName": "Carol Diaz", "mail": "carol@example.com", "userPrincipalName": "carol@example.com"},
    {"id": GUEST, "displayName": "Guest", "mail": "g@partner.example", "userPrincipalName": "g_partner.example#EXT#@corp.onmicrosoft.com"},
]


def ctx_url(fragment: str) -> str:
    return f"{GRAPH}/$metadata#{fragment}"


def channel_ctx(channel: str, tail: str = "/messages") -> str:
    return ctx_url(f"teams('{TEAM}')/channels('{channel.replace(':', '%3A').replace('@', '%40')}')" + tail)


def user(uid: str | None) -> dict | None:
    if uid is None:
        return None
    return {"application": None, "device": None, "user": {"id": uid, "displayName": NAMES.get(uid), "userIdentityType": "aadUser"}}


def mention(n: int, uid: str) -> dict:
    return {"id": n, "mentionText": NAMES[uid], "mentioned": user(uid)}


def reaction(uid: str, kind: str = "like", at: str = "2026-01-10T10:05:00.000Z") -> dict:
    return {"reactionType": kind, "createdDateTime": at, "user": user(uid)}


def message(mid: str, author: str | None, content: str, *, channel: str = GENERAL, reply_to: str | None = None,
            created: str | None = None, modified: str | None = None, v2019: bool = False, **extra) -> dict:
    created = created or f"2026-01-10T{int(mid[-2:]) % 24:02d}:00:00.000Z"
    m = {"id": mid, "replyToId": reply_to, "etag": mid, "messageType": "message", "createdDateTime": created,
         "lastModifiedDateTime": modified or created, "deletedDateTime": None, "subject": None, "summary": None,
         "importance": "normal", "locale": "en-us", "policyViolation": None, "from": user(author),
         "body": {"contentType": "html", "content": content}, "attachments": [], "mentions": [], "reactions": []}
    if not v2019:
        m.update({"lastEditedDateTime": None, "chatId": None, "eventDetail": None,
                  "webUrl": f"https://teams.microsoft.com/l/message/{channel}/{mid}",
                  "channelIdentity": {"teamId": TEAM, "channelId": channel}})
    m.update(extra)
    return m


def page(context: str | None, items: list, next_link: bool = False) -> bytes:
    body: dict = {} if context is None else {"@odata.context": context}
    body["@odata.count"] = len(items)
    if next_link:
        body["@odata.nextLink"] = f"{GRAPH}/teams/{TEAM}/channels/x/messages?$skiptoken=abc"
    body["value"] = items
    return json.dumps(body, indent=2).encode()


R1_HTML = ('<div><p>Huge thanks&nbsp;<div style="display:inline"><at id="0">Bob Jones</at></div> for the P&amp;L review,'
           '\r\nsee you in <at id="1">General</at></p><img src="https://graph.microsoft.com/v1.0/teams/x/channels/y/'
           'messages/1/hostedContents/aWQ/$value"></div>')


def quirky_files() -> dict[str, bytes]:
    inline_reply = message("1768040000102", BOB, "<p>on it</p>", reply_to="1768040000101",
                           created="2026-01-10T11:00:00.000Z")
    r1 = message("1768040000101", ALICE, R1_HTML, mentions=[
        mention(0, BOB),
        {"id": 1, "mentionText": "General", "mentioned": {"application": None, "user": None,
                                                          "conversation": {"id": GENERAL, "conversationIdentityType": "channel"}}},
    ], reactions=[reaction(BOB), reaction(BOB, "heart"), reaction(CAROL)],
        replies=[inline_reply],
        **{"replies@odata.nextLink": f"{GRAPH}/teams/{TEAM}/channels/x/messages/1768040000101/replies?$skiptoken=z"})
    carol = message("1768040000103", CAROL, "<p>carol's own words stay out</p>")
    system = message("1768040000104", None, "<systemEventMessage/>", messageType="unknownFutureValue",
                     eventDetail={"@odata.type": "#microsoft.graph.membersAddedEventMessageDetail"})
    bot = message("1768040000105", None, "<p>Release <b>harbor-api</b> deployed</p>",
                  **{"from": {"application": {"id": BOT, "displayName": "Azure DevOps", "applicationIdentityType": "bot"},
                              "device": None, "user": None}})
    deleted = message("1768040000106", ALICE, "<p>deleted words, gone</p>", deletedDateTime="2026-01-10T12:00:00.000Z",
                      modified="2026-01-10T12:00:00.000Z")
    edited_v1 = message("1768040000107", ALICE, "<p>first draft of the plan</p>", created="2026-01-10T07:00:00.000Z")
    edited_v2 = message("1768040000107", ALICE, "<p>final plan, reviewed</p>", created="2026-01-10T07:00:00.000Z",
                        modified="2026-01-10T09:30:00.000Z", lastEditedDateTime="2026-01-10T09:30:00.000Z")
    no_id = message("1768040000108", ALICE, "<p>no id</p>")
    del no_id["id"]
    bad_date = message("1768040000109", ALICE, "<p>when?</p>", created="yesterday")
    reply2 = message("1768040000110", BOB, '<p>answered in the doc, <at id="0">Alice Smith</at></p>',
                     reply_to="1768040000101", mentions=[mention(0, ALICE)])
    old_root = message("1548100000011", ALICE, "a <b> not a tag\r\nsecond line", channel=RANDOM, v2019=True,
                       body={"contentType": "text", "content": "a <b> not a tag\r\nsecond line"},
                       created="2019-01-21T19:55:51.644Z")
    old_reply = message("1548100000012", BOB, "<div>agreed</div>", channel=RANDOM, v2019=True, reply_to="1548100000011",
                        created="2019-01-21T20:00:00.000Z")
    all_general = message("1768040000113", BOB, '<p>great work <at id="0">Alice Smith</at></p>',
                          mentions=[mention(0, ALICE), mention(5, DAN)])  # id 5 is not in the body: no act
    all_secret = message("1768040000114", ALICE, f"<p>{CANARY} in a private channel</p>", channel=SECRET)
    chat = message("1768040000115", ALICE, f"<p>{CANARY} in a chat</p>", chatId="19:chat@unq.gbl.spaces", channelIdentity=None)
    nowhere = message("1768040000116", ALICE, "<p>a message from nowhere</p>", channelIdentity=None)
    channels = [
        {"id": GENERAL, "displayName": "General", "membershipType": "standard"},
        {"id": RANDOM, "displayName": "random"},  # old responses have no membershipType
        {"id": SECRET, "displayName": "secret-project", "membershipType": "private"},
    ]
    return {
        "users.json": page(ctx_url("users(id,displayName,mail,userPrincipalName)"), USERS),
        "teams.json": page(ctx_url("teams"), [{"id": TEAM, "displayName": "Eng"}]),
        "README.txt": b"saved with Graph Explorer",
        "team/channels.json": page(ctx_url(f"teams('{TEAM}')/channels"), channels),
        "team/general/page-001.json": page(channel_ctx(GENERAL), [
            r1, carol, system, bot, deleted, edited_v1, "not a message", no_id, bad_date], next_link=True),
        "team/general/page-002.json": page(channel_ctx(GENERAL), [edited_v2]),
        "team/general/page-003.json": page(channel_ctx(GENERAL), [message("1768040000117", ALICE, "<p>cut</p>")])[:150],
        "team/general/page-004.json": b"",
        "team/general/replies-1768040000101.json": page(
            channel_ctx(GENERAL, "/messages('1768040000101')/replies"), [reply2, inline_reply]),
        "team/random/page-001.json": page(channel_ctx(RANDOM).replace("v1.0", "beta"), [old_root, old_reply]),
        "team/all-messages.json": page(ctx_url("Collection(chatMessage)"), [all_general, all_secret]),
        "team/secret-project/page-001.json": page(channel_ctx(SECRET), [
            message("1768040000118", ALICE, f"<p>{CANARY}</p>", channel=SECRET)]),
        "chats/meeting.json": page(ctx_url("chats('19%3Ameeting')/messages"), [
            message("1768040000119", BOB, f"<p>{CANARY} chat</p>", chatId="19:meeting", channelIdentity=None)]),
        "misc/saved-by-hand.json": page(None, [chat, nowhere]),
    }


def write_export(target: Path, files: dict[str, bytes], as_zip: bool = True) -> Path:
    if as_zip:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(files):
                zf.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), files[name])
    else:
        for name, data in files.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
    return target


@pytest.fixture
def quirky(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_export(data / "teams" / "graph.zip", quirky_files())
    return data


def test_quirky_export_loads_reconciles_and_quarantines(quirky, tmp_path):
    ctx, con, summary = run_ingest(quirky, tmp_path)
    [teams] = teams_outcomes(summary)
    c = teams.counts
    assert teams.status == "loaded"
    # records: page 1 has 9 items + 1 inline reply, page 2 one, the replies file two, the 2019
    # page two, all-messages two, the hand-saved file two, plus the truncated and the empty file
    assert c.rows_in == 21
    # quarantined: "not a message", no id, bad createdDateTime, the message from nowhere, the
    # truncated and the empty file; duplicate: the pre-edit copy, the inline reply fetched again;
    # excluded: carol (opted out), the deleted message, the private channel's and the chat's
    assert (c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded) == (9, 6, 2, 4)
    assert c.balanced()
    # never read: teams.json, README.txt, the private channel's page, the chat's page
    assert c.members_skipped == 4
    rows = con.execute("SELECT member, record, reason, raw FROM quarantine ORDER BY member, record NULLS FIRST").fetchall()
    reasons = {(m, r, reason) for m, r, reason, _ in rows}
    assert ("team/general/page-001.json", 6, "not a message object") in reasons
    assert ("team/general/page-001.json", 7, "message without id") in reasons
    assert ("team/general/page-001.json", 8, "createdDateTime missing or not an ISO 8601 time") in reasons
    [nowhere] = [r for r in rows if r[0] == "misc/saved-by-hand.json"]
    assert nowhere[1] == 1 and "names no channel" in nowhere[2] and nowhere[3] is None  # content not kept
    [cut] = [r for r in rows if r[0] == "team/general/page-003.json"]
    assert cut[1] is None and cut[2].startswith("unreadable JSON file")
    [empty] = [r for r in rows if r[0] == "team/general/page-004.json"]
    assert empty[1] is None and empty[2] == "unreadable JSON file: empty file (no JSON value)"
    manifest = con.execute(
        "SELECT rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded, members_skipped FROM manifest WHERE source = 'teams'"
    ).fetchall()
    assert manifest == [(c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded, c.members_skipped)]


def test_private_channels_chats_and_deleted_messages_never_reach_any_table(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything
    assert "secret-project" not in everything and SECRET not in everything
    assert "deleted words" not in everything
    # the deletion is remembered by id only
    assert con.execute("SELECT id FROM raw_teams_deleted_messages").fetchall() == [("1768040000106",)]


def test_opted_out_author_and_reactions_are_not_stored(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert "carol's own words" not in everything
    assert CAROL not in everything  # her user row, her message and her reaction on r1 are gone
    assert con.execute("SELECT count(*) FROM stg_identity WHERE employee_id = 'E3'").fetchall()[0][0] == 0


def test_quirks_become_canonical_rows(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    g = f"teams:{GENERAL}:"
    posts = {r[0]: r[1:] for r in con.execute(
        "SELECT post_id, kind, account_id, text, parent_post_id, likes, context, permalink FROM stg_posts").fetchall()}
    assert posts[g + "1768040000101"][2] == "Huge thanks @Bob Jones for the P&L review, see you in @General"
    assert posts[g + "1768040000101"][4] == 2  # bob's like and heart (carol's reaction removed)
    assert posts[g + "1768040000101"][5] == "General"  # channel display name from channels.json
    assert posts[g + "1768040000102"][:1] + posts[g + "1768040000102"][3:4] == ("reply", g + "1768040000101")
    assert posts[g + "1768040000104"][:2] == ("system", "teams:system")
    assert posts[g + "1768040000105"][:2] == ("post", f"app:{BOT}")
    assert posts[g + "1768040000107"][2] == "final plan, reviewed"  # the latest edit wins
    r = f"teams:{RANDOM}:"
    assert posts[r + "1548100000011"][2] == "a <b> not a tag\nsecond line"  # a text body is not HTML
    assert posts[r + "1548100000012"][:1] == ("reply",)
    assert posts[r + "1548100000011"][6].startswith("https://teams.microsoft.com/l/message/19%3Arandom")  # no webUrl in 2019
    assert g + "1768040000106" not in posts and g + "1768040000103" not in posts
    acts = sorted(con.execute("SELECT kind, src_account_id, dst_account_id, post_id FROM stg_interactions").fetchall())
    assert acts == sorted([
        ("recognition", ALICE, BOB, g + "1768040000101"),  # "Huge thanks <at>Bob</at>"; the channel mention is no act
        ("reaction", BOB, ALICE, g + "1768040000101"),  # like + heart from one person: one act
        ("reply", BOB, ALICE, g + "1768040000102"),  # inline reply
        ("reply", BOB, ALICE, g + "1768040000110"),  # reply fetched separately
        ("mention", BOB, ALICE, g + "1768040000110"),
        ("reply", BOB, ALICE, r + "1548100000012"),  # 2019: channel from @odata.context
        ("recognition", BOB, ALICE, g + "1768040000113"),  # mentions[] id 5 (Dan) is not in the body
    ])
    # the reaction's name: bob's first (like and heart at the same time: the first listed)
    reactions = con.execute("SELECT kind, reaction FROM stg_interactions WHERE kind = 'reaction' OR reaction IS NOT NULL").fetchall()
    assert reactions == [("reaction", "like")]


def test_identity_links_by_email_case_and_principal_name(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    links = dict(((a, e), r) for a, e, r in con.execute("SELECT account_id, employee_id, rule FROM stg_identity").fetchall())
    assert links[(ALICE, "E1")] == "email"  # mail Alice.Smith@Example.COM
    assert links[(BOB, "E2")] == "email"  # no mail: userPrincipalName Bob.Jones@example.com
    report = dict(con.execute("SELECT account_id, detail FROM identity_report").fetchall())
    assert report[GUEST] == "guest account, not in the directory"
    assert report[f"app:{BOT}"] == "bot or app account"


def test_reload_is_a_no_op_and_folder_equals_zip(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    tables = ("raw_teams_messages", "raw_teams_users", "stg_posts", "stg_interactions", "stg_accounts", "quarantine")
    before = {t: table_dump(con, t) for t in tables}
    con.close()
    ctx2, con2, summary = run_ingest(quirky, tmp_path)
    assert [f.status for f in teams_outcomes(summary)] == ["skipped"]
    resolve(con2, ctx2)
    assert {t: table_dump(con2, t) for t in tables} == before
    con2.close()
    folder_data = tmp_path / "folder_data"
    write_directory(folder_data, DIRECTORY)
    write_export(folder_data / "teams" / "graph [1]*", quirky_files(), as_zip=False)  # glob characters
    ctx3, con3, summary3 = run_ingest(folder_data, tmp_path / "other")
    assert [f.status for f in teams_outcomes(summary3)] == ["loaded"]
    resolve(con3, ctx3)
    for t in ("stg_posts", "stg_interactions", "stg_accounts"):
        assert table_dump(con3, t) == before[t]


def test_overlapping_exports_keep_the_latest_copy_and_honour_deletions(quirky, tmp_path):
    files = quirky_files()
    # an older download: the plan before its edit, and the deleted message while it was live
    older = json.loads(files["team/general/page-001.json"])["value"]
    stale = [m for m in older if isinstance(m, dict) and m.get("id") in ("1768040000107", "1768040000106")]
    for m in stale:
        m.update({"deletedDateTime": None, "lastModifiedDateTime": m["createdDateTime"]})
    write_export(quirky / "teams" / "older.zip", {
        "users.json": files["users.json"], "general.json": page(channel_ctx(GENERAL), stale)})
    ctx, con, summary = run_ingest(quirky, tmp_path)
    assert sorted(f.status for f in teams_outcomes(summary)) == ["loaded", "loaded"]
    resolve(con, ctx)
    g = f"teams:{GENERAL}:"
    texts = dict(con.execute("SELECT post_id, text FROM stg_posts").fetchall())
    assert texts[g + "1768040000107"] == "final plan, reviewed"
    assert g + "1768040000106" not in texts  # deleted in the newer export
    assert con.execute("SELECT count(*) FROM raw_teams_messages WHERE id = '1768040000107'").fetchall()[0][0] == 2


def test_html_to_text_handles_teams_markup():
    emoji = '<emoji id="1f389_partypopper" alt="🎉" title=""></emoji>'
    assert html_to_text(f"<p>Nice {emoji} work&nbsp;&nbsp;team</p>") == "Nice 🎉 work team"
    assert html_to_text('<div>line one<br>line two</div><div><a href="https://x">the wiki</a></div>') == "line one\nline two\nthe wiki"
    assert html_to_text("<p>unclosed <b>bold") == "unclosed bold"
    assert html_to_text(None) is None


# ---- the sample company's Teams zip ---------------------------------------------------------


def test_sample_teams_export_loads_what_the_writer_wrote(tmp_path):
    company = build_company(40, 30, 3, date(2026, 11, 1))
    data = tmp_path / "data"
    data.mkdir()
    write_documents(company, data, 30)
    written = write_teams_export(company, data / "teams")
    again = write_teams_export(company, tmp_path / "again")
    assert Path(again["path"]).read_bytes() == Path(written["path"]).read_bytes()  # same arguments, same bytes
    ctx, con, summary = run_ingest(data, tmp_path)
    [teams] = teams_outcomes(summary)
    c = teams.counts
    assert teams.status == "loaded"
    assert c.rows_in == written["messages"] + written["duplicates"]
    assert c.rows_duplicate == written["duplicates"]
    assert c.rows_excluded == written["deleted"] + written["opted_out_messages"]
    assert c.rows_loaded == written["messages"] - written["deleted"] - written["opted_out_messages"]
    assert c.rows_quarantined == 0
    assert c.members_skipped == written["skipped_files"]
    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'teams' GROUP BY 1").fetchall())
    assert sum(kinds.values()) == c.rows_loaded
    assert kinds["system"] == written["system_events"]
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'teams' GROUP BY 1").fetchall())
    assert acts.get("mention", 0) + acts.get("recognition", 0) == written["user_mentions"]
    assert acts["reaction"] == written["reactions"]
    assert acts["reply"] > 0
    authors = con.execute(
        "SELECT count(DISTINCT p.account_id) FROM stg_posts p JOIN stg_identity i USING (platform, account_id) "
        "WHERE p.platform = 'teams' AND p.kind <> 'system'"
    ).fetchall()[0][0]
    assert authors == written["authors"]  # every person who posted is linked by email
    assert CANARY not in text_values(con)


def test_sample_teams_export_size_at_default_scale(tmp_path):
    written = write_teams_export(build_company(120, 90, 7, date(2026, 11, 1)), tmp_path)
    assert 1000 <= written["messages"] <= 2500
    assert written["bytes"] < 400_000
    assert written["page_files"] > 6 and written["reply_files"] > 0  # paging and separate replies

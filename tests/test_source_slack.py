"""Slack workspace exports: the real 2016 fixture and an inline export with every quirk."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from builders import channel_id, msg, run_ingest, slack_user, table_dump, text_values, write_directory, write_slack_export

from ambassador.identity import resolve

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real" / "slack-export-viewer-2016" / "testarchive.zip"
CANARY = "PRIVATE-CANARY"




# ---- the real 2016 export -------------------------------------------------------------


def independent_counts(zip_path: Path) -> dict:
    """Count the export with plain Python, as an oracle independent of DuckDB and our SQL."""
    with zipfile.ZipFile(zip_path) as zf:
        channels = {c["name"] for c in json.loads(zf.read("channels.json"))}
        messages = [
            m
            for name in zf.namelist()
            if name.endswith(".json") and name.split("/")[0] in channels and "/" in name
            for m in json.loads(zf.read(name))
        ]
        users = json.loads(zf.read("users.json"))
    system = {"channel_join", "bot_add"}
    mentions = 0
    for m in messages:
        if m.get("user") and m.get("subtype") not in system | {"bot_message"}:
            mentions += len({u for u in re.findall(r"<@(U[A-Z0-9]+)", m.get("text", "")) if u != m["user"]})
    return {
        "messages": len(messages),
        "system": sum(m.get("subtype") in system for m in messages),
        "users": len(users),
        "mentions": mentions,
    }


def test_real_2016_export_golden_counts(tmp_path):
    data = tmp_path / "data"
    write_directory(data, [{"employee_id": "E1", "full_name": "Harry Potter", "email": "harry@example.com"}])
    (data / "slack").mkdir()
    shutil.copy(REAL, data / "slack" / "testarchive.zip")
    ctx, con, summary = run_ingest(data, tmp_path)
    oracle = independent_counts(REAL)
    # Golden values, checked once against the oracle above: 158 messages in 17 day files,
    # 11 system messages (8 channel_join, 3 bot_add), 4 users, 14 user mentions.
    assert (oracle["messages"], oracle["system"], oracle["users"], oracle["mentions"]) == (158, 11, 4, 14)
    slack = [f for f in summary.files if f.source == "slack"][0]
    assert slack.status == "loaded"
    assert slack.counts.rows_in == slack.counts.rows_loaded == 158
    assert slack.counts.members_skipped == 1  # integration_logs.json is never read
    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts GROUP BY 1").fetchall())
    assert kinds == {"post": 158 - 11, "system": 11}
    assert con.execute("SELECT count(*) FROM stg_accounts WHERE platform = 'slack'").fetchall()[0][0] == 4
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions GROUP BY 1").fetchall())
    assert sum(acts.get(k, 0) for k in ("mention", "recognition")) == 14
    # '2016' bot messages carry no user: attributed to the bot, never to a person
    bots = con.execute("SELECT count(*) FROM stg_posts WHERE account_id LIKE 'bot:%'").fetchall()[0][0]
    assert bots == 94


# ---- an export with every quirk ------------------------------------------------------------

USERS = [
    slack_user("U1", "alice", "Alice.Smith@Example.COM"),
    slack_user("U2", "bob", "bob@example.com", fields={"Xf1": {"value": "https://x.com/bobby", "alt": ""}}),
    slack_user("U3", "carol", "carol@example.com"),  # opted out in the directory
    slack_user("UB", "deploybot", "", is_bot=True),
    slack_user("UG", "guest", "guest@partner.example", is_restricted=True),
]
DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice.smith@example.com", "department": "Eng"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob.jones@example.com", "department": "Sales", "x_handle": "@Bobby"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "department": "Ops", "opt_out": "Yes"},
]


def quirky_channels() -> dict:
    return {
        "general": {
            "2026-01-10": [
                msg("1768046400.000100", "U1", "Shipping the safety checklist today &amp; thanks all",
                    thread_ts="1768046400.000100", reply_count=1,
                    reactions=[{"name": "thumbsup::skin-tone-2", "users": ["U2", "U3"], "count": 2}],
                    edited={"user": "U1", "ts": "1768046500.000000"}),
                msg("1768046460.000200", "U3", "carol's own words stay out"),
                msg("1768046520.000300", None, "build passed", subtype="bot_message", bot_id="B1", username="ci"),
                msg("1768046580.000400", "U2", "<@U2> has joined the channel", subtype="channel_join"),
                msg("1768046640.000500", "U1", "thanks <@U2|bob> for the review, see <#C1234|general> <!here>"),
                "not a message",
                {"type": "message", "user": "U1", "text": "no ts"},
                msg("yesterday", "U1", "a ts that is not a timestamp"),
            ],
            # the thread reply lands in the day file of the reply, not the parent
            "2026-01-11": [
                msg("1768132800.000100", "U2", "answered in the doc, <@U1>", thread_ts="1768046400.000100",
                    parent_user_id="U1"),
                # a broadcast reply embeds its parent (carol's, opted out) as 'root'
                msg("1768132830.000150", "U2", "agreed, sharing with the channel", subtype="thread_broadcast",
                    thread_ts="1768046460.000200",
                    root=msg("1768046460.000200", "U3", "carol's own words stay out", thread_ts="1768046460.000200")),
                msg("1768132860.000200", "U9", "hello from a connected workspace", user_team="T9",
                    user_profile={"real_name": "Zed External", "name": "zed"}),
                msg("1768046640.000500", "U1", "thanks <@U2|bob> for the review, see <#C1234|general> <!here>"),
            ],
        },
        "random": {"2026-01-12": [msg("1768219200.000100", "U2", "lunch?")]},
    }


PRIVATE = {"secret-project": {"2026-01-10": [msg("1768046400.000900", "U1", f"{CANARY} private channel")]}}
DMS = {"D0000": {"2026-01-10": [msg("1768046400.000800", "U2", f"{CANARY} direct message")]}}


@pytest.fixture
def quirky(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_slack_export(
        data / "slack" / "acme.zip", USERS, quirky_channels(), private=PRIVATE, dms=DMS,
        raw_files={"general/2026-01-13.json": b'[{"type": "message", "ts": "1768305600.1", "user": "U1", "te'},
    )
    return data


def test_quirky_export_loads_reconciles_and_quarantines(quirky, tmp_path):
    ctx, con, summary = run_ingest(quirky, tmp_path)
    [slack] = [f for f in summary.files if f.source == "slack"]
    c = slack.counts
    assert slack.status == "loaded"
    # 8 + 4 + 1 records in readable files, plus the truncated file counted as one
    assert c.rows_in == 14
    # loaded: 4 + 3 + 1; quarantined: a non-object, a message without ts, a ts that is not a
    # timestamp, the truncated file;
    # duplicate: the same (channel, ts) in two day files; excluded: carol opted out
    assert (c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded) == (8, 4, 1, 1)
    assert c.balanced()
    reasons = con.execute("SELECT member, record, reason FROM quarantine ORDER BY member, record NULLS FIRST").fetchall()
    assert ("general/2026-01-10.json", 5, "not a message object") in reasons
    assert ("general/2026-01-10.json", 6, "message without ts") in reasons
    assert ("general/2026-01-10.json", 7, "ts is not a Slack timestamp") in reasons
    broken = [r for r in reasons if r[0] == "general/2026-01-13.json"]
    assert len(broken) == 1 and broken[0][1] is None and "unreadable day file" in broken[0][2]
    manifest = con.execute("SELECT rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded FROM manifest WHERE source = 'slack'").fetchall()
    assert manifest == [(c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded)]


def test_private_channels_and_dms_never_reach_any_table(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything
    assert "secret-project" not in everything


def test_opted_out_author_is_not_stored(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert "carol's own words" not in everything
    assert con.execute("SELECT count(*) FROM raw_slack_users WHERE id = 'U3'").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM stg_identity WHERE employee_id = 'E3'").fetchall()[0][0] == 0
    # carol's reaction on alice's message is gone from the stored message, the rest kept
    g = channel_id("general")
    [(reactions, record)] = con.execute(
        "SELECT reactions, record FROM raw_slack_messages WHERE channel_id = $c AND ts = '1768046400.000100'", {"c": g}
    ).fetchall()
    assert json.loads(reactions) == [{"name": "thumbsup::skin-tone-2", "users": ["U2"], "count": 1}]
    assert "U3" not in record and json.loads(record)["reactions"][0]["users"] == ["U2"]
    assert con.execute("SELECT count(*) FROM stg_interactions WHERE src_account_id = 'U3' OR dst_account_id = 'U3'").fetchall() == [(0,)]


def test_quirks_become_canonical_rows(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    g = channel_id("general")
    posts = {r[0]: r[1:] for r in con.execute("SELECT post_id, kind, account_id, text, parent_post_id FROM stg_posts").fetchall()}
    reply = posts[f"slack:{g}:1768132800.000100"]
    assert reply[0] == "reply" and reply[3] == f"slack:{g}:1768046400.000100"
    assert posts[f"slack:{g}:1768046580.000400"][0] == "system"  # channel_join
    assert posts[f"slack:{g}:1768046520.000300"][1] == "bot:B1"  # bot_message without user
    assert posts[f"slack:{g}:1768046400.000100"][2] == "Shipping the safety checklist today & thanks all"
    assert posts[f"slack:{g}:1768046640.000500"][2] == "thanks @bob for the review, see #general @here"
    acts = set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())
    assert ("reply", "U2", "U1") in acts
    assert ("reaction", "U2", "U1") in acts
    assert ("recognition", "U1", "U2") in acts  # "thanks <@U2|bob>"
    assert ("mention", "U2", "U1") in acts
    assert not any(a[1] == a[2] for a in acts)
    # the reaction's name, without colons or skin tone; NULL on every other kind
    named = con.execute("SELECT kind, src_account_id, reaction FROM stg_interactions WHERE kind = 'reaction' OR reaction IS NOT NULL").fetchall()
    assert named == [("reaction", "U2", "thumbsup")]


def test_identity_links_by_email_case_and_profile_handle(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    links = dict(((a, e), r) for a, e, r in con.execute("SELECT account_id, employee_id, rule FROM stg_identity").fetchall())
    assert links[("U1", "E1")] == "email"  # Alice.Smith@Example.COM vs alice.smith@example.com
    assert links[("U2", "E2")] == "profile_handle"  # Slack profile field x.com/bobby = directory @Bobby
    report = dict(con.execute("SELECT account_id, status FROM identity_report").fetchall())
    assert report["UB"] == "bot"
    assert report["UG"] == "unmatched"  # a guest: reported, never guessed
    assert report["U9"] == "unmatched"  # missing from users.json


def test_reload_is_a_no_op_and_folder_equals_zip(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    before = {t: table_dump(con, t) for t in ("raw_slack_messages", "stg_posts", "stg_interactions", "quarantine")}
    con.close()
    ctx2, con2, summary = run_ingest(quirky, tmp_path)
    assert [f.status for f in summary.files if f.source == "slack"] == ["skipped"]
    resolve(con2, ctx2)
    assert {t: table_dump(con2, t) for t in before} == before
    con2.close()
    # the same export unpacked into a folder whose name holds glob characters
    folder_data = tmp_path / "folder_data"
    write_directory(folder_data, DIRECTORY)
    target = folder_data / "slack" / "acme [1]*"
    target.mkdir(parents=True)
    with zipfile.ZipFile(quirky / "slack" / "acme.zip") as zf:
        zf.extractall(target)
    ctx3, con3, summary3 = run_ingest(folder_data, tmp_path / "other")
    assert [f.status for f in summary3.files if f.source == "slack"] == ["loaded"]
    resolve(con3, ctx3)
    assert table_dump(con3, "stg_posts") == before["stg_posts"]


def test_changed_export_replaces_its_rows_and_overlap_is_deduplicated(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    con.close()
    channels = quirky_channels()
    channels["random"]["2026-01-12"].append(msg("1768219260.000200", "U1", "sure"))
    write_slack_export(quirky / "slack" / "acme.zip", USERS, channels)  # same path, new content
    write_slack_export(quirky / "slack" / "acme-again.zip", USERS, {"random": channels["random"]})  # overlap
    ctx, con, summary = run_ingest(quirky, tmp_path)
    statuses = sorted((f.path, f.status) for f in summary.files if f.source == "slack")
    assert statuses == [("slack/acme-again.zip", "loaded"), ("slack/acme.zip", "replaced")]
    resolve(con, ctx)
    ids = [r[0] for r in con.execute("SELECT post_id FROM stg_posts WHERE context = 'random'").fetchall()]
    r = channel_id("random")
    assert sorted(ids) == [f"slack:{r}:1768219200.000100", f"slack:{r}:1768219260.000200"]
    old = con.execute("SELECT count(*) FROM manifest WHERE path = 'slack/acme.zip' AND status = 'replaced'").fetchall()[0][0]
    assert old == 1


def test_grid_tombstones_files_and_markup(tmp_path):
    """Enterprise Grid org_users.json, a tombstoned thread parent, old and new file objects,
    user-group and date markup, and a third-party exporter's extra fields."""
    data = tmp_path / "data"
    write_directory(data, DIRECTORY[:2])
    grid_users = [slack_user("W1", "alice", "Alice.Smith@example.com", enterprise_user={"id": "W1"}),
                  slack_user("W2", "bob", "bob.jones@example.com")]
    day = [
        {"type": "message", "subtype": "tombstone", "hidden": True, "ts": "1768046400.000100", "user": "USLACKBOT",
         "text": "This message was deleted.", "thread_ts": "1768046400.000100", "reply_count": 1},
        msg("1768046460.000200", "W2", "still answering the deleted question, <@W1>", thread_ts="1768046400.000100",
            parent_user_id="W1"),
        msg("1768046520.000300", "W1", "<@W1|alice> uploaded a file: <https://x.slack.com/f|plan.pdf>",
            subtype="file_share", file={"id": "F1", "name": "plan.pdf", "user": "W1"}),
        msg("1768046580.000400", "W2", "", files=[{"id": "F2", "name": "notes.txt", "mode": "hosted"}],
            slackdump_extra={"replace_original": False}, metadata={"event_type": "", "event_payload": None}),
        msg("1768046640.000500", "W1", "ping <!subteam^S0614|@oncall> before <!date^1392734382^{date}|Feb 18, 2014>"),
    ]
    files = {"org_users.json": json.dumps(grid_users).encode(),
             "channels.json": json.dumps([{"id": "C77", "name": "eng", "created": 1700000000}]).encode(),
             "eng/2026-01-10.json": json.dumps(day).encode()}
    (data / "slack" / "grid").mkdir(parents=True)
    for name, blob in files.items():
        (data / "slack" / "grid" / name).parent.mkdir(parents=True, exist_ok=True)
        (data / "slack" / "grid" / name).write_bytes(blob)
    ctx, con, summary = run_ingest(data, tmp_path)
    [outcome] = [f for f in summary.files if f.source == "slack"]
    assert outcome.status == "loaded", outcome.error
    assert outcome.counts.rows_loaded == len(day)
    resolve(con, ctx)
    posts = {r[0]: r[1:] for r in con.execute("SELECT post_id, kind, account_id, text FROM stg_posts").fetchall()}
    assert posts["slack:C77:1768046400.000100"][0] == "system"  # the tombstone is not a post
    assert posts["slack:C77:1768046460.000200"][0] == "reply"
    assert posts["slack:C77:1768046640.000500"][2] == "ping @oncall before Feb 18, 2014"
    links = dict(con.execute("SELECT account_id, employee_id FROM stg_identity").fetchall())
    assert links == {"W1": "E1", "W2": "E2"}  # org_users.json emails, any case
    acts = set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())
    # the reply to a tombstoned parent still reaches its author via parent_user_id
    assert ("reply", "W2", "W1") in acts
    assert not any(a[1] == a[2] for a in acts)  # the uploader's self-mention is no interaction

"""Bad inputs, through the whole ingest stage: each is rejected (or quarantined) with a reason,
nothing is written outside the warehouse, and every other file in the data folder still loads.

Each case adds one hostile or broken file beside a good Slack export and a good X archive (and,
for the CSV cases, a good intranet CSV file mapped in ambassador.toml).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from builders import msg, slack_user, write_directory, write_slack_export, write_zip
from test_source_viva_engage import vmsg, vuser, write_viva_export
from test_source_x import account_js, js, manifest_js, tweet

from ambassador.ingest import ingest
from ambassador.pipeline import RunContext

PEOPLE = [
    {"employee_id": "E1", "full_name": "Ann Example", "email": "ann@example.com", "x_handle": "@ann_example"},
    {"employee_id": "E2", "full_name": "Bo Example", "email": "bo@example.com"},
]
USERS = [slack_user("U1", "ann", "ann@example.com"), slack_user("U2", "bo", "bo@example.com")]
GOOD_DAYS = {"general": {"2026-01-05": [msg("1767600000.000100", "U1", "hello <@U2>, thanks!"),
                                        msg("1767600100.000200", "U2", "welcome")]}}


def x_archive_files(tweets: list[dict], *, raw_tweets_js: bytes | None = None) -> dict[str, bytes]:
    return {
        "data/manifest.js": manifest_js(["data/tweets.js"]),
        "data/account.js": account_js("100", "ann_example", "ann@example.com"),
        "data/tweets.js": raw_tweets_js if raw_tweets_js is not None else js("YTD.tweets.part0", tweets),
    }


def zip_bytes(entries: list[tuple]) -> bytes:
    """A zip built entry by entry: (name, data[, unix mode]), so hostile names survive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, *mode in entries:
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if mode:
                info.external_attr = mode[0] << 16
            zf.writestr(info, data)
    return buf.getvalue()


def slack_zip_with(extra: dict[str, bytes]) -> bytes:
    """A valid Slack export (one public channel) plus ``extra`` members, as zip bytes."""
    entries = [("channels.json", json.dumps([{"id": "C9", "name": "ops", "created": "1"}]).encode()),
               ("users.json", json.dumps(USERS).encode()),
               ("ops/2026-01-06.json", json.dumps([msg("1767700000.000100", "U2", "ops update")]).encode())]
    entries += list(extra.items())
    return zip_bytes(entries)


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its content digest (symlinks by target)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for fn in dirnames + filenames:
            p = Path(dirpath) / fn
            if p.is_symlink():
                out[str(p.relative_to(root))] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# name -> (relative path of the bad file, its bytes, source, "failed" or "quarantined", reason text)
CASES = {
    "zip slip ..": ("slack/slip.zip", lambda: slack_zip_with({"../../evil.json": b"[]"}), "slack", "failed", "unsafe path"),
    "zip slip absolute": ("slack/abs.zip", lambda: slack_zip_with({"/tmp/evil.json": b"[]"}), "slack", "failed", "unsafe path"),
    "zip symlink": ("slack/link.zip", lambda: zip_bytes([("channels.json", b"/etc/passwd", stat.S_IFLNK | 0o777)]),
                    "slack", "failed", "symbolic link"),
    "zip bomb": ("slack/bomb.zip", lambda: slack_zip_with({"ops/2026-01-07.json": b"[" + b" " * (40 << 20) + b"]"}),
                 "slack", "failed", "compression ratio"),
    "not a zip": ("slack/fake.zip", lambda: b"PK\x03\x04 this is not really a zip", "slack", "failed", "not a readable zip"),
    "empty zip file": ("slack/empty.zip", lambda: b"", "slack", "failed", "not a readable zip"),
    "empty export": ("slack/nothing.zip", lambda: zip_bytes([("readme.txt", b"hi")]), "slack", "failed", "no channels.json"),
    "truncated day file": ("slack/trunc.zip", lambda: slack_zip_with({"ops/2026-01-07.json": b'[{"type": "message", "ts": "17677'}),
                           "slack", "quarantined", "unreadable day file"),
    "empty day file": ("slack/emptyday.zip", lambda: slack_zip_with({"ops/2026-01-07.json": b""}),
                       "slack", "quarantined", "unreadable day file"),
    "latin-1 day file": ("slack/latin1.zip", lambda: slack_zip_with(
        {"ops/2026-01-07.json": '[{"type": "message", "ts": "1767800000.000100", "user": "U1", "text": "caf\u00e9"}]'.encode("latin-1")}),
        "slack", "quarantined", "unreadable day file"),
    "day file not an array": ("slack/obj.zip", lambda: slack_zip_with({"ops/2026-01-07.json": b'{"ts": "1"}'}),
                              "slack", "quarantined", "unreadable day file"),
    "channels.json truncated": ("slack/chan.zip", lambda: zip_bytes([("channels.json", b'[{"id": "C9", "na')]),
                                "slack", "failed", "channels.json"),
    "truncated tweets.js": ("x/trunc", lambda: x_archive_files([], raw_tweets_js=b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1'),
                            "x", "quarantined", "not a readable JSON array"),
    "utf-16 tweets.js": ("x/utf16", lambda: {k: (v.decode().encode("utf-16") if k.endswith("tweets.js") else v)
                                            for k, v in x_archive_files([tweet("5", "hi")]).items()},
                         "x", "quarantined", "not a readable JSON array"),
    "x archive without manifest or tweets": ("x/nothing", lambda: {"data/README.txt": b"hello"}, "x", "failed", ""),
    "viva wrong columns": ("viva_engage/wrong.zip", lambda: zip_bytes([("Messages.csv", b"message_id,author,text\n1,a,hi\n"),
                                                                       ("Users.csv", b"id,name,email\n")]),
                           "viva_engage", "failed", "missing column"),
    "viva empty Messages.csv": ("viva_engage/empty.zip", lambda: zip_bytes([("Messages.csv", b""), ("Users.csv", b"id\n")]),
                                "viva_engage", "failed", "empty"),
    "teams truncated page": ("teams/trunc.zip", lambda: zip_bytes([("general/page-1.json",
                             b'{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#teams(\'t\')/channels(\'c\')/messages", "value": [{"id": "1')]),
                             "teams", "quarantined", "JSON"),
    "discourse truncated topic": ("discourse/trunc.zip", lambda: zip_bytes([("t/100.json", b'{"post_stream": {"posts": [{"id": 1, ')]),
                                  "discourse", "quarantined", "unreadable JSON"),
    "csv wrong columns": ("intranet_csv/kb/wrong.csv", lambda: b"Post,Who,When\n1,a,2026-01-01\n",
                          "intranet_csv", "failed", "missing"),
    "csv empty file": ("intranet_csv/kb/empty.csv", lambda: b"", "intranet_csv", "failed", "empty"),
    "csv latin-1 cells": ("intranet_csv/kb/latin1.csv",
                          lambda: "ID,Email,When,Body\n7,ann@example.com,2026-01-02T10:00:00Z,caf\u00e9 cr\u00e8me\n".encode("latin-1"),
                          "intranet_csv", "quarantined", "malformed CSV row"),
    "csv row with too many cells": ("intranet_csv/kb/cells.csv",
                                    lambda: b"ID,Email,When,Body\n8,ann@example.com,2026-01-02T10:00:00Z,ok\n9,x,y,z,extra\n",
                                    "intranet_csv", "quarantined", "malformed CSV row"),
}

FEED = """
[[intranet_csv.feeds]]
name = "kb"
files = "kb/*.csv"
kind = "post"
[intranet_csv.feeds.columns]
id = "ID"
author_email = "Email"
created_at = "When"
text = "Body"
"""


def write_case(data: Path, rel: str, payload) -> Path:
    path = data / rel
    content = payload()
    if isinstance(content, dict):  # an unpacked export folder
        for name, blob in content.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(blob)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return path


@pytest.fixture
def good_data(tmp_path):
    data = tmp_path / "data"
    write_directory(data, PEOPLE)
    write_slack_export(data / "slack" / "good.zip", USERS, GOOD_DAYS)
    write_zip(data / "x" / "good.zip", x_archive_files([tweet("1", "working with our customers"), tweet("2", "kudos team")]))
    (data / "ambassador.toml").write_text(FEED)
    (data / "intranet_csv" / "kb").mkdir(parents=True)
    (data / "intranet_csv" / "kb" / "good.csv").write_bytes(b"ID,Email,When,Body\n1,bo@example.com,2026-01-02T10:00:00Z,hello\n")
    ann, bo = vuser("101", "Ann", "ann@example.com"), vuser("102", "Bo", "bo@example.com")
    write_viva_export(data / "viva_engage" / "good.zip", [ann, bo], [], [vmsg("1", ann, "hi [[user:102]]", "2026-01-03T10:00:00Z")])
    return data


def run_ingest(data: Path, tmp_path: Path, **overrides):
    ctx = RunContext.create(data, warehouse=tmp_path / "wh" / "w.duckdb", as_of="2026-01-31", run_id="bad", **overrides)
    con = ctx.connect()
    return con, ingest(con, ctx.settings, ctx.run_id)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_rejected_alone_and_nothing_escapes(case, good_data, tmp_path):
    rel, payload, source, outcome, reason = CASES[case]
    write_case(good_data, rel, payload)
    before_data = tree(good_data)
    con, summary = run_ingest(good_data, tmp_path)

    by_path = {f.path: f for f in summary.files}
    # the good exports load whatever the bad one does
    assert by_path["slack/good.zip"].status == "loaded", by_path["slack/good.zip"].error
    assert by_path["x/good.zip"].status == "loaded", by_path["x/good.zip"].error
    assert by_path["intranet_csv/kb/good.csv"].status == "loaded", by_path["intranet_csv/kb/good.csv"].error
    assert by_path["viva_engage/good.zip"].status == "loaded", by_path["viva_engage/good.zip"].error
    assert con.execute("SELECT count(*) FROM raw_slack_messages WHERE channel_name = 'general'").fetchall()[0][0] == 2
    assert con.execute("SELECT count(*) FROM raw_x_tweets WHERE id IN ('1', '2')").fetchall()[0][0] == 2

    bad = by_path[rel]
    if outcome == "failed":
        assert bad.status == "failed"
        assert reason.lower() in (bad.error or "").lower(), bad.error
        row = con.execute("SELECT status, error FROM manifest WHERE path = $p", {"p": rel}).fetchall()
        assert row and row[0][0] == "failed" and row[0][1]
        # a failed export leaves no rows behind
        assert con.execute(
            "SELECT count(*) FROM raw_slack_messages WHERE _file_sha256 NOT IN (SELECT sha256 FROM manifest WHERE status = 'loaded')"
        ).fetchall()[0][0] == 0
    else:
        assert bad.status == "loaded", bad.error
        reasons = [r for (r,) in con.execute("SELECT reason FROM quarantine WHERE path = $p", {"p": rel}).fetchall()]
        assert any(reason in r for r in reasons), reasons
        assert bad.counts.balanced()
        if source == "slack":  # the export's readable day file still loaded
            assert con.execute("SELECT count(*) FROM raw_slack_messages WHERE channel_name = 'ops'").fetchall()[0][0] == 1
    # the data folder is untouched; the warehouse folder holds only the warehouse
    assert tree(good_data) == before_data
    assert set(os.listdir(tmp_path / "wh")) <= {"w.duckdb", "w.duckdb.wal"}
    assert sorted(os.listdir(tmp_path)) == ["data", "wh"]
    assert not list(tmp_path.parent.rglob("evil.json"))
    assert not Path("/tmp/evil.json").exists()


def test_glob_characters_in_file_names_load_as_plain_names(good_data, tmp_path):
    """DuckDB reads [, *, ? in paths as globs: such names must load their own file, only."""
    weird = good_data / "slack" / "export [2026] *final?.zip"
    write_slack_export(weird, USERS, {"ops[1]": {"2026-01-08": [msg("1767900000.000100", "U1", "glob channel")]}})
    x_weird = good_data / "x" / "arch*ive[1]?"
    for name, blob in x_archive_files([tweet("7", "glob tweet")]).items():
        (x_weird / name).parent.mkdir(parents=True, exist_ok=True)
        (x_weird / name).write_bytes(blob)
    con, summary = run_ingest(good_data, tmp_path)
    status = {f.path: f.status for f in summary.files}
    assert status["slack/export [2026] *final?.zip"] == "loaded"
    assert status["x/arch*ive[1]?"] == "loaded"
    rows = con.execute("SELECT channel_name, count(*) FROM raw_slack_messages GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [("general", 2), ("ops[1]", 1)]
    assert con.execute("SELECT count(*) FROM raw_x_tweets").fetchall()[0][0] == 3


def test_duplicate_export_under_another_name_is_skipped(good_data, tmp_path):
    (good_data / "slack" / "copy of good.zip").write_bytes((good_data / "slack" / "good.zip").read_bytes())
    con, summary = run_ingest(good_data, tmp_path)
    status = sorted(f.status for f in summary.files if f.path in ("slack/copy of good.zip", "slack/good.zip"))
    assert status == ["loaded", "skipped"]
    assert con.execute("SELECT count(*) FROM raw_slack_messages").fetchall()[0][0] == 2


def test_member_larger_than_the_cap_fails_alone(good_data, tmp_path):
    write_slack_export(good_data / "slack" / "big.zip", USERS,
                       {"ops": {"2026-01-07": [msg(f"1767800000.{i:06d}", "U1", "x" * 200) for i in range(200)]}})
    (good_data / "ambassador.toml").write_text(FEED + "\n[limits]\nmax_member_bytes = 20000\n")
    con, summary = run_ingest(good_data, tmp_path)
    by_path = {f.path: f for f in summary.files}
    assert by_path["slack/big.zip"].status == "failed"
    assert "cap" in by_path["slack/big.zip"].error
    assert by_path["slack/good.zip"].status == "loaded"


def test_nested_archives_are_never_opened(good_data, tmp_path):
    inner = slack_zip_with({})
    write_case(good_data, "slack/nested.zip", lambda: slack_zip_with({"ops/attachments.zip": inner,
                                                                     "ops/2026-01-07.json.gz": b"\x1f\x8b junk"}))
    con, summary = run_ingest(good_data, tmp_path)
    nested = {f.path: f for f in summary.files}["slack/nested.zip"]
    assert nested.status == "loaded", nested.error
    assert nested.counts.members_skipped >= 2
    members = {m for (m,) in con.execute("SELECT DISTINCT _member FROM raw_slack_messages").fetchall()}
    assert not any(m.endswith((".zip", ".gz")) for m in members)


def test_summary_counts_quarantine_by_reason(good_data, tmp_path):
    write_case(good_data, "slack/trunc.zip", CASES["truncated day file"][1])
    write_case(good_data, "slack/slip.zip", CASES["zip slip .."][1])
    con, summary = run_ingest(good_data, tmp_path)
    report = "\n".join(summary.report())
    assert "1 failed" in report
    assert summary.quarantined_by_reason == {"unreadable day file": 1, "unsafe path in archive": 1}
    assert "unreadable day file 1" in report


class _FailsHalfway:
    """A source that stores rows and quarantines one, then finds the export unusable."""

    name, folder, platform = "slack", "slack", "slack"
    raw_tables = ("raw_slack_messages",)

    def plan(self, export):
        from ambassador.sources.base import Plan

        return Plan(members=[m.name for m in export.members()], skipped=0)

    def load(self, ctx):
        from ambassador.errors import RejectedFile

        ctx.con.execute(
            "INSERT INTO raw_slack_messages (channel_id, ts, text, _file_sha256) VALUES ('C1', '1.0', 'half', $sha)",
            {"sha": ctx.sha256},
        )
        ctx.quarantine("ops/2026-01-07.json", 3, "a record quarantined before the failure")
        raise RejectedFile("found unusable after some rows were written", "ops/2026-01-08.json")


def test_a_file_that_fails_midway_leaves_only_its_failure(good_data, tmp_path):
    """Rows, quarantine rows and the manifest row of one file commit together or not at all."""
    from ambassador.ingest import load_export

    ctx = RunContext.create(good_data, warehouse=tmp_path / "wh" / "w.duckdb", as_of="2026-01-31", run_id="mid")
    con = ctx.connect()
    outcome = load_export(con, _FailsHalfway(), good_data / "slack" / "good.zip", ctx.settings, ctx.run_id)
    assert outcome.status == "failed" and "unusable" in outcome.error
    assert con.execute("SELECT count(*) FROM raw_slack_messages").fetchall()[0][0] == 0
    assert con.execute("SELECT member, record, reason FROM quarantine").fetchall() == [
        ("ops/2026-01-08.json", None, "found unusable after some rows were written")]
    assert con.execute("SELECT status, rows_in FROM manifest").fetchall() == [("failed", 0)]

"""Viva Engage (Yammer) network data exports: a documented-format export with every quirk,
checked against a plain-Python ``csv`` oracle, plus the sample company's export."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from builders import run_ingest as run_builders_ingest, table_dump, text_values, write_directory

from ambassador.identity import resolve
from ambassador.sample.viva_engage import GROUP_COLUMNS, MESSAGE_COLUMNS, USER_COLUMNS

CANARY = "PRIVATE-CANARY"

# Messages.csv / Users.csv columns in the documented export's order (export_formats.md section 2),
# declared once with the sample writer; Groups.csv as older exports write it (fewer columns)
MESSAGE_HEADER, USER_HEADER = MESSAGE_COLUMNS, USER_COLUMNS
GROUP_HEADER = GROUP_COLUMNS[:9]
# files a real export holds that ambassador never opens
OTHER_FILES = {
    "Admins.csv": b"id,name,email\n101,Alice Smith,alice.smith@example.com\n",
    "Files.csv": b"file_id,uploader_id,name\n9001,101,plan.pdf\n",
    "Files/9001.pdf": b"%PDF-1.4 not read",
    "MessageVersions.csv": b"message_id,version,body\n1001,1,older words\n",
    "Networks.csv": b"id,name\n1,Example Co\n",
    "Pages.csv": b"id,name\n",
    "Topics.csv": b"id,name\n",
    "log.txt": b"export started\n",
    "request.txt": b"start_date=2026-01-01\n",
}


# ---- builders ----------------------------------------------------------------------------


def run_ingest(data_dir: Path, tmp_path: Path):
    return run_builders_ingest(data_dir, tmp_path, as_of="2026-02-28")


def vuser(uid: str, name: str, email: str, state: str = "active", joined: str = "2020-01-01T00:00:00Z",
          suspended: str = "", deleted: str = "") -> dict:
    return {"id": uid, "name": name, "email": email, "job_title": "Engineer", "location": "Rotterdam",
            "department": "Ops", "api_url": f"https://www.yammer.com/api/v1/users/{uid}", "joined_at": joined,
            "deleted_at": deleted, "suspended_at": suspended, "state": state, "guid": f"g-{uid}"}


def vgroup(gid: str, name: str, private: bool = False, deleted: bool = False, description: str = "") -> dict:
    return {"id": gid, "name": name, "description": description, "private": "true" if private else "false",
            "external": "false", "deleted": "true" if deleted else "false", "created_at": "2020-01-01T00:00:00Z"}


def vmsg(mid: str, sender: dict | None, body: str, created_at: str, *, group: dict | None = None, **extra) -> dict:
    """A Messages.csv row; ``sender`` is a vuser() dict (its name and email are copied)."""
    group = group if group is not None else {"id": "", "name": ""}
    row = {
        "id": mid, "thread_id": mid, "group_id": group["id"], "group_name": group["name"],
        "in_private_group": "false", "in_private_conversation": "false",
        "sender_id": sender["id"] if sender else "", "sender_type": "user",
        "sender_name": sender["name"] if sender else "", "sender_email": sender["email"] if sender else "",
        "body": body, "api_url": f"https://www.yammer.com/api/v1/messages/{mid}", "created_at": created_at,
        "html_body": f"<p>{body}</p>", "message_type": "update",
    }
    row.update(extra)
    return row


def csv_bytes(header: list[str], rows: list[dict], raw_lines: dict[int, str] | None = None, bom: bool = True) -> bytes:
    """A CSV as Viva Engage writes it (UTF-8 with a BOM, CRLF, minimal quoting); ``raw_lines``
    inserts verbatim lines before the row of that index (a malformed row, say)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for i, r in enumerate(rows):
        if raw_lines and i in raw_lines:
            buf.write(raw_lines[i] + "\r\n")
        w.writerow([r.get(k, "") for k in header])
    if raw_lines and len(rows) in raw_lines:
        buf.write(raw_lines[len(rows)] + "\r\n")
    return ("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8")


def write_viva_export(path: Path, users: list[dict], groups: list[dict], messages: list[dict], *,
                      raw_lines: dict[int, str] | None = None, network: str = "", as_zip: bool = True,
                      files: dict[str, bytes] | None = None) -> Path:
    """Write a network data export (zip or folder); ``network`` puts the CSVs in a folder."""
    prefix = f"{network}/" if network else ""
    content = {f"{prefix}{k}": v for k, v in OTHER_FILES.items()}
    content[f"{prefix}Users.csv"] = csv_bytes(USER_HEADER, users)
    content[f"{prefix}Groups.csv"] = csv_bytes(GROUP_HEADER, groups)
    content[f"{prefix}Messages.csv"] = csv_bytes(MESSAGE_HEADER, messages, raw_lines)
    content.update(files or {})
    if as_zip:
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(content):
                zf.writestr(zipfile.ZipInfo(name, (2026, 1, 31, 0, 0, 0)), content[name])
    else:
        for name, data in content.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(data)
    return path




def viva_outcomes(summary) -> list:
    return [f for f in summary.files if f.source == "viva_engage"]


# ---- an export with every quirk -------------------------------------------------------------

ALICE = vuser("101", "Alice Smith", "Alice.Smith@Example.com")
BOB = vuser("102", "Bob Jones", "bob.jones@example.com")
CAROL = vuser("103", "Carol Diaz", "carol@example.com")  # opted out in the directory
DAN = vuser("104", "Dan Pending", "dan@example.com", state="soft_delete", joined="")  # invited, never joined
ERIN = vuser("105", "Erin Stone", "erin@example.com", suspended="2026-01-20T00:00:00Z")
FAY = vuser("106", "Fay Gone", "fay@example.com", state="soft_delete", deleted="2026-01-15T00:00:00Z")
GUS = vuser("107", "Gus Partner", "gus@partner.example")  # a guest: another domain
HANA = vuser("108", "Hana Ito", "hana@example.com")
USERS = [ALICE, BOB, CAROL, DAN, ERIN, FAY, GUS, HANA]
ZED = {"id": "301", "name": "Zed Extra", "email": "zed@example.com"}  # only on messages
IVY = {"id": "302", "name": "Ivy", "email": "IVY@example.com"}  # only on messages, opted out

SAFETY = vgroup("201", "Safety Champions")
SECRET = vgroup("202", f"{CANARY} board", private=True, description=f"{CANARY} group description")
OLD = vgroup("203", "Old Community", deleted=True)
GROUPS = [SAFETY, SECRET, OLD]

DIRECTORY = [
    {"employee_id": "E1", "full_name": "Alice Smith", "email": "alice.smith@example.com", "department": "Eng"},
    {"employee_id": "E2", "full_name": "Bob Jones", "email": "bob.jones@example.com", "department": "Ops"},
    {"employee_id": "E3", "full_name": "Carol Diaz", "email": "carol@example.com", "department": "Ops", "opt_out": "yes"},
    {"employee_id": "E4", "full_name": "Hana Ito", "email": "hana@example.com", "department": "Sales"},
    {"employee_id": "E5", "full_name": "Ivy Moss", "email": "ivy@example.com", "department": "Sales", "opt_out": "x"},
    {"employee_id": "E6", "full_name": "Erin Stone", "email": "erin@example.com", "department": "Eng"},
]
MALFORMED = '9999,,,,,201,Safety Champions,,false,false,102,user,Bob Jones,bob.jones@example.com,"too, many",x,y,z,,,2026-01-10T09:00:00Z,,,,update,,surplus,fields'  # 28 fields


def quirky_messages() -> list[dict]:
    return [
        vmsg("1001", ALICE, "Safety checklist is live, thanks [[user:102]] for the review.\nSecond line, \"quoted\".",
             "2026-01-10T09:00:00Z", group=SAFETY),
        vmsg("1002", BOB, "Happy to help [[user:101]], ping me anytime", "2026-01-10 10:00:00 UTC", group=SAFETY,
             replied_to_id="1001", thread_id="1001"),
        vmsg("1003", CAROL, "carol's own words stay out", "2026-01-10T11:00:00Z", group=SAFETY),
        vmsg("1004", ALICE, f"{CANARY} in a private group", "2026-01-10T12:00:00Z", group=SECRET, in_private_group="true"),
        vmsg("1005", BOB, f"{CANARY} in a private conversation", "2026-01-10T12:05:00Z", in_private_conversation="true",
             participants="user:101,user:102"),
        # flag missing on the message, but Groups.csv says the group is private
        vmsg("1006", ALICE, f"{CANARY} flag missing", "2026-01-10T12:10:00Z", group=SECRET),
        vmsg("1007", BOB, "words the author deleted", "2026-01-10T13:00:00Z", group=SAFETY,
             deleted_at="2026-01-11T00:00:00Z", deleted_by_id="102", deleted_by_type="user"),
        vmsg("1008", HANA, "Kudos to the safety crew!", "2026-01-11T08:00:00+01:00", message_type="praise",
             participants="user:101,user:102"),
        vmsg("1009", ALICE, "a date nobody can read", "yesterday", group=SAFETY),
        vmsg("1001", ALICE, "Safety checklist is live, thanks [[user:102]] for the review.\nSecond line, \"quoted\".",
             "2026-01-10T09:00:00Z", group=SAFETY),  # the same id again: a duplicate
        vmsg("1010", GUS, "hello from a partner", "2026/01/12 08:00:00 +0000"),
        vmsg("1011", None, "Bob Jones has joined Safety Champions.", "2026-01-12T09:00:00Z", group=SAFETY,
             sender_id="0", sender_type="system", sender_name="System", message_type="system"),
        vmsg("1012", ALICE, "replying to something since deleted", "2026-01-12T10:00:00Z", group=SAFETY,
             replied_to_id="1007", thread_id="1007"),
        vmsg("1013", BOB, "posted in a community since deleted", "2026-01-12T11:00:00Z", group=OLD),
        vmsg("1014", ERIN, "still here, for now", "2026-01-09 08:00:00", group=SAFETY),
        vmsg("1015", BOB, "ping [[user:999]] and [[user:104]] about [[tag:77]] please", "2026-01-13T08:00:00.250Z",
             group=SAFETY),
        vmsg("1016", ZED, "found on messages only", "2026-01-13T09:00:00Z", group=SAFETY),
        vmsg("1017", IVY, "ivy's own words stay out", "2026-01-13T10:00:00Z", group=SAFETY),
        vmsg("", BOB, "a message without an id", "2026-01-13T11:00:00Z", group=SAFETY),
    ]


@pytest.fixture
def quirky(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    write_viva_export(data / "viva_engage" / "example-2026-01.zip", USERS, GROUPS, quirky_messages(),
                      raw_lines={5: MALFORMED})
    return data


# ---- a plain-Python oracle ---------------------------------------------------------------------

_TS_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S %Z", "%Y/%m/%d %H:%M:%S %z",
               "%Y-%m-%d %H:%M:%S")


def _ts(value: str) -> datetime | None:
    for fmt in _TS_FORMATS:
        try:
            return datetime.strptime(value.replace("Z", "+0000"), fmt)
        except ValueError:
            pass
    return None


def oracle(zip_path: Path, directory: list[dict]) -> dict:
    """What the export should yield, computed with ``csv`` and ``re`` only."""
    with zipfile.ZipFile(zip_path) as zf:
        def read(name: str) -> list[list[str]]:
            return list(csv.reader(io.StringIO(zf.read(name).decode("utf-8-sig"), newline="")))
        m_rows, u_rows, g_rows = read("Messages.csv"), read("Users.csv"), read("Groups.csv")
    header = m_rows[0]
    malformed = [i + 1 for i, r in enumerate(m_rows[1:], 1) if len(r) != len(header)]
    msgs = [dict(zip(header, r)) for r in m_rows[1:] if len(r) == len(header)]
    users = [dict(zip(u_rows[0], r)) for r in u_rows[1:]]
    groups = [dict(zip(g_rows[0], r)) for r in g_rows[1:]]
    opted = {p["email"].lower() for p in directory if p.get("opt_out")}
    employees = {p["email"].lower() for p in directory if not p.get("opt_out")}
    opted_ids = {u["id"] for u in users if u["email"].lower() in opted}
    private = {g["id"] for g in groups if g["private"] == "true"} | {
        m["group_id"] for m in msgs if m["in_private_group"] == "true" and m["group_id"]}
    deleted_groups = {g["id"] for g in groups if g["deleted"] == "true"}
    out = {"excluded": 0, "quarantined": len(malformed), "duplicate": 0, "loaded": [], "malformed_lines": malformed}
    seen = set()
    for m in msgs:
        if (m["in_private_group"] == "true" or m["in_private_conversation"] == "true" or m["group_id"] in private
                or m["deleted_at"] or m["deleted_by_id"] or m["group_id"] in deleted_groups
                or m["sender_id"] in opted_ids or m["sender_email"].lower() in opted):
            out["excluded"] += 1
        elif not m["id"] or not m["sender_id"] or _ts(m["created_at"]) is None:
            out["quarantined"] += 1
        elif m["id"] in seen:
            out["duplicate"] += 1
        else:
            seen.add(m["id"])
            out["loaded"].append(m)
    by_id = {m["id"]: m for m in out["loaded"]}
    kinds: dict[str, int] = {}
    acts: dict[str, int] = {}
    for m in out["loaded"]:
        kind = "system" if m["message_type"] == "system" else "reply" if m["replied_to_id"] else "post"
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "system":
            continue
        parent = by_id.get(m["replied_to_id"])
        if parent and parent["sender_id"] != m["sender_id"]:
            acts["reply"] = acts.get("reply", 0) + 1
        targets = set(re.findall(r"\[\[user:(\d+)\]\]", m["body"]))
        praise = m["message_type"] == "praise"
        if praise:
            targets |= set(re.findall(r"user:(\d+)", m["participants"]))
        thanks = praise or re.search(r"\bthank|\bkudos\b", m["body"].lower())
        n = len(targets - {m["sender_id"]})
        if n:
            acts["recognition" if thanks else "mention"] = acts.get("recognition" if thanks else "mention", 0) + n
    senders = {m["sender_id"]: m["sender_email"] for m in out["loaded"]}
    emails = {u["id"]: u["email"] for u in users if u["id"] not in opted_ids} | {
        k: v for k, v in senders.items() if k not in {u["id"] for u in users}}
    out.update(
        rows_in=len(m_rows) - 1 + len(u_rows) - 1 + len(g_rows) - 1,
        users_loaded=len(users) - len(opted_ids), users_excluded=len(opted_ids),
        groups_loaded=sum(g["private"] != "true" for g in groups), groups_private=sum(g["private"] == "true" for g in groups),
        post_kinds=kinds, acts=acts, matched=sum(e.lower() in employees for e in emails.values()),
    )
    return out


# ---- tests -------------------------------------------------------------------------------------


def test_created_at_forms_are_parsed_and_others_rejected():
    import duckdb

    from ambassador.sources.viva_engage import created_utc_sql

    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/Halifax'")  # offsets must not depend on the session zone
    sql = created_utc_sql("s")
    cases = {
        "2026-01-10T09:00:00Z": datetime(2026, 1, 10, 9), "2026-01-10T09:00:00.250Z": datetime(2026, 1, 10, 9, 0, 0, 250000),
        "2026-01-10T10:00:00+01:00": datetime(2026, 1, 10, 9), "2026-01-10 09:00:00 UTC": datetime(2026, 1, 10, 9),
        "2026/01/10 10:00:00 +0100": datetime(2026, 1, 10, 9), "2026-01-10 09:00:00": datetime(2026, 1, 10, 9),
        " 2026-01-10t09:00:00z ": datetime(2026, 1, 10, 9), "2026-01-10 09:00:00 GMT": datetime(2026, 1, 10, 9),
        "yesterday": None, "1/10/2026 9:00 AM": None, "2026-01-10": None, "": None, "2026-13-45T09:00:00Z": None,
    }
    got = {v: con.execute(f"SELECT {sql} FROM (SELECT $v AS s)", {"v": v}).fetchall()[0][0] for v in cases}
    assert got == cases


def test_quirky_export_matches_the_oracle_and_reconciles(quirky, tmp_path):
    ctx, con, summary = run_ingest(quirky, tmp_path)
    [viva] = viva_outcomes(summary)
    assert viva.status == "loaded", viva.error
    o = oracle(quirky / "viva_engage" / "example-2026-01.zip", DIRECTORY)
    c = viva.counts
    assert c.balanced()
    # rows of all three files: 20 message rows (one malformed) + 8 users + 3 groups
    assert c.rows_in == o["rows_in"] == 31
    # excluded: 7 messages (3 private, 2 deleted incl. the deleted group's, 2 opted out),
    # carol's user row, the private group's row
    assert c.rows_excluded == o["excluded"] + o["users_excluded"] + o["groups_private"] == 7 + 1 + 1
    # quarantined: the malformed row, the unreadable date, the message without id
    assert c.rows_quarantined == o["quarantined"] == 3
    assert c.rows_duplicate == o["duplicate"] == 1
    assert c.rows_loaded == len(o["loaded"]) + o["users_loaded"] + o["groups_loaded"] == 9 + 7 + 2
    assert c.members_skipped == len(OTHER_FILES)
    quarantine = con.execute("SELECT member, record, reason, raw FROM quarantine ORDER BY record").fetchall()
    [bad_line] = [q for q in quarantine if q[2].startswith("malformed CSV row")]
    assert bad_line[0] == "Messages.csv" and bad_line[1] == o["malformed_lines"][0] == 7
    assert bad_line[3] is None  # an unparsed Messages.csv row may be private: its text is not kept
    assert any(q[2] == "created_at is not a recognised timestamp: 'yesterday'" and "a date nobody" in q[3]
               for q in quarantine)
    assert any(q[2] == "message without id" for q in quarantine)
    manifest = con.execute(
        "SELECT rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded FROM manifest WHERE source = 'viva_engage'"
    ).fetchall()
    assert manifest == [(c.rows_in, c.rows_loaded, c.rows_quarantined, c.rows_duplicate, c.rows_excluded)]

    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'viva_engage' GROUP BY 1").fetchall())
    assert kinds == o["post_kinds"] == {"post": 6, "reply": 2, "system": 1}
    acts = dict(con.execute("SELECT kind, count(*) FROM stg_interactions WHERE platform = 'viva_engage' GROUP BY 1").fetchall())
    # reply bob->alice; recognition alice->bob ("thanks"), hana->alice and hana->bob (praise);
    # mentions bob->alice, bob->999, bob->104
    assert acts == o["acts"] == {"reply": 1, "recognition": 3, "mention": 3}
    matched = con.execute("SELECT count(*) FROM stg_identity WHERE platform = 'viva_engage'").fetchall()[0][0]
    assert matched == o["matched"] == 4  # alice (case differs), bob, hana, erin


def test_private_groups_and_conversations_never_reach_any_table(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    assert CANARY not in everything
    assert "1004" not in {r[0] for r in con.execute("SELECT id FROM raw_viva_messages").fetchall()}
    # the private group is remembered by id only, so other exports withhold its messages too
    assert con.execute("SELECT id, name, description, record FROM raw_viva_groups WHERE private").fetchall() == [
        ("202", None, None, None)]


def test_deleted_and_opted_out_messages_are_not_stored(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    everything = text_values(con)
    for words in ("words the author deleted", "carol's own words", "ivy's own words", "posted in a community since"):
        assert words not in everything
    assert con.execute("SELECT count(*) FROM raw_viva_users WHERE id = '103'").fetchall()[0][0] == 0
    tombstones = con.execute("SELECT id, body, sender_id FROM raw_viva_messages WHERE withheld = 'deleted' ORDER BY id").fetchall()
    assert tombstones == [("1007", None, None), ("1013", None, None)]
    assert con.execute("SELECT count(*) FROM stg_identity WHERE employee_id IN ('E3', 'E5')").fetchall()[0][0] == 0


def test_quirks_become_canonical_rows(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    posts = {r[0]: r[1:] for r in con.execute(
        "SELECT post_id, kind, account_id, text, parent_post_id, context, created_at, permalink FROM stg_posts "
        "WHERE platform = 'viva_engage'").fetchall()}
    first = posts["viva_engage:1001"]
    assert first[2] == 'Safety checklist is live, thanks @Bob Jones for the review.\nSecond line, "quoted".'
    assert first[4] == "Safety Champions" and first[5] == datetime(2026, 1, 10, 9)
    assert first[6] == "https://www.yammer.com/api/v1/messages/1001"
    assert posts["viva_engage:1002"][0] == "reply" and posts["viva_engage:1002"][3] == "viva_engage:1001"
    assert posts["viva_engage:1008"][3:6] == (None, "All Company", datetime(2026, 1, 11, 7))  # +01:00 applied
    assert posts["viva_engage:1010"][4:6] == ("All Company", datetime(2026, 1, 12, 8))
    assert posts["viva_engage:1011"][0] == "system"
    assert posts["viva_engage:1012"][0] == "reply"  # its parent was deleted: no reply interaction
    assert posts["viva_engage:1014"][4] == "Safety Champions" and posts["viva_engage:1014"][5] == datetime(2026, 1, 9, 8)
    assert posts["viva_engage:1015"][2] == "ping @someone and @Dan Pending about  please"
    acts = set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions WHERE platform = 'viva_engage'").fetchall())
    assert {("reply", "102", "101"), ("recognition", "101", "102"), ("mention", "102", "101"),
            ("recognition", "108", "101"), ("recognition", "108", "102")} <= acts
    assert not any(a[1] == a[2] for a in acts)
    assert not any("1007" in str(a) or a[1] == "0" for a in acts)


def test_user_states_and_guests(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    accounts = {r[0]: r[1:] for r in con.execute(
        "SELECT account_id, email, is_guest, is_deleted, is_bot, display_name FROM stg_accounts WHERE platform = 'viva_engage'"
    ).fetchall()}
    assert accounts["101"][:3] == ("alice.smith@example.com", False, False)
    assert accounts["104"][2] is False  # pending: invited, not deleted
    assert accounts["105"][2] is True  # suspended
    assert accounts["106"][2] is True  # deleted
    assert accounts["107"][1] is True  # guest: partner.example is not the home domain example.com
    assert accounts["301"] == ("zed@example.com", False, False, False, "Zed Extra")  # message-only sender
    assert accounts["0"][3] is True  # the system sender is a bot
    assert "103" not in accounts and "302" not in accounts  # opted out: never stored
    # pending users have no activity
    assert con.execute("SELECT count(*) FROM stg_posts WHERE account_id = '104'").fetchall()[0][0] == 0
    links = dict(con.execute("SELECT account_id, employee_id FROM stg_identity WHERE platform = 'viva_engage'").fetchall())
    assert links == {"101": "E1", "102": "E2", "105": "E6", "108": "E4"}


def test_reload_is_a_no_op_and_folder_equals_zip(quirky, tmp_path):
    ctx, con, _ = run_ingest(quirky, tmp_path)
    resolve(con, ctx)
    tables = ("raw_viva_messages", "raw_viva_users", "raw_viva_groups", "stg_posts", "stg_interactions", "quarantine")
    before = {t: table_dump(con, t) for t in tables}
    con.close()
    ctx2, con2, summary = run_ingest(quirky, tmp_path)
    assert [f.status for f in viva_outcomes(summary)] == ["skipped"]
    resolve(con2, ctx2)
    assert {t: table_dump(con2, t) for t in tables} == before
    con2.close()
    # the same export unpacked into a folder whose name holds glob characters
    folder_data = tmp_path / "folder_data"
    write_directory(folder_data, DIRECTORY)
    target = folder_data / "viva_engage" / "export [1]*"
    target.mkdir(parents=True)
    with zipfile.ZipFile(quirky / "viva_engage" / "example-2026-01.zip") as zf:
        zf.extractall(target)
    ctx3, con3, summary3 = run_ingest(folder_data, tmp_path / "other")
    assert [f.status for f in viva_outcomes(summary3)] == ["loaded"]
    resolve(con3, ctx3)
    for t in ("stg_posts", "stg_interactions"):
        assert table_dump(con3, t) == before[t]


def test_overlapping_exports_are_deduplicated_and_later_deletions_win(quirky, tmp_path):
    later = [
        vmsg("1001", ALICE, "Safety checklist is live, thanks [[user:102]] for the review.\nSecond line, \"quoted\".",
             "2026-01-10T09:00:00Z", group=SAFETY),
        # deleted since the first export: its earlier copy must go too
        vmsg("1002", BOB, "Happy to help [[user:101]], ping me anytime", "2026-01-10 10:00:00 UTC", group=SAFETY,
             replied_to_id="1001", thread_id="1001", deleted_at="2026-02-02T00:00:00Z", deleted_by_id="102"),
        vmsg("1010", GUS, "hello from a partner (edited)", "2026/01/12 08:00:00 +0000"),
        vmsg("1018", BOB, "new in February", "2026-02-01T08:00:00Z", group=SAFETY),
    ]
    write_viva_export(quirky / "viva_engage" / "example-2026-02.zip", USERS, GROUPS, later)
    ctx, con, summary = run_ingest(quirky, tmp_path)
    assert sorted(f.status for f in viva_outcomes(summary)) == ["loaded", "loaded"]
    resolve(con, ctx)
    posts = dict(con.execute("SELECT post_id, text FROM stg_posts WHERE platform = 'viva_engage'").fetchall())
    assert "viva_engage:1002" not in posts
    assert posts["viva_engage:1010"] == "hello from a partner (edited)"  # the later export's copy
    assert "viva_engage:1018" in posts
    assert con.execute("SELECT count(*) FROM raw_viva_messages WHERE id = '1001'").fetchall()[0][0] == 2
    assert sum(p == "viva_engage:1001" for p in posts) == 1
    assert ("reply", "102", "101") not in set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())


def test_wrong_columns_reject_one_export_while_another_loads(quirky, tmp_path):
    bad = quirky / "viva_engage" / "not-messages.zip"
    bad.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("Messages.csv", "message_id,author,text,when\n1,2,hi,2026-01-01\n")
        zf.writestr("Users.csv", "id,name,email\n")
    empty = quirky / "viva_engage" / "no-messages.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("Users.csv", "id,name,email\n")
    ctx, con, summary = run_ingest(quirky, tmp_path)
    by_path = {f.path: f for f in viva_outcomes(summary)}
    assert by_path["viva_engage/example-2026-01.zip"].status == "loaded"
    failed = by_path["viva_engage/not-messages.zip"]
    assert failed.status == "failed"
    assert failed.error.startswith("Messages.csv: missing column(s) id, sender_id, body, created_at")
    assert "\n" not in failed.error
    assert by_path["viva_engage/no-messages.zip"].error == "no Messages.csv: not a Viva Engage network data export"
    assert con.execute("SELECT count(*) FROM raw_viva_messages WHERE _member = 'Messages.csv' AND body = 'hi'").fetchall()[0][0] == 0


def test_external_networks_one_folder_each(tmp_path):
    data = tmp_path / "data"
    write_directory(data, DIRECTORY)
    home = [vmsg("2001", ALICE, "home network post", "2026-01-10T09:00:00Z")]
    partner = [vmsg("3001", GUS, "partner network post, thanks [[user:101]]", "2026-01-10T10:00:00Z"),
               vmsg("3002", ALICE, f"{CANARY} partner private", "2026-01-10T11:00:00Z", in_private_conversation="true")]
    content = {"1111/Users.csv": csv_bytes(USER_HEADER, [ALICE, BOB]),
               "1111/Groups.csv": csv_bytes(GROUP_HEADER, []),
               "1111/Messages.csv": csv_bytes(MESSAGE_HEADER, home),
               "2222/Users.csv": csv_bytes(USER_HEADER, [ALICE, GUS]),
               "2222/Groups.csv": csv_bytes(GROUP_HEADER, []),
               "2222/Messages.csv": csv_bytes(MESSAGE_HEADER, partner, bom=False),
               "log.txt": b"two networks\n"}
    path = data / "viva_engage" / "multi.zip"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(content):
            zf.writestr(name, content[name])
    ctx, con, summary = run_ingest(data, tmp_path)
    [viva] = viva_outcomes(summary)
    assert viva.status == "loaded", viva.error
    # 3 messages + 4 user rows (alice twice: one duplicate) ; excluded: the private one
    assert (viva.counts.rows_in, viva.counts.rows_loaded, viva.counts.rows_duplicate, viva.counts.rows_excluded) == (7, 5, 1, 1)
    assert viva.counts.members_skipped == 1
    resolve(con, ctx)
    rows = con.execute("SELECT id, network FROM raw_viva_messages ORDER BY id").fetchall()
    assert rows == [("2001", "1111"), ("3001", "2222")]
    assert CANARY not in text_values(con)
    assert ("recognition", "107", "101") in set(con.execute("SELECT kind, src_account_id, dst_account_id FROM stg_interactions").fetchall())


# ---- the sample company's export -----------------------------------------------------------


def test_sample_company_export_loads_as_its_writer_says(tmp_path):
    from ambassador.sample.company import build_company
    from ambassador.sample.documents import write_documents
    from ambassador.sample.viva_engage import write_viva_engage_export

    company = build_company(40, 30, 3, date(2026, 11, 1))
    data = tmp_path / "data"
    data.mkdir()
    write_documents(company, data, 30)
    written = write_viva_engage_export(company, data / "viva_engage")
    again = write_viva_engage_export(company, tmp_path / "again")
    assert Path(again["path"]).read_bytes() == Path(written["path"]).read_bytes()  # deterministic
    assert written["private_messages"] > 0 and written["deleted_messages"] > 0 and written["stored_messages"] > 100
    ctx, con, summary = run_builders_ingest(data, tmp_path, as_of="2026-11-01")
    [viva] = viva_outcomes(summary)
    assert viva.status == "loaded", viva.error
    opted_users = sum(p.opt_out for p in company.people)
    c = viva.counts
    assert c.balanced() and c.rows_quarantined == 0 and c.rows_duplicate == 0
    assert c.rows_in == written["messages"] + written["users"] + written["groups"]
    assert c.rows_excluded == (written["private_messages"] + written["deleted_messages"] + written["opted_out_messages"]
                               + opted_users + written["private_groups"])
    assert c.rows_loaded == (written["stored_messages"] + written["users"] - opted_users
                             + written["groups"] - written["private_groups"])
    assert c.members_skipped == 8  # Admins, Files, MessageVersions, Networks, Pages, Topics, log, request
    resolve(con, ctx)
    kinds = dict(con.execute("SELECT kind, count(*) FROM stg_posts WHERE platform = 'viva_engage' GROUP BY 1").fetchall())
    assert sum(kinds.values()) == written["stored_messages"]
    assert kinds.get("reply", 0) == written["replies"] and kinds.get("system", 0) == written["system_messages"]
    everything = text_values(con)
    assert CANARY not in everything and "Ops Leads" not in everything
    # the senders of stored messages, read back with csv: every one in the directory is matched
    with zipfile.ZipFile(written["path"]) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("Messages.csv").decode("utf-8-sig"), newline="")))
    directory = {p.email: p.employee_id for p in company.people if not p.opt_out}
    stored = [r for r in rows if r["in_private_group"] == "false" and r["in_private_conversation"] == "false"
              and not r["deleted_at"] and r["sender_email"].lower() in directory]
    expected = {directory[r["sender_email"].lower()] for r in stored}
    linked = {e for (e,) in con.execute(
        """SELECT DISTINCT i.employee_id FROM stg_identity i JOIN stg_posts p USING (platform, account_id)
           WHERE i.platform = 'viva_engage'""").fetchall()}
    assert linked == expected and len(expected) >= 10
    # the most active posters are employees, matched; the guest and the suspended ex-employee are not
    top = con.execute(
        """SELECT p.account_id, i.employee_id IS NOT NULL FROM stg_posts p
           LEFT JOIN stg_identity i USING (platform, account_id)
           WHERE p.platform = 'viva_engage' AND p.kind <> 'system'
           GROUP BY ALL ORDER BY count(*) DESC, p.account_id LIMIT 10""").fetchall()
    assert sum(m for _, m in top) >= 9
    guests = con.execute("SELECT count(*) FROM stg_accounts WHERE platform = 'viva_engage' AND is_guest").fetchall()[0][0]
    assert guests == written["guests"]
    deleted = con.execute("SELECT count(*) FROM stg_accounts WHERE platform = 'viva_engage' AND is_deleted").fetchall()[0][0]
    assert deleted == written["suspended_users"] + written["deleted_users"]

"""Loading a 1,000,000-message Slack export, against DuckDB reading the same files raw.

Generates an unpacked Slack workspace export (``users.json``, ``channels.json`` and
20 channels x 100 day files of 500 messages, with the fields real exports carry:
``client_msg_id``, ``blocks``, ``user_profile``, mentions, threads, reactions, edits,
bot messages, joins, broadcasts with their ``root``, a few re-exported edits of the same
message, and authors who opted out) plus a small HR directory, then measures side by side,
each measurement in a fresh process and a fresh file-backed database:

* ``baseline``: ``CREATE TABLE t AS SELECT * FROM read_json([day files], format = 'array')``
  with DuckDB's auto-detected schema: the cost of just getting the bytes into DuckDB;
* ``ambassador``: :func:`ambassador.ingest.load_export` of the folder with the Slack source,
  as the pipeline's ingest stage runs it (staging, digest, quarantine, opt-outs, dedupe,
  reconciliation and the manifest row, in one transaction);
* ``ambassador_zip``: the same export zipped (reported separately, not in the ratio).

The timed region is the load statement(s) plus a ``CHECKPOINT`` (the data is on disk when
the clock stops); process start-up, imports and the directory load are outside it. Peak
RSS is the child process's own (``os.wait4``). The order of the cases rotates across
repeats; medians are reported. Run::

    python -m benchmarks.slack_load            # full size, writes benchmarks/results/slack_load.json
    python -m benchmarks.slack_load --quick    # 20,000 messages in 40 files, for the test suite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "slack_load.json"
TEAM = "T0BENCH01"
EXPORT_NAME = "acme"
FIRST_DAY = 1735689600  # 2025-01-01T00:00:00Z
CHANNELS = 20
USERS = 500
OPTED_OUT = (3, 50, 120, 250, 400)  # user numbers whose employees opted out
DUPLICATE_RATE = 0.002  # messages exported twice (before and after an edit)
MALFORMED_EVERY = 9973  # one message in this many has no ts (quarantined; checks record numbers; prime: positions vary)
CASES = ("baseline", "ambassador", "ambassador_zip")

WORDS = (
    "the launch plan checklist review lighthouse beacon deploy release customer safety doc draft "
    "meeting agenda notes follow up today tomorrow ship fix bug test metric dashboard team update "
    "question answer idea design sprint retro demo harbour keeper lamp signal weather route cargo "
    "budget forecast hiring onboarding roadmap incident postmortem latency rollout feedback"
).split()
EMOJI = ("+1", "tada", "heart", "eyes", "raised_hands", "white_check_mark", "thumbsup::skin-tone-2", "rocket")
FIRST = ("Ann", "Ben", "Chloe", "Dev", "Emma", "Femi", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Milo", "Nia")
LAST = ("Lee", "Okafor", "Novak", "Silva", "Berg", "Khan", "Moreau", "Ito", "Reyes", "Walsh", "Park", "Adeyemi")


# ---- the export ---------------------------------------------------------------------------


@dataclass
class ExportFacts:
    """What the generator wrote, counted as it wrote it (the oracle for both sides)."""

    messages: int = 0
    day_files: int = 0
    bytes: int = 0
    excluded: int = 0  # messages by authors who opted out
    malformed: list = field(default_factory=list)  # [member, position] of messages without ts
    duplicates: int = 0  # second copies of a (channel, ts) by authors who did not opt out
    users: int = 0
    channels: int = 0
    kinds: dict = field(default_factory=dict)

    @property
    def expected_loaded(self) -> int:
        return self.messages - self.excluded - self.duplicates - len(self.malformed)


def user_id(n: int) -> str:
    return f"U0{n:07X}"


def _users(rng: random.Random) -> list[dict]:
    people = []
    for n in range(USERS):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = f"{first.lower()}.{last.lower()}{n}"
        people.append(
            {
                "n": n,
                "id": user_id(n),
                "name": handle,
                "real_name": f"{first} {last}",
                "first": first,
                "email": f"{handle}@acme.example",
                "is_bot": n >= USERS - 5,
            }
        )
    return people


def _users_json(people: list[dict]) -> str:
    rows = []
    for p in people:
        email = "" if p["is_bot"] else f',"email":"{p["email"]}"'
        rows.append(
            f'{{"id":"{p["id"]}","team_id":"{TEAM}","name":"{p["name"]}","deleted":false,"color":"9f69e7",'
            f'"real_name":"{p["real_name"]}","tz":"Europe/London","tz_offset":0,'
            f'"profile":{{"title":"","phone":"","real_name":"{p["real_name"]}","display_name":"{p["first"].lower()}",'
            f'"status_text":"","status_emoji":"","avatar_hash":"g{p["n"]:011x}"{email},"first_name":"{p["first"]}",'
            f'"team":"{TEAM}"}},"is_admin":false,"is_owner":false,"is_bot":{str(p["is_bot"]).lower()},'
            f'"is_app_user":false,"updated":1700000000}}'
        )
    return "[\n" + ",\n".join(rows) + "\n]\n"


def _channels(channels: int) -> list[dict]:
    return [{"id": f"C0BENCH{c:03d}", "name": f"team-{c:02d}"} for c in range(channels)]


def _channels_json(channels: list[dict], people: list[dict]) -> str:
    rows = []
    for c in channels:
        members = ",".join(f'"{p["id"]}"' for p in people[:50])
        rows.append(
            f'{{"id":"{c["id"]}","name":"{c["name"]}","created":{FIRST_DAY - 86400},"creator":"{people[0]["id"]}",'
            f'"is_archived":false,"is_general":{str(c["name"] == "team-00").lower()},"members":[{members}],'
            f'"topic":{{"value":"","creator":"","last_set":0}},"purpose":{{"value":"work talk","creator":"","last_set":0}}}}'
        )
    return "[\n" + ",\n".join(rows) + "\n]\n"


def _text_pool(rng: random.Random, people: list[dict], size: int = 4096) -> list[tuple[str, str]]:
    """(text, rich_text_section elements) pairs as JSON fragments; texts need no escaping
    except the few that carry escapes on purpose."""
    humans = [p for p in people if not p["is_bot"]]
    pool = []
    for _ in range(size):
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 28))]
        segments: list[tuple[str, str]] = []  # (kind, value)
        if rng.random() < 0.1:
            segments.append(("text", "thanks "))
        if rng.random() < 0.3:
            cut = rng.randint(0, len(words))
            segments.append(("text", " ".join(words[:cut]) + " "))
            segments.append(("user", rng.choice(humans)["id"]))
            segments.append(("text", " " + " ".join(words[cut:])))
        else:
            segments.append(("text", " ".join(words)))
        if rng.random() < 0.05:
            segments.append(("text", ' \\"quoted\\" caf\\u00e9 &amp; co\\nnext line'))
        text = "".join(v if k == "text" else f"<@{v}>" for k, v in segments)
        elements = ",".join(
            f'{{"type":"text","text":"{v}"}}' if k == "text" else f'{{"type":"user","user_id":"{v}"}}' for k, v in segments
        )
        pool.append((text, "[" + elements + "]"))
    return pool


def _profile(p: dict) -> str:
    return (
        f'{{"avatar_hash":"g{p["n"]:011x}","first_name":"{p["first"]}","real_name":"{p["real_name"]}",'
        f'"display_name":"{p["first"].lower()}","team":"{TEAM}","name":"{p["name"]}",'
        f'"is_restricted":false,"is_ultra_restricted":false}}'
    )


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def generate(root: Path, messages: int, files: int, seed: int = 7) -> ExportFacts:
    """Write the export under ``root/data/slack/acme`` and a directory CSV; return what was written.

    Deterministic for the same arguments. ``files`` day files are spread over
    ``min(20, files)`` channels; ``messages`` are spread evenly over the files.
    """
    rng = random.Random(f"{seed}:slack-load-benchmark")
    data = root / "data"
    export = data / "slack" / EXPORT_NAME
    if export.exists():
        shutil.rmtree(export)
    export.mkdir(parents=True)
    people = _users(rng)
    humans = [p for p in people if not p["is_bot"]]
    opted = {user_id(n) for n in OPTED_OUT}
    n_channels = min(CHANNELS, files)
    days = -(-files // n_channels)
    channels = _channels(n_channels)
    facts = ExportFacts(users=len(people), channels=len(channels))
    (export / "users.json").write_text(_users_json(people), encoding="utf-8")
    (export / "channels.json").write_text(_channels_json(channels, people), encoding="utf-8")
    _write_directory(data / "directory" / "employees.csv", humans, opted)

    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(humans))]
    rng.shuffle(weights)
    busy = sorted(weights)[len(weights) * 9 // 10]
    for n in OPTED_OUT:  # opted-out people post too (about 1% of messages), so their exclusion is exercised
        weights[n] = busy
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    profiles = {p["id"]: _profile(p) for p in humans}
    pool = _text_pool(rng, people)
    kinds: dict[str, int] = {}

    def count(kind: str) -> None:
        kinds[kind] = kinds.get(kind, 0) + 1

    file_no = 0
    per_file, extra = divmod(messages, files)
    for day in range(days):
        for channel in channels:
            if file_no == files:
                break
            quota = per_file + (1 if file_no < extra else 0)
            file_no += 1
            folder = export / channel["name"]
            folder.mkdir(exist_ok=True)
            day_start = FIRST_DAY + day * 86400
            day_name = time.strftime("%Y-%m-%d.json", time.gmtime(day_start))
            step = max(1, 80000 // max(quota, 1))
            parents: list[tuple[str, str]] = []  # (ts, user) of thread parents in this file
            rows: list[str] = []
            j = 0
            while len(rows) < quota:
                ts = f"{day_start + 3600 + j * step}.{rng.randrange(1_000_000):06d}"
                j += 1
                roll = rng.random()
                if (facts.messages + len(rows) + 1) % MALFORMED_EVERY == 0:
                    facts.malformed.append([f"{channel['name']}/{day_name}", len(rows)])
                    rows.append(f'{{"type":"message","text":"lost its ts","user":"{humans[0]["id"]}"}}')
                    continue
                if roll < 0.02:
                    count("bot_message")
                    rows.append(
                        f'{{"type":"message","subtype":"bot_message","text":"build {j} passed on main","ts":"{ts}",'
                        f'"bot_id":"B0BENCH01","username":"ci-bot","icons":{{"emoji":":robot_face:"}}}}'
                    )
                    continue
                user = humans[rng.choices(range(len(humans)), cum_weights=cum)[0]]["id"]
                if user in opted:
                    facts.excluded += 1
                if roll < 0.03:
                    count("channel_join")
                    rows.append(
                        f'{{"user":"{user}","type":"message","subtype":"channel_join","ts":"{ts}",'
                        f'"text":"<@{user}> has joined the channel"}}'
                    )
                    continue
                text, elements = pool[rng.randrange(len(pool))]
                extras = []
                kind = "message"
                if parents and roll < 0.04:
                    kind = "thread_broadcast"
                    parent_ts, parent_user = parents[rng.randrange(len(parents))]
                    extras.append(
                        f',"subtype":"thread_broadcast","thread_ts":"{parent_ts}","parent_user_id":"{parent_user}",'
                        f'"root":{{"type":"message","user":"{parent_user}","text":"the parent post","ts":"{parent_ts}",'
                        f'"thread_ts":"{parent_ts}","reply_count":3}}'
                    )
                elif parents and roll < 0.25:
                    kind = "thread_reply"
                    parent_ts, parent_user = parents[rng.randrange(len(parents))]
                    extras.append(f',"thread_ts":"{parent_ts}","parent_user_id":"{parent_user}"')
                elif roll < 0.33:
                    kind = "thread_parent"
                    parents.append((ts, user))
                    repliers = ",".join(f'"{humans[rng.randrange(len(humans))]["id"]}"' for _ in range(rng.randint(1, 3)))
                    extras.append(
                        f',"thread_ts":"{ts}","reply_count":{rng.randint(1, 9)},"reply_users_count":{repliers.count(",") + 1},'
                        f'"latest_reply":"{ts}","reply_users":[{repliers}],"is_locked":false,"subscribed":false'
                    )
                elif roll < 0.34:
                    kind = "file_share"
                    extras.append(
                        f',"subtype":"file_share","upload":false,"display_as_bot":false,'
                        f'"files":[{{"id":"F0{rng.getrandbits(32):08X}","mode":"hidden_by_limit"}}]'
                    )
                count(kind)
                if rng.random() < 0.2:
                    reactions = []
                    for name in rng.sample(EMOJI, rng.randint(1, 3)):
                        who = [humans[rng.randrange(len(humans))]["id"] for _ in range(rng.randint(1, 4))]
                        users = ",".join(f'"{u}"' for u in who)
                        reactions.append(f'{{"name":"{name}","users":[{users}],"count":{len(who)}}}')
                    extras.append(',"reactions":[' + ",".join(reactions) + "]")
                edited = rng.random() < 0.05
                twice = len(rows) + 2 <= quota and rng.random() < DUPLICATE_RATE
                body = (
                    f'"type":"message","text":"{text}","user":"{user}","ts":"{ts}","team":"{TEAM}",'
                    f'"user_team":"{TEAM}","source_team":"{TEAM}","user_profile":{profiles[user]},'
                    f'"blocks":[{{"type":"rich_text","block_id":"b{rng.getrandbits(20):05x}",'
                    f'"elements":[{{"type":"rich_text_section","elements":{elements}}}]}}]'
                ) + "".join(extras)
                client = _uuid(rng)
                if twice:  # the same message exported before and after an edit
                    rows.append(f'{{"client_msg_id":"{client}",{body}}}')
                    if user in opted:
                        facts.excluded += 1
                    else:
                        facts.duplicates += 1
                    edited = True
                if edited:
                    body += f',"edited":{{"user":"{user}","ts":"{day_start + 3600 + j * step + 30}.000000"}}'
                rows.append(f'{{"client_msg_id":"{client}",{body}}}')
            text_out = "[\n" + ",\n".join(rows) + "\n]\n"
            path = folder / day_name
            path.write_text(text_out, encoding="utf-8")
            facts.messages += len(rows)
            facts.day_files += 1
            facts.bytes += len(text_out.encode())
    facts.kinds = dict(sorted(kinds.items()))
    return facts


def _write_directory(path: Path, humans: list[dict], opted: set[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "employee_id,full_name,email,department,title,manager_id,location,hire_date,x_handle,mastodon_handle,bluesky_handle,linkedin_url,opt_out"
    lines = [header]
    for p in humans:
        opt = "Yes" if p["id"] in opted else "No"
        lines.append(f"E{p['n']:05d},{p['real_name']},{p['email']},Eng,,,London,2020-01-01,,,,,{opt}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def zip_export(folder: Path, target: Path) -> int:
    """Zip the folder deterministically (fixed timestamps, sorted names); return its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo(p.relative_to(folder).as_posix(), date_time=(2025, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with p.open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    return target.stat().st_size


# ---- the measured work (each in its own process) ----------------------------------------------


def _set_threads(con, threads: int | None) -> int:
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return int(con.execute("SELECT current_setting('threads')").fetchall()[0][0])


def work_baseline(root: Path, db: Path, threads: int | None) -> dict:
    """DuckDB alone: every day file into one table with the auto-detected schema."""
    import duckdb

    export = root / "data" / "slack" / EXPORT_NAME
    files = sorted(str(p) for p in export.glob("*/*.json"))
    con = duckdb.connect(str(db))
    used = _set_threads(con, threads)
    started = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_json($files, format = 'array')", {"files": files})
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    columns = len(con.execute("DESCRIBE t").fetchall())
    con.close()
    return {"seconds": seconds, "threads": used, "rows": rows, "columns": columns, "files": len(files)}


def work_ambassador(root: Path, db: Path, threads: int | None, zipped: bool) -> dict:
    """The Slack source through ``load_export``, as the ingest stage runs it."""
    from ambassador import directory
    from ambassador.ingest import load_export
    from ambassador.pipeline import RunContext
    from ambassador.sources.slack import SlackSource

    data = root / "data" if not zipped else root / "data_zip"
    export = data / "slack" / (EXPORT_NAME + (".zip" if zipped else ""))
    ctx = RunContext.create(data, warehouse=db, as_of="2025-12-31", run_id="bench")
    con = ctx.connect()
    used = _set_threads(con, threads)
    directory.load_directory(con, ctx.settings, ctx.run_id)
    directory.build_people(con)
    started = time.perf_counter()
    outcome = load_export(con, SlackSource(), export, ctx.settings, ctx.run_id)
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    [manifest] = con.execute(
        """SELECT status, rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_excluded
           FROM manifest WHERE source = 'slack'"""
    ).fetchall()
    stored = con.execute("SELECT count(*) FROM raw_slack_messages").fetchall()[0][0]
    opted_rows = con.execute(
        "SELECT count(*) FROM raw_slack_messages WHERE user_id IN (SELECT unnest($ids))",
        {"ids": [user_id(n) for n in OPTED_OUT]},
    ).fetchall()[0][0]
    roots = con.execute("SELECT count(*) FROM raw_slack_messages WHERE (record->'root') IS NOT NULL").fetchall()[0][0]
    quarantined = con.execute(
        "SELECT member, record, reason FROM quarantine WHERE source = 'slack' ORDER BY member, record"
    ).fetchall()
    misplaced, sampled = _misnumbered(con, root / "data" / "slack" / EXPORT_NAME)
    con.close()
    keys = ("status", "rows_in", "rows_loaded", "rows_quarantined", "rows_duplicate", "rows_excluded")
    return {
        "seconds": seconds,
        "load_export_seconds": outcome.seconds,
        "threads": used,
        "outcome": outcome.status,
        "error": outcome.error,
        "manifest": dict(zip(keys, manifest)),
        "stored_rows": stored,
        "stored_opted_out_rows": opted_rows,
        "stored_roots": roots,
        "quarantined": [list(q) for q in quarantined],
        "sampled_rows": sampled,
        "misnumbered_rows": misplaced,
    }


def _misnumbered(con, export: Path, every: int = 97) -> tuple[int, int]:
    """Stored rows of every ``every``-th day file whose (_member, _record) does not point at a
    message with the same ts in the file as Python's json module reads it; and rows checked."""
    days = sorted(p for p in export.glob("*/*.json"))[::every]
    bad = checked = 0
    for path in days:
        member = path.relative_to(export).as_posix()
        messages = json.loads(path.read_bytes())
        for record, ts in con.execute(
            "SELECT _record, ts FROM raw_slack_messages WHERE _member = $m", {"m": member}
        ).fetchall():
            checked += 1
            bad += not (0 <= record < len(messages) and messages[record].get("ts") == ts)
    return bad, checked


def _worker(args: argparse.Namespace) -> None:
    root, db = Path(args.root), Path(args.db)
    if args.worker == "baseline":
        result = work_baseline(root, db, args.threads)
    else:
        result = work_ambassador(root, db, args.threads, zipped=args.worker == "ambassador_zip")
    print(json.dumps(result))


# ---- orchestration --------------------------------------------------------------------------


def measure(case: str, root: Path, threads: int | None) -> dict:
    """Run one case in a fresh process on a fresh database; add its wall time and peak RSS."""
    work = Path(tempfile.mkdtemp(prefix=f"{case}-", dir=root))
    cmd = [sys.executable, "-m", "benchmarks.slack_load", "--worker", case, "--root", str(root), "--db", str(work / "w.duckdb")]
    if threads:
        cmd += ["--threads", str(threads)]
    out_path, err_path = work / "stdout", work / "stderr"
    started = time.perf_counter()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=err)
        # os.wait4 reaps this child and returns its own resource usage (ru_maxrss in KiB on Linux)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    stdout, stderr = out_path.read_text(), err_path.read_text()
    shutil.rmtree(work, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{case} failed (exit {proc.returncode}):\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024
    result["process_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


def checks(facts: ExportFacts, runs: dict[str, list[dict]]) -> dict[str, bool]:
    """The benchmark's own correctness checks: both sides read every message, the load reconciles."""
    out: dict[str, bool] = {}
    for r in runs.get("baseline", []):
        out["baseline reads every message"] = out.get("baseline reads every message", True) and r["rows"] == facts.messages
    for case in ("ambassador", "ambassador_zip"):
        for r in runs.get(case, []):
            m = r["manifest"]
            ok = {
                f"{case} loaded": r["outcome"] == "loaded" and m["status"] == "loaded",
                f"{case} reads every message": m["rows_in"] == facts.messages,
                f"{case} manifest reconciles": m["rows_in"]
                == m["rows_loaded"] + m["rows_quarantined"] + m["rows_duplicate"] + m["rows_excluded"],
                f"{case} counts match the generator": (m["rows_loaded"], m["rows_duplicate"], m["rows_excluded"], m["rows_quarantined"])
                == (facts.expected_loaded, facts.duplicates, facts.excluded, len(facts.malformed)),
                f"{case} quarantines the malformed messages at their positions": r["quarantined"]
                == [[member, pos, "message without ts"] for member, pos in sorted(facts.malformed)],
                f"{case} numbers records by their position in the file": r["sampled_rows"] > 0 and r["misnumbered_rows"] == 0,
                f"{case} stores what it counts": r["stored_rows"] == m["rows_loaded"],
                f"{case} stores no opted-out author": r["stored_opted_out_rows"] == 0,
                f"{case} keeps no broadcast root": r["stored_roots"] == 0,
            }
            for k, v in ok.items():
                out[k] = out.get(k, True) and v
    return out


def machine() -> dict:
    import duckdb

    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    cpu = None
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def summarize(runs: dict[str, list[dict]]) -> dict[str, dict]:
    table = {}
    for case, rs in runs.items():
        table[case] = {
            "median_seconds": statistics.median(r["seconds"] for r in rs),
            "min_seconds": min(r["seconds"] for r in rs),
            "median_peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in rs),
            "median_process_cpu_seconds": statistics.median(r["process_cpu_seconds"] for r in rs),
            "runs": len(rs),
        }
    return table


def print_table(facts: ExportFacts, table: dict[str, dict], ratio: dict[str, float]) -> None:
    print(f"\n{facts.messages:,} messages in {facts.day_files:,} day files ({facts.bytes / 2**20:,.0f} MiB of JSON)")
    print(f"{'case':<16}{'median s':>10}{'min s':>10}{'x baseline':>12}{'peak RSS MiB':>14}{'process CPU s':>15}")
    for case, row in table.items():
        print(
            f"{case:<16}{row['median_seconds']:>10.2f}{row['min_seconds']:>10.2f}{ratio.get(case, 1.0):>12.2f}"
            f"{row['median_peak_rss_mb']:>14.0f}{row['median_process_cpu_seconds']:>15.1f}"
        )


def run(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads for every case (default: DuckDB's, i.e. cores)")
    parser.add_argument("--no-zip", action="store_true", help="skip the zipped export case")
    parser.add_argument("--quick", action="store_true", help="20,000 messages, 40 files, 1 repeat; no results file unless --out")
    parser.add_argument("--out", type=Path, default=None, help=f"results JSON (default {RESULTS.relative_to(REPO)})")
    parser.add_argument("--workdir", type=Path, default=None, help="where the export is generated (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated export")
    parser.add_argument("--worker", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args)
        return {}
    if args.quick:
        args.messages, args.files, args.repeat = 20_000, 40, 1
    out = args.out if args.out is not None else (None if args.quick else RESULTS)

    root = Path(tempfile.mkdtemp(prefix="slack-load-", dir=args.workdir))
    try:
        started = time.perf_counter()
        facts = generate(root, args.messages, args.files, args.seed)
        generate_seconds = time.perf_counter() - started
        print(f"generated {facts.messages:,} messages, {facts.day_files} day files in {generate_seconds:.1f} s under {root}")
        cases = ["baseline", "ambassador"]
        zip_bytes = None
        if not args.no_zip:
            zip_bytes = zip_export(root / "data" / "slack" / EXPORT_NAME, root / "data_zip" / "slack" / f"{EXPORT_NAME}.zip")
            shutil.copytree(root / "data" / "directory", root / "data_zip" / "directory")
            cases.append("ambassador_zip")
        runs: dict[str, list[dict]] = {c: [] for c in cases}
        for i in range(args.repeat):
            order = cases[i % len(cases):] + cases[: i % len(cases)]  # rotate the order across repeats
            for case in order:
                r = measure(case, root, args.threads)
                runs[case].append(r)
                print(f"  repeat {i + 1} {case:<15} {r['seconds']:7.2f} s  peak RSS {r['peak_rss_mb']:,.0f} MiB", flush=True)
        table = summarize(runs)
        base = table["baseline"]["median_seconds"]
        ratio = {case: row["median_seconds"] / base for case, row in table.items()}
        ok = checks(facts, runs)
        print_table(facts, table, ratio)
        print(f"ratio ambassador / baseline: {ratio['ambassador']:.2f}")
        for name, passed in ok.items():
            if not passed:
                print(f"CHECK FAILED: {name}")
        result = {
            "benchmark": "slack_load",
            "parameters": {"messages": args.messages, "files": args.files, "repeat": args.repeat, "seed": args.seed, "threads": args.threads},
            "machine": machine(),
            "export": {**asdict(facts), "expected_loaded": facts.expected_loaded, "zip_bytes": zip_bytes, "generate_seconds": generate_seconds},
            "summary": table,
            "ratio": ratio,
            "checks": ok,
            # each run's quarantine rows are summarised by their count (the check above compared them)
            "runs": {c: [{**r, "quarantined": len(r["quarantined"])} if "quarantined" in r else r for r in rs] for c, rs in runs.items()},
        }
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            print(f"results written to {out}")
        return result
    finally:
        if args.keep:
            print(f"export kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    result = run(argv)
    return 0 if all(result.get("checks", {}).values()) else 1


if __name__ == "__main__":
    if __package__ in (None, ""):  # run as a script: make the repository importable
        sys.path.insert(0, str(REPO))
    sys.exit(main())

"""Small, explicit export builders for tests (real formats, written from Python data)."""

from __future__ import annotations

import csv
import json
import zipfile
import zlib
from pathlib import Path

DIRECTORY_HEADER = [
    "employee_id", "full_name", "email", "department", "title", "manager_id", "location", "hire_date",
    "x_handle", "mastodon_handle", "bluesky_handle", "linkedin_url", "opt_out",
]


def write_directory(data_dir: Path, rows: list[dict], name: str = "employees.csv") -> Path:
    """Write a directory CSV with the DESIGN.md header (missing fields blank)."""
    path = data_dir / "directory" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=DIRECTORY_HEADER)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in DIRECTORY_HEADER})
    return path


def slack_user(uid: str, name: str, email: str | None = None, **extra) -> dict:
    profile = {"real_name": name.title(), "display_name": name, "email": email or "", "fields": extra.pop("fields", None)}
    return {"id": uid, "team_id": "T1", "name": name, "deleted": False, "real_name": name.title(), "profile": profile, **extra}


def msg(ts: str, user: str | None, text: str, **extra) -> dict:
    m = {"type": "message", "ts": ts, "text": text, **extra}
    if user is not None:
        m["user"] = user
    return m


def channel_id(name: str) -> str:
    """A stable channel id for a channel name (the same in every export of the workspace)."""
    return f"C{zlib.crc32(name.encode()):08X}"


def write_slack_export(
    path: Path,
    users: list[dict],
    channels: dict[str, dict[str, list]],
    *,
    private: dict[str, dict[str, list]] | None = None,
    dms: dict[str, dict[str, list]] | None = None,
    raw_files: dict[str, bytes] | None = None,
    as_zip: bool = True,
) -> Path:
    """Write a Slack workspace export: ``channels`` maps name -> {day: [messages]}.

    ``private`` channels go to groups.json and ``dms`` to dms.json (with their folders),
    as in real full exports. ``raw_files`` adds members verbatim (e.g. a broken day file).
    """
    files: dict[str, bytes] = {}
    chan_list = [
        {"id": channel_id(name), "name": name, "created": str(1700000000 + i), "members": [u["id"] for u in users]}
        for i, name in enumerate(sorted(channels))
    ]
    files["channels.json"] = json.dumps(chan_list).encode()
    files["users.json"] = json.dumps(users).encode()
    for group, entries, prefix in (("groups.json", private or {}, "G"), ("dms.json", dms or {}, "D")):
        files[group] = json.dumps([{"id": f"{prefix}{i:04d}", "name": n} for i, n in enumerate(sorted(entries))]).encode()
    for source in (channels, private or {}, dms or {}):
        for name, days in source.items():
            for day, messages in days.items():
                files[f"{name}/{day}.json"] = json.dumps(messages, indent=1).encode()
    files.update(raw_files or {})
    if as_zip:
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(files):
                zf.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), files[name])
    else:
        for name, data in files.items():
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            (path / name).write_bytes(data)
    return path


def write_files(root: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative name -> bytes) under ``root``: an unpacked export."""
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative name -> bytes) into the zip ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def run_ingest(data_dir: Path, tmp_path: Path, as_of: str = "2026-01-31"):
    """The ingest stage on ``data_dir`` into a fresh warehouse under ``tmp_path``: (ctx, con, summary)."""
    from ambassador.ingest import ingest
    from ambassador.pipeline import RunContext

    ctx = RunContext.create(data_dir, warehouse=tmp_path / "w.duckdb", as_of=as_of, run_id="t")
    con = ctx.connect()
    return ctx, con, ingest(con, ctx.settings, ctx.run_id)


def table_dump(con, table: str) -> list:
    """Every row of ``table``, in a stable order (to compare two loads)."""
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def text_values(con, skip: set[str] = frozenset()) -> str:
    """Every VARCHAR and JSON value of every table (but ``skip``), one per line, to prove absence."""
    return "\n".join(text_value_list(con, skip))


def text_value_list(con, skip: set[str] = frozenset()) -> list[str]:
    """Every VARCHAR and JSON value of every table (but ``skip``), as a list of whole values."""
    parts = []
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall()]
    for table in tables:
        if table in skip:
            continue
        cols = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND (data_type LIKE 'VARCHAR%' OR data_type = 'JSON')",
            {"t": table},
        ).fetchall()
        for (col,) in cols:
            parts += [str(v) for (v,) in con.execute(f'SELECT "{col}" FROM {table}').fetchall()]
    return parts

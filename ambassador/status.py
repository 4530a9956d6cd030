"""What ``ambassador status`` reports: recent runs, files by status, quarantine by reason, and
the languages people write in (with a WARNING for a common one the pipeline cannot read).

Reads the warehouse through a read-only connection, so it never changes it; a run in
progress (which holds the write lock) makes it fail with a one-line error naming the
holder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ambassador.ingest import reason_kind
from ambassador.language import format_language_mix, language_warnings, read_language_mix
from ambassador.warehouse import connect

_TABLES = ("run_log", "manifest", "quarantine")


def warehouse_status(path: str | Path, runs: int = 5) -> dict[str, Any]:
    """Summarise the warehouse at ``path``.

    Returns
    -------
    dict
        ``runs``: the latest ``runs`` rows of ``run_log`` (newest first), each with
        ``run_id, started_at, finished_at, as_of, status, seconds, shortlist_rows``;
        ``files``: ``{status: count}`` from ``manifest``; ``failed_files``: up to five
        ``(path, error)``; ``quarantine``: ``[(kind of reason, count)]``, the ten most frequent (``ingest.reason_kind``); ``quarantine_total``;
        ``missing_tables``: bookkeeping tables the file does not have; ``languages``: the rows of
        ``marts_languages`` from the last run (``language.read_language_mix``).
    """
    con = connect(path, read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        result: dict[str, Any] = {
            "warehouse": str(path),
            "bytes": Path(path).stat().st_size,
            "missing_tables": [t for t in _TABLES if t not in present],
            "runs": [],
            "files": {},
            "failed_files": [],
            "quarantine": [],
            "quarantine_total": 0,
            "languages": read_language_mix(con),
        }
        if "run_log" in present:
            rows = con.execute(
                """
                SELECT run_id, started_at, finished_at, as_of, status,
                       date_diff('millisecond', started_at, finished_at) / 1000.0 AS seconds,
                       summary
                FROM run_log ORDER BY started_at DESC LIMIT $n
                """,
                {"n": runs},
            ).fetchall()
            for run_id, started, finished, as_of, status, seconds, summary in rows:
                result["runs"].append(
                    {
                        "run_id": run_id,
                        "started_at": started,
                        "finished_at": finished,
                        "as_of": as_of,
                        "status": status,
                        "seconds": seconds,
                        "shortlist_rows": _shortlist_rows(summary),
                    }
                )
        if "manifest" in present:
            result["files"] = dict(
                con.execute("SELECT status, count(*) FROM manifest GROUP BY status ORDER BY status").fetchall()
            )
            result["failed_files"] = con.execute(
                "SELECT path, error FROM manifest WHERE status = 'failed' ORDER BY loaded_at DESC LIMIT 5"
            ).fetchall()
        if "quarantine" in present:
            result["quarantine_total"] = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
            kinds: dict[str, int] = {}
            for reason, n in con.execute("SELECT reason, count(*) FROM quarantine GROUP BY reason").fetchall():
                kinds[reason_kind(reason)] = kinds.get(reason_kind(reason), 0) + n
            result["quarantine"] = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        return result
    finally:
        con.close()


def _shortlist_rows(summary: Any) -> int | None:
    """Rows of the shortlist, from the publish summary stored in run_log (if any)."""
    if summary is None:
        return None
    try:
        data = json.loads(summary) if isinstance(summary, str) else summary
        rows = data.get("rows")
    except (ValueError, AttributeError):
        return None
    return rows if isinstance(rows, int) else None


def format_status(status: dict[str, Any]) -> list[str]:
    """The status as lines of text for the terminal."""
    lines = [f"Warehouse {status['warehouse']} ({status['bytes'] / 2**20:.1f} MiB)"]
    if status["missing_tables"]:
        lines.append(f"  not an ambassador warehouse yet (no {', '.join(status['missing_tables'])})")
    lines.append("Last runs, newest first:")
    if not status["runs"]:
        lines.append("  none yet")
    for run in status["runs"]:
        started = run["started_at"].strftime("%Y-%m-%d %H:%M") if run["started_at"] else "?"
        took = f"{run['seconds']:.1f} s" if run["seconds"] is not None else "-"
        rows = f", shortlist {run['shortlist_rows']}" if run["shortlist_rows"] is not None else ""
        lines.append(f"  {started}  {run['status']:<9}  as of {run['as_of']}  {took}{rows}  run {run['run_id']}")
    files = status["files"]
    lines.append(
        "Files in manifest: " + (", ".join(f"{k} {v:,}" for k, v in files.items()) if files else "none yet")
    )
    for path, error in status["failed_files"]:
        lines.append(f"  failed: {path}: {error}")
    quarantine = status["quarantine"]
    lines.append(f"Quarantine: {status['quarantine_total']:,} records" + (" by reason:" if quarantine else ""))
    for reason, n in quarantine:
        lines.append(f"  {n:>7,}  {reason}")
    languages = status.get("languages") or []
    if languages:
        lines.append(f"Languages of posts (last run): {format_language_mix(languages)}")
        lines.extend(f"  {line}" for line in language_warnings(languages))
    return lines

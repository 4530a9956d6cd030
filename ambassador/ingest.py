"""The ingest stage: every export in the data folder into the raw tables, once.

Each export (a zip or a folder) is identified by its sha256. A digest already in the
manifest is skipped, so reloading changes nothing; an export whose path was loaded before
with other content replaces its earlier rows. Each export loads in one transaction with
its quarantine rows and its manifest row; a hostile or broken export fails alone, is
recorded with its reason, and the others go on.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from ambassador import directory
from ambassador.errors import RejectedFile
from ambassador.settings import Settings
from ambassador.sources import SOURCES
from ambassador.sources.base import LoadContext, LoadCounts, Source
from ambassador.untrusted import open_export, remove_staging
from ambassador.warehouse import transaction

Progress = Callable[[str], None]


@dataclass
class FileOutcome:
    """What happened to one export file in this run."""

    source: str
    path: str
    status: str  # loaded | replaced | skipped | failed
    counts: LoadCounts = field(default_factory=LoadCounts)
    error: str | None = None
    seconds: float = 0.0


@dataclass
class IngestSummary:
    files: list[FileOutcome] = field(default_factory=list)
    # this run's quarantine rows counted by kind of reason (see :func:`reason_kind`)
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.files)

    def as_dict(self) -> dict:
        """Counts by status and by source, plus the failures (for logs and run_log)."""
        by_source: dict[str, dict[str, int]] = {}
        for f in self.files:
            agg = by_source.setdefault(f.source, {k: 0 for k in asdict(LoadCounts())})
            for k, v in asdict(f.counts).items():
                agg[k] += v
        return {
            "files_new": self.count("loaded") + self.count("replaced"),
            "files_skipped": self.count("skipped"),
            "files_failed": self.count("failed"),
            "by_source": by_source,
            "quarantined_by_reason": dict(self.quarantined_by_reason),
            "failures": [{"path": f.path, "error": f.error} for f in self.files if f.status == "failed"],
        }

    def report(self) -> list[str]:
        """The run's summary as plain lines: files, rows per source, quarantine by reason.

        >>> s = IngestSummary([FileOutcome("x", "x/a.zip", "loaded", LoadCounts(rows_in=9, rows_loaded=7, rows_quarantined=2)),
        ...                    FileOutcome("x", "x/b.zip", "skipped")], {"tweet without id": 2})
        >>> for line in s.report():
        ...     print(line)
        files: 1 new, 1 skipped (already loaded), 0 failed
          x: 2 files, 9 rows in: 7 loaded, 2 quarantined
        quarantined: tweet without id 2
        """
        lines = [
            f"files: {self.count('loaded') + self.count('replaced')} new, "
            f"{self.count('skipped')} skipped (already loaded), {self.count('failed')} failed"
        ]
        for source, agg in self.as_dict()["by_source"].items():
            n = sum(f.source == source for f in self.files)
            parts = [f"{agg['rows_loaded']:,} loaded"]
            for key, label in (("rows_quarantined", "quarantined"), ("rows_duplicate", "duplicates"),
                               ("rows_excluded", "not stored by privacy rules")):
                if agg[key]:
                    parts.append(f"{agg[key]:,} {label}")
            lines.append(f"  {source}: {n} file{'s' * (n != 1)}, {agg['rows_in']:,} rows in: {', '.join(parts)}")
        if self.quarantined_by_reason:
            lines.append("quarantined: " + "; ".join(f"{k} {v:,}" for k, v in self.quarantined_by_reason.items()))
        return lines


def reason_kind(reason: str) -> str:
    """A quarantine reason without its specifics, for counting: the text before any colon or
    parenthesis, with line numbers removed and quoted names elided.

    >>> reason_kind("malformed CSV row at line 12: TOO MANY COLUMNS: Expected 3")
    'malformed CSV row'
    >>> reason_kind("unreadable day file: Malformed JSON")
    'unreadable day file'
    >>> reason_kind("unsafe path in archive (absolute or '..')")
    'unsafe path in archive'
    >>> reason_kind("missing column(s) 'Content', 'Author' that feed 'kb' maps (found: ID)")
    'missing column(s) … that feed … maps'
    """
    head = re.split(r":| \(", reason, maxsplit=1)[0]
    head = re.sub(r"'[^']*'(?:, '[^']*')*", "…", head)
    return re.sub(r" at line \d+", "", head).strip()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _record_failure(con: duckdb.DuckDBPyConnection, source: str, rel: str, sha: str | None, size: int, reason: str, member: str | None, run_id: str) -> None:
    with transaction(con):
        con.execute("DELETE FROM manifest WHERE path = $p AND status = 'failed'", {"p": rel})
        con.execute(
            "INSERT INTO quarantine VALUES ($s, $p, $sha, $m, NULL, $r, NULL, $run)",
            {"s": source, "p": rel, "sha": sha, "m": member, "r": reason, "run": run_id},
        )
        con.execute(
            """INSERT INTO manifest VALUES ($s, $p, $sha, $b, 'failed', 0, 0, 0, 0, 0, 0, $r, $run, now()::TIMESTAMP)""",
            {"s": source, "p": rel, "sha": sha, "b": size, "r": reason, "run": run_id},
        )


def load_export(con: duckdb.DuckDBPyConnection, source: Source, path: Path, settings: Settings, run_id: str) -> FileOutcome:
    """Load one export in its own transaction; never raises for a bad file."""
    rel = _relative(path, settings.data_dir)
    started = time.perf_counter()
    size = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    sha: str | None = None
    staging = settings.staging_dir / uuid.uuid4().hex
    try:
        with open_export(path, settings.limits) as export:
            plan = source.plan(export)
            sha = export.digest(None if export.is_zip else plan.members)
            known = con.execute(
                "SELECT count(*) FROM manifest WHERE sha256 = $sha AND status = 'loaded'", {"sha": sha}
            ).fetchall()[0][0]
            if known:
                return FileOutcome(source.name, rel, "skipped", seconds=time.perf_counter() - started)
            previous = [
                r[0]
                for r in con.execute(
                    "SELECT sha256 FROM manifest WHERE source = $s AND path = $p AND status = 'loaded'",
                    {"s": source.name, "p": rel},
                ).fetchall()
            ]
            with transaction(con):
                for old in previous:
                    for table in source.raw_tables:
                        con.execute(f"DELETE FROM {table} WHERE _file_sha256 = $sha", {"sha": old})
                    con.execute("UPDATE manifest SET status = 'replaced' WHERE sha256 = $sha", {"sha": old})
                con.execute("DELETE FROM manifest WHERE path = $p AND status = 'failed'", {"p": rel})
                ctx = LoadContext(con, source.name, export, rel, sha, staging, run_id, settings, plan.members)
                counts = source.load(ctx)
                counts.members_skipped += plan.skipped
                if not counts.balanced():
                    raise RejectedFile(f"row counts do not reconcile: {counts}")
                con.execute(
                    """INSERT INTO manifest VALUES ($s, $p, $sha, $b, 'loaded', $ri, $rl, $rq, $rd, $rx, $ms, NULL, $run, now()::TIMESTAMP)""",
                    {
                        "s": source.name,
                        "p": rel,
                        "sha": sha,
                        "b": size,
                        "ri": counts.rows_in,
                        "rl": counts.rows_loaded,
                        "rq": counts.rows_quarantined,
                        "rd": counts.rows_duplicate,
                        "rx": counts.rows_excluded,
                        "ms": counts.members_skipped,
                        "run": run_id,
                    },
                )
            status = "replaced" if previous else "loaded"
            return FileOutcome(source.name, rel, status, counts, seconds=time.perf_counter() - started)
    except RejectedFile as exc:
        reason, member = exc.reason, exc.member
    except (duckdb.Error, OSError, ValueError, KeyError, TypeError) as exc:
        reason, member = f"{type(exc).__name__}: {str(exc).splitlines()[0][:500]}", None
    finally:
        remove_staging(staging)
    _record_failure(con, source.name, rel, sha, size, reason, member, run_id)
    return FileOutcome(source.name, rel, "failed", error=f"{member + ': ' if member else ''}{reason}", seconds=time.perf_counter() - started)


def ingest(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str, progress: Progress | None = None) -> IngestSummary:
    """Load the directory, then every export of every registered source.

    Raises
    ------
    InputError
        When the HR directory is missing or unusable (nothing can be ranked without it).
    """
    say = progress or (lambda _msg: None)
    summary = IngestSummary()
    summary.files.extend(directory.load_directory(con, settings, run_id))
    directory.build_people(con)
    for source in SOURCES:
        exports = source.discover(settings.data_dir / source.folder)
        every = max(1, len(exports) // 20)  # about 20 progress lines per source, plus every failure
        for i, path in enumerate(exports, 1):
            outcome = load_export(con, source, path, settings, run_id)
            summary.files.append(outcome)
            if outcome.status == "failed" or i % every == 0 or i == len(exports):
                say(f"  {source.name} {i}/{len(exports)} {outcome.path}: {describe(outcome)}")
    try:
        settings.staging_dir.rmdir()  # each export removed its own staging folder
    except OSError:
        pass
    reasons: dict[str, int] = {}
    for (reason,) in con.execute("SELECT reason FROM quarantine WHERE run_id = $r ORDER BY ALL", {"r": run_id}).fetchall():
        kind = reason_kind(reason)
        reasons[kind] = reasons.get(kind, 0) + 1
    summary.quarantined_by_reason = dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    for line in summary.report():
        say(f"  {line}")
    return summary


def describe(outcome: FileOutcome) -> str:
    """One plain line on what became of a file.

    >>> describe(FileOutcome("x", "x/a.zip", "loaded", LoadCounts(rows_in=9, rows_loaded=0, rows_excluded=9)))
    'loaded (0 rows; 9 not stored by privacy rules)'
    """
    if outcome.status == "failed":
        return f"failed: {outcome.error}"
    c = outcome.counts
    if outcome.status == "skipped":
        return "skipped (already loaded)"
    parts = [f"{c.rows_loaded} rows"]
    if c.rows_quarantined:
        parts.append(f"{c.rows_quarantined} quarantined")
    if c.rows_duplicate:
        parts.append(f"{c.rows_duplicate} duplicates")
    if c.rows_excluded:
        parts.append(f"{c.rows_excluded} not stored by privacy rules")
    return f"{outcome.status} ({'; '.join(parts)})"

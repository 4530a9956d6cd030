"""The pipeline's stages as plain functions: ingest, resolve, graph, culture, rank, publish.

Each stage takes a :class:`RunContext`, opens the warehouse itself, and returns a small
JSON-serialisable summary (counts and paths, never employee rows). ``flows/nightly.py``
wraps each stage in a Prefect task; :func:`run_stages` runs the same sequence in plain
Python for notebooks, benchmarks and tests.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ambassador.settings import Settings, load_settings
from ambassador.warehouse import connect, ensure_schema

Progress = Callable[[str], None]


@dataclass(frozen=True)
class RunContext:
    """What every stage of one run shares."""

    settings: Settings
    run_id: str
    as_of: date

    @classmethod
    def create(
        cls,
        data_dir: str | Path | None = None,
        *,
        warehouse: str | Path | None = None,
        out: str | Path | None = None,
        as_of: date | str | None = None,
        top: int | None = None,
        run_id: str | None = None,
    ) -> RunContext:
        """Load settings for ``data_dir`` with run parameters on top (None = keep setting)."""
        overrides: dict[str, Any] = {"warehouse": warehouse, "out": out, "as_of": as_of}
        if top is not None:
            overrides["shortlist"] = {"size": top}
        settings = load_settings(data_dir, **overrides)
        day = settings.as_of or datetime.now(timezone.utc).date()
        return cls(settings=settings, run_id=run_id or uuid.uuid4().hex[:12], as_of=day)

    def connect(self):
        """A read-write connection to this run's warehouse, schema ensured."""
        con = connect(self.settings.warehouse)
        ensure_schema(con)
        return con

    @property
    def params(self) -> dict[str, Any]:
        """Named parameters the SQL models use."""
        return {
            "as_of": self.as_of,
            "window_days": self.settings.window.days,
            "half_life_days": self.settings.window.half_life_days,
        }


def refresh(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Fetch consenting employees' latest public Bluesky/Mastodon posts into the data folder (off by default)."""
    if not ctx.settings.refresh.enabled:
        return {"skipped": "refresh.enabled is false"}
    from ambassador.refresh import refresh_public_posts

    return refresh_public_posts(ctx.settings, ctx.as_of, progress=progress)


def ingest(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Load the directory and every new export; skip known ones; read the invitation ledger again."""
    from ambassador.ingest import ingest as run_ingest
    from ambassador.invitations import load_invitations

    con = ctx.connect()
    try:
        con.execute(
            "INSERT INTO run_log VALUES ($r, now()::TIMESTAMP, NULL, $a, 'running', NULL)", {"r": ctx.run_id, "a": ctx.as_of}
        )
        summary = run_ingest(con, ctx.settings, ctx.run_id, progress).as_dict()
        summary["invitations"] = load_invitations(con, ctx.settings, ctx.run_id, ctx.as_of, progress)
        con.execute("CHECKPOINT")
        return summary
    finally:
        con.close()


def _in_warehouse(ctx: RunContext, work: Callable[..., dict]) -> dict:
    con = ctx.connect()
    try:
        return work(con, ctx)
    finally:
        con.close()


def resolve(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Build canonical tables and link every account to an employee (or report it)."""
    from ambassador.identity import resolve as resolve_stage

    return _in_warehouse(ctx, resolve_stage)


def graph(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Person-to-person edges in the window, then graph features per person."""
    from ambassador.graph import graph_stage

    return _in_warehouse(ctx, graph_stage)


def culture(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Culture fit of each person's posts against the values statement."""
    from ambassador.culture import culture_stage

    return _in_warehouse(ctx, culture_stage)


def rank(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Composite score, eligibility, reasons and rank for every employee."""
    from ambassador.ranking import rank_stage

    return _in_warehouse(ctx, rank_stage)


def publish(ctx: RunContext, progress: Progress | None = None) -> dict:
    """Write the shortlist CSV, close the run, publish the notebook snapshot."""
    from ambassador.shortlist import publish_stage

    con = ctx.connect()
    try:
        summary = publish_stage(con, ctx)
        con.execute(
            "UPDATE run_log SET finished_at = now()::TIMESTAMP, status = 'completed', summary = $s WHERE run_id = $r",
            {"s": json.dumps(summary, default=str), "r": ctx.run_id},
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    from ambassador.warehouse import publish_snapshot

    summary["snapshot"] = str(publish_snapshot(ctx.settings.warehouse))
    return summary


STAGES: tuple[tuple[str, Callable[..., dict]], ...] = (
    ("refresh", refresh),
    ("ingest", ingest),
    ("resolve", resolve),
    ("graph", graph),
    ("culture", culture),
    ("rank", rank),
    ("publish", publish),
)


def mark_failed(ctx: RunContext, stage: str, exc: BaseException) -> None:
    """Record in ``run_log`` that this run failed, in which stage and with what kind of error.

    Only the error's type is stored (a message may quote employee data). Does nothing when
    the warehouse cannot be opened (e.g. the failure was that another process holds it).
    """
    from ambassador.errors import InputError

    try:
        con = ctx.connect()
    except InputError:
        return
    try:
        con.execute(
            """UPDATE run_log SET finished_at = now()::TIMESTAMP, status = 'failed', summary = $s
               WHERE run_id = $r""",
            {"s": json.dumps({"failed_stage": stage, "error": type(exc).__name__}), "r": ctx.run_id},
        )
    finally:
        con.close()


def run_stages(ctx: RunContext, progress: Progress | None = None) -> dict[str, dict]:
    """Run every stage in order without an orchestrator; return each stage's summary."""
    summaries = {}
    for name, stage in STAGES:
        try:
            summaries[name] = stage(ctx, progress)
        except Exception as exc:
            mark_failed(ctx, name, exc)
            raise
    return summaries

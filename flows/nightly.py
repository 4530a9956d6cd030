"""The nightly flow: one Prefect task per pipeline stage, sequenced by one flow.

Each task is a thin call of the stage function of the same name in
:mod:`ambassador.pipeline`; :func:`nightly` builds the run's
:class:`~ambassador.pipeline.RunContext` from its parameters and runs the tasks in the order
of :data:`ambassador.pipeline.STAGES`. ``ambassador run`` calls this flow, and
:func:`serve` deploys the same flow on a nightly schedule.

Choices, and why
----------------
``cache_policy=NO_CACHE``
    Exports change under the same paths. Prefect's input-based cache keys hash the path, not
    the content, and return stale results; the warehouse manifest already skips known files.
``persist_result=False``
    Tasks return counts and paths only. Nothing is pickled into ``~/.prefect/storage``, where
    it would escape the warehouse's access control and retention.
no retries (tasks and flow)
    After a DuckDB fatal error (disk full during a checkpoint, say) the database instance is
    invalidated for the rest of the process, so an in-process retry fails again or makes
    things worse. The retry is a new run in a new process: the next night, or
    ``prefect deployment run 'ambassador-nightly/nightly'`` (served runs each get a fresh
    subprocess).
flow parameters
    A folder, two file paths, a date and a number: no employee identifier ever reaches
    Prefect's database or UI. Stage summaries (counts, paths) are logged to Prefect.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Failed

from ambassador import pipeline
from ambassador.pipeline import RunContext

#: The deployment ``ambassador serve`` creates: ``ambassador-nightly/nightly``.
DEPLOYMENT_NAME = "nightly"

_TASK_OPTIONS: dict[str, Any] = {
    "cache_policy": NO_CACHE,
    "persist_result": False,
    "retries": 0,  # see the module docstring: a DuckDB fatal error needs a fresh process
}


# ---- watching a run from the command line -------------------------------------------------


class StageObserver(Protocol):
    """Receives a run's progress in the calling process (the command line prints it)."""

    def stage_started(self, number: int, total: int, name: str) -> None: ...

    def stage_progress(self, name: str, message: str) -> None: ...

    def stage_finished(self, number: int, total: int, name: str, seconds: float, summary: dict) -> None: ...


_observer: ContextVar[StageObserver | None] = ContextVar("ambassador_stage_observer", default=None)


def _current_observer() -> StageObserver | None:
    # The flow and task functions reach the ContextVar only through this function:
    # cloudpickle copies the globals a flow function uses (when Prefect runs a flow object
    # in a subprocess), and a ContextVar cannot be pickled.
    return _observer.get()


@contextmanager
def observe_stages(observer: StageObserver) -> Iterator[None]:
    """Report the stages of flows called inside the block to ``observer``.

    Works for flows called in this process (``ambassador run``); served runs execute in
    their own subprocess and report only to Prefect's logs.
    """
    token = _observer.set(observer)
    try:
        yield
    finally:
        _observer.reset(token)


def key_counts(summary: dict, limit: int = 6) -> str:
    """The top-level numbers of a stage summary as ``"files new 3, files failed 0"``.

    Nested values (per-source breakdowns, lists of failures), text and the stage's own
    ``seconds`` are left out, so the line stays short and never carries more than counts.

    >>> key_counts({"files_new": 3, "files_failed": 0, "by_source": {"slack": {}}, "path": "x", "seconds": 0.2})
    'files new 3, files failed 0'
    >>> key_counts({"score_min": 0.25})
    'score min 0.25'
    """
    parts = []
    for key, value in summary.items():
        if key == "seconds" or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        shown = f"{value:,}" if isinstance(value, int) else f"{value:.3g}"
        parts.append(f"{key.replace('_', ' ')} {shown}")
    return ", ".join(parts[:limit])


def _progress(stage: str) -> Callable[[str], None]:
    """The ``progress`` callback a stage receives: Prefect's run log, plus the observer."""
    logger = get_run_logger()
    observer = _current_observer()

    def say(message: str) -> None:
        logger.info(message.strip())
        if observer is not None:
            observer.stage_progress(stage, message)

    return say


# ---- one task per stage --------------------------------------------------------------------


@task(name="refresh", **_TASK_OPTIONS)
def refresh(ctx: RunContext) -> dict:
    """Public posts of consenting employees, fetched live when enabled (:func:`ambassador.pipeline.refresh`)."""
    return pipeline.refresh(ctx, progress=_progress("refresh"))


@task(name="ingest", **_TASK_OPTIONS)
def ingest(ctx: RunContext) -> dict:
    """Load the directory and every new export (:func:`ambassador.pipeline.ingest`)."""
    return pipeline.ingest(ctx, progress=_progress("ingest"))


@task(name="resolve", **_TASK_OPTIONS)
def resolve(ctx: RunContext) -> dict:
    """Canonical tables; link accounts to employees (:func:`ambassador.pipeline.resolve`)."""
    return pipeline.resolve(ctx, progress=_progress("resolve"))


@task(name="graph", **_TASK_OPTIONS)
def graph(ctx: RunContext) -> dict:
    """Who engages whom, and graph features per person (:func:`ambassador.pipeline.graph`)."""
    return pipeline.graph(ctx, progress=_progress("graph"))


@task(name="culture", **_TASK_OPTIONS)
def culture(ctx: RunContext) -> dict:
    """Culture fit of each person's posts (:func:`ambassador.pipeline.culture`)."""
    return pipeline.culture(ctx, progress=_progress("culture"))


@task(name="rank", **_TASK_OPTIONS)
def rank(ctx: RunContext) -> dict:
    """Composite score, eligibility, reasons and rank (:func:`ambassador.pipeline.rank`)."""
    return pipeline.rank(ctx, progress=_progress("rank"))


@task(name="publish", **_TASK_OPTIONS)
def publish(ctx: RunContext) -> dict:
    """Shortlist CSV, run log and notebook snapshot (:func:`ambassador.pipeline.publish`)."""
    return pipeline.publish(ctx, progress=_progress("publish"))


#: The flow's tasks, in the order of ``ambassador.pipeline.STAGES`` (a test checks it).
TASKS = (refresh, ingest, resolve, graph, culture, rank, publish)


# ---- the flow ------------------------------------------------------------------------------


def _flow_run_id() -> str | None:
    from prefect.runtime import flow_run

    return flow_run.id


def _failed(logger, what: str, exc: Exception):
    """End the flow run Failed without letting Prefect store the exception.

    Prefect pickles the exception of a failing flow into result storage (``~/.prefect/
    storage``, no expiry) even with ``persist_result=False``, and a message can hold
    employee data (a DataCheckError's sample row). A returned ``Failed`` state stays in
    memory: a direct caller still gets the exception raised, and Prefect records only what
    failed and the exception's type.
    """
    logger.error("%s failed: %s", what, type(exc).__name__)
    return Failed(message=f"{what} failed: {type(exc).__name__}", data=exc)


@flow(name="ambassador-nightly", persist_result=False, retries=0, log_prints=False)
def nightly(
    data_dir: str,
    warehouse: str | None = None,
    out: str | None = None,
    as_of: str | None = None,
    top: int | None = None,
) -> dict:
    """Run every stage of the pipeline on ``data_dir``; return each stage's summary.

    Parameters
    ----------
    data_dir
        The input folder (see DESIGN.md).
    warehouse, out
        The DuckDB warehouse and the shortlist CSV; ``None`` keeps the settings' value.
    as_of
        End of the analysis window, ``YYYY-MM-DD``; ``None`` is today (UTC).
    top
        How many names the shortlist holds; ``None`` keeps ``[shortlist] size``.

    Returns
    -------
    dict
        ``{stage name: summary}`` in stage order, as :func:`ambassador.pipeline.run_stages`
        returns. The warehouse's ``run_log.run_id`` is this flow run's id.

    Raises
    ------
    Exception
        Whatever the failing stage raised (e.g. :class:`~ambassador.errors.InputError`),
        when the flow is called directly; the flow run ends ``Failed``.
    """
    logger = get_run_logger()
    try:
        ctx = RunContext.create(data_dir, warehouse=warehouse, out=out, as_of=as_of, top=top, run_id=_flow_run_id())
    except Exception as exc:
        return _failed(logger, "settings", exc)
    logger.info("run %s on %s as of %s", ctx.run_id, ctx.settings.data_dir, ctx.as_of)
    observer = _current_observer()
    summaries: dict[str, dict] = {}
    total = len(TASKS)
    for number, stage in enumerate(TASKS, 1):
        if observer is not None:
            observer.stage_started(number, total, stage.name)
        started = time.perf_counter()
        try:
            summary = stage(ctx)
        except Exception as exc:
            pipeline.mark_failed(ctx, stage.name, exc)
            return _failed(logger, f"stage {stage.name}", exc)
        seconds = time.perf_counter() - started
        summaries[stage.name] = summary
        logger.info("[%d/%d] %s %.1f s: %s", number, total, stage.name, seconds, key_counts(summary))
        if observer is not None:
            observer.stage_finished(number, total, stage.name, seconds, summary)
    return summaries


# ---- the nightly deployment ----------------------------------------------------------------


def local_timezone() -> str:
    """This machine's IANA time zone name, ``"UTC"`` when it cannot be told.

    Asks ``tzlocal`` when it is importable (it comes with Prefect, through ``dateparser``; it
    reads ``$TZ``, ``/etc/timezone``, ``/etc/localtime`` and the macOS and Windows settings),
    then the ``/etc/localtime`` symlink.
    """
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        if name and _is_zone(name):
            return name
    except Exception:  # noqa: BLE001 - any failure means "ask the next source"
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if _is_zone(name):
            return name
    return "UTC"


def _is_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def serve(
    data_dir: str | Path,
    warehouse: str | Path | None = None,
    out: str | Path | None = None,
    cron: str | None = None,
    timezone: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the ``ambassador-nightly/nightly`` deployment until interrupted.

    Parameters
    ----------
    data_dir, warehouse, out
        Resolved through the settings now and stored, absolute, as the deployment's
        parameters; ``None`` takes the settings' value.
    cron, timezone
        The schedule; default ``[schedule]`` in the settings: ``"0 2 * * *"`` in this
        machine's time zone (:func:`local_timezone`).
    announce
        Called with a few lines saying what is served, where and when.

    Notes
    -----
    Without ``PREFECT_API_URL`` a local ``prefect server start`` runs alongside (the scheduler
    lives in the server); see :func:`flows.prefect_api.server_for_serving`. One run at a time:
    a run that would start while another still works is cancelled (deployment concurrency
    limit 1, ``CANCEL_NEW``; the runner also takes one run at a time), so a slow night never
    overlaps the next. Stopping the process leaves the schedule active
    (``pause_on_shutdown=False``): a restart resumes it. Runs missed while nothing served
    are "Late"; Prefect starts them, oldest first, when serving resumes.
    """
    from prefect import serve as prefect_serve
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from ambassador.settings import load_settings
    from flows.prefect_api import server_for_serving

    settings = load_settings(data_dir, warehouse=warehouse, out=out)  # fails fast on a bad folder
    cron = cron or settings.schedule.cron
    timezone = timezone or settings.schedule.timezone or local_timezone()
    # Absolute paths, so the runs write where this command said, whatever their directory.
    parameters = {
        "data_dir": str(settings.data_dir.resolve()),
        "warehouse": str(settings.warehouse.resolve()),
        "out": str(settings.out.resolve()),
    }
    schedule = Cron(cron, timezone=timezone)
    say = announce or (lambda _line: None)
    with server_for_serving() as api_url:
        ui = api_url.removesuffix("/api")
        say(f"Serving {nightly.name}/{DEPLOYMENT_NAME}: '{cron}' ({timezone}), one run at a time")
        say(f"  data {parameters['data_dir']}")
        say(f"  warehouse {parameters['warehouse']}")
        say(f"  shortlist {parameters['out']}")
        say(f"  Prefect {ui} (runs, logs, upcoming schedule)")
        say(f"  run now: prefect deployment run '{nightly.name}/{DEPLOYMENT_NAME}'; stop: Ctrl-C")
        deployment = nightly.to_deployment(
            name=DEPLOYMENT_NAME,
            schedule=schedule,
            parameters=parameters,
            concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
            # Each run imports flows.nightly afresh in its own `python -m prefect.engine`
            # process (nothing pickled, installed code updates apply from the next run).
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        prefect_serve(deployment, pause_on_shutdown=False, print_starting_message=False, limit=1)

"""The nightly Prefect flow: its shape, its settings, and one real run on data/sample/."""

from __future__ import annotations

import csv
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
import pytest
from prefect import Flow, Task
from prefect.cache_policies import NO_CACHE

from ambassador.pipeline import STAGES
from flows import nightly as nightly_module
from flows.nightly import TASKS, key_counts, local_timezone, nightly, observe_stages

REPO = Path(__file__).resolve().parents[1]
STAGE_NAMES = [name for name, _ in STAGES]
DESIGN_HEADER = ["rank", "employee_id", "full_name", "email", "department", "title", "score", "reasons"]


def _run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


# ---- shape ---------------------------------------------------------------------------------


def test_flow_tasks_are_the_pipeline_stages_in_order():
    assert [t.name for t in TASKS] == STAGE_NAMES
    # the module defines no task outside TASKS
    defined = [v for v in vars(nightly_module).values() if isinstance(v, Task)]
    assert sorted(t.name for t in defined) == sorted(STAGE_NAMES)
    # each task calls the package's stage function of the same name, and nothing else
    for task, (name, _stage) in zip(TASKS, STAGES):
        body = inspect.getsource(task.fn).strip().splitlines()[-1].strip()
        assert body == f'return pipeline.{name}(ctx, progress=_progress("{name}"))', task.name
    # and the flow runs TASKS, in order, once each
    assert "for number, stage in enumerate(TASKS" in inspect.getsource(nightly.fn)


def test_tasks_never_cache_persist_or_retry():
    for task in TASKS:
        assert task.cache_policy is NO_CACHE, task.name
        assert task.persist_result is False, task.name
        assert task.retries == 0, task.name
    assert isinstance(nightly, Flow)
    assert nightly.name == "ambassador-nightly"
    assert nightly.persist_result is False
    assert nightly.retries == 0


def test_flow_parameters_are_paths_a_date_and_a_number():
    assert list(nightly.parameters.properties) == ["data_dir", "warehouse", "out", "as_of", "top"]
    assert nightly.parameters.required == ["data_dir"]


def test_flow_can_be_pickled_for_a_subprocess():
    # Prefect cloudpickles a flow object to run it in a subprocess (Flow.serve); every
    # global the flow and task functions use must survive that.
    import cloudpickle

    assert cloudpickle.loads(cloudpickle.dumps(nightly)).name == "ambassador-nightly"
    assert [t.name for t in cloudpickle.loads(cloudpickle.dumps(TASKS))] == STAGE_NAMES


def test_key_counts_shows_top_level_numbers_only():
    summary = {"files_new": 1234, "failures": [{"path": "x"}], "by_source": {}, "shortlist": "s.csv", "seconds": 1.5}
    assert key_counts(summary) == "files new 1,234"
    assert key_counts({"ok": True, "score": 0.123456}) == "score 0.123"
    assert key_counts({f"k{i}": i for i in range(10)}, limit=2) == "k0 0, k1 1"


def test_local_timezone_is_a_valid_zone():
    from zoneinfo import ZoneInfo

    ZoneInfo(local_timezone())
    done = _run_python("from flows.nightly import local_timezone; print(local_timezone())", TZ="Europe/Paris")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Europe/Paris"


# ---- import hygiene ------------------------------------------------------------------------


def test_ambassador_never_imports_prefect():
    done = _run_python(
        """
        import importlib, pkgutil, sys
        import ambassador
        names = [m.name for m in pkgutil.walk_packages(ambassador.__path__, "ambassador.")]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(n for n in sys.modules if n == "prefect" or n.startswith("prefect."))
        print(len(names), loaded[:5])
        """
    )
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 10, "walk_packages found too few modules"
    assert loaded.strip() == "[]", f"importing ambassador loaded {loaded.strip()}"


def test_importing_flows_sets_prefect_defaults_without_overriding_the_user():
    code = """
        import os, flows
        from prefect.settings import get_current_settings
        s = get_current_settings()
        print(s.server.analytics_enabled, os.environ["DO_NOT_TRACK"], s.results.persist_by_default)
        """
    env = {k: v for k, v in os.environ.items() if k not in flows.PREFECT_DEFAULTS}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "1", "False"]
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env={**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "true"},
        capture_output=True,
        text=True,
    )
    assert done.stdout.split()[0] == "True"


# ---- a real run ----------------------------------------------------------------------------


class _Recorder:
    def __init__(self):
        self.events: list[tuple] = []

    def stage_started(self, number, total, name):
        self.events.append(("started", number, total, name))

    def stage_progress(self, name, message):
        pass

    def stage_finished(self, number, total, name, seconds, summary):
        self.events.append(("finished", number, total, name))


@pytest.mark.slow
def test_nightly_flow_runs_every_stage_on_the_sample(prefect_harness, sample_data_dir, tmp_path):
    from ambassador.warehouse import connect

    warehouse, shortlist = tmp_path / "w.duckdb", tmp_path / "shortlist.csv"
    recorder = _Recorder()
    with observe_stages(recorder):
        state = nightly(
            data_dir=str(sample_data_dir),
            warehouse=str(warehouse),
            out=str(shortlist),
            as_of="2026-11-01",
            return_state=True,
        )
    assert state.is_completed(), state
    summaries = state.result()

    assert list(summaries) == STAGE_NAMES
    assert all(isinstance(s, dict) and s for s in summaries.values())
    assert [e[3] for e in recorder.events] == [n for n in STAGE_NAMES for _ in (0, 1)]
    assert recorder.events[0] == ("started", 1, len(STAGE_NAMES), "refresh")

    with shortlist.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][: len(DESIGN_HEADER)] == DESIGN_HEADER
    assert len(rows) - 1 == summaries["publish"]["rows"] > 0
    assert Path(summaries["publish"]["snapshot"]).is_file()

    # the warehouse's run log names this flow run
    con = connect(warehouse, read_only=True)
    try:
        run_id, status = con.execute("SELECT run_id, status FROM run_log").fetchone()
    finally:
        con.close()
    assert (run_id, status) == (str(state.state_details.flow_run_id), "completed")


@pytest.mark.slow
def test_a_failing_run_raises_the_stage_error_and_stores_no_pickle(prefect_harness, tmp_path):
    from prefect.settings import PREFECT_LOCAL_STORAGE_PATH, temporary_settings

    from ambassador.errors import InputError

    data = tmp_path / "data"
    data.mkdir()  # no directory/*.csv: the ingest stage raises InputError
    storage = tmp_path / "prefect-storage"
    kwargs = {"data_dir": str(data), "warehouse": str(tmp_path / "w.duckdb"), "out": str(tmp_path / "s.csv")}
    with temporary_settings({PREFECT_LOCAL_STORAGE_PATH: storage}):
        with pytest.raises(InputError, match="directory"):
            nightly(**kwargs)
        state = nightly(**kwargs, return_state=True)
    assert state.is_failed()
    assert state.message == "stage ingest failed: InputError"  # the type, never the message
    assert not storage.exists() or not any(storage.iterdir())

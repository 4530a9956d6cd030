"""Fixtures shared by the test modules.

``sample_run`` runs the whole pipeline once per test session on a copy of ``data/sample/``,
so end-to-end tests and notebook tests share one real warehouse, snapshot and shortlist.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"
SAMPLE_AS_OF = "2026-11-01"  # the sample's data ends before this day (Makefile's AS_OF)


@dataclass(frozen=True)
class SampleRun:
    """What one pipeline run on a copy of ``data/sample/`` produced."""

    data_dir: Path
    warehouse: Path
    snapshot: Path
    shortlist: Path
    summary: dict


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """Run every stage (``run_stages``) on a copy of ``data/sample/``, once per session.

    Tests must treat the result as read-only: open ``snapshot`` (or ``warehouse``) with
    ``read_only=True`` and never write into ``data_dir``.
    """
    from ambassador.pipeline import RunContext, run_stages

    if not SAMPLE_DIR.is_dir():
        pytest.fail(f"{SAMPLE_DIR} is missing; generate it with `make sample`")
    root = tmp_path_factory.mktemp("sample_run")
    data_dir = shutil.copytree(SAMPLE_DIR, root / "data")
    warehouse, shortlist = root / "w.duckdb", root / "s.csv"
    ctx = RunContext.create(data_dir, warehouse=warehouse, out=shortlist, as_of=SAMPLE_AS_OF)
    summary = run_stages(ctx)
    snapshot = Path(summary["publish"]["snapshot"])
    assert snapshot.is_file(), f"the publish stage did not write the snapshot {snapshot}"
    return SampleRun(data_dir=Path(data_dir), warehouse=warehouse, snapshot=snapshot, shortlist=shortlist, summary=summary)


@pytest.fixture
def sample_data_dir(tmp_path: Path) -> Path:
    """A private copy of ``data/sample/`` the test may change (``SAMPLE_AS_OF`` is its end)."""
    if not SAMPLE_DIR.is_dir():
        pytest.fail(f"{SAMPLE_DIR} is missing; generate it with `make sample`")
    return Path(shutil.copytree(SAMPLE_DIR, tmp_path / "data"))


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API and database for the whole session (Prefect's testing guide).

    Yields the API URL, which is also ``PREFECT_API_URL`` inside the session, so flows run
    against it and a subprocess given that variable uses the same server.
    """
    import flows  # noqa: F401  (Prefect environment defaults, before prefect is imported)
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    # Generous start-up time: the subprocess server takes 10-30 s on a busy 2-core machine.
    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()

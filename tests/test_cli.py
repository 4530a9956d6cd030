"""The ``ambassador`` command line: arguments, exit codes, messages, and quiet Prefect runs."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import _StagePrinter, build_parser, main

REPO = Path(__file__).resolve().parents[1]


def ambassador(*args: str, env: dict[str, str | None] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the command line in a fresh process, as a user would (``env`` value None: unset)."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "flows", *args],
        cwd=REPO,
        env={k: v for k, v in merged.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# ---- arguments -----------------------------------------------------------------------------


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "serve", "sample", "status"):
        assert f"    {command} " in out


def test_run_help_shows_the_design_options(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    for option in ("--data-dir DIR", "--warehouse FILE", "--out FILE", "--as-of YYYY-MM-DD", "--top N"):
        assert option in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["run"], "--data-dir"),
        (["run", "--data-dir", "d", "--as-of", "2026-13-01"], "not a valid date"),
        (["run", "--data-dir", "d", "--as-of", "01/11/2026"], "YYYY-MM-DD"),
        (["run", "--data-dir", "d", "--as-of", "2026-1-1"], "YYYY-MM-DD"),
        (["run", "--data-dir", "d", "--top", "0"], "at least 1"),
        (["run", "--data-dir", "d", "--top", "-3"], "at least 1"),
        (["run", "--data-dir", "d", "--top", "ten"], "not a whole number"),
        (["serve", "--data-dir", "d", "--timezone", "Mars/Olympus"], "IANA time zone"),
        (["sample"], "--out"),
        (["sample", "--out", "x", "--people", "0"], "at least 1"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_valid_arguments_parse():
    args = build_parser().parse_args(["run", "--data-dir", "d", "--as-of", "2026-11-01", "--top", "10"])
    assert (args.data_dir, args.as_of, args.top, args.warehouse) == ("d", "2026-11-01", 10, None)
    args = build_parser().parse_args(["serve", "--data-dir", "d", "--cron", "30 1 * * *", "--timezone", "Europe/Paris"])
    assert (args.cron, args.timezone) == ("30 1 * * *", "Europe/Paris")


def test_serve_rejects_a_bad_cron_before_starting_anything(tmp_path, capsys):
    (tmp_path / "directory").mkdir()
    assert main(["serve", "--data-dir", str(tmp_path), "--cron", "every night", "--timezone", "UTC"]) == 2
    err = capsys.readouterr().err
    assert "every night" in err and "cannot be used" in err


# ---- errors, as a user sees them (subprocess) ----------------------------------------------


def test_missing_data_dir_exits_2_naming_the_folder(tmp_path):
    missing = tmp_path / "no-such-folder"
    done = ambassador("run", "--data-dir", str(missing))
    assert done.returncode == 2
    assert_one_line_error(done.stderr, str(missing), "Fix:")
    assert "Prefect" not in done.stdout  # failed before starting Prefect


def test_status_of_a_missing_warehouse_exits_2(tmp_path):
    done = ambassador("status", "--warehouse", str(tmp_path / "nope.duckdb"))
    assert done.returncode == 2
    assert_one_line_error(done.stderr, "nope.duckdb", "ambassador run")


@pytest.mark.slow
def test_input_error_inside_the_flow_is_one_line_without_prefect_noise(prefect_harness, tmp_path):
    # A data folder without an HR directory passes the settings check and fails in the
    # ingest task; the run uses the session's Prefect server through PREFECT_API_URL.
    data = tmp_path / "data"
    data.mkdir()
    done = ambassador(
        "run", "--data-dir", str(data), "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "s.csv"),
        env={"PREFECT_API_URL": prefect_harness},
    )
    assert done.returncode == 2, done.stderr
    assert_one_line_error(done.stderr, "directory", "Fix:")
    assert f"Prefect: {prefect_harness}" in done.stdout
    assert "[2/7] ingest" in done.stdout  # after [1/7] refresh (off by default)


# ---- status --------------------------------------------------------------------------------


def test_status_of_a_fresh_warehouse(tmp_path, capsys):
    from ambassador.warehouse import connect, ensure_schema

    path = tmp_path / "w.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.close()
    assert main(["status", "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Warehouse {path}" in out
    assert "Last runs, newest first:\n  none yet" in out
    assert "Files in manifest: none yet" in out
    assert "Quarantine: 0 records" in out


def test_status_lists_runs_files_and_quarantine(tmp_path, capsys):
    from ambassador.warehouse import connect, ensure_schema

    path = tmp_path / "w.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.execute(
        "INSERT INTO run_log VALUES ('r1', TIMESTAMP '2026-11-02 02:00:00', TIMESTAMP '2026-11-02 02:00:42', "
        "DATE '2026-11-02', 'completed', '{\"rows\": 25}')"
    )
    con.execute(
        "INSERT INTO manifest (source, path, status, error) VALUES ('slack', 'slack/a.zip', 'loaded', NULL), "
        "('slack', 'slack/b.zip', 'failed', 'not a zip file'), ('x', 'x/c.zip', 'loaded', NULL)"
    )
    con.execute(
        "INSERT INTO quarantine (source, reason) VALUES ('slack', 'bad json'), ('slack', 'bad json'), ('x', 'no id')"
    )
    con.close()
    assert main(["status", "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2026-11-02 02:00  completed  as of 2026-11-02  42.0 s, shortlist 25  run r1" in out
    assert "Files in manifest: failed 1, loaded 2" in out
    assert "failed: slack/b.zip: not a zip file" in out
    assert "Quarantine: 3 records by reason:" in out
    assert "      2  bad json" in out


# ---- sample --------------------------------------------------------------------------------


def test_sample_passes_its_arguments_to_write_sample(tmp_path, monkeypatch, capsys):
    import ambassador.sample

    calls = []

    def fake_write_sample(out, people=120, days=90, seed=7, truth_file=None):
        calls.append((out, people, days, seed, truth_file))
        return {"employees": people, "slack_messages": 1234}

    monkeypatch.setattr(ambassador.sample, "write_sample", fake_write_sample)
    out, truth = tmp_path / "s", tmp_path / "truth.csv"
    code = main(["sample", "--out", str(out), "--people", "30", "--days", "14", "--seed", "3", "--truth", str(truth)])
    assert code == 0
    assert calls == [(out, 30, 14, 3, truth)]
    printed = capsys.readouterr().out
    assert "employees 30, slack messages 1,234" in printed
    assert f"ambassador run --data-dir {out}" in printed


def test_sample_into_a_non_empty_folder_exits_2(tmp_path, monkeypatch, capsys):
    import ambassador.sample

    def refuse(out, *args, **kwargs):
        raise FileExistsError(f"{out} is not empty; remove it first")

    monkeypatch.setattr(ambassador.sample, "write_sample", refuse)
    assert main(["sample", "--out", str(tmp_path)]) == 2
    assert "is not empty" in capsys.readouterr().err


# ---- run output ----------------------------------------------------------------------------


def test_stage_lines():
    import io

    buf = io.StringIO()
    printer = _StagePrinter(buf)
    printer.stage_started(1, 6, "ingest")
    printer.stage_progress("ingest", "  slack 1/1 a.zip: loaded")
    printer.stage_finished(1, 6, "ingest", 2.04, {"files_new": 1})
    printer.stage_started(2, 6, "resolve")
    printer.stage_finished(2, 6, "resolve", 0.4, {"people": 120, "by_source": {}})
    assert buf.getvalue().splitlines() == [
        "[1/6] ingest … ",
        "      slack 1/1 a.zip: loaded",
        "      ingest done: 2.0 s  files new 1",
        "[2/6] resolve … 0.4 s  people 120",
    ]


def _processes_with_env(name: str, value: str) -> list[int]:
    """PIDs of this user's processes whose environment holds ``name=value`` (Linux)."""
    needle = f"{name}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if needle in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_plain_run_is_quiet_and_leaves_no_process(sample_data_dir, tmp_path):
    # No PREFECT_API_URL: the run serves Prefect's API from its own process, in a fresh
    # PREFECT_HOME (so this also covers creating Prefect's database on a first run).
    home = tmp_path / "prefect-home"
    env = {"PREFECT_HOME": str(home), "PREFECT_API_URL": None}
    out = tmp_path / "shortlist.csv"
    done = ambassador(
        "run", "--data-dir", str(sample_data_dir), "--warehouse", str(tmp_path / "w.duckdb"), "--out", str(out),
        "--as-of", "2026-11-01", env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no telemetry error, no flush traceback, no Prefect chatter
    assert "Prefect: temporary server in this process (first run on this machine" in done.stdout
    for number, name in enumerate(("refresh", "ingest", "resolve", "graph", "culture", "rank", "publish"), 1):
        assert f"[{number}/7] {name} …" in done.stdout
    assert f"shortlist  {out}" in done.stdout
    assert "make notebook" in done.stdout and "ambassador serve --data-dir" in done.stdout
    with out.open(encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh))[:3] == ["rank", "employee_id", "full_name"]
    assert (home / "prefect.db").is_file()
    assert _processes_with_env("PREFECT_HOME", str(home)) == []

"""The Slack load benchmark runs and its own correctness checks hold (timings are not tested).

``make bench`` runs it at full size (1,000,000 messages); here it runs in ``--quick`` mode
(20,000 messages in 40 day files), each case in its own process as in a real run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_slack_load_benchmark_quick_mode_checks_pass(tmp_path):
    out = tmp_path / "slack_load.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.slack_load", "--quick", "--out", str(out), "--workdir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text())
    facts = result["export"]
    assert (facts["messages"], facts["day_files"]) == (20_000, 40)
    # the generator exercises every path of the load: opt-outs, duplicates, malformed records
    assert facts["excluded"] > 0 and facts["duplicates"] > 0 and facts["malformed"]
    checks = result["checks"]
    for case in ("ambassador", "ambassador_zip"):
        assert checks[f"{case} reads every message"]  # the same count as the raw read
        assert checks[f"{case} manifest reconciles"]
        assert checks[f"{case} counts match the generator"]
    assert checks["baseline reads every message"]
    assert all(checks.values()), [name for name, ok in checks.items() if not ok]
    [base] = result["runs"]["baseline"]
    [ours] = result["runs"]["ambassador"]
    assert base["rows"] == ours["manifest"]["rows_in"] == 20_000
    assert result["ratio"]["ambassador"] > 0 and result["machine"]["duckdb"]
    assert not list(tmp_path.glob("slack-load-*")), "the generated export is removed"

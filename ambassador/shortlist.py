"""The shortlist CSV comms leads receive (columns fixed by DESIGN.md).

Cells are made safe for spreadsheets: any text cell starting with ``= + - @``, tab, CR or
LF gets a leading apostrophe (OWASP's advice), and control characters are removed.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import duckdb

from ambassador.schema import SHORTLIST_COLUMNS

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\r\n"}


def safe_cell(value: object) -> str:
    """Render one value for the CSV so no spreadsheet reads it as a formula.

    >>> safe_cell("=HYPERLINK('http://x')")
    "'=HYPERLINK('http://x')"
    >>> safe_cell("@SUM(A1)"), safe_cell(0.5), safe_cell(None), safe_cell("Ana")
    ("'@SUM(A1)", '0.5', '', 'Ana')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    text = str(value).translate(_CONTROL)
    return "'" + text if text.startswith(_TRIGGERS) else text


def write_shortlist(rows: list[tuple], path: Path) -> Path:
    """Write the rows (in SHORTLIST_COLUMNS order) atomically to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(SHORTLIST_COLUMNS)
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
    os.replace(tmp, path)
    return path


def publish_stage(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The publish stage: the top ``shortlist.size`` eligible people to the CSV."""
    started = time.perf_counter()
    cols = ", ".join(SHORTLIST_COLUMNS)
    rows = con.execute(
        f"SELECT {cols} FROM marts_person_scores WHERE eligible AND rank <= $n ORDER BY rank",
        {"n": ctx.settings.shortlist.size},
    ).fetchall()
    path = write_shortlist(rows, Path(ctx.settings.out))
    return {"shortlist": str(path), "rows": len(rows), "warehouse": str(ctx.settings.warehouse), "seconds": round(time.perf_counter() - started, 2)}

"""Bulk-reading one staged CSV file with DuckDB, malformed rows quarantined with their line.

Every CSV-based source (Viva Engage, Discourse user archives, the generic intranet CSV,
LinkedIn, social listening) reads its files through :func:`read_csv_member`:

* the header is checked first, on a cursor of its own (a failed statement would abort the
  load's transaction), and a file without the required columns is rejected whole with a
  one-line reason naming what is missing and what was found;
* every cell is read as text (``all_varchar``): the source's SQL casts what it needs, so a
  bad date is the source's to quarantine, not a reason to lose the file;
* rows DuckDB cannot parse (too many or too few columns, invalid UTF-8, an unterminated
  quote) go to ``quarantine`` with the CSV line number and DuckDB's reason, via
  ``store_rejects``; the rest land in a temp table, numbered in file order;
* a UTF-8 byte-order mark is tolerated; other encodings (``utf-16``, ``latin-1``) are asked for.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable

import duckdb

from ambassador.errors import RejectedFile
from ambassador.sources.base import LoadContext


def _options(delimiter: str | None, encoding: str, skip: int = 0) -> str:
    opts = ["header = true", "all_varchar = true", "strict_mode = true", "encoding = $encoding",
            "max_line_size = 16777216", "null_padding = false", "parallel = false"]
    if skip:
        opts.append(f"skip = {int(skip)}")
    if delimiter is not None:
        opts.append("delim = $delim")
    return ", ".join(opts)


def csv_header(con: duckdb.DuckDBPyConnection, path: str, member: str, *, delimiter: str | None = None,
               encoding: str = "utf-8", skip: int = 0) -> list[str]:
    """The column names of a staged CSV, or RejectedFile when DuckDB cannot read it as CSV."""
    params: dict = {"p": [path], "encoding": encoding}
    if delimiter is not None:
        params["delim"] = delimiter
    cur = con.cursor()
    try:
        rows = cur.execute(
            f"DESCRIBE SELECT * FROM read_csv($p, {_options(delimiter, encoding, skip)}, store_rejects = true)", params
        ).fetchall()
    except duckdb.Error as exc:
        raise RejectedFile(f"not a readable CSV file ({str(exc).splitlines()[0][:300]})", member) from None
    finally:
        cur.close()
    return [r[0] for r in rows]


def read_csv_member(
    ctx: LoadContext,
    path: str,
    member: str,
    table: str,
    *,
    required: Iterable[str] = (),
    delimiter: str | None = None,
    encoding: str = "utf-8",
    skip: int = 0,
) -> tuple[int, int]:
    """Read staged CSV ``path`` (export member ``member``) into temp table ``table``.

    The table has one VARCHAR column per CSV column (header names as written, BOM removed)
    plus ``_record`` (0-based position among the rows that parsed, in file order).
    Quarantined rows carry their CSV line number instead.

    Parameters
    ----------
    ctx
        The load's context; rejected rows are quarantined through it.
    path, member
        The staged copy to read and the member name it came from (for messages).
    table
        Name of the temp table to (re)create.
    required
        Header names that must be present (case-sensitive); otherwise the file is rejected.
    delimiter, encoding
        Passed to DuckDB's ``read_csv``; the delimiter is sniffed when None.
    skip
        Lines before the header row (a preamble); quarantined rows keep their line in the file.

    Returns
    -------
    (rows_in, rows_quarantined)
        Data rows found (header excluded) and how many of them were quarantined.

    Raises
    ------
    RejectedFile
        When the file is empty, is not CSV, or lacks a required column.
    """
    if os.path.getsize(path) == 0:
        raise RejectedFile("empty file (0 bytes)", member)
    header = csv_header(ctx.con, path, member, delimiter=delimiter, encoding=encoding, skip=skip)
    if header == ["column0"] and not any(required):
        raise RejectedFile("empty file or no header row", member)
    missing = [c for c in required if c not in header]
    if missing:
        shown = ", ".join(header[:12]) + (" ..." if len(header) > 12 else "")
        raise RejectedFile(
            f"missing column(s) {', '.join(missing)} (found: {shown}); is this the right export file?", member
        )
    suffix = uuid.uuid4().hex[:12]
    rejects, scans = f"_rejects_{suffix}", f"_scans_{suffix}"
    params: dict = {"p": [path], "encoding": encoding}
    if delimiter is not None:
        params["delim"] = delimiter
    con = ctx.con
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {table} AS
            SELECT * EXCLUDE (ordinality), ordinality - 1 AS _record
            FROM read_csv($p, {_options(delimiter, encoding, skip)}, store_rejects = true,
                          rejects_table = '{rejects}', rejects_scan = '{scans}')
                 WITH ORDINALITY""",
        params,
    )
    try:
        bad = con.execute(
            f"""SELECT line, string_agg(DISTINCT error_type || ': ' || error_message, '; ') AS reason,
                       any_value(csv_line) AS raw
                FROM {rejects} GROUP BY line ORDER BY line"""
        ).fetchall()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {rejects}")
        con.execute(f"DROP TABLE IF EXISTS {scans}")
    for line, reason, raw in bad:
        ctx.quarantine(member, int(line), f"malformed CSV row at line {line}: {reason}"[:500], raw)
    loaded = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return loaded + len(bad), len(bad)

"""Bulk-reading staged JSON-array files with DuckDB, isolating the ones it cannot parse.

Two DuckDB facts shape this module. A failed statement aborts the transaction it runs in, so
files are first probed on a cursor of their own (its own transaction) and only readable files
are then read inside the load's transaction. And ``read_json`` has no per-file row number;
``row_number() OVER (PARTITION BY filename)`` does not follow file order once several files
are scanned in parallel, while ``WITH ORDINALITY`` numbers rows in scan order, which keeps
each file's order, so numbering by it within each file gives each record's position.
"""

from __future__ import annotations

import duckdb

READ_ARRAYS = (
    "read_json($paths, format = 'array', records = false, columns = {'json': 'JSON'}, "
    "filename = true, maximum_object_size = 67108864)"
)


def first_line(exc: Exception, staged: dict[str, str]) -> str:
    """The error's first line with staged paths replaced by the members they came from."""
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for path, member in staged.items():
        msg = msg.replace(path, member)
    return msg[:500]


def _count(cur: duckdb.DuckDBPyConnection, paths: list[str]) -> dict[str, int]:
    rows = cur.execute(f"SELECT filename, count(*) FROM {READ_ARRAYS} GROUP BY filename", {"paths": paths}).fetchall()
    counts = dict.fromkeys(paths, 0)
    counts.update(dict(rows))
    return counts


def split_readable(con: duckdb.DuckDBPyConnection, staged: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Records per readable staged file, and the reason each unreadable member fails.

    Tries all files in one read; only if that fails, reads them one by one to find the bad ones.
    """
    if not staged:
        return {}, {}
    cur = con.cursor()
    try:
        try:
            return _count(cur, list(staged)), {}
        except duckdb.Error:
            pass
        good: dict[str, int] = {}
        bad: dict[str, str] = {}
        for path, member in staged.items():
            try:
                good.update(_count(cur, [path]))
            except duckdb.Error as exc:
                bad[member] = first_line(exc, staged)
        return good, bad
    finally:
        cur.close()


def records_sql(paths_param: str = "$paths") -> str:
    """A query of (filename, record, json): every element of the files, numbered within each file."""
    read = READ_ARRAYS.replace("$paths", paths_param)
    return f"""SELECT filename,
                      row_number() OVER (PARTITION BY filename ORDER BY ordinality) - 1 AS record,
                      json
               FROM {read} WITH ORDINALITY AS r(json, filename, ordinality)"""

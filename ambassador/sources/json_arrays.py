"""Bulk-reading staged JSON-array files with DuckDB, isolating the ones it cannot parse.

Two DuckDB facts shape this module. A failed statement aborts the transaction it runs in, so
files are first probed on a cursor of their own (its own transaction) and only readable files
are then read inside the load's transaction. And ``read_json`` has no per-file row number;
``row_number() OVER (PARTITION BY filename)`` does not follow file order once several files
are scanned in parallel, while ``WITH ORDINALITY`` numbers rows in scan order, which keeps
each file's order, so numbering by it within each file gives each record's position.

:func:`read_once` parses each file a single time instead of probing, then reading again: the
files are read on a cursor into an in-memory database attached for the duration of the load
(attached databases are shared by every connection of the process, temp tables are not), and
the load's transaction reads the rows from there. It numbers records by ``rowid``: with
``preserve_insertion_order`` (DuckDB's default) a table filled from a scan keeps the scan's
order, files in list order and each file's elements in order, as ``row_number() OVER ()`` does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


def _count(cur: duckdb.DuckDBPyConnection, paths: list[str], reader: str = READ_ARRAYS) -> dict[str, int]:
    rows = cur.execute(f"SELECT filename, count(*) FROM {reader} GROUP BY filename", {"paths": paths}).fetchall()
    counts = dict.fromkeys(paths, 0)
    counts.update(dict(rows))
    return counts


def empty_files(staged: dict[str, str]) -> dict[str, str]:
    """Members whose staged copy is empty (0 bytes): DuckDB would read them as no records,
    silently; an export's JSON file that holds nothing at all is broken, not empty."""
    return {m: "empty file (0 bytes)" for p, m in staged.items() if os.path.getsize(p) == 0}


def split_readable(con: duckdb.DuckDBPyConnection, staged: dict[str, str],
                   reader: str = READ_ARRAYS) -> tuple[dict[str, int], dict[str, str]]:
    """Records per readable staged file, and the reason each unreadable member fails.

    Tries all files in one read; only if that fails, reads them one by one to find the bad ones.
    ``reader`` is the table function reading ``$paths`` (default: JSON arrays, one record per
    element; a source reading whole documents passes its own).
    """
    empty = empty_files(staged)
    if empty:
        good, bad = split_readable(con, {p: m for p, m in staged.items() if m not in empty}, reader)
        return good, {**bad, **empty}
    if not staged:
        return {}, {}
    cur = con.cursor()
    try:
        try:
            return _count(cur, list(staged), reader), {}
        except duckdb.Error:
            pass
        good: dict[str, int] = {}
        bad: dict[str, str] = {}
        for path, member in staged.items():
            try:
                good.update(_count(cur, [path], reader))
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


@dataclass(frozen=True)
class ScratchRead:
    """Staged files read once into an attached in-memory database (see :func:`read_once`)."""

    database: str  # the attached database's name (generated, never from the export)
    counts: dict[str, int]  # records per readable staged file
    bad: dict[str, str]  # unreadable member -> the reason, with staged paths replaced by members

    @property
    def records_sql(self) -> str:
        """A query of (rid, filename, record, json): ``rid`` identifies a row for joins within
        this load, ``record`` is the element's position in its file."""
        db = self.database
        return f"""SELECT r.rowid AS rid, r.filename, r.rowid - f.first_rid AS record, r.json
                   FROM {db}.records r JOIN {db}.files f USING (filename)"""


def _read_into(db: str) -> str:
    return f"INSERT INTO {db}.records SELECT filename, json FROM {READ_ARRAYS}"


def _file_spans(cur: duckdb.DuckDBPyConnection, db: str) -> bool:
    """Index each file's first row; True when every file's rows are contiguous."""
    cur.execute(
        f"""CREATE OR REPLACE TABLE {db}.files AS
            SELECT filename, min(rowid) AS first_rid, max(rowid) AS last_rid, count(*) AS n
            FROM {db}.records GROUP BY filename"""
    )
    return cur.execute(f"SELECT count(*) FROM {db}.files WHERE last_rid - first_rid + 1 <> n").fetchall()[0][0] == 0


@contextmanager
def read_once(con: duckdb.DuckDBPyConnection, staged: dict[str, str]) -> Iterator[ScratchRead]:
    """Read every readable staged file once; yield where the records are and which files failed.

    The files are read on a cursor (its own transactions, so a file DuckDB cannot parse
    does not abort the caller's) into a private in-memory database, all in one statement;
    only if that fails are they read one by one to find the bad ones. The database is
    detached on exit, so nothing of it outlives the load, whether it commits or not.
    """
    bad: dict[str, str] = empty_files(staged)
    staged = {p: m for p, m in staged.items() if m not in bad}
    cur = con.cursor()
    db = f"_read_once_{uuid.uuid4().hex}"
    cur.execute(f"ATTACH ':memory:' AS {db}")
    try:
        cur.execute(f"CREATE TABLE {db}.records (filename VARCHAR, json JSON)")
        in_order = cur.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
        done = False
        if staged and in_order:
            try:
                cur.execute(_read_into(db), {"paths": list(staged)})
                done = _file_spans(cur, db)
            except duckdb.Error:
                pass
        if not done:  # one file per statement: each file's rows are contiguous and in order
            cur.execute(f"CREATE OR REPLACE TABLE {db}.records (filename VARCHAR, json JSON)")
            for path, member in staged.items():
                try:
                    cur.execute(_read_into(db), {"paths": [path]})
                except duckdb.Error as exc:
                    bad[member] = first_line(exc, staged)
            _file_spans(cur, db)
        counts = {p: 0 for p, m in staged.items() if m not in bad}
        counts.update(dict(cur.execute(f"SELECT filename, n FROM {db}.files").fetchall()))
        yield ScratchRead(db, counts, bad)
    finally:
        cur.execute(f"DETACH {db}")
        cur.close()

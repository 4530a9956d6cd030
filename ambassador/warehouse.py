"""The DuckDB warehouse: the one module that opens connections and runs SQL files.

SQL lives in ``ambassador/sql/<layer>/<model>.sql``, one model per file, each a single
``select`` shaped as import CTEs, logic, then ``select * from final``. :func:`build_model`
replaces a derived table's rows with the model's output, inserting by name into the table
declared in :mod:`ambassador.schema`, so the declared types are the contract.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ambassador import handles
from ambassador.errors import DataCheckError, InputError
from ambassador.schema import TABLES, create_table_sql

SQL_PACKAGE = "ambassador.sql"
_LOCK_PID = re.compile(r"PID (\d+)")


def connect(path: str | Path, *, read_only: bool = False, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file with the project's settings.

    Extensions are never installed or loaded from the network, and a file held by another
    process (a notebook, a second run) gives a one-line error naming the holder.
    """
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise InputError(path, "warehouse not found", "run `ambassador run` first, or pass the right --warehouse")
    config = {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "allow_community_extensions": "false",
    }
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            pid = _LOCK_PID.search(msg)
            holder = f"process {pid.group(1)}" if pid else "another process"
            raise InputError(
                path,
                f"the warehouse is open in {holder}",
                "close that notebook or run, or point notebooks at the published snapshot (…snapshot.duckdb)",
            ) from None
        raise InputError(path, f"cannot open the warehouse ({msg.splitlines()[0]})", "check the path and disk") from None
    prepare(con)
    return con


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Register the project's SQL macros and functions on a connection."""
    handles.register(con)
    con.execute(sql_text("macros", "macros"))


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every declared table that does not exist yet, and bring a warehouse written by an
    earlier version up to date (outside any data transaction).

    - A derived table (``rebuilt_each_run``: ``stg_*``, ``marts_*``) whose columns differ from
      its declaration is dropped and created again: the next stage rebuilds its rows anyway.
    - A persistent table (raw exports, manifest, quarantine, run log) whose columns differ is
      rebuilt in the declared column order (loaders insert by position), its rows copied by
      column name, declared columns it lacked NULL. A persistent column that is no longer
      declared cannot be reconciled safely: :class:`InputError` naming the warehouse and the
      fix (start a new warehouse; the exports load again).
    """
    found: dict[str, list[str]] = {}
    for table, column in con.execute(
        """SELECT table_name, column_name FROM duckdb_columns()
           WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index"""
    ).fetchall():
        found.setdefault(table, []).append(column)
    for name, table in TABLES.items():
        have = found.get(name)
        if have is not None and have != [c.name for c in table.columns]:
            if table.rebuilt_each_run:
                con.execute(f"DROP TABLE {name}")
            else:
                _migrate(con, name, have)
        con.execute(create_table_sql(name))


def _migrate(con: duckdb.DuckDBPyConnection, name: str, have: list[str]) -> None:
    """Rebuild persistent table ``name`` in its declared column order, keeping its rows."""
    declared = [c.name for c in TABLES[name].columns]
    unknown = [c for c in have if c not in declared]
    if unknown:
        path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
        raise InputError(
            path,
            f"table {name} has columns this version does not know ({', '.join(unknown)}): another version wrote it",
            "run with a new --warehouse file (every export loads again), or with the version that wrote it",
        )
    kept = ", ".join(f'"{c}"' for c in have)
    con.execute("BEGIN")
    try:
        con.execute(f"ALTER TABLE {name} RENAME TO _{name}_before_migration")
        con.execute(create_table_sql(name))
        con.execute(f"INSERT INTO {name} ({kept}) SELECT {kept} FROM _{name}_before_migration")
        con.execute(f"DROP TABLE _{name}_before_migration")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@cache
def sql_text(layer: str, model: str) -> str:
    """The text of ``sql/<layer>/<model>.sql``."""
    return resources.files(SQL_PACKAGE).joinpath(layer, f"{model}.sql").read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, layer: str, model: str, params: Mapping[str, Any] | None = None):
    """Execute one SQL file (statements separated by ``;``) with named ``$parameters``."""
    text = sql_text(layer, model)
    used = {k: v for k, v in (params or {}).items() if f"${k}" in text}
    return con.execute(text, used) if used else con.execute(text)


def build_model(con: duckdb.DuckDBPyConnection, layer: str, model: str, params: Mapping[str, Any] | None = None) -> int:
    """Replace the rows of table ``model`` with the output of its SQL file; return the row count."""
    return build_union(con, model, layer, [model], params)


def build_union(
    con: duckdb.DuckDBPyConnection, table: str, layer: str, models: list[str], params: Mapping[str, Any] | None = None
) -> int:
    """Replace the rows of declared ``table`` with the union (by name) of several SQL models.

    Each source contributes its own model of a canonical table (``posts_slack``,
    ``posts_x`` …); this stacks them. Returns the row count.
    """
    if table not in TABLES:
        raise KeyError(f"{table} is not declared in ambassador.schema")
    if not models:
        con.execute(f"DELETE FROM {table}")
        return 0
    text = "\nUNION ALL BY NAME\n".join(f"({sql_text(layer, m).strip().rstrip(';')})" for m in models)
    model = table
    used = {k: v for k, v in (params or {}).items() if f"${k}" in text}
    con.execute("BEGIN")
    try:
        con.execute(f"DELETE FROM {model}")
        con.execute(f"INSERT INTO {model} BY NAME ({text})", used or None)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return con.execute(f"SELECT count(*) FROM {model}").fetchall()[0][0]


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame) -> int:
    """Replace every row of declared ``table`` with a DataFrame's rows (matched by column name),
    in one transaction; return the row count."""
    if table not in TABLES:
        raise KeyError(f"{table} is not declared in ambassador.schema")
    view = f"_{table}_frame"
    con.register(view, frame)
    try:
        with transaction(con):
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)
    return len(frame)


def materialize_temp(con: duckdb.DuckDBPyConnection, layer: str, model: str, params: Mapping[str, Any] | None = None) -> None:
    """Compute an intermediate model once, as a temp table named after it (this connection only)."""
    text = sql_text(layer, model).strip().rstrip(";")
    used = {k: v for k, v in (params or {}).items() if f"${k}" in text}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {model} AS {text}", used or None)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``BEGIN`` … ``COMMIT``, or ``ROLLBACK`` on any exception."""
    con.execute("BEGIN")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: Any) -> Iterator[None]:
    """A DataFrame visible to SQL as ``name`` inside the block.

    When the block fails inside a transaction, DuckDB has already aborted it and would refuse
    the ``unregister`` too: that second error is suppressed, so the first one, the real
    reason, is what propagates (and what the manifest records).
    """
    con.register(name, frame)
    try:
        yield
    except BaseException:
        try:
            con.unregister(name)
        except duckdb.Error:
            pass
        raise
    con.unregister(name)


def check_not_null(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> None:
    """Fail loudly, with a sample row, when a column holds NULLs."""
    for col in columns:
        row = con.execute(f"SELECT * FROM {table} WHERE {col} IS NULL LIMIT 1").fetchall()
        if row:
            raise DataCheckError(table, col, "is NULL", row[0])


def check_unique(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> None:
    """Fail loudly, with a sample key, when the columns do not identify rows uniquely."""
    key = ", ".join(columns)
    row = con.execute(f"SELECT {key}, count(*) n FROM {table} GROUP BY ALL HAVING n > 1 LIMIT 1").fetchall()
    if row:
        raise DataCheckError(table, key, "is not unique", row[0])


def check_accepted(con: duckdb.DuckDBPyConnection, table: str, column: str, accepted: tuple[str, ...]) -> None:
    """Fail loudly when a column holds a value outside ``accepted``."""
    row = con.execute(
        f"SELECT * FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT unnest($a)) LIMIT 1",
        {"a": list(accepted)},
    ).fetchall()
    if row:
        raise DataCheckError(table, column, f"not in {accepted}", row[0])


def publish_snapshot(path: str | Path) -> Path:
    """Copy the (closed, checkpointed) warehouse to ``<name>.snapshot.duckdb`` atomically.

    Notebooks open the snapshot read-only, so an analyst's open notebook never blocks the
    nightly writer and never sees a half-written night.
    """
    path = Path(path)
    snapshot = path.with_name(f"{path.stem}.snapshot{path.suffix}")
    tmp = snapshot.with_name(snapshot.name + ".tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, snapshot)
    return snapshot

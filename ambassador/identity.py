"""Identity resolution: every account linked to a directory employee, or reported.

One SQL model (``sql/identity/match_accounts.sql``) decides links, by email
(case-insensitive), by a handle the directory declares (normalised from any typed form),
then by a handle the account's own profile declares. The same model runs at load time, to
keep opted-out employees' posts out of the warehouse, and in the resolve stage, which also
purges the rows of anyone who opted out after their posts were loaded.
"""

from __future__ import annotations

import time

import duckdb

from ambassador.schema import INTERACTION_KINDS
from ambassador.warehouse import (
    build_model,
    build_union,
    check_accepted,
    check_not_null,
    check_unique,
    materialize_temp,
    sql_text,
)


def stage_accounts(con: duckdb.DuckDBPyConnection, accounts_sql: str, params: dict | None = None) -> None:
    """Put the accounts a query returns behind the ``identity_matches`` view.

    ``identity_matches`` (``sql/identity/match_accounts.sql``) then yields
    ``(platform, account_id, employee_id, rule, claimants, claimed_by)``, with a NULL
    ``employee_id`` for a conflict.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE _accounts_to_match AS {accounts_sql}", params or None)
    text = sql_text("identity", "match_accounts").strip().rstrip(";")
    con.execute(f"CREATE OR REPLACE TEMP VIEW identity_matches AS {text}")


def opted_out_accounts(con: duckdb.DuckDBPyConnection, accounts_model: str, sha: str | None) -> list[str]:
    """Account ids of ``sql/stg/<accounts_model>.sql`` (one export, or all when ``sha`` is None)
    that belong to employees who opted out."""
    stage_accounts(con, sql_text("stg", accounts_model).strip().rstrip(";"), {"sha": sha})
    rows = con.execute(
        """SELECT DISTINCT m.account_id FROM identity_matches m
           JOIN stg_people p ON p.employee_id = m.employee_id
           WHERE p.opt_out ORDER BY 1"""
    ).fetchall()
    return [r[0] for r in rows]


def purge_opted_out(con: duckdb.DuckDBPyConnection) -> int:
    """Delete stored rows authored by accounts of employees who opted out; return rows deleted."""
    from ambassador.sources import SOURCES

    deleted = 0
    for source in SOURCES:
        ids = opted_out_accounts(con, source.stg_models["stg_accounts"], None)
        if not ids:
            continue
        for table, column in source.author_columns.items():
            n = con.execute(f"SELECT count(*) FROM {table} WHERE {column} IN (SELECT unnest($ids))", {"ids": ids}).fetchall()[0][0]
            con.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest($ids))", {"ids": ids})
            deleted += n
    return deleted


def resolve(con: duckdb.DuckDBPyConnection, ctx) -> dict:
    """The resolve stage: canonical tables, identity links and the identity report."""
    from ambassador.directory import build_people
    from ambassador.sources import SOURCES

    started = time.perf_counter()
    people = build_people(con)
    purged = purge_opted_out(con)
    params = {"sha": None, **ctx.params}
    counts = {"people": people, "purged_opted_out_rows": purged}
    for source in SOURCES:
        for model in source.current_models:
            materialize_temp(con, "stg", model, params)
    for table in ("stg_accounts", "stg_posts", "stg_interactions"):
        models = [s.stg_models[table] for s in SOURCES if table in s.stg_models]
        counts[table] = build_union(con, table, "stg", models, params)
    stage_accounts(con, "SELECT * FROM stg_accounts")
    counts["stg_identity"] = build_model(con, "stg", "stg_identity")
    build_model(con, "stg", "identity_report")
    for status, n in con.execute("SELECT status, count(*) FROM identity_report GROUP BY 1 ORDER BY 1").fetchall():
        counts[f"accounts_{status}"] = n
    _check(con)
    counts["seconds"] = round(time.perf_counter() - started, 2)
    return counts


def _check(con: duckdb.DuckDBPyConnection) -> None:
    check_unique(con, "stg_accounts", "platform", "account_id")
    check_unique(con, "stg_posts", "post_id")
    check_not_null(con, "stg_posts", "post_id", "platform", "account_id", "created_at", "kind")
    check_accepted(con, "stg_posts", "kind", ("post", "reply", "reshare", "quote", "system"))
    check_not_null(con, "stg_interactions", "kind", "src_account_id", "dst_account_id", "created_at")
    check_accepted(con, "stg_interactions", "kind", INTERACTION_KINDS)
    check_unique(con, "stg_identity", "platform", "account_id")
    check_not_null(con, "stg_identity", "employee_id", "rule")

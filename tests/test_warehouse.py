"""The warehouse schema: a warehouse written by an earlier version is brought up to date."""

from __future__ import annotations

import pytest

from ambassador.errors import InputError
from ambassador.schema import TABLES, column_names
from ambassador.warehouse import connect, ensure_schema


def columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = $t ORDER BY column_index", {"t": table}).fetchall()]


def test_older_warehouse_gains_new_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    # an older raw_directory without email_aliases (declared in the middle), holding a row
    old_dir = [c for c in TABLES["raw_directory"].columns if c.name != "email_aliases"]
    assert len(old_dir) == len(TABLES["raw_directory"].columns) - 1
    con.execute("CREATE TABLE raw_directory (" + ", ".join(f"{c.name} {c.type}" for c in old_dir) + ")")
    con.execute("INSERT INTO raw_directory (employee_id, full_name, email) VALUES ('E1', 'Ann', 'ann@example.com')")
    # an older derived stg_posts without the brand-signal columns, holding a stale row
    old_posts = [c for c in TABLES["stg_posts"].columns if c.name not in ("mentions", "hashtags", "links", "ref_handle")]
    con.execute("CREATE TABLE stg_posts (" + ", ".join(f"{c.name} {c.type}" for c in old_posts) + ")")
    con.execute("INSERT INTO stg_posts (post_id) VALUES ('x:1')")
    ensure_schema(con)
    for table in TABLES:
        assert columns(con, table) == column_names(table), table
    assert con.execute("SELECT employee_id, full_name, email, email_aliases FROM raw_directory").fetchall() == [
        ("E1", "Ann", "ann@example.com", None)]
    assert con.execute("SELECT count(*) FROM stg_posts").fetchall() == [(0,)]  # derived: rebuilt by the next run
    # positional inserts (as loaders write them) land in the declared columns
    values = ", ".join("NULL" for _ in TABLES["raw_directory"].columns)
    con.execute(f"INSERT INTO raw_directory VALUES ({values})")
    ensure_schema(con)  # a second call changes nothing
    assert con.execute("SELECT count(*) FROM raw_directory").fetchall() == [(2,)]
    con.close()


def test_a_column_this_version_does_not_know_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    cols = ", ".join(f"{c.name} {c.type}" for c in TABLES["manifest"].columns)
    con.execute(f"CREATE TABLE manifest ({cols}, from_the_future VARCHAR)")
    with pytest.raises(InputError) as err:
        ensure_schema(con)
    message = str(err.value)
    assert str(path) in message and "from_the_future" in message and "--warehouse" in message
    assert "from_the_future" in columns(con, "manifest")  # nothing was dropped
    con.close()

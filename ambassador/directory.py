"""The HR directory: ``DATA_DIR/directory/*.csv``, one row per employee.

The directory is the current truth about who works here, so it is a snapshot: when any of
its files changed since the last run, all of ``raw_directory`` is replaced in one
transaction; when none changed, nothing is touched. Headers are matched case-insensitively
after the rename map in ``[directory] columns``; extra columns are kept in ``extra``.
Rows without an id or email, and repeated ids, go to quarantine with their line.

Other addresses of an employee go in ``email_aliases`` (values separated by ``;``, ``,`` or
spaces); headers commonly used for them (:data:`HEADER_SYNONYMS`: ``other_emails``,
``alias_emails``, ``secondary_email`` ...) are read as ``email_aliases`` too, and several such
columns are joined. A directory without any of them loads as before.

The day someone left goes in ``left_on``; ``termination_date``, ``end_date``, ``leave_date``,
``leaving_date`` and ``last_day`` headers are read as it (blank while employed). Unchanged files
are read again when ``extra`` holds a column that is now a field (a warehouse an earlier version
loaded, or a rename map added since).
"""

from __future__ import annotations

import hashlib
import shutil
import time
import uuid
from pathlib import Path

import duckdb

from ambassador.errors import InputError
from ambassador.schema import column_names
from ambassador.settings import Settings
from ambassador.sources.base import LoadCounts
from ambassador.untrusted import remove_staging
from ambassador.warehouse import build_model, transaction

SOURCE = "directory"
REQUIRED = ("employee_id", "full_name", "email")
FIELDS = [c for c in column_names("raw_directory") if c not in ("extra", "_file_sha256", "_member", "_record")]
# Header names (lower-case, spaces as '_') read as a canonical field without a rename map.
HEADER_SYNONYMS = {
    "email_alias": "email_aliases",
    "alias_emails": "email_aliases",
    "alias_email": "email_aliases",
    "aliases": "email_aliases",
    "other_emails": "email_aliases",
    "other_email": "email_aliases",
    "secondary_email": "email_aliases",
    "secondary_emails": "email_aliases",
    "alternate_email": "email_aliases",
    "alternate_emails": "email_aliases",
    "alternative_email": "email_aliases",
    "previous_emails": "email_aliases",
    "termination_date": "left_on",
    "end_date": "left_on",
    "leave_date": "left_on",
    "leaving_date": "left_on",
    "last_day": "left_on",
}
_JOINED = ("email_aliases",)  # several columns mapped to these are concatenated
_FIX = "export the HR directory as CSV with a header row including employee_id, full_name, email (or map your headers in [directory] columns)"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def directory_files(settings: Settings) -> list[Path]:
    """The directory CSVs, sorted; raises InputError when there are none."""
    folder = settings.data_dir / "directory"
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() == ".csv") if folder.is_dir() else []
    if not files:
        raise InputError(folder, "no HR directory CSV found", f"add directory/employees.csv: {_FIX}")
    return files


def _canonical(header: str, settings: Settings) -> str:
    """The field a CSV header is read as (after ``[directory] columns`` and the synonyms), or
    the header itself (lower-case, spaces as '_') for an extra column."""
    rename = {k.strip().lower(): v for k, v in settings.directory.columns.items()}
    key = header.strip().lstrip("\ufeff").lower()
    target = rename.get(key, key.replace(" ", "_"))
    return HEADER_SYNONYMS.get(target, target)


def _extras_now_fields(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """True when ``raw_directory`` keeps in ``extra`` a column that is now read as a field (a
    warehouse loaded by an earlier version, or before a rename map was added)."""
    keys = con.execute("SELECT DISTINCT unnest(json_keys(extra)) FROM raw_directory WHERE extra IS NOT NULL").fetchall()
    return any(_canonical(k, settings) in FIELDS for (k,) in keys)


def _header_map(con: duckdb.DuckDBPyConnection, staged: str, rel: str, settings: Settings) -> dict[str, str]:
    """Map each CSV header to a canonical field (or itself, for extras)."""
    try:
        headers = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_csv($f, header=true, all_varchar=true)", {"f": staged}).fetchall()]
    except duckdb.Error as exc:
        raise InputError(rel, f"cannot be read as CSV ({str(exc).splitlines()[0]})", _FIX) from None
    mapping = {h: _canonical(h, settings) for h in headers}
    missing = [f for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise InputError(rel, f"no column {', '.join(repr(m) for m in missing)} (found: {', '.join(headers)})", _FIX)
    return mapping


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _field_sql(field: str, headers: list[str]) -> str:
    """The select expression of one canonical field from the headers mapped to it."""
    if not headers:
        return f"NULL::VARCHAR AS {field}"
    if field in _JOINED and len(headers) > 1:
        return f"nullif(concat_ws(';', {', '.join(f'trim({_q(h)})' for h in headers)}), '') AS {field}"
    return f"trim({_q(headers[-1])}) AS {field}"


def _load_file(con: duckdb.DuckDBPyConnection, path: Path, rel: str, sha: str, staged: str, settings: Settings, run_id: str) -> LoadCounts:
    mapping = _header_map(con, staged, rel, settings)
    by_field: dict[str, list[str]] = {}
    for header, field in mapping.items():
        by_field.setdefault(field, []).append(header)
    select = [_field_sql(f, by_field.get(f, [])) for f in FIELDS]
    extras = [h for h, f in mapping.items() if f not in FIELDS]
    extra = "to_json(struct_pack(" + ", ".join(f"{_q(h)} := {_q(h)}" for h in extras) + "))" if extras else "NULL::JSON"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _dir AS
        SELECT {', '.join(select)}, {extra} AS extra, row_number() OVER () + 1 AS _line
        FROM read_csv($f, header=true, all_varchar=true, store_rejects=true)""",
        {"f": staged},
    )
    rejects = con.execute("SELECT line, error_type || ': ' || error_message, csv_line FROM reject_errors").fetchall()
    for line, reason, raw in rejects:
        con.execute(
            "INSERT INTO quarantine VALUES ($s, $p, $sha, $m, $l, $r, $raw, $run)",
            {"s": SOURCE, "p": rel, "sha": sha, "m": path.name, "l": line, "r": reason, "raw": raw, "run": run_id},
        )
    bad_sql = """
        SELECT _line, CASE WHEN coalesce(employee_id, '') = '' THEN 'no employee_id'
                           WHEN coalesce(email, '') = '' THEN 'no email' END AS reason,
               to_json(_dir)::VARCHAR AS raw
        FROM _dir WHERE coalesce(employee_id, '') = '' OR coalesce(email, '') = ''"""
    con.execute(
        f"INSERT INTO quarantine SELECT $s, $p, $sha, $m, _line, reason, left(raw, 2000), $run FROM ({bad_sql})",
        {"s": SOURCE, "p": rel, "sha": sha, "m": path.name, "run": run_id},
    )
    quarantined = con.execute(f"SELECT count(*) FROM ({bad_sql})").fetchall()[0][0] + len(rejects)
    rows = con.execute("SELECT count(*) FROM _dir").fetchall()[0][0] + len(rejects)
    # An id already present (earlier in this file or in an earlier file) is a duplicate.
    con.execute(
        f"""INSERT INTO raw_directory BY NAME
        SELECT * EXCLUDE (_line), $sha AS _file_sha256, $m AS _member, _line AS _record FROM _dir
        WHERE coalesce(employee_id, '') <> '' AND coalesce(email, '') <> ''
          AND employee_id NOT IN (SELECT employee_id FROM raw_directory)
        QUALIFY row_number() OVER (PARTITION BY employee_id ORDER BY _line) = 1""",
        {"sha": sha, "m": path.name},
    )
    loaded = con.execute("SELECT count(*) FROM raw_directory WHERE _file_sha256 = $sha", {"sha": sha}).fetchall()[0][0]
    return LoadCounts(rows_in=rows, rows_loaded=loaded, rows_quarantined=quarantined, rows_duplicate=rows - loaded - quarantined)


def load_directory(con: duckdb.DuckDBPyConnection, settings: Settings, run_id: str) -> list:
    """Replace ``raw_directory`` from the current CSVs when any changed; return file outcomes."""
    from ambassador.ingest import FileOutcome

    files = directory_files(settings)
    shas = {p: _sha256(p) for p in files}
    rels = {p: p.relative_to(settings.data_dir).as_posix() for p in files}
    loaded = {
        r[0]
        for r in con.execute("SELECT sha256 FROM manifest WHERE source = $s AND status = 'loaded'", {"s": SOURCE}).fetchall()
    }
    if loaded == set(shas.values()) and not _extras_now_fields(con, settings):
        return [FileOutcome(SOURCE, rels[p], "skipped") for p in files]
    staging = settings.staging_dir / uuid.uuid4().hex
    staging.mkdir(parents=True, exist_ok=True)
    outcomes = []
    try:
        with transaction(con):
            con.execute("DELETE FROM raw_directory")
            con.execute("UPDATE manifest SET status = 'replaced' WHERE source = $s AND status = 'loaded'", {"s": SOURCE})
            for i, path in enumerate(files):
                started = time.perf_counter()
                staged = staging / f"directory{i:04d}.csv"  # generated name: DuckDB globs [ * ? in paths
                shutil.copyfile(path, staged)
                counts = _load_file(con, path, rels[path], shas[path], str(staged), settings, run_id)
                con.execute(
                    "INSERT INTO manifest VALUES ($s, $p, $sha, $b, 'loaded', $ri, $rl, $rq, $rd, 0, 0, NULL, $run, now()::TIMESTAMP)",
                    {
                        "s": SOURCE,
                        "p": rels[path],
                        "sha": shas[path],
                        "b": path.stat().st_size,
                        "ri": counts.rows_in,
                        "rl": counts.rows_loaded,
                        "rq": counts.rows_quarantined,
                        "rd": counts.rows_duplicate,
                        "run": run_id,
                    },
                )
                outcomes.append(FileOutcome(SOURCE, rels[path], "loaded", counts, seconds=time.perf_counter() - started))
    finally:
        remove_staging(staging)
    if not con.execute("SELECT count(*) FROM raw_directory").fetchall()[0][0]:
        raise InputError(rels[files[0]], "the HR directory has no usable rows", _FIX)
    return outcomes


def build_people(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild ``stg_people`` from ``raw_directory``; return the row count."""
    n = build_model(con, "stg", "stg_people")
    from ambassador.warehouse import check_not_null, check_unique

    check_unique(con, "stg_people", "employee_id")
    check_not_null(con, "stg_people", "employee_id", "email", "opt_out")
    return n

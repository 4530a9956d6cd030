"""Viva Engage (Yammer) network data exports (zip or unpacked folder).

A network admin's data export holds ``Messages.csv``, ``Users.csv`` and ``Groups.csv`` plus
files ambassador never opens (``Files/``, ``Files.csv``, ``MessageVersions.csv``,
``Admins.csv``, ``Networks.csv``, ``Pages.csv``, ``Topics.csv``, ``log.txt``, ``request.txt``
...; they count as skipped members). An export made with "include external networks" has
one folder per network id; the three files are read wherever they sit.

What is never stored (counted as ``rows_excluded``, "not stored by privacy rule"):

* messages in private groups (``Groups.csv`` ``private``, or any message of the group
  flagged ``in_private_group``) and in private conversations (``in_private_conversation``):
  classified first, so not even a quarantine row holds their text;
* deleted messages (``deleted_at`` or ``deleted_by_id`` set, or the group deleted): only a
  tombstone (the id) is kept, so that a copy of the message in an older, overlapping export
  is withheld as well (``viva_messages_current``);
* messages, and the user row, of employees who opted out (matched by the accounts model and,
  for senders missing from ``Users.csv``, by ``sender_email``);
* private groups' names and descriptions (the group row keeps only its id and ``private``).

Every CSV goes through :func:`ambassador.sources.csv_files.read_csv_member`. Rows DuckDB
cannot parse are quarantined with their line; for ``Messages.csv`` their text is dropped
(``raw`` NULL), since an unparsable row cannot be shown not to be private. A message whose
``created_at`` is in none of the accepted forms (:func:`created_utc_sql`) is quarantined.
Counts cover the rows of all three files: ``rows_in = loaded + quarantined + duplicate +
excluded`` holds for users, groups and messages together.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import ClassVar

from ambassador.errors import RejectedFile
from ambassador.sources.base import LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.csv_files import read_csv_member
from ambassador.untrusted import Export

MESSAGES, USERS, GROUPS = "Messages.csv", "Users.csv", "Groups.csv"

# Messages.csv columns ambassador reads (others, html_body included, are ignored); required:
# the four a message cannot do without, and the two privacy flags (without them a private
# conversation could not be told from a public post, so the export is refused).
MESSAGE_REQUIRED = ("id", "sender_id", "body", "created_at", "in_private_group", "in_private_conversation")
MESSAGE_COLUMNS = (
    "id", "replied_to_id", "thread_id", "conversation_id", "group_id", "group_name", "participants",
    "in_private_group", "in_private_conversation", "sender_id", "sender_type", "sender_name", "sender_email",
    "body", "api_url", "deleted_by_id", "created_at", "deleted_at", "title", "message_type", "attachments",
)
USER_COLUMNS = ("id", "name", "full_name", "email", "job_title", "department", "location", "state", "joined_at",
                "suspended_at", "deleted_at", "api_url")
GROUP_COLUMNS = ("id", "name", "description", "private", "external", "deleted", "created_at")



def truthy(column: str) -> str:
    """SQL: is a CSV boolean cell true ("true"/"TRUE"/"t"/"1"/"yes")?"""
    return f"coalesce(lower(trim({column})) IN ('true', 't', '1', 'yes', 'y'), false)"


def created_utc_sql(column: str) -> str:
    """SQL turning an exported timestamp into a UTC ``TIMESTAMP`` (NULL when unrecognised).

    Accepted: ISO 8601 with ``T`` or a space, optional fractions, then ``Z``, ``UTC``, ``GMT``,
    ``+hh``, ``+hhmm`` or ``+hh:mm`` (a space before the zone is allowed), or no zone (UTC);
    ``YYYY/MM/DD`` dates as the Yammer API writes them. Offsets are applied, whatever the
    session time zone. Anything else (``3/4/2021 5:06 AM``, a bare date) is NULL.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> sql = created_utc_sql("s")
    >>> [con.execute(f"SELECT {sql} FROM (SELECT $s AS s)", {"s": v}).fetchall()[0][0].isoformat()
    ...  for v in ("2021-03-04T05:06:07Z", "2021/03/04 07:06:07 +0200", "2021-03-04 05:06:07 UTC")]
    ['2021-03-04T05:06:07', '2021-03-04T05:06:07', '2021-03-04T05:06:07']
    >>> con.execute(f"SELECT {sql} FROM (SELECT '4 March 2021' AS s)").fetchall()
    [(None,)]
    """
    # YYYY/MM/DD -> YYYY-MM-DD; Z, UTC, GMT -> +00:00; no space before the offset
    s = (
        "regexp_replace(regexp_replace(regexp_replace(upper(trim(" + column + ")), "
        r"'^(\d{4})/(\d{2})/(\d{2})', '\1-\2-\3'), "
        r"'\s*(Z|UTC|GMT)$', '+00:00'), "
        r"'\s+([+-]\d{2}(:?\d{2})?)$', '\1')"
    )
    shape = r"'^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?)?$'"
    zoned = r"'[+-]\d{2}(:?\d{2})?$'"
    return (
        f"(CASE WHEN NOT regexp_full_match({s}, {shape}) THEN NULL "
        f"WHEN regexp_matches({s}, {zoned}) THEN timezone('UTC', try_cast({s} AS TIMESTAMPTZ)) "
        f"ELSE try_cast({s} AS TIMESTAMP) END)"
    )


def _record_json(columns: tuple[str, ...]) -> str:
    """SQL: the named columns of a row as one JSON object (names from our own lists only)."""
    return "to_json({" + ", ".join(f"'{c}': \"{c}\"" for c in columns) + "})"


def _network(member: str) -> str:
    """The network folder of a member ('' at the export's root).

    >>> _network("1234567/Messages.csv"), _network("Messages.csv")
    ('1234567', '')
    """
    parent = str(PurePosixPath(member).parent)
    return "" if parent == "." else parent


class VivaEngageSource:
    """Viva Engage network data export: public messages, users and groups."""

    name: ClassVar[str] = "viva_engage"
    folder: ClassVar[str] = "viva_engage"
    platform: ClassVar[str] = "viva_engage"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_viva_users", "raw_viva_groups", "raw_viva_messages")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_viva_engage",
        "stg_posts": "posts_viva_engage",
        "stg_interactions": "interactions_viva_engage",
    }
    current_models: ClassVar[tuple[str, ...]] = ("viva_messages_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_viva_messages": "sender_id", "raw_viva_users": "id"}

    def discover(self, folder: Path) -> list[Path]:
        return discover_exports(folder)

    # -- plan --------------------------------------------------------------------------
    def plan(self, export: Export) -> Plan:
        wanted = sorted(m for name in (MESSAGES, USERS, GROUPS) for m in export.find(name)
                        if "Files" not in PurePosixPath(m).parts[:-1])  # attachments are never opened
        if not any(PurePosixPath(m).name == MESSAGES for m in wanted):
            raise RejectedFile(f"no {MESSAGES}: not a Viva Engage network data export")
        return Plan(members=wanted, skipped=len(export.members()) - len(wanted))

    # -- load --------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        con = ctx.con
        staged = ctx.export.stage(ctx.members, ctx.staging, suffix=".csv")
        files = {name: [(p, m) for p, m in sorted(staged.items(), key=lambda pm: pm[1])
                        if PurePosixPath(m).name == name] for name in (MESSAGES, USERS, GROUPS)}
        counts = LoadCounts()
        # Messages.csv first: a file without the required columns rejects the export
        # before anything is stored.
        m_in, m_bad = self._read_all(ctx, files[MESSAGES], "_viva_m", MESSAGE_COLUMNS, MESSAGE_REQUIRED)
        # Unparsable Messages.csv rows cannot be shown not to be private: drop their text.
        con.execute(
            "UPDATE quarantine SET raw = NULL WHERE sha256 = $sha AND member IN (SELECT unnest($members))",
            {"sha": ctx.sha256, "members": [m for _, m in files[MESSAGES]] or [""]},
        )
        u_in, u_bad = self._read_all(ctx, files[USERS], "_viva_u", USER_COLUMNS, ("id",))
        g_in, g_bad = self._read_all(ctx, files[GROUPS], "_viva_g", GROUP_COLUMNS, ("id",))
        counts += self._load_groups(ctx, g_in, g_bad)
        counts += self._load_users(ctx, u_in, u_bad)
        excluded = ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
        if excluded:
            n = con.execute(
                "SELECT count(*) FROM raw_viva_users WHERE _file_sha256 = $sha AND id IN (SELECT unnest($ids))",
                {"sha": ctx.sha256, "ids": excluded},
            ).fetchall()[0][0]
            con.execute(
                "DELETE FROM raw_viva_users WHERE _file_sha256 = $sha AND id IN (SELECT unnest($ids))",
                {"sha": ctx.sha256, "ids": excluded},
            )
            counts.rows_loaded -= n
            counts.rows_excluded += n
        counts += self._load_messages(ctx, m_in, m_bad, excluded)
        # temp tables are per connection: dropped here, and replaced by the next load anyway
        for t in ("_viva_m", "_viva_u", "_viva_g", "_viva_private_groups", "_viva_deleted_groups",
                  "_viva_classified"):
            con.execute(f"DROP TABLE IF EXISTS {t}")
        return counts

    def _read_all(self, ctx: LoadContext, files: list[tuple[str, str]], table: str, columns: tuple[str, ...],
                  required: tuple[str, ...]) -> tuple[int, int]:
        """Read every staged ``files`` CSV into one temp ``table`` with ``columns`` (absent ones
        NULL) plus ``_member``, ``network`` and ``_record``; return (rows in, quarantined)."""
        con = ctx.con
        cols = ", ".join(f"{c} VARCHAR" for c in columns)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (_member VARCHAR, network VARCHAR, _record BIGINT, {cols})")
        rows_in = bad = 0
        for i, (path, member) in enumerate(files):
            part = f"{table}_{i}"
            n_in, n_bad = read_csv_member(ctx, path, member, part, required=required)
            rows_in += n_in
            bad += n_bad
            present = {
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND database_name = 'temp'", {"t": part}
                ).fetchall()
            }
            # only names from our own column list reach the SQL text, quoted
            select = ", ".join(f'"{c}"' if c in present else "NULL" for c in columns)
            con.execute(
                f"INSERT INTO {table} SELECT $member, $network, _record, {select} FROM {part}",
                {"member": member, "network": _network(member)},
            )
            con.execute(f"DROP TABLE {part}")
        return rows_in, bad

    def _load_groups(self, ctx: LoadContext, rows_in: int, bad: int) -> LoadCounts:
        con = ctx.con
        params = {"sha": ctx.sha256}
        for member, record in con.execute(
            "SELECT _member, _record FROM _viva_g WHERE nullif(trim(id), '') IS NULL ORDER BY ALL"
        ).fetchall():
            ctx.quarantine(member, record, "group without id")
        # A private group keeps its id only: its messages are then withheld in every export.
        con.execute(
            f"""INSERT INTO raw_viva_groups BY NAME
            SELECT network, trim(id) AS id,
                CASE WHEN NOT {truthy('private')} THEN name END AS name,
                CASE WHEN NOT {truthy('private')} THEN description END AS description,
                {truthy('private')} AS private, {truthy('external')} AS external, {truthy('deleted')} AS deleted,
                created_at,
                CASE WHEN NOT {truthy('private')} THEN {_record_json(GROUP_COLUMNS)} END AS record,
                $sha AS _file_sha256, _member, _record
            FROM _viva_g
            WHERE nullif(trim(id), '') IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY trim(id) ORDER BY {truthy('private')} DESC, _member, _record) = 1""",
            params,
        )
        [(stored, private)] = con.execute(
            "SELECT count(*), count(*) FILTER (private) FROM raw_viva_groups WHERE _file_sha256 = $sha", params
        ).fetchall()
        no_id = con.execute("SELECT count(*) FROM _viva_g WHERE nullif(trim(id), '') IS NULL").fetchall()[0][0]
        valid = rows_in - bad - no_id
        return LoadCounts(rows_in=rows_in, rows_loaded=stored - private, rows_quarantined=bad + no_id,
                          rows_duplicate=valid - stored, rows_excluded=private)

    def _load_users(self, ctx: LoadContext, rows_in: int, bad: int) -> LoadCounts:
        con = ctx.con
        params = {"sha": ctx.sha256}
        for member, record, raw in con.execute(
            f"SELECT _member, _record, {_record_json(USER_COLUMNS)}::VARCHAR FROM _viva_u "
            "WHERE nullif(trim(id), '') IS NULL ORDER BY _member, _record"
        ).fetchall():
            ctx.quarantine(member, record, "user without id", raw)
        con.execute(
            f"""INSERT INTO raw_viva_users BY NAME
            SELECT network, trim(id) AS id, name, full_name, email, job_title, department, location, state,
                   joined_at, suspended_at, deleted_at, api_url,
                   {_record_json(USER_COLUMNS)} AS record,
                   $sha AS _file_sha256, _member, _record
            FROM _viva_u
            WHERE nullif(trim(id), '') IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY trim(id) ORDER BY _member, _record) = 1""",
            params,
        )
        stored = con.execute("SELECT count(*) FROM raw_viva_users WHERE _file_sha256 = $sha", params).fetchall()[0][0]
        no_id = con.execute("SELECT count(*) FROM _viva_u WHERE nullif(trim(id), '') IS NULL").fetchall()[0][0]
        valid = rows_in - bad - no_id
        return LoadCounts(rows_in=rows_in, rows_loaded=stored, rows_quarantined=bad + no_id,
                          rows_duplicate=valid - stored)

    def _load_messages(self, ctx: LoadContext, rows_in: int, bad: int, excluded: list[str]) -> LoadCounts:
        con = ctx.con
        params = {"sha": ctx.sha256}
        # groups private or deleted in this export (any message flagged in_private_group makes
        # its whole group private)
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _viva_private_groups AS
            SELECT id FROM raw_viva_groups WHERE _file_sha256 = $sha AND private
            UNION SELECT trim(group_id) FROM _viva_m WHERE {truthy('in_private_group')} AND nullif(trim(group_id), '') IS NOT NULL""",
            params,
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _viva_deleted_groups AS "
            "SELECT id FROM raw_viva_groups WHERE _file_sha256 = $sha AND deleted",
            params,
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _viva_classified AS
            SELECT *,
                CASE
                    WHEN {truthy('in_private_group')} OR {truthy('in_private_conversation')}
                         OR trim(group_id) IN (SELECT id FROM _viva_private_groups) THEN 'private'
                    WHEN nullif(trim(deleted_at), '') IS NOT NULL OR nullif(trim(deleted_by_id), '') IS NOT NULL
                         OR trim(group_id) IN (SELECT id FROM _viva_deleted_groups) THEN 'deleted'
                    WHEN trim(sender_id) IN (SELECT unnest($excluded))
                         OR lower(trim(sender_email)) IN (SELECT email FROM stg_people WHERE opt_out) THEN 'opted out'
                    WHEN nullif(trim(id), '') IS NULL THEN 'message without id'
                    WHEN nullif(trim(sender_id), '') IS NULL THEN 'message without sender_id'
                    WHEN created_utc IS NULL THEN 'created_at is not a recognised timestamp'
                END AS problem
            FROM (SELECT *, {created_utc_sql('created_at')} AS created_utc FROM _viva_m)""",
            {"excluded": excluded or [""]},
        )
        for member, record, problem, created_at, raw in con.execute(
            f"""SELECT _member, _record, problem, created_at, {_record_json(MESSAGE_COLUMNS)}::VARCHAR
               FROM _viva_classified
               WHERE problem NOT IN ('private', 'deleted', 'opted out') ORDER BY _member, _record"""
        ).fetchall():
            reason = problem if problem != "created_at is not a recognised timestamp" else f"{problem}: {created_at!r}"[:300]
            ctx.quarantine(member, record, reason, raw)
        # tombstones: the id of a deleted message, nothing else
        con.execute(
            """INSERT INTO raw_viva_messages BY NAME
            SELECT any_value(network) AS network, trim(id) AS id, 'deleted' AS withheld,
                   $sha AS _file_sha256, min(_member) AS _member, min(_record) AS _record
            FROM _viva_classified
            WHERE problem = 'deleted' AND nullif(trim(id), '') IS NOT NULL
            GROUP BY trim(id)""",
            params,
        )
        con.execute(
            """INSERT INTO raw_viva_messages BY NAME
            SELECT network, trim(id) AS id, NULL AS withheld,
                nullif(trim(replied_to_id), '') AS replied_to_id, nullif(trim(thread_id), '') AS thread_id,
                nullif(trim(conversation_id), '') AS conversation_id, nullif(trim(group_id), '') AS group_id,
                group_name, participants, trim(sender_id) AS sender_id, sender_type, sender_name, sender_email,
                coalesce(body, '') AS body, api_url, attachments, created_at, created_utc, title, message_type,
                $sha AS _file_sha256, _member, _record
            FROM _viva_classified
            WHERE problem IS NULL
            QUALIFY row_number() OVER (PARTITION BY trim(id) ORDER BY _member, _record) = 1""",
            params,
        )
        [(valid, withheld, quarantined)] = con.execute(
            """SELECT count(*) FILTER (problem IS NULL),
                      count(*) FILTER (problem IN ('private', 'deleted', 'opted out')),
                      count(*) FILTER (problem NOT IN ('private', 'deleted', 'opted out'))
               FROM _viva_classified"""
        ).fetchall()
        loaded = con.execute(
            "SELECT count(*) FROM raw_viva_messages WHERE _file_sha256 = $sha AND withheld IS NULL", params
        ).fetchall()[0][0]
        return LoadCounts(rows_in=rows_in, rows_loaded=loaded, rows_quarantined=bad + quarantined,
                          rows_duplicate=valid - loaded, rows_excluded=withheld)

"""Slack workspace exports (zip or unpacked folder).

Only public channels are read: the folders that ``channels.json`` lists, plus
``users.json`` (or Enterprise Grid's ``org_users.json``). ``dms.json``, ``mpims.json``,
``groups.json`` and every other folder are never opened. Day files (``YYYY-MM-DD.json``,
a JSON array of messages) are bulk-read by DuckDB from staged copies, each parsed once
(:func:`~ambassador.sources.json_arrays.read_once`); a file DuckDB cannot parse is isolated and
quarantined whole while the others load.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import ClassVar

import duckdb
import pandas as pd

from ambassador.errors import RejectedFile
from ambassador.sources.base import LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.json_arrays import READ_ARRAYS, read_once
from ambassador.untrusted import Export, parse_json_bytes

DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


class SlackSource:
    """Slack workspace export: public channels' messages, users and channels."""

    name: ClassVar[str] = "slack"
    folder: ClassVar[str] = "slack"
    platform: ClassVar[str] = "slack"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_slack_users", "raw_slack_channels", "raw_slack_messages")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_slack",
        "stg_posts": "posts_slack",
        "stg_interactions": "interactions_slack",
    }
    current_models: ClassVar[tuple[str, ...]] = ("slack_messages_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_slack_messages": "user_id", "raw_slack_users": "id"}

    def discover(self, folder: Path) -> list[Path]:
        return discover_exports(folder)

    # -- plan --------------------------------------------------------------------------
    def _root(self, export: Export) -> str:
        hits = export.find("channels.json")
        if not hits:
            raise RejectedFile("no channels.json: not a Slack workspace export (or a DM-only export)")
        parent = str(PurePosixPath(hits[0]).parent)
        return "" if parent == "." else parent + "/"

    def _public_channels(self, export: Export) -> list[dict]:
        root = self._root(export)
        data = parse_json_bytes(export.read_bytes(root + "channels.json"), root + "channels.json")
        if not isinstance(data, list):
            raise RejectedFile("channels.json is not a JSON array", root + "channels.json")
        return [c for c in data if isinstance(c, dict) and isinstance(c.get("name"), str) and c.get("id")]

    def plan(self, export: Export) -> Plan:
        root = self._root(export)
        channels = self._public_channels(export)
        folders = {root + c["name"] + "/" for c in channels} | {root + str(c["id"]) + "/" for c in channels}
        wanted = [root + "channels.json"]
        for users in ("users.json", "org_users.json"):
            if root + users in {m.name for m in export.members()}:
                wanted.append(root + users)
        for m in export.members():
            parent = str(PurePosixPath(m.name).parent) + "/"
            if parent in folders and DAY_FILE.match(PurePosixPath(m.name).name):
                wanted.append(m.name)
        return Plan(members=wanted, skipped=len(export.members()) - len(wanted))

    # -- load --------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        root = self._root(ctx.export)
        channels = self._public_channels(ctx.export)
        con = ctx.con
        staged = ctx.export.stage(ctx.members, ctx.staging)
        by_member = {m: p for p, m in staged.items()}
        meta_files = [by_member[m] for m in ctx.members if not DAY_FILE.match(PurePosixPath(m).name)]
        day_files = {p: m for p, m in staged.items() if DAY_FILE.match(PurePosixPath(m).name)}

        users_staged = [p for p in meta_files if not p == by_member[root + "channels.json"]]
        counts = LoadCounts()
        workspace = self._load_users(ctx, users_staged, staged)
        self._load_channels(ctx, by_member[root + "channels.json"], root + "channels.json", workspace)
        excluded = ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
        if excluded:
            con.execute(
                "DELETE FROM raw_slack_users WHERE _file_sha256 = $sha AND id IN (SELECT unnest($ids))",
                {"sha": ctx.sha256, "ids": excluded},
            )
        counts += self._load_messages(ctx, day_files, channels, root, workspace, excluded)
        return counts

    def _load_users(self, ctx: LoadContext, users_staged: list[str], staged: dict[str, str]) -> str | None:
        for path in users_staged:
            member = staged[path]
            try:
                ctx.con.execute(
                    f"""INSERT INTO raw_slack_users BY NAME
                    SELECT
                        json->>'team_id' AS workspace,
                        json->>'id' AS id,
                        json->>'name' AS name,
                        coalesce(json->>'real_name', json->'profile'->>'real_name') AS real_name,
                        json->'profile'->>'display_name' AS display_name,
                        nullif(json->'profile'->>'email', '') AS email,
                        json->'profile'->>'title' AS title,
                        coalesce(try_cast(json->>'deleted' AS BOOLEAN), false) AS deleted,
                        coalesce(try_cast(json->>'is_bot' AS BOOLEAN), false) AS is_bot,
                        coalesce(try_cast(json->>'is_app_user' AS BOOLEAN), false) AS is_app_user,
                        coalesce(try_cast(json->>'is_restricted' AS BOOLEAN), false) AS is_restricted,
                        coalesce(try_cast(json->>'is_ultra_restricted' AS BOOLEAN), false) AS is_ultra_restricted,
                        CASE WHEN json_type(json->'profile'->'fields') = 'OBJECT' THEN json->'profile'->'fields' END AS profile_fields,
                        json AS record,
                        $sha AS _file_sha256, $member AS _member,
                        ordinality - 1 AS _record
                    FROM {READ_ARRAYS} WITH ORDINALITY AS r(json, filename, ordinality)
                    WHERE json_type(json) = 'OBJECT' AND json->>'id' IS NOT NULL
                    QUALIFY row_number() OVER (PARTITION BY json->>'id' ORDER BY json::VARCHAR) = 1""",
                    {"paths": [path], "sha": ctx.sha256, "member": member},
                )
            except duckdb.Error as exc:
                raise RejectedFile(f"users file unreadable ({str(exc).splitlines()[0][:300]})", member) from None
        row = ctx.con.execute(
            "SELECT min(workspace) FROM raw_slack_users WHERE _file_sha256 = $sha", {"sha": ctx.sha256}
        ).fetchall()
        return row[0][0] if row else None

    def _load_channels(self, ctx: LoadContext, path: str, member: str, workspace: str | None) -> None:
        ctx.con.execute(
            f"""INSERT INTO raw_slack_channels BY NAME
            SELECT $ws AS workspace, json->>'id' AS id, json->>'name' AS name, json->>'created' AS created,
                   coalesce(try_cast(json->>'is_archived' AS BOOLEAN), false) AS is_archived, json AS record,
                   $sha AS _file_sha256, $member AS _member, ordinality - 1 AS _record
            FROM {READ_ARRAYS} WITH ORDINALITY AS r(json, filename, ordinality)
            WHERE json_type(json) = 'OBJECT' AND json->>'id' IS NOT NULL AND json->>'name' IS NOT NULL""",
            {"paths": [path], "sha": ctx.sha256, "member": member, "ws": workspace},
        )

    def _load_messages(
        self, ctx: LoadContext, day_files: dict[str, str], channels: list[dict], root: str, workspace: str | None, excluded: list[str]
    ) -> LoadCounts:
        con = ctx.con
        by_folder = {}
        for c in channels:
            by_folder.setdefault(root + c["name"], (str(c["id"]), c["name"]))
            by_folder.setdefault(root + str(c["id"]), (str(c["id"]), c["name"]))
        files = pd.DataFrame(
            [
                (p, m, *by_folder[str(PurePosixPath(m).parent)])
                for p, m in sorted(day_files.items())
            ],
            columns=["filename", "member", "channel_id", "channel_name"],
        )
        con.register("_slack_files", files)
        try:
            with read_once(con, day_files) as day_records:
                for member in sorted(day_records.bad):
                    ctx.quarantine(member, None, f"unreadable day file: {day_records.bad[member]}")
                con.execute(_classify_sql(day_records.records_sql), {"excluded": excluded or [""]})
                for member, ord_, problem, raw in con.execute(
                    """SELECT member, ord, problem, raw FROM _slack_classified
                       WHERE problem IS NOT NULL AND problem <> 'excluded' ORDER BY member, ord"""
                ).fetchall():
                    ctx.quarantine(member, ord_, problem, raw)
                con.execute(_later_copies_sql(day_records.database))
                [(loaded,)] = con.execute(
                    _insert_messages_sql(day_records.database),
                    {"sha": ctx.sha256, "ws": workspace, "scrub": bool(excluded), "ids": excluded or [""],
                     "pattern": '"(' + "|".join(re.escape(i) for i in excluded or [""]) + ')"'},
                ).fetchall()
            [(rows_in, quarantined, excluded_n, duplicate)] = con.execute(
                """SELECT count(*), count(*) FILTER (problem IS NOT NULL AND problem <> 'excluded'),
                          count(*) FILTER (problem = 'excluded'), (SELECT count(*) FROM _slack_duplicates)
                   FROM _slack_classified"""
            ).fetchall()
            con.execute("DROP TABLE _slack_classified")
            con.execute("DROP TABLE _slack_duplicates")
        finally:
            con.unregister("_slack_files")
        unreadable = len(day_records.bad)  # each unreadable file counts as one row, quarantined
        return LoadCounts(
            rows_in=rows_in + unreadable,
            rows_loaded=loaded,
            rows_quarantined=quarantined + unreadable,
            rows_duplicate=duplicate,
            rows_excluded=excluded_n,
        )


# The message fields the load uses. from_json parses a record once for all of them, where each
# ->> would parse the whole record again; it is not strict: a number, object or array where a
# string is expected comes back as its JSON text (as ->> gives it), a mismatched object as NULLs.
_MESSAGE = {
    "ts": "VARCHAR",
    "subtype": "VARCHAR",
    "user": "VARCHAR",
    # 2016-era file_comment messages carry the commenter in comment.user
    "comment": {"user": "VARCHAR"},
    "bot_id": "VARCHAR",
    "text": "VARCHAR",
    "thread_ts": "VARCHAR",
    "parent_user_id": "VARCHAR",
    "reactions": "JSON",
    "edited": {"ts": "VARCHAR"},
}
_MESSAGE_JSON = json.dumps(_MESSAGE)
_KEYS_JSON = json.dumps({k: _MESSAGE[k] for k in ("ts", "user", "comment", "edited")})


def _classify_sql(records: str) -> str:
    """Every record of the readable day files with what is wrong with it (NULL: nothing).

    read_json writes each element minified, so an object's text starts with '{'.
    """
    return f"""
CREATE OR REPLACE TEMP TABLE _slack_classified AS
WITH parsed AS (
    SELECT r.rid, f.member, f.channel_id, f.channel_name, r.record AS ord, r.json,
           from_json(r.json, '{_KEYS_JSON}') AS m
    FROM ({records}) r JOIN _slack_files f USING (filename)
),
classified AS (
    SELECT rid, member, channel_id, channel_name, ord, json, m.ts, m.edited.ts AS edited_ts,
        CASE
            WHEN NOT starts_with(json::VARCHAR, '{{') THEN 'not a message object'
            WHEN m.ts IS NULL THEN 'message without ts'
            WHEN try_cast(m.ts AS DOUBLE) IS NULL THEN 'ts is not a Slack timestamp'
            WHEN coalesce(m."user", m.comment."user") IN (SELECT unnest($excluded)) THEN 'excluded'
        END AS problem
    FROM parsed
)
SELECT rid, member, channel_id, channel_name, ord, ts, edited_ts, problem,
       CASE WHEN problem <> 'excluded' THEN left(json::VARCHAR, 2000) END AS raw
FROM classified
"""


def _later_copies_sql(db: str) -> str:
    """The copies of a message (channel, ts) seen more than once in the export, except the one
    kept: the latest edit. Only the few repeated keys are ranked."""
    return f"""
CREATE OR REPLACE TEMP TABLE _slack_duplicates AS
WITH valid AS (
    SELECT rid, member, ord, channel_id, ts, edited_ts FROM _slack_classified WHERE problem IS NULL
),
repeated AS (
    SELECT channel_id, ts FROM valid GROUP BY channel_id, ts HAVING count(*) > 1
),
ranked AS (
    SELECT v.rid, row_number() OVER (PARTITION BY v.channel_id, v.ts
                                     ORDER BY v.edited_ts DESC NULLS LAST, r.json::VARCHAR, v.member, v.ord) AS n
    FROM valid v JOIN repeated USING (channel_id, ts) JOIN {db}.records r ON r.rowid = v.rid
)
SELECT rid FROM ranked WHERE n > 1
"""


# Colleagues' messages name opted-out people too: who reacted (reactions[].users), who replied
# (reply_users, old-style replies[].user) and whose thread it answers (parent_user_id). Those
# ids are removed from the columns and the stored record as the rows are inserted ($scrub);
# mentions inside the text are the colleague's own words and stay (they link to no one: the
# opted-out user's row is gone). Cheap tests pick the rows to rewrite: reactions are short, and
# only thread parents list reply_users.
_REACTIONS_TYPE = '[{"name": "VARCHAR", "users": ["VARCHAR"], "count": "BIGINT"}]'
_NEEDS_SCRUB = """coalesce($scrub AND (regexp_matches(coalesce(m.reactions::VARCHAR, ''), $pattern)
                                  OR list_contains($ids, m.parent_user_id)
                                  OR (m.thread_ts = ts AND regexp_matches(json::VARCHAR, $pattern))), false)"""
_SCRUBBED_REACTIONS = f"""to_json(list_filter(list_transform(
        from_json(reactions, '{_REACTIONS_TYPE}'),
        lambda r: {{'name': r.name,
                   'users': list_filter(r.users, lambda u: NOT list_contains($ids, u)),
                   'count': r.count - len(list_filter(r.users, lambda u: list_contains($ids, u)))}}),
        lambda r: r.count > 0))"""
_SCRUBBED_PATCH = f"""json_object(
        'reactions', CASE WHEN json_type(reactions) = 'ARRAY' THEN {_SCRUBBED_REACTIONS} END,
        'reply_users', CASE WHEN json_type(record->'reply_users') = 'ARRAY' THEN to_json(list_filter(
            from_json(record->'reply_users', '["VARCHAR"]'), lambda u: NOT list_contains($ids, u))) END,
        'replies', CASE WHEN json_type(record->'replies') = 'ARRAY' THEN to_json(list_filter(
            from_json(record->'replies', '[{{"user": "VARCHAR", "ts": "VARCHAR"}}]'),
            lambda r: NOT list_contains($ids, r."user"))) END,
        'parent_user_id', CASE WHEN NOT list_contains($ids, parent_user_id) THEN parent_user_id END)"""


def _insert_messages_sql(db: str) -> str:
    """The valid records, less the duplicates, into raw_slack_messages (one parse per record);
    opted-out people's ids scrubbed from the few records that name them ($scrub, $ids)."""
    return f"""
INSERT INTO raw_slack_messages BY NAME
WITH kept AS (
    SELECT c.member, c.channel_id, c.channel_name, c.ord, c.ts, c.edited_ts, r.json,
           from_json(r.json, '{_MESSAGE_JSON}') AS m
    FROM _slack_classified c JOIN {db}.records r ON r.rowid = c.rid
    WHERE c.problem IS NULL AND c.rid NOT IN (SELECT rid FROM _slack_duplicates)
),
rows AS (
    SELECT $ws AS workspace, channel_id, channel_name, ts,
        m.subtype AS subtype,
        coalesce(m."user", m.comment."user") AS user_id,
        m.bot_id AS bot_id,
        coalesce(m.text, '') AS text,
        m.thread_ts AS thread_ts,
        m.parent_user_id AS parent_user_id,
        CASE WHEN json_type(m.reactions) = 'ARRAY' THEN m.reactions END AS reactions,
        edited_ts,
        -- 'root' is someone else's post (perhaps an opted-out author's), so it is not kept; the
        -- text test spares the patch (a parse and a rewrite) for records without a top-level key
        -- "root" (a "root" inside a string is escaped as \\"root\\", so it does not match)
        CASE WHEN contains(json::VARCHAR, '"root":') THEN json_merge_patch(json, '{{"root": null}}') ELSE json END AS record,
        $sha AS _file_sha256, member AS _member, ord AS _record,
        {_NEEDS_SCRUB} AS needs_scrub
    FROM kept
)
SELECT * EXCLUDE (needs_scrub) REPLACE (
    CASE WHEN needs_scrub AND json_type(reactions) = 'ARRAY' THEN {_SCRUBBED_REACTIONS} ELSE reactions END AS reactions,
    CASE WHEN needs_scrub AND list_contains($ids, parent_user_id) THEN NULL ELSE parent_user_id END AS parent_user_id,
    CASE WHEN needs_scrub THEN json_merge_patch(record, {_SCRUBBED_PATCH}) ELSE record END AS record)
FROM rows
"""

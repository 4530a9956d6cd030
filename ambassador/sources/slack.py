"""Slack workspace exports (zip or unpacked folder).

Only public channels are read: the folders that ``channels.json`` lists, plus
``users.json`` (or Enterprise Grid's ``org_users.json``). ``dms.json``, ``mpims.json``,
``groups.json`` and every other folder are never opened. Day files (``YYYY-MM-DD.json``,
a JSON array of messages) are bulk-read by DuckDB from staged copies; a file DuckDB cannot
parse is isolated and quarantined whole while the others load.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import ClassVar

import duckdb
import pandas as pd

from ambassador.errors import RejectedFile
from ambassador.sources.base import LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.json_arrays import READ_ARRAYS, records_sql, split_readable
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

    def _read_day_files(self, ctx: LoadContext, day_files: dict[str, str]) -> None:
        """Fill temp table ``_slack_msgs`` (filename, json, ord); quarantine unreadable files."""
        con = ctx.con
        con.execute("CREATE OR REPLACE TEMP TABLE _slack_msgs (filename VARCHAR, json JSON, ord BIGINT)")
        good, bad = split_readable(con, day_files)
        for path, member in sorted(day_files.items()):
            if member in bad:
                ctx.quarantine(member, None, f"unreadable day file: {bad[member]}")
                con.execute("INSERT INTO _slack_msgs VALUES ($f, NULL, -1)", {"f": path})
        if good:
            con.execute(
                f"INSERT INTO _slack_msgs SELECT filename, json, record FROM ({records_sql()})", {"paths": sorted(good)}
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
            self._read_day_files(ctx, day_files)
            con.execute(
                """CREATE OR REPLACE TEMP TABLE _slack_classified AS
                SELECT f.member, f.channel_id, f.channel_name, m.json, m.ord,
                    CASE
                        WHEN m.ord < 0 THEN 'file'
                        WHEN json_type(m.json) <> 'OBJECT' THEN 'not a message object'
                        WHEN m.json->>'ts' IS NULL THEN 'message without ts'
                        WHEN try_cast(m.json->>'ts' AS DOUBLE) IS NULL THEN 'ts is not a Slack timestamp'
                        WHEN coalesce(m.json->>'user', m.json->'comment'->>'user') IN (SELECT unnest($excluded)) THEN 'excluded'
                    END AS problem
                FROM _slack_msgs m JOIN _slack_files f USING (filename)""",
                {"excluded": excluded or [""]},
            )
            for member, ord_, problem, raw in con.execute(
                """SELECT member, ord, problem, left(json::VARCHAR, 2000) FROM _slack_classified
                   WHERE problem IS NOT NULL AND problem NOT IN ('file', 'excluded') ORDER BY member, ord"""
            ).fetchall():
                ctx.quarantine(member, ord_, problem, raw)
            con.execute(
                """INSERT INTO raw_slack_messages BY NAME
                SELECT $ws AS workspace, channel_id, channel_name,
                    json->>'ts' AS ts,
                    json->>'subtype' AS subtype,
                    -- 2016-era file_comment messages carry the commenter in comment.user
                    coalesce(json->>'user', json->'comment'->>'user') AS user_id,
                    json->>'bot_id' AS bot_id,
                    coalesce(json->>'text', '') AS text,
                    json->>'thread_ts' AS thread_ts,
                    json->>'parent_user_id' AS parent_user_id,
                    CASE WHEN json_type(json->'reactions') = 'ARRAY' THEN json->'reactions' END AS reactions,
                    json->'edited'->>'ts' AS edited_ts,
                    -- thread_broadcast replies embed the parent message as 'root': it is
                    -- someone else's post (perhaps an opted-out author's), so it is not kept
                    json_merge_patch(json, '{"root": null}') AS record,
                    $sha AS _file_sha256, member AS _member, ord AS _record
                FROM _slack_classified
                WHERE problem IS NULL
                QUALIFY row_number() OVER (PARTITION BY channel_id, json->>'ts'
                                           ORDER BY json->'edited'->>'ts' DESC NULLS LAST, json::VARCHAR) = 1""",
                {"sha": ctx.sha256, "ws": workspace},
            )
            [(rows_in, quarantined, excluded_n, valid)] = con.execute(
                """SELECT count(*), count(*) FILTER (problem IS NOT NULL AND problem NOT IN ('excluded')),
                          count(*) FILTER (problem = 'excluded'), count(*) FILTER (problem IS NULL)
                   FROM _slack_classified"""
            ).fetchall()
            loaded = con.execute(
                "SELECT count(*) FROM raw_slack_messages WHERE _file_sha256 = $sha", {"sha": ctx.sha256}
            ).fetchall()[0][0]
        finally:
            con.unregister("_slack_files")
        return LoadCounts(
            rows_in=rows_in,
            rows_loaded=loaded,
            rows_quarantined=quarantined,
            rows_duplicate=valid - loaded,
            rows_excluded=excluded_n,
        )

"""Microsoft Teams channel messages, as Microsoft Graph list responses saved to files.

Layout: ``DATA_DIR/teams/`` holds exports (each a ``.zip`` or a folder, see
:func:`~ambassador.sources.base.discover_exports`); an export holds any number of ``*.json``
files at any depth, each one Graph response saved as returned. What a file is comes from its
``@odata.context`` (read from the first bytes), or from its name when it has none:

- channel messages and replies (``…#teams('…')/channels('…')/messages``,
  ``…/messages('…')/replies``; also a file without a context): one page per file, as many pages
  (``@odata.nextLink``) and channels as wanted; ``$expand=replies`` inlines replies;
- users (``…#users``, or ``users.json``; several pages allowed): ``id, displayName, mail, userPrincipalName`` give
  the email that links an account to the directory (and honours opt-outs);
- channels (``…#teams('…')/channels``, or ``channels.json``): channels whose
  ``membershipType`` is ``private`` or ``shared`` are never read; without a channel list
  every channel in the export is read, so export standard channels only;
- anything else (chats ``…#chats…``, ``…/chats('…')/messages``, team lists, other data) is
  never read and counts as a skipped member, as do message files of a private channel.

Message files are bulk-read by DuckDB from staged copies; a file DuckDB cannot parse
(truncated JSON) or an empty one is quarantined whole while the others load. Each message (list item or
inline reply) is then either loaded, quarantined (not a message, no id, bad date, no way to
tell its channel), a duplicate (the same team, channel and id again in this export: the
latest ``lastModifiedDateTime`` wins), or excluded without its content being kept: chat
messages (``chatId`` and no ``channelIdentity``), private channels, deleted messages (their
ids are kept in ``raw_teams_deleted_messages`` so a copy from an older export is dropped
too) and opted-out employees' messages. Opted-out employees' reactions are removed from
the reactions stored with others' messages.

Bodies (``body.contentType`` html or text) are reduced to plain text at load with Python's
``html.parser`` (a DuckDB function registered for the load only).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import ClassVar
from urllib.parse import unquote

import duckdb
import pandas as pd

from ambassador.errors import RejectedFile
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.json_arrays import first_line
from ambassador.untrusted import Export, parse_json_bytes

HEAD_BYTES = 64 * 1024  # @odata.context is the first key of a Graph response
MAX_OBJECT_BYTES = 1 << 30  # one page is one JSON object; inline replies can make it large
READ_PAGES = (
    "read_json($paths, format = 'unstructured', records = false, columns = {'json': 'JSON'}, "
    f"filename = true, maximum_object_size = {MAX_OBJECT_BYTES})"
)
CHANNEL_LIST_BYTES = 64 * 2**20  # channel and user lists are parsed whole
_CONTEXT = re.compile(rb'"@odata\.context"\s*:\s*"((?:[^"\\]|\\.)*)"')
_TEAM_CHANNEL = re.compile(r"teams\('([^']*)'\)/(?:allChannels|channels)\('([^']*)'\)")
READABLE_MEMBERSHIP = ("standard",)  # private and shared channels are never read
HTML_TO_TEXT = "teams_html_to_text"
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


# -- pure parsers ---------------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    """Collects the text of a Teams message body (see :func:`html_to_text`)."""

    BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                       "blockquote", "pre", "hr"})
    SKIP = frozenset({"script", "style", "systemeventmessage"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.open_blocks: list[tuple[str, bool]] = []  # (tag, styled display:inline)

    def _break(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag in self.BLOCK:
            inline = "display:inline" in (dict(attrs).get("style") or "").replace(" ", "").lower()
            if tag != "br":
                self.open_blocks.append((tag, inline))
            if not inline:
                self._break()
        elif tag == "at":
            self.parts.append("@")
        elif tag == "emoji":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            return  # <systemEventMessage/>
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK and tag != "br":
            inline = False
            while self.open_blocks:  # close up to the matching tag (unbalanced HTML is common)
                open_tag, inline = self.open_blocks.pop()
                if open_tag == tag:
                    break
            if not inline:
                self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_HTML_SPACE.sub(" ", data))  # in HTML a line break is a space


def _tidy(text: str, keep_spaces: bool = False) -> str:
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.replace("\xa0", " ")
        line = line.strip() if keep_spaces else " ".join(line.split())
        if line:
            lines.append(line)
    return "\n".join(lines)


def html_to_text(content: str | None, content_type: str | None = "html") -> str | None:
    """A message body as plain text: tags removed, entities decoded, whitespace tidied.

    Block elements (``div``, ``p``, ``br`` …) end a line unless styled ``display:inline``;
    ``<at id="0">Jane</at>`` becomes ``@Jane``; an ``<emoji>`` becomes its ``alt``; inline
    images and ``<systemEventMessage/>`` leave nothing. ``text`` bodies are only tidied.

    >>> html_to_text('<div>P&amp;L&nbsp;ready. \\r\\n<div style="display:inline"><at id="0">Isaiah</at></div> ok</div>')
    'P&L ready. @Isaiah ok'
    >>> html_to_text('<p>one</p><p>two<br>three <img src="x/$value"></p>')
    'one\\ntwo\\nthree'
    >>> html_to_text("<systemEventMessage/>")
    ''
    >>> html_to_text("a <b> not a tag\\r\\nsecond line", "text")
    'a <b> not a tag\\nsecond line'
    """
    if content is None:
        return None
    if (content_type or "html").lower() == "text":
        return _tidy(content, keep_spaces=True)
    parser = _TextExtractor()
    try:
        parser.feed(content)
        parser.close()
    except Exception:  # html.parser is lenient; keep whatever it collected
        pass
    return _tidy("".join(parser.parts))


def team_and_channel(context: str | None) -> tuple[str | None, str | None]:
    """(team id, channel id) named by an ``@odata.context`` URL, URL-decoded.

    >>> team_and_channel("https://graph.microsoft.com/beta/$metadata#teams('303d')/channels('19%3Afec%40thread.skype')/messages")
    ('303d', '19:fec@thread.skype')
    >>> team_and_channel("https://graph.microsoft.com/v1.0/$metadata#chats('19%3Aabc')/messages")
    (None, None)
    """
    m = _TEAM_CHANNEL.search(context or "")
    if not m:
        return None, None
    return unquote(m.group(1)), unquote(m.group(2))


def _fragment(context: str) -> str:
    return context.split("#", 1)[1] if "#" in context else ""


def is_chat_context(context: str | None) -> bool:
    """Whether a response is about chats (1:1 or group), which are never read.

    >>> is_chat_context("https://graph.microsoft.com/v1.0/$metadata#chats('19%3Ameeting')/messages")
    True
    >>> is_chat_context("https://graph.microsoft.com/v1.0/$metadata#users('u1')/chats")
    True
    >>> is_chat_context("https://graph.microsoft.com/v1.0/$metadata#teams('t')/channels('c')/messages")
    False
    """
    return bool(re.search(r"(?:^|/)chats(?:\(|/|$)", _fragment(context or "")))


def file_kind(context: str | None, name: str) -> str:
    """What a saved Graph response holds: messages, users, channels, chat, or other.

    >>> file_kind("https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,mail)", "a.json")
    'users'
    >>> file_kind("https://graph.microsoft.com/v1.0/$metadata#teams('t')/channels", "x.json")
    'channels'
    >>> file_kind("https://graph.microsoft.com/v1.0/$metadata#teams('t')/channels('c')/messages('1')/replies", "p.json")
    'messages'
    >>> file_kind("https://graph.microsoft.com/v1.0/$metadata#teams('t')/members", "m.json")
    'other'
    >>> file_kind(None, "Users.json"), file_kind(None, "page-001.json")
    ('users', 'messages')
    """
    if context is None:
        base = PurePosixPath(name).name.lower()
        return {"users.json": "users", "channels.json": "channels"}.get(base, "messages")
    frag = _fragment(context)
    if is_chat_context(context):
        return "chat"
    if re.fullmatch(r"users(?:\([^')]*\))?", frag):
        return "users"
    if re.fullmatch(r"teams\('[^']*'\)/(?:allChannels|channels)(?:\([^')]*\))?", frag):
        return "channels"
    if "/messages" in frag or frag.startswith("Collection(chatMessage)") or frag.startswith("Collection(microsoft.graph.chatMessage)"):
        return "messages"
    return "other"


# -- locating the files of an export --------------------------------------------------------


@dataclass
class TeamsLayout:
    """The members of an export by kind, and the channels it must not read."""

    messages: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    channel_lists: list[str] = field(default_factory=list)
    contexts: dict[str, str | None] = field(default_factory=dict)
    standard_channels: list[dict] = field(default_factory=list)  # {team_id, id, display_name, membership_type, record, member, position}
    unreadable_channels: set[str] = field(default_factory=set)  # private and shared channel ids
    skipped: int = 0

    @property
    def members(self) -> list[str]:
        return self.channel_lists + self.users + self.messages


def _head(export: Export, name: str) -> bytes:
    return export.read_head(name, HEAD_BYTES)


def _context(head: bytes) -> str | None:
    m = _CONTEXT.search(head)
    if not m:
        return None
    try:
        return m.group(1).decode("utf-8").replace("\\/", "/")
    except UnicodeDecodeError:
        return None


def _channel_entries(export: Export, member: str, context: str | None) -> list[dict]:
    size = next(m.size for m in export.members() if m.name == member)
    if size > CHANNEL_LIST_BYTES:
        raise RejectedFile(f"channel list larger than {CHANNEL_LIST_BYTES} bytes", member)
    data = parse_json_bytes(export.read_bytes(member), member)
    items = data.get("value") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RejectedFile("channel list has no 'value' array; private channels cannot be told apart", member)
    m = re.search(r"teams\('([^']*)'\)", context or "")
    team = unquote(m.group(1)) if m else None
    out = []
    for i, c in enumerate(items):
        if isinstance(c, dict) and isinstance(c.get("id"), str):
            out.append({"team_id": team, "id": c["id"], "display_name": c.get("displayName"),
                        "membership_type": c.get("membershipType"), "record": c, "member": member, "position": i})
    return out


def locate(export: Export) -> TeamsLayout:
    """Sort an export's ``*.json`` members by what they hold (see the module docstring)."""
    layout = TeamsLayout()
    for m in export.members():
        if not m.name.lower().endswith(".json"):
            layout.skipped += 1
            continue
        context = _context(_head(export, m.name))
        kind = file_kind(context, m.name)
        layout.contexts[m.name] = context
        if kind == "messages":
            layout.messages.append(m.name)
        elif kind == "users":
            layout.users.append(m.name)
        elif kind == "channels":
            layout.channel_lists.append(m.name)
        else:
            layout.skipped += 1
    for member in layout.channel_lists:
        for c in _channel_entries(export, member, layout.contexts[member]):
            if (c["membership_type"] or "standard") in READABLE_MEMBERSHIP:
                layout.standard_channels.append(c)
            else:
                layout.unreadable_channels.add(c["id"])
    readable = []
    for member in layout.messages:
        _, channel = team_and_channel(layout.contexts[member])
        if channel is not None and channel in layout.unreadable_channels:
            layout.skipped += 1  # a private channel's page: never opened beyond its context
        else:
            readable.append(member)
    layout.messages = readable
    return layout


# -- SQL run at load -------------------------------------------------------------------------

# Every message of the readable pages: list items and their inline replies, with the team and
# channel from channelIdentity or else from the page's @odata.context, and what becomes of it.
_ITEMS = """
CREATE OR REPLACE TEMP TABLE _teams_items AS
WITH pages AS (
    SELECT f.member, p.filename, p.ordinality AS page_no, p.json AS page,
           CASE WHEN json_type(p.json) = 'OBJECT' THEN p.json->>'@odata.context' END AS context
    FROM {read_pages} WITH ORDINALITY AS p(json, filename, ordinality)
    JOIN _teams_files f ON f.filename = p.filename
),
lists AS (
    -- a list response (its "value" array), a bare array of messages, or one message object
    SELECT member, filename, page_no, context,
           CASE WHEN json_type(page) = 'ARRAY' THEN CAST(page AS JSON[])
                WHEN json_type(page->'value') = 'ARRAY' THEN CAST(page->'value' AS JSON[])
                WHEN json_type(page) = 'OBJECT' AND page->>'id' IS NOT NULL THEN [page]
           END AS items,
           page
    FROM pages
),
top AS (
    SELECT l.member, l.filename, l.page_no, l.context, u.pos, u.item
    FROM lists l, unnest(l.items) WITH ORDINALITY AS u(item, pos)
    WHERE l.items IS NOT NULL
),
not_lists AS (
    SELECT member, filename, page_no, context, 1::BIGINT AS pos, page AS item, true AS not_a_list
    FROM lists WHERE items IS NULL
),
roots AS (
    SELECT *, row_number() OVER (PARTITION BY filename ORDER BY page_no, not_a_list, pos) - 1 AS record
    FROM (SELECT *, false AS not_a_list FROM top UNION ALL SELECT * FROM not_lists)
),
inline_replies AS (
    SELECT r.member, r.filename, r.context, r.record, u.rpos - 1 AS reply_position, u.reply AS item,
           r.item AS root
    FROM roots r, unnest(CAST(r.item->'replies' AS JSON[])) WITH ORDINALITY AS u(reply, rpos)
    WHERE NOT r.not_a_list AND json_type(r.item) = 'OBJECT' AND json_type(r.item->'replies') = 'ARRAY'
),
messages AS (
    SELECT member, context, record, NULL::BIGINT AS reply_position, item, NULL::JSON AS root, not_a_list FROM roots
    UNION ALL
    SELECT member, context, record, reply_position, item, root, false FROM inline_replies
),
placed AS (
    SELECT
        *,
        json_type(item) = 'OBJECT' AS is_object,
        nullif(coalesce(item->'channelIdentity'->>'teamId', root->'channelIdentity'->>'teamId',
                        teams_context_team(context)), '') AS team_id,
        nullif(coalesce(item->'channelIdentity'->>'channelId', root->'channelIdentity'->>'channelId',
                        teams_context_channel(context)), '') AS channel_id,
        nullif(item->>'id', '') AS id,
        teams_is_chat_context(context)
            OR (nullif(item->>'chatId', '') IS NOT NULL AND json_type(item->'channelIdentity') IS DISTINCT FROM 'OBJECT')
            AS is_chat
    FROM messages
),
checked AS (
    SELECT
        *,
        CASE
            WHEN not_a_list THEN 'not a Graph list response (no "value" array) nor a message'
            WHEN NOT is_object THEN 'not a message object'
            WHEN is_chat THEN 'chat'
            WHEN channel_id IS NULL THEN 'no channelIdentity and the @odata.context names no channel (content not kept)'
            WHEN list_contains($unreadable, channel_id) THEN 'private channel'
            WHEN id IS NULL THEN 'message without id'
            WHEN try_cast(item->>'createdDateTime' AS TIMESTAMPTZ) IS NULL THEN 'createdDateTime missing or not an ISO 8601 time'
        END AS problem
    FROM placed
)
SELECT
    *,
    CASE WHEN problem IS NULL THEN row_number() OVER (
        PARTITION BY problem IS NULL, coalesce(team_id, ''), channel_id, id
        ORDER BY try_cast(item->>'lastModifiedDateTime' AS TIMESTAMPTZ) DESC NULLS LAST,
                 try_cast(item->>'deletedDateTime' AS TIMESTAMPTZ) DESC NULLS LAST,
                 try_cast(item->>'lastEditedDateTime' AS TIMESTAMPTZ) DESC NULLS LAST,
                 item::VARCHAR
    ) END AS copy_no,
    nullif(item->>'deletedDateTime', '') IS NOT NULL AS is_deleted,
    coalesce(list_contains($excluded, item->'from'->'user'->>'id'), false) AS by_opted_out
FROM checked
"""

# raw is kept in quarantine only when the record is known to come from a readable channel
_QUARANTINE = """
INSERT INTO quarantine
SELECT $source, $path, $sha, member, record,
       problem || CASE WHEN reply_position IS NOT NULL THEN ' (inline reply ' || reply_position || ')' ELSE '' END,
       CASE WHEN is_chat OR channel_id IS NULL OR list_contains($unreadable, channel_id) THEN NULL
            ELSE left(item::VARCHAR, $raw_chars) END,
       $run
FROM _teams_items
WHERE problem IS NOT NULL AND problem NOT IN ('chat', 'private channel')
ORDER BY member, record, reply_position NULLS FIRST
"""

_INSERT_MESSAGES = """
INSERT INTO raw_teams_messages BY NAME
WITH kept AS (
    SELECT *,
           CASE WHEN json_type(item->'reactions') = 'ARRAY' THEN to_json(list_filter(
               CAST(item->'reactions' AS JSON[]),
               lambda r: NOT list_contains($excluded, r->'user'->'user'->>'id'))) END AS kept_reactions
    FROM _teams_items
    WHERE problem IS NULL AND copy_no = 1 AND NOT is_deleted AND NOT by_opted_out
)
SELECT
    team_id,
    channel_id,
    id,
    nullif(item->>'replyToId', '') AS reply_to_id,
    item->>'messageType' AS message_type,
    item->>'createdDateTime' AS created_at,
    item->>'lastModifiedDateTime' AS last_modified_at,
    item->>'lastEditedDateTime' AS last_edited_at,
    nullif(item->'from'->'user'->>'id', '') AS from_user_id,
    item->'from'->'user'->>'displayName' AS from_user_name,
    nullif(item->'from'->'application'->>'id', '') AS from_application_id,
    item->'from'->'application'->>'displayName' AS from_application_name,
    item->'body'->>'contentType' AS body_type,
    item->'body'->>'content' AS body_content,
    teams_html_to_text(item->'body'->>'content', item->'body'->>'contentType') AS body_text,
    item->>'subject' AS subject,
    CASE WHEN json_type(item->'mentions') = 'ARRAY' THEN item->'mentions' END AS mentions,
    kept_reactions AS reactions,
    item->>'webUrl' AS web_url,
    reply_position,
    -- inline replies are rows of their own; reactions without opted-out people's
    json_merge_patch(item, json_object('replies', NULL, 'reactions', kept_reactions)) AS record,
    $sha AS _file_sha256, member AS _member, record AS _record
FROM kept
ORDER BY member, record, reply_position NULLS FIRST
"""

_INSERT_DELETIONS = """
INSERT INTO raw_teams_deleted_messages BY NAME
SELECT team_id, channel_id, id, item->>'deletedDateTime' AS deleted_at,
       $sha AS _file_sha256, member AS _member, record AS _record
FROM _teams_items
WHERE problem IS NULL AND copy_no = 1 AND is_deleted
ORDER BY member, record, reply_position NULLS FIRST
"""

_TALLY = """
SELECT
    count(*),
    count(*) FILTER (WHERE problem IS NOT NULL AND problem NOT IN ('chat', 'private channel')),
    count(*) FILTER (WHERE problem IN ('chat', 'private channel')
                        OR (problem IS NULL AND copy_no = 1 AND (is_deleted OR by_opted_out))),
    count(*) FILTER (WHERE problem IS NULL AND copy_no > 1)
FROM _teams_items
"""

_INSERT_USERS = """
INSERT INTO raw_teams_users BY NAME
WITH pages AS (
    SELECT json AS page FROM {read_pages} WITH ORDINALITY AS r(json, filename, ordinality)
),
items AS (
    SELECT u.item, u.pos
    FROM pages, unnest(CASE WHEN json_type(page) = 'ARRAY' THEN CAST(page AS JSON[])
                            WHEN json_type(page->'value') = 'ARRAY' THEN CAST(page->'value' AS JSON[]) END)
         WITH ORDINALITY AS u(item, pos)
)
SELECT
    item->>'id' AS id,
    item->>'displayName' AS display_name,
    nullif(item->>'mail', '') AS mail,
    nullif(item->>'userPrincipalName', '') AS user_principal_name,
    item->>'userType' AS user_type,
    try_cast(item->>'accountEnabled' AS BOOLEAN) AS account_enabled,
    item AS record,
    $sha AS _file_sha256, $member AS _member, pos - 1 AS _record
FROM items
WHERE json_type(item) = 'OBJECT' AND nullif(item->>'id', '') IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY item->>'id' ORDER BY pos) = 1
"""


# -- the source -----------------------------------------------------------------------------


def _register_functions(con: duckdb.DuckDBPyConnection) -> None:
    """The Python functions the load's SQL calls (on this connection, for this load only)."""
    _remove_functions(con)
    V = duckdb.sqltypes.VARCHAR
    B = duckdb.sqltypes.BOOLEAN
    con.create_function(HTML_TO_TEXT, html_to_text, [V, V], V, null_handling="special", side_effects=False)
    con.create_function("teams_context_team", lambda c: team_and_channel(c)[0], [V], V, null_handling="special", side_effects=False)
    con.create_function("teams_context_channel", lambda c: team_and_channel(c)[1], [V], V, null_handling="special", side_effects=False)
    con.create_function("teams_is_chat_context", is_chat_context, [V], B, null_handling="special", side_effects=False)


def _remove_functions(con: duckdb.DuckDBPyConnection) -> None:
    for name in (HTML_TO_TEXT, "teams_context_team", "teams_context_channel", "teams_is_chat_context"):
        try:
            con.remove_function(name)
        except duckdb.Error:
            pass


class TeamsSource:
    """Microsoft Graph channel-message responses (zip or folder) in ``DATA_DIR/teams/``."""

    name: ClassVar[str] = "teams"
    folder: ClassVar[str] = "teams"
    platform: ClassVar[str] = "teams"
    raw_tables: ClassVar[tuple[str, ...]] = (
        "raw_teams_users", "raw_teams_channels", "raw_teams_messages", "raw_teams_deleted_messages",
    )
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_teams",
        "stg_posts": "posts_teams",
        "stg_interactions": "interactions_teams",
    }
    current_models: ClassVar[tuple[str, ...]] = ("teams_messages_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_teams_messages": "from_user_id", "raw_teams_users": "id"}

    def discover(self, folder: Path) -> list[Path]:
        """Each zip or sub-folder of ``folder`` is one export (loose files: the folder is one)."""
        return discover_exports(folder)

    def plan(self, export: Export) -> Plan:
        layout = locate(export)
        if not layout.messages:
            raise RejectedFile("no readable channel-message responses (…/channels('…')/messages) in this export")
        return Plan(members=layout.members, skipped=len(export.members()) - len(layout.members))

    # -- load --------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        layout = locate(ctx.export)
        wanted = set(ctx.members)
        layout.messages = [m for m in layout.messages if m in wanted]
        layout.users = [m for m in layout.users if m in wanted]
        con = ctx.con
        _register_functions(con)
        try:
            self._load_users(ctx, layout)
            self._load_channels(ctx, layout)
            excluded = ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
            if excluded:
                con.execute(
                    "DELETE FROM raw_teams_users WHERE _file_sha256 = $sha AND id IN (SELECT unnest($ids))",
                    {"sha": ctx.sha256, "ids": excluded},
                )
            return self._load_messages(ctx, layout, excluded)
        finally:
            _remove_functions(con)

    def _load_users(self, ctx: LoadContext, layout: TeamsLayout) -> None:
        staged = ctx.export.stage(layout.users, ctx.staging / "users")
        for path, member in staged.items():
            cur = ctx.con.cursor()  # a failed read must not abort the load's transaction
            try:
                cur.execute(f"SELECT count(*) FROM {READ_PAGES}", {"paths": [path]}).fetchall()
            except duckdb.Error as exc:
                # without it, opted-out people could not be recognised: the export is not loaded
                raise RejectedFile(f"users file unreadable ({first_line(exc, staged)})", member) from None
            finally:
                cur.close()
            ctx.con.execute(
                _INSERT_USERS.format(read_pages=READ_PAGES), {"paths": [path], "sha": ctx.sha256, "member": member}
            )

    @staticmethod
    def _load_channels(ctx: LoadContext, layout: TeamsLayout) -> None:
        for c in layout.standard_channels:
            ctx.con.execute(
                "INSERT INTO raw_teams_channels VALUES ($team, $id, $name, $type, $record, $sha, $member, $pos)",
                {"team": c["team_id"], "id": c["id"], "name": c["display_name"], "type": c["membership_type"],
                 "record": json.dumps(c["record"], ensure_ascii=False), "sha": ctx.sha256, "member": c["member"], "pos": c["position"]},
            )

    @staticmethod
    def _probe(con: duckdb.DuckDBPyConnection, staged: dict[str, str]) -> tuple[list[str], dict[str, str]]:
        """Readable staged files, and why each unreadable or empty member fails (on a cursor of its own)."""
        count = f"SELECT filename, count(*) FROM {READ_PAGES} GROUP BY filename"
        cur = con.cursor()
        try:
            try:
                found = dict(cur.execute(count, {"paths": list(staged)}).fetchall())
                bad: dict[str, str] = {}
            except duckdb.Error:
                found, bad = {}, {}
                for path, member in staged.items():
                    try:
                        found.update(cur.execute(count, {"paths": [path]}).fetchall())
                    except duckdb.Error as exc:
                        bad[member] = first_line(exc, staged)
            for path, member in staged.items():
                if member not in bad and not found.get(path):
                    bad[member] = "empty file (no JSON value)"
            return [p for p in staged if staged[p] not in bad], bad
        finally:
            cur.close()

    def _load_messages(self, ctx: LoadContext, layout: TeamsLayout, excluded: list[str]) -> LoadCounts:
        con = ctx.con
        staged = ctx.export.stage(layout.messages, ctx.staging / "messages")
        good, bad = self._probe(con, staged) if staged else ([], {})
        counts = LoadCounts()
        for member in sorted(bad):
            ctx.quarantine(member, None, f"unreadable JSON file: {bad[member]}")
        counts.rows_in = counts.rows_quarantined = len(bad)
        if not good:
            return counts
        files = pd.DataFrame([(p, staged[p]) for p in good], columns=["filename", "member"])
        params = {"unreadable": sorted(layout.unreadable_channels) or [""], "excluded": excluded or [""]}
        con.register("_teams_files", files)
        try:
            con.execute(_ITEMS.format(read_pages=READ_PAGES), {"paths": good, **params})
            con.execute(
                _QUARANTINE,
                {"source": ctx.source, "path": ctx.path, "sha": ctx.sha256, "raw_chars": QUARANTINE_RAW_CHARS, "run": ctx.run_id,
                 "unreadable": params["unreadable"]},
            )
            con.execute(_INSERT_MESSAGES, {"sha": ctx.sha256, "excluded": params["excluded"]})
            con.execute(_INSERT_DELETIONS, {"sha": ctx.sha256})
            [(total, quarantined, excluded_n, duplicate)] = con.execute(_TALLY).fetchall()
            loaded = con.execute(
                "SELECT count(*) FROM raw_teams_messages WHERE _file_sha256 = $sha", {"sha": ctx.sha256}
            ).fetchall()[0][0]
        finally:
            con.unregister("_teams_files")
            con.execute("DROP TABLE IF EXISTS _teams_items")
        counts += LoadCounts(rows_in=total, rows_loaded=loaded, rows_quarantined=quarantined,
                             rows_duplicate=duplicate, rows_excluded=excluded_n)
        return counts

"""Discourse forums: API JSON responses and "Download my posts" user archives.

An export (a zip or a folder in ``DATA_DIR/discourse/``) may hold either or both of:

**API JSON**, responses saved as files under any name:

- ``/posts.json``: ``{"latest_posts": [post, ...]}`` (public posts only: Discourse serves
  private messages under ``/private-posts.json``, whose root is ``private_posts``; never read);
- ``/t/{id}.json``: a topic, ``{"id", "title", "slug", "archetype", "category_id",
  "post_stream": {"posts": [...], "stream": [...]}, ...}``;
- ``/t/{id}/posts.json``: more posts of a topic, ``{"id", "post_stream": {"posts": [...]}}``.
  It does not say whether the topic is a private message, so its posts are read only when a
  topic JSON in the same export describes the topic as public; otherwise the file is
  quarantined whole (its content is not kept);
- ``/admin/users/list/active.json`` (``?show_emails=true``): a JSON array of users
  ``{id, username, name, email, staged, ...}``, the emails that link accounts to employees.

Topics whose ``archetype`` is ``private_message`` are never stored, nor are posts of those
topics found in other files. Whispers (``post_type`` 4, visible to staff only) are never
stored. Moderator actions and small actions (``post_type`` 2, 3) are kept as system posts.
Files named like private messages (``private-posts*``, ``private-messages*``, ``messages/``)
are never opened; any other JSON whose shape is none of the above (a ``topic_list``, a
``private_posts`` response ...) is quarantined whole without its content.

**User archives** (``user_archive-<username>-<yymmdd-HHMMSS>-<id>.zip``, from the user's
profile, *Activity → Download my posts*): ``user_archive.csv`` (every post of the owner),
``likes.csv`` (the posts the owner liked) and ``preferences.json`` (``{"user": {id,
username, name, email, ...}}``: the owner, needed to honour opt-outs). ``auth_tokens.csv``,
``visits.csv``, ``bookmarks.csv``, ``flags.csv`` ... are never opened. The archive's ``is_pm``
column is the localised Yes/No of the forum's language: a row is read only when it holds one
of :data:`NOT_PRIVATE` ("No", "Nein", "Non", "Nee", "Nej" ...); any other value (a yes-word,
an unknown language, an empty cell) counts as a private message and is never stored. Likes
on topics the archive marks private are not stored either. The archive job exports deleted
posts too (``with_deleted``) without a marker: an API copy of the same post (matched by topic
and post number) wins over the archive row, and carries the deletion.

Posts are keyed on the post ``id`` (archive rows, which have none, on topic id and post
number) and authors on ``user_id``, since usernames change. Deleted posts
(``deleted_at`` set or ``user_deleted``) are stored without their text, as markers, so a later
export's deletion hides a copy loaded earlier. Text comes from ``cooked`` (Discourse's HTML),
converted with :mod:`html.parser`; quoted posts and link previews (``<aside>``) are dropped,
because they are other people's words. ``raw`` (markdown, which carries quotes as
``[quote]`` blocks) is used only when ``cooked`` is empty. Mentions are the
``<a class="mention" href="/u/name">`` links of ``cooked`` (``@name`` in ``raw`` otherwise).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import ClassVar

import pandas as pd

from ambassador.errors import RejectedFile
from ambassador.sources.base import QUARANTINE_RAW_CHARS, LoadContext, LoadCounts, Plan, discover_exports
from ambassador.sources.csv_files import read_csv_member
from ambassador.sources.json_arrays import split_readable
from ambassador.untrusted import Export, parse_json_bytes
from ambassador.warehouse import registered

ARCHIVE_POSTS = "user_archive.csv"
ARCHIVE_LIKES = "likes.csv"
ARCHIVE_OWNER = "preferences.json"
ARCHIVE_POSTS_COLUMNS = ("topic_title", "categories", "is_pm", "post_raw", "post_cooked", "like_count",
                         "reply_count", "url", "created_at")
ARCHIVE_LIKES_COLUMNS = ("id", "post_id", "topic_id", "post_number", "created_at", "updated_at", "deleted_at",
                         "deleted_by")
USER_LIST_COLUMNS = ("id", "username", "email")
USER_LIST = re.compile(r"^user[-_]list.*\.csv$", re.IGNORECASE)
# members never opened: private messages saved under telling names
PRIVATE_NAME = re.compile(r"(^|/)(private[-_]?(posts|messages)[^/]*|messages/.*)$", re.IGNORECASE)
SMALL_FILE_BYTES = 16 * 2**20

# The "No" of csv_export.boolean_no in Discourse's locales (and plain false/0): an archive row
# is public only when its is_pm cell is one of these (compared trimmed and lower-cased).
NOT_PRIVATE = frozenset({
    "no", "nein", "non", "nee", "nej", "nei", "não", "nao", "nie", "ne", "ei", "nem", "hayır", "hayir",
    "нет", "ні", "не", "όχι", "いいえ", "否", "아니요", "아니오", "לא", "لا", "tidak", "không", "false", "0",
})

READ_DOCS = (
    "read_json($paths, format = 'unstructured', records = false, columns = {'json': 'JSON'}, "
    "filename = true, maximum_object_size = 268435456)"
)


# -- pure parsers ----------------------------------------------------------------------------


class _CookedParser(HTMLParser):
    """Collects the author's own text and mentions from Discourse's cooked HTML."""

    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                        "tr", "table", "hr", "details", "summary"})
    SKIPPED = frozenset({"aside", "script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.mentions: list[str] = []
        self._skip = 0  # depth inside <aside> (quotes, oneboxes) or script/style
        self._mention: list[str] | None = None
        self._mention_href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skip += 1
            return
        if self._skip:
            return
        a = dict(attrs)
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "img":
            classes = (a.get("class") or "").split()
            if "emoji" in classes and a.get("alt"):
                self.parts.append(a["alt"])
        if tag == "a" and "mention" in (a.get("class") or "").split():
            self._mention = []
            self._mention_href = a.get("href") or ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIPPED:
            self._skip -= 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "a" and self._mention is not None:
            m = re.search(r"/u/([^/?#]+)", self._mention_href or "")
            name = m.group(1) if m else "".join(self._mention).strip().lstrip("@")
            if name and name.lower() not in self.mentions:
                self.mentions.append(name.lower())
            self._mention = None
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._mention is not None:
            self._mention.append(data)


_QUOTE_BB = re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.IGNORECASE | re.DOTALL)
_RAW_MENTION = re.compile(r"(?<![\w@/])@([A-Za-z0-9_][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9_])")


def _squeeze(text: str) -> str:
    lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def cooked_text(cooked: str | None, raw: str | None = None) -> tuple[str, list[str]]:
    """Plain text and mentioned usernames (lower-case) of a post.

    ``cooked`` (HTML) is preferred; quoted posts and link previews are dropped. ``raw``
    (markdown) is the fallback, with its ``[quote]`` blocks removed.

    >>> cooked_text('<p>Thanks <a class="mention" href="/u/Bob_S">@Bob_S</a> &amp; all '
    ...             '<img src="/e.png" title=":tada:" class="emoji" alt=":tada:"></p>'
    ...             '<aside class="quote"><blockquote><p>quoted words</p></blockquote></aside>')
    ('Thanks @Bob_S & all :tada:', ['bob_s'])
    >>> cooked_text('', '[quote="ann, post:1, topic:2"]hi @carl[/quote]\\nthanks @dana.k!')
    ('thanks @dana.k!', ['dana.k'])
    >>> cooked_text(None, None)
    ('', [])
    """
    if cooked and cooked.strip():
        p = _CookedParser()
        p.feed(cooked)
        p.close()
        return _squeeze("".join(p.parts)), p.mentions
    if raw and raw.strip():
        body = _QUOTE_BB.sub("", raw)
        names: list[str] = []
        for m in _RAW_MENTION.finditer(body):
            if m.group(1).lower() not in names:
                names.append(m.group(1).lower())
        return _squeeze(body), names
    return "", []


def is_public_archive_row(is_pm: str | None) -> bool:
    """Whether a user_archive.csv ``is_pm`` cell says "not a private message".

    >>> [is_public_archive_row(v) for v in ("No", " nein ", "Yes", "Ja", "", None, "Non")]
    [True, True, False, False, False, False, True]
    """
    return (is_pm or "").strip().lower() in NOT_PRIVATE


# -- locating the members ------------------------------------------------------------------------


@dataclass(frozen=True)
class Archive:
    """One user archive inside an export: its members (paths), by folder."""

    folder: str
    posts: str
    likes: str | None
    owner: str | None


@dataclass
class Layout:
    json_files: list[str]
    user_lists: list[str]
    archives: list[Archive]

    @property
    def members(self) -> list[str]:
        out = list(self.json_files) + list(self.user_lists)
        for a in self.archives:
            out += [m for m in (a.posts, a.likes, a.owner) if m]
        return sorted(out)


def _parent(name: str) -> str:
    parent = str(PurePosixPath(name).parent)
    return "" if parent == "." else parent


def locate(export: Export) -> Layout:
    """The members a Discourse export is read from (everything else is never opened)."""
    names = [m.name for m in export.members()]
    archives: list[Archive] = []
    archive_members: set[str] = set()
    for posts in export.find(ARCHIVE_POSTS):
        folder = _parent(posts)
        prefix = folder + "/" if folder else ""
        likes = prefix + ARCHIVE_LIKES if prefix + ARCHIVE_LIKES in names else None
        owner = prefix + ARCHIVE_OWNER if prefix + ARCHIVE_OWNER in names else None
        archives.append(Archive(folder, posts, likes, owner))
        archive_members |= {m for m in (posts, likes, owner) if m}
    archive_folders = {a.folder for a in archives}
    json_files = [
        n for n in names
        if n.lower().endswith(".json") and n not in archive_members and not PRIVATE_NAME.search(n)
        and not (_parent(n) in archive_folders and PurePosixPath(n).name == ARCHIVE_OWNER)
    ]
    user_lists = [n for n in names if USER_LIST.match(PurePosixPath(n).name) and _parent(n) not in archive_folders]
    return Layout(json_files, user_lists, archives)


# -- SQL run at load --------------------------------------------------------------------------

# One row per JSON document: what kind of Discourse response it is.
_CLASSIFY_DOCS = """
CREATE OR REPLACE TEMP TABLE _dc_docs AS
SELECT
    f.member,
    d.json,
    CASE
        WHEN json_type(d.json) = 'OBJECT' AND json_type(d.json -> 'latest_posts') = 'ARRAY' THEN 'latest_posts'
        WHEN json_type(d.json) = 'OBJECT' AND json_type(d.json -> 'post_stream' -> 'posts') = 'ARRAY'
             AND d.json ->> 'archetype' = 'private_message' THEN 'private_topic'
        WHEN json_type(d.json) = 'OBJECT' AND json_type(d.json -> 'post_stream' -> 'posts') = 'ARRAY'
             AND d.json ->> 'archetype' IS NOT NULL THEN 'topic'
        WHEN json_type(d.json) = 'OBJECT' AND json_type(d.json -> 'post_stream' -> 'posts') = 'ARRAY' THEN 'topic_posts'
        WHEN json_type(d.json) = 'ARRAY' AND json_array_length(d.json) > 0
             AND len(list_filter(CAST(d.json AS JSON[]), lambda u: json_type(u) <> 'OBJECT'
                                 OR u ->> 'id' IS NULL OR u ->> 'username' IS NULL)) = 0 THEN 'users'
        WHEN json_type(d.json) = 'OBJECT' AND json_type(d.json -> 'private_posts') = 'ARRAY' THEN 'private_posts'
        ELSE 'unknown'
    END AS kind,
    coalesce(d.json ->> 'id', d.json -> 'post_stream' -> 'posts' -> 0 ->> 'topic_id') AS topic_id
FROM {read_docs} AS d
JOIN _dc_files AS f ON f.filename = d.filename
"""

_STAGE_POSTS = """
CREATE OR REPLACE TEMP TABLE _dc_posts AS
WITH
private_topics AS (
    SELECT DISTINCT topic_id FROM _dc_docs WHERE kind = 'private_topic' AND topic_id IS NOT NULL
),
public_topics AS (
    SELECT DISTINCT topic_id FROM _dc_docs WHERE kind = 'topic' AND topic_id IS NOT NULL
),
sources AS (
    SELECT member, kind, json AS doc, CAST(json -> 'latest_posts' AS JSON[]) AS posts FROM _dc_docs
    WHERE kind = 'latest_posts'
    UNION ALL
    SELECT member, kind, json, CAST(json -> 'post_stream' -> 'posts' AS JSON[]) FROM _dc_docs
    WHERE kind IN ('topic', 'private_topic')
       OR (kind = 'topic_posts' AND (topic_id IN (SELECT topic_id FROM public_topics)
                                     OR topic_id IN (SELECT topic_id FROM private_topics)))
),
elements AS (
    SELECT s.member, s.kind, s.doc, e.post, e.ord - 1 AS record
    FROM sources AS s, unnest(s.posts) WITH ORDINALITY AS e(post, ord)
),
fields AS (
    SELECT
        member, kind, record, post,
        CASE WHEN json_type(post) = 'OBJECT' THEN nullif(trim(post ->> 'id'), '') END AS post_id,
        CASE WHEN json_type(post) = 'OBJECT' THEN coalesce(post ->> 'topic_id', doc ->> 'id') END AS topic_id,
        CASE WHEN json_type(post) = 'OBJECT' THEN post ->> 'user_id' END AS user_id,
        CASE WHEN json_type(post) = 'OBJECT' THEN coalesce(post ->> 'topic_title', doc ->> 'title') END AS topic_title,
        CASE WHEN json_type(post) = 'OBJECT' THEN coalesce(post ->> 'topic_slug', doc ->> 'slug') END AS topic_slug,
        CASE WHEN json_type(post) = 'OBJECT' THEN coalesce(post ->> 'category_id', doc ->> 'category_id') END AS category_id,
        CASE WHEN json_type(post) = 'OBJECT' THEN try_cast(post ->> 'post_type' AS BIGINT) END AS post_type
    FROM elements
),
checked AS (
    SELECT
        *,
        CASE
            WHEN json_type(post) <> 'OBJECT' THEN 'not a post object'
            WHEN kind = 'private_topic' OR topic_id IN (SELECT topic_id FROM private_topics) THEN 'private'
            WHEN post_type = 4 THEN 'private'
            WHEN try_cast(post_id AS BIGINT) IS NULL THEN 'post without a numeric id'
            WHEN try_cast(topic_id AS BIGINT) IS NULL THEN 'post without a numeric topic_id'
            WHEN try_cast(post ->> 'post_number' AS BIGINT) IS NULL THEN 'post without a post_number'
            WHEN try_cast(user_id AS BIGINT) IS NULL THEN 'post without a user_id (author unknown)'
            WHEN try_cast(post ->> 'created_at' AS TIMESTAMPTZ) IS NULL THEN 'created_at missing or not ISO-8601'
        END AS problem
    FROM fields
)
SELECT
    row_number() OVER (ORDER BY member, kind, record) AS k,
    *,
    CASE WHEN problem IS NULL THEN row_number() OVER (
        PARTITION BY problem IS NULL, post_id
        ORDER BY try_cast(post ->> 'updated_at' AS TIMESTAMPTZ) DESC NULLS LAST,
                 CASE kind WHEN 'topic' THEN 0 WHEN 'topic_posts' THEN 1 ELSE 2 END, member, record
    ) END AS copy_no
FROM checked
"""

_INSERT_API_POSTS = """
INSERT INTO raw_discourse_posts BY NAME
SELECT
    p.post_id,
    p.topic_id,
    try_cast(p.post ->> 'post_number' AS BIGINT) AS post_number,
    p.user_id,
    p.post ->> 'username' AS username,
    p.post ->> 'name' AS name,
    p.post ->> 'created_at' AS created_at,
    p.post ->> 'updated_at' AS updated_at,
    p.post_type,
    try_cast(p.post ->> 'reply_to_post_number' AS BIGINT) AS reply_to_post_number,
    p.post -> 'reply_to_user' ->> 'username' AS reply_to_username,
    p.topic_slug,
    p.topic_title,
    p.category_id,
    NULL AS categories,
    CASE WHEN NOT t.deleted THEN p.post ->> 'cooked' END AS cooked,
    CASE WHEN NOT t.deleted THEN p.post ->> 'raw' END AS raw,
    CASE WHEN NOT t.deleted THEN t.text END AS text,
    CASE WHEN NOT t.deleted THEN CAST(t.mentions AS JSON)::VARCHAR[] ELSE []::VARCHAR[] END AS mentions,
    (SELECT sum(try_cast(a ->> 'count' AS BIGINT)) FROM unnest(
        CASE WHEN json_type(p.post -> 'actions_summary') = 'ARRAY' THEN CAST(p.post -> 'actions_summary' AS JSON[]) END
     ) AS s(a) WHERE a ->> 'id' = '2') AS like_count,
    try_cast(p.post ->> 'reply_count' AS BIGINT) AS reply_count,
    try_cast(p.post ->> 'reads' AS BIGINT) AS reads,
    try_cast(p.post ->> 'score' AS DOUBLE) AS score,
    coalesce(try_cast(p.post ->> 'hidden' AS BOOLEAN), false) AS hidden,
    p.post ->> 'deleted_at' AS deleted_at,
    coalesce(try_cast(p.post ->> 'user_deleted' AS BOOLEAN), false) AS user_deleted,
    p.post ->> 'post_url' AS url,
    p.kind AS origin,
    CASE WHEN t.deleted THEN json_merge_patch(p.post, '{"cooked": null, "raw": null, "excerpt": null}') ELSE p.post END AS record,
    $sha AS _file_sha256,
    p.member AS _member,
    p.record AS _record
FROM _dc_posts AS p
JOIN _dc_text AS t ON t.k = p.k
WHERE p.problem IS NULL AND p.copy_no = 1
ORDER BY p.k
"""

_STAGE_ARCHIVE = """
CREATE OR REPLACE TEMP TABLE _dc_archive_rows AS
WITH parsed AS (
    SELECT
        *,
        regexp_extract(url, '/t/([^/]*)/([0-9]+)/([0-9]+)/?(?:[?#].*)?$', ['slug', 'topic_id', 'post_number']) AS u
    FROM _dc_archive
),
checked AS (
    SELECT
        *,
        CASE
            WHEN NOT list_contains($public_words, lower(trim(coalesce(is_pm, '')))) THEN 'private'
            WHEN nullif(u.topic_id, '') IS NULL THEN 'url is not like {base}/t/{slug}/{topic_id}/{post_number}'
            WHEN try_cast(created_at AS TIMESTAMPTZ) IS NULL THEN 'created_at missing or not ISO-8601'
        END AS problem
    FROM parsed
)
SELECT
    row_number() OVER (ORDER BY _record) AS k,
    *,
    CASE WHEN problem IS NULL THEN row_number() OVER (
        PARTITION BY problem IS NULL, u.topic_id, u.post_number ORDER BY _record) END AS copy_no
FROM checked
"""

_INSERT_ARCHIVE_POSTS = """
INSERT INTO raw_discourse_posts BY NAME
SELECT
    NULL AS post_id,
    a.u.topic_id AS topic_id,
    try_cast(a.u.post_number AS BIGINT) AS post_number,
    $owner_id AS user_id,
    $owner_username AS username,
    $owner_name AS name,
    a.created_at,
    NULL AS updated_at,
    NULL AS post_type,
    NULL AS reply_to_post_number,
    NULL AS reply_to_username,
    nullif(a.u.slug, '') AS topic_slug,
    a.topic_title,
    NULL AS category_id,
    a.categories,
    a.post_cooked AS cooked,
    a.post_raw AS raw,
    t.text,
    CAST(t.mentions AS JSON)::VARCHAR[] AS mentions,
    try_cast(a.like_count AS BIGINT) AS like_count,
    try_cast(a.reply_count AS BIGINT) AS reply_count,
    NULL AS reads,
    NULL AS score,
    false AS hidden,
    NULL AS deleted_at,
    false AS user_deleted,
    a.url,
    'user_archive' AS origin,
    to_json({topic_title: a.topic_title, categories: a.categories, is_pm: a.is_pm, like_count: a.like_count,
             reply_count: a.reply_count, url: a.url, created_at: a.created_at}) AS record,
    $sha AS _file_sha256,
    $member AS _member,
    a._record
FROM _dc_archive_rows AS a
JOIN _dc_text AS t ON t.k = a.k
WHERE a.problem IS NULL AND a.copy_no = 1
ORDER BY a.k
"""


class DiscourseSource:
    """Discourse API JSON and user archives (zip or folder) in ``DATA_DIR/discourse/``."""

    name: ClassVar[str] = "discourse"
    folder: ClassVar[str] = "discourse"
    platform: ClassVar[str] = "discourse"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_discourse_users", "raw_discourse_posts", "raw_discourse_likes")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_discourse",
        "stg_posts": "posts_discourse",
        "stg_interactions": "interactions_discourse",
    }
    current_models: ClassVar[tuple[str, ...]] = ("discourse_posts_current",)
    author_columns: ClassVar[dict[str, str]] = {
        "raw_discourse_posts": "user_id",
        "raw_discourse_likes": "user_id",
        "raw_discourse_users": "user_id",
    }

    def discover(self, folder: Path) -> list[Path]:
        return discover_exports(folder)

    def plan(self, export: Export) -> Plan:
        """Read the API JSON, user lists and archives' posts, likes and owner; skip the rest."""
        layout = locate(export)
        if not layout.json_files and not layout.archives:
            raise RejectedFile(
                "no Discourse API JSON (*.json) and no user_archive.csv: not a Discourse export "
                "(save /posts.json, /t/{id}.json responses, or a user's 'Download my posts' zip)"
            )
        chosen = layout.members
        return Plan(chosen, len(export.members()) - len(chosen))

    # -- load ----------------------------------------------------------------------------------
    def load(self, ctx: LoadContext) -> LoadCounts:
        layout = locate(ctx.export)
        counts = LoadCounts()
        con = ctx.con
        for table in ("_dc_posts", "_dc_archive_rows", "_dc_likes_rows"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        counts += self._load_api(ctx, layout.json_files)
        for member in layout.user_lists:
            self._load_user_list(ctx, member)
        owners: list[tuple[Archive, dict]] = [(a, self._owner(ctx, a)) for a in layout.archives]
        archive_counts: list[tuple[str, str, LoadCounts]] = []
        for archive, owner in owners:
            archive_counts.append(self._load_archive(ctx, archive, owner))

        excluded = ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"])
        if excluded:
            ids = {"sha": ctx.sha256, "ids": excluded}
            for table in self.raw_tables:
                con.execute(f"DELETE FROM {table} WHERE _file_sha256 = $sha AND user_id IN (SELECT unnest($ids))", ids)
        # records of opted-out authors count as excluded, whichever copy was kept
        counts += self._tally_api(ctx, excluded)
        for (archive, _), (owner_id, _, c) in zip(owners, archive_counts):
            if owner_id in excluded:
                # nothing of an opted-out owner's archive is kept, not even malformed lines
                members = [m for m in (archive.posts, archive.likes) if m]
                con.execute("DELETE FROM quarantine WHERE sha256 = $sha AND member IN (SELECT unnest($m))",
                            {"sha": ctx.sha256, "m": members})
                c.rows_excluded += c.rows_loaded + c.rows_duplicate + c.rows_quarantined
                c.rows_loaded = c.rows_duplicate = c.rows_quarantined = 0
            counts += c
        return counts

    # -- API JSON ------------------------------------------------------------------------------
    def _load_api(self, ctx: LoadContext, members: list[str]) -> LoadCounts:
        con = ctx.con
        counts = LoadCounts()
        con.execute("CREATE OR REPLACE TEMP TABLE _dc_posts (k BIGINT, member VARCHAR, record BIGINT, post JSON, "
                    "problem VARCHAR, copy_no BIGINT, user_id VARCHAR)")
        if not members:
            return counts
        staged = ctx.export.stage(members, ctx.staging / "discourse-json")
        good, bad = split_readable(con, staged, READ_DOCS)
        for member in sorted(bad):
            ctx.quarantine(member, None, f"unreadable JSON file: {bad[member]}")
        counts.rows_in += len(bad)
        counts.rows_quarantined += len(bad)
        if not good:
            return counts
        files = pd.DataFrame(sorted((p, staged[p]) for p in good), columns=["filename", "member"])
        with registered(con, "_dc_files", files):
            con.execute(_CLASSIFY_DOCS.format(read_docs=READ_DOCS), {"paths": sorted(good)})
        self._insert_admin_users(ctx)
        con.execute(_STAGE_POSTS)
        for member, kind, topic_id in con.execute(
            """SELECT member, kind, topic_id FROM _dc_docs
               WHERE kind IN ('unknown', 'private_posts')
                  OR (kind = 'topic_posts' AND coalesce(topic_id, '') NOT IN (
                      SELECT topic_id FROM _dc_docs WHERE kind IN ('topic', 'private_topic') AND topic_id IS NOT NULL))
               ORDER BY member"""
        ).fetchall():
            if kind == "private_posts":
                counts.rows_in += 1
                counts.rows_excluded += 1  # private messages: not read, nothing kept
                continue
            if kind == "topic_posts":
                reason = (f"posts of topic {topic_id} without its topic JSON (/t/{topic_id}.json) in the same export: "
                          "not read, since only the topic JSON says whether it is a private message")
            else:
                reason = "not a Discourse response this source reads (/posts.json, /t/{id}.json, /t/{id}/posts.json, admin users list)"
            ctx.quarantine(member, None, reason)  # content not kept: it may be private
            counts.rows_in += 1
            counts.rows_quarantined += 1
        rows = con.execute(
            """SELECT k, post ->> 'cooked', post ->> 'raw',
                      post ->> 'deleted_at' IS NOT NULL OR coalesce(try_cast(post ->> 'user_deleted' AS BOOLEAN), false)
               FROM _dc_posts WHERE problem IS NULL AND copy_no = 1"""
        ).fetchall()
        with registered(con, "_dc_text", _post_texts(rows)):
            con.execute(_INSERT_API_POSTS, {"sha": ctx.sha256})
        return counts

    def _tally_api(self, ctx: LoadContext, excluded: list[str]) -> LoadCounts:
        """Quarantine the malformed posts (not an opted-out author's: those are excluded) and count."""
        ids = {"ids": excluded or [""]}
        for member, record, problem, raw in ctx.con.execute(
            """SELECT member, record, problem, left(post::VARCHAR, $n) FROM _dc_posts
               WHERE problem IS NOT NULL AND problem <> 'private' AND coalesce(user_id, '') NOT IN (SELECT unnest($ids))
               ORDER BY member, record""",
            {"n": QUARANTINE_RAW_CHARS, **ids},
        ).fetchall():
            ctx.quarantine(member, record, problem, raw)
        [(rows_in, quarantined, private, optout, dup)] = ctx.con.execute(
            """SELECT count(*),
                      count(*) FILTER (problem IS NOT NULL AND problem <> 'private'
                                       AND coalesce(user_id, '') NOT IN (SELECT unnest($ids))),
                      count(*) FILTER (problem = 'private'),
                      count(*) FILTER (coalesce(problem, '') <> 'private' AND user_id IN (SELECT unnest($ids))),
                      count(*) FILTER (problem IS NULL AND copy_no > 1 AND user_id NOT IN (SELECT unnest($ids)))
               FROM _dc_posts""",
            {"ids": excluded or [""]},
        ).fetchall()
        loaded = ctx.con.execute(
            "SELECT count(*) FROM raw_discourse_posts WHERE _file_sha256 = $sha AND origin <> 'user_archive'",
            {"sha": ctx.sha256},
        ).fetchall()[0][0]
        return LoadCounts(rows_in=rows_in, rows_loaded=loaded, rows_quarantined=quarantined,
                          rows_duplicate=dup, rows_excluded=private + optout)

    def _insert_admin_users(self, ctx: LoadContext) -> None:
        ctx.con.execute(
            """INSERT INTO raw_discourse_users BY NAME
            SELECT
                u ->> 'id' AS user_id,
                u ->> 'username' AS username,
                u ->> 'name' AS name,
                nullif(trim(u ->> 'email'), '') AS email,
                coalesce(try_cast(u ->> 'staged' AS BOOLEAN), false) AS staged,
                coalesce(try_cast(u ->> 'admin' AS BOOLEAN), false) AS admin,
                coalesce(try_cast(u ->> 'moderator' AS BOOLEAN), false) AS moderator,
                'admin_users' AS origin,
                u AS record,
                $sha AS _file_sha256, d.member AS _member, e.ord - 1 AS _record
            FROM _dc_docs AS d, unnest(CAST(d.json AS JSON[])) WITH ORDINALITY AS e(u, ord)
            WHERE d.kind = 'users'
            QUALIFY row_number() OVER (PARTITION BY u ->> 'id' ORDER BY d.member, e.ord) = 1""",
            {"sha": ctx.sha256},
        )

    # -- CSV user list (Admin > Users > Export) -----------------------------------------------------
    def _load_user_list(self, ctx: LoadContext, member: str) -> None:
        [path] = ctx.export.stage([member], ctx.staging / f"discourse-users-{uuid.uuid4().hex[:8]}", suffix=".csv")
        table = "_dc_user_list"
        read_csv_member(ctx, path, member, table, required=USER_LIST_COLUMNS)
        has = {r[0] for r in ctx.con.execute(f"DESCRIBE {table}").fetchall()}
        col = lambda c: f'"{c}"' if c in has else "NULL"  # noqa: E731
        ctx.con.execute(
            f"""INSERT INTO raw_discourse_users BY NAME
            SELECT id AS user_id, username, {col('name')} AS name, nullif(trim(email), '') AS email,
                   coalesce(try_cast({col('staged')} AS BOOLEAN), false) AS staged,
                   coalesce(try_cast({col('admin')} AS BOOLEAN), false) AS admin,
                   coalesce(try_cast({col('moderator')} AS BOOLEAN), false) AS moderator,
                   'user_list_csv' AS origin,
                   to_json({{id: id, username: username, name: {col('name')}}}) AS record,
                   $sha AS _file_sha256, $member AS _member, _record
            FROM {table}
            WHERE try_cast(id AS BIGINT) IS NOT NULL AND nullif(username, '') IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY _record) = 1""",
            {"sha": ctx.sha256, "member": member},
        )
        ctx.con.execute(f"DROP TABLE {table}")

    # -- user archives ---------------------------------------------------------------------------
    def _owner(self, ctx: LoadContext, archive: Archive) -> dict:
        member = archive.owner
        why = "no preferences.json beside user_archive.csv"
        if member is not None:
            size = {m.name: m.size for m in ctx.export.members()}[member]
            if size > SMALL_FILE_BYTES:
                why = f"preferences.json is larger than {SMALL_FILE_BYTES} bytes"
            else:
                try:
                    data = parse_json_bytes(ctx.export.read_bytes(member), member)
                except RejectedFile as exc:
                    data, why = None, f"preferences.json: {exc.reason}"
                user = data.get("user") if isinstance(data, dict) else None
                if isinstance(user, dict) and str(user.get("id", "")).lstrip("-").isdigit() and user.get("username"):
                    return user
                if data is not None:
                    why = "preferences.json has no user.id and user.username"
        raise RejectedFile(f"cannot tell whose user archive this is ({why}); it is needed to honour opt-outs",
                           archive.posts)

    def _load_archive(self, ctx: LoadContext, archive: Archive, owner: dict) -> tuple[str, str, LoadCounts]:
        con = ctx.con
        owner_id = str(owner["id"])
        con.execute(
            """INSERT INTO raw_discourse_users BY NAME
            SELECT $id AS user_id, $username AS username, $name AS name, nullif(trim($email), '') AS email,
                   false AS staged, coalesce($admin, false) AS admin, coalesce($moderator, false) AS moderator,
                   'archive_owner' AS origin,
                   $record::JSON AS record, $sha AS _file_sha256, $member AS _member, 0 AS _record""",
            {
                "id": owner_id, "username": str(owner["username"]), "name": _str(owner.get("name")),
                "email": _str(owner.get("email")), "admin": owner.get("admin") is True,
                "moderator": owner.get("moderator") is True,
                "record": json.dumps({k: owner.get(k) for k in ("id", "username", "name")}, ensure_ascii=False),
                "sha": ctx.sha256, "member": archive.owner,
            },
        )
        counts = LoadCounts()
        [path] = ctx.export.stage([archive.posts], ctx.staging / f"discourse-archive-{uuid.uuid4().hex[:8]}", suffix=".csv")
        rows_in, bad = read_csv_member(ctx, path, archive.posts, "_dc_archive", required=ARCHIVE_POSTS_COLUMNS)
        counts.rows_in += rows_in
        counts.rows_quarantined += bad
        con.execute(_STAGE_ARCHIVE, {"public_words": sorted(NOT_PRIVATE)})
        for record, problem, raw in con.execute(
            """SELECT _record, problem, left(to_json({url: url, created_at: created_at})::VARCHAR, $n)
               FROM _dc_archive_rows WHERE problem IS NOT NULL AND problem <> 'private' ORDER BY _record""",
            {"n": QUARANTINE_RAW_CHARS},
        ).fetchall():
            ctx.quarantine(archive.posts, record, problem, raw)
        rows = con.execute(
            "SELECT k, post_cooked, post_raw, false FROM _dc_archive_rows WHERE problem IS NULL AND copy_no = 1"
        ).fetchall()
        with registered(con, "_dc_text", _post_texts(rows)):
            con.execute(_INSERT_ARCHIVE_POSTS, {
                "sha": ctx.sha256, "member": archive.posts, "owner_id": owner_id,
                "owner_username": str(owner["username"]), "owner_name": _str(owner.get("name")),
            })
        [(quarantined, private, dup, valid)] = con.execute(
            """SELECT count(*) FILTER (problem IS NOT NULL AND problem <> 'private'),
                      count(*) FILTER (problem = 'private'),
                      count(*) FILTER (problem IS NULL AND copy_no > 1),
                      count(*) FILTER (problem IS NULL AND copy_no = 1)
               FROM _dc_archive_rows"""
        ).fetchall()
        private_topics = [r[0] for r in con.execute(
            "SELECT DISTINCT u.topic_id FROM _dc_archive_rows WHERE problem = 'private' AND nullif(u.topic_id, '') IS NOT NULL"
        ).fetchall()]
        counts.rows_quarantined += quarantined
        counts.rows_excluded += private
        counts.rows_duplicate += dup
        counts.rows_loaded += valid
        con.execute("DROP TABLE _dc_archive_rows")
        con.execute("DROP TABLE _dc_archive")
        if archive.likes is not None:
            counts += self._load_likes(ctx, archive.likes, owner_id, private_topics)
        return owner_id, archive.posts, counts

    def _load_likes(self, ctx: LoadContext, member: str, owner_id: str, private_topics: list[str]) -> LoadCounts:
        con = ctx.con
        [path] = ctx.export.stage([member], ctx.staging / f"discourse-likes-{uuid.uuid4().hex[:8]}", suffix=".csv")
        rows_in, bad = read_csv_member(ctx, path, member, "_dc_likes", required=ARCHIVE_LIKES_COLUMNS)
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _dc_likes_rows AS
            SELECT *,
                CASE
                    WHEN topic_id IN (SELECT unnest($private)) THEN 'private'
                    WHEN try_cast(post_id AS BIGINT) IS NULL THEN 'like without a numeric post_id'
                    WHEN try_cast(created_at AS TIMESTAMPTZ) IS NULL THEN 'created_at missing or not a timestamp'
                END AS problem
            FROM _dc_likes""",
            {"private": private_topics or [""]},
        )
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _dc_likes_rows AS
            SELECT *, CASE WHEN problem IS NULL THEN row_number() OVER (
                PARTITION BY problem IS NULL, coalesce(nullif(id, ''), post_id) ORDER BY _record) END AS copy_no
            FROM _dc_likes_rows"""
        )
        for record, problem, raw in con.execute(
            """SELECT _record, problem, left(to_json({id: id, post_id: post_id, created_at: created_at})::VARCHAR, $n)
               FROM _dc_likes_rows WHERE problem IS NOT NULL AND problem <> 'private' ORDER BY _record""",
            {"n": QUARANTINE_RAW_CHARS},
        ).fetchall():
            ctx.quarantine(member, record, problem, raw)
        con.execute(
            """INSERT INTO raw_discourse_likes BY NAME
            SELECT nullif(id, '') AS like_id, $owner AS user_id, post_id, nullif(topic_id, '') AS topic_id,
                   try_cast(post_number AS BIGINT) AS post_number, created_at, nullif(updated_at, '') AS updated_at,
                   nullif(deleted_at, '') AS deleted_at, nullif(deleted_by, '') AS deleted_by,
                   $sha AS _file_sha256, $member AS _member, _record
            FROM _dc_likes_rows WHERE problem IS NULL AND copy_no = 1 ORDER BY _record""",
            {"owner": owner_id, "sha": ctx.sha256, "member": member},
        )
        [(quarantined, private, dup, valid)] = con.execute(
            """SELECT count(*) FILTER (problem IS NOT NULL AND problem <> 'private'),
                      count(*) FILTER (problem = 'private'),
                      count(*) FILTER (problem IS NULL AND copy_no > 1),
                      count(*) FILTER (problem IS NULL AND copy_no = 1)
               FROM _dc_likes_rows"""
        ).fetchall()
        con.execute("DROP TABLE _dc_likes_rows")
        con.execute("DROP TABLE _dc_likes")
        return LoadCounts(rows_in=rows_in, rows_loaded=valid, rows_quarantined=bad + quarantined,
                          rows_duplicate=dup, rows_excluded=private)


def _str(v) -> str | None:
    return None if v is None else str(v)


def _post_texts(rows: list[tuple]) -> pd.DataFrame:
    """``_dc_text`` (k, text, mentions as a JSON array, deleted) for rows (k, cooked, raw, deleted)."""
    out = []
    for k, cooked, raw, deleted in rows:
        text, mentions = ("", []) if deleted else cooked_text(cooked, raw)
        out.append((k, text, json.dumps(mentions, ensure_ascii=False), bool(deleted)))
    frame = pd.DataFrame(out, columns=["k", "text", "mentions", "deleted"])
    frame["k"] = frame["k"].astype("int64")
    frame["text"] = frame["text"].astype(object)
    frame["mentions"] = frame["mentions"].astype(object)
    return frame

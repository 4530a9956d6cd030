"""Mastodon account archives and saved REST status pages.

An export in ``DATA_DIR/mastodon/`` (a zip or a folder) is one of:

- an **account archive** ("Request your archive"): ``actor.json`` (the owner: a Person with
  ``preferredUsername``, ``id``/``url`` giving the instance host, ``attachment``
  PropertyValues whose values may link other profiles) and ``outbox.json`` (an
  OrderedCollection of ``Create`` activities of ``Note``/``Question`` and ``Announce`` boosts
  whose ``object`` is only a URI) and, when present, ``likes.json`` (an OrderedCollection of the
  URIs of the statuses the owner favourited: each becomes a 'reaction' from the owner to the
  liked status's author). ``bookmarks.json`` and media are never read.
- **REST status pages**: ``*.json`` files each holding a JSON array of Status entities, as
  ``GET /api/v1/accounts/:id/statuses`` returns them.

Only public and unlisted posts are stored. Visibility comes from ``to``/``cc`` in the archive
(Public in ``to`` = public, in ``cc`` = unlisted) and from ``visibility`` in the REST entity;
followers-only and direct posts count as ``rows_excluded`` and none of their content is kept.

Files are parsed with Python's :mod:`json` (a duplicate ``orderedItems`` key, which Mastodon
writes, keeps the last value). HTML content is reduced to text with :mod:`html.parser`.

Likes carry no date. A Mastodon (>= 2.0) status id is a snowflake: its high 48 bits are the
status's creation time in ms since the Unix epoch (``lib/mastodon/snowflake.rb``), so a liked
status whose URI ends in such an id dates the like from below: it happened at or after that
time, which is stored as ``object_created_at``. A URI without one (another server's scheme,
e.g. Misskey ``/notes/<aid>``, or a pre-2.0 serial id) is stored with a NULL time and yields no
interaction. An unreadable ``likes.json`` is quarantined whole (one row, as Slack does for an
unreadable day file) and the outbox still loads.

Account ids: in the archive the ActivityPub actor URI (``https://host/users/name``), mentions
use the tag ``href``; in REST pages the account's profile ``url`` (``https://host/@name``),
mentions use their ``url``. Both carry the handle ``user@host``, which identity matches.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import ClassVar
from urllib.parse import urlsplit

from ambassador.errors import RejectedFile
from ambassador.handles import normalize_handle
from ambassador.sources.base import LoadContext, LoadCounts, Plan, discover_exports
from ambassador.untrusted import Export, parse_json_bytes

ACTOR = "actor.json"
OUTBOX = "outbox.json"
LIKES = "likes.json"
NEVER_READ = ("bookmarks.json",)
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
NOTE_TYPES = ("Note", "Question")
# https://host/users/name/statuses/123 -> https://host/users/name (Mastodon's URI scheme)
STATUS_URI = re.compile(r"^(https?://[^/]+/users/[^/]+)/statuses/[^/]+$")
PROFILE_URL = re.compile(r"^https?://([^/]+)/@([^/@]+)(?:/.*)?$")
# Snowflake ids decode to ms since the epoch (id >> 16). Values outside these bounds are not
# snowflakes: Mastodon < 2.0 (2017) used serial ids, which decode to 1970.
SNOWFLAKE_FROM_MS = 1_451_606_400_000  # 2016-01-01T00:00:00Z, before Mastodon's first release
SNOWFLAKE_UNTIL_MS = 4_102_444_800_000  # 2100-01-01T00:00:00Z
MAX_URI_CHARS = 2000  # a longer "URI" in likes.json is quarantined, not stored


# -- pure helpers ---------------------------------------------------------------------------


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0  # depth inside <span class="invisible">

    def handle_starttag(self, tag, attrs):
        if self._hidden:
            if tag == "span":
                self._hidden += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and "invisible" in classes:
            self._hidden = 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self._hidden:
            if tag == "span":
                self._hidden -= 1
            return
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str | None) -> str | None:
    """Mastodon's HTML content as plain text (``invisible`` link spans dropped).

    >>> html_to_text('<p>Hi <span class="h-card"><a href="https://a.example/@bo" class="u-url mention">@<span>bo</span></a></span> &amp; all</p><p>2nd<br>line</p>')
    'Hi @bo & all\\n\\n2nd\\nline'
    >>> html_to_text('<p><a href="https://e.org/x"><span class="invisible">https://</span><span class="">e.org/x</span><span class="invisible"></span></a></p>')
    'e.org/x'
    >>> html_to_text(None) is None
    True
    """
    if html is None:
        return None
    p = _TextParser()
    p.feed(str(html))
    p.close()
    text = "".join(p.parts)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return text.strip()


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def archive_visibility(obj: dict, activity: dict) -> str:
    """public | unlisted | private (followers-only or direct) from ``to``/``cc``.

    >>> archive_visibility({"to": ["https://www.w3.org/ns/activitystreams#Public"]}, {})
    'public'
    >>> archive_visibility({"to": ["https://a.example/users/me/followers"], "cc": ["as:Public"]}, {})
    'unlisted'
    >>> archive_visibility({"to": ["https://a.example/users/me/followers"]}, {})
    'private'
    """
    src = obj if ("to" in obj or "cc" in obj) else activity
    to = {v for v in _as_list(src.get("to")) if isinstance(v, str)}
    cc = {v for v in _as_list(src.get("cc")) if isinstance(v, str)}
    if to & PUBLIC:
        return "public"
    if cc & PUBLIC:
        return "unlisted"
    return "private"


def actor_of_status_uri(uri: str | None) -> str | None:
    """The actor URI of a Mastodon status URI, or None when it does not follow Mastodon's scheme.

    >>> actor_of_status_uri("https://b.example/users/bob/statuses/1")
    'https://b.example/users/bob'
    >>> actor_of_status_uri("https://other.example/notes/9") is None
    True
    """
    m = STATUS_URI.match(uri) if isinstance(uri, str) else None
    return m.group(1) if m else None


def snowflake_time(uri) -> str | None:
    """UTC creation time (ISO 8601, ms) of a status from the Mastodon snowflake id ending its URI.

    Mastodon >= 2.0 ids are ``ms << 16 | sequence`` (``lib/mastodon/snowflake.rb``). The
    example Status in Mastodon's API docs has id 103270115826048975 and created_at
    2019-12-08T03:48:33.901Z (the id is taken at insert, 52 ms before the stored time):

    >>> snowflake_time("https://mastodon.social/users/Gargron/statuses/103270115826048975")
    '2019-12-08T03:48:33.849'
    >>> snowflake_time("https://misskey.example/notes/9abcdefghi") is None  # not a Mastodon id
    True
    >>> snowflake_time("https://mastodon.social/users/Gargron/statuses/23634") is None  # pre-2.0 serial id
    True
    """
    if not isinstance(uri, str):
        return None
    last = urlsplit(uri).path.rstrip("/").rsplit("/", 1)[-1]
    if not (last.isascii() and last.isdigit()) or len(last) > 19:
        return None
    ms = int(last) >> 16
    if not SNOWFLAKE_FROM_MS <= ms < SNOWFLAKE_UNTIL_MS:
        return None
    return (datetime(1970, 1, 1) + timedelta(milliseconds=ms)).isoformat(timespec="milliseconds")


def handle_of(username: str | None, url: str | None) -> str | None:
    """``user@host`` from a username and any URL of that instance.

    >>> handle_of("Ann", "https://Mastodon.Example/users/Ann")
    'ann@mastodon.example'
    """
    if not username or not isinstance(url, str):
        return None
    host = urlsplit(url).hostname
    return normalize_handle("mastodon", f"@{username}@{host}") if host else None


def mention_handle(name: str | None, href: str | None) -> str | None:
    """The handle of a ``Mention`` tag: ``@user@host`` as named, or ``@user`` + the href's host.

    >>> mention_handle("@Bob@b.example", "https://b.example/users/bob")
    'bob@b.example'
    >>> mention_handle("@bob", "https://b.example/users/bob")
    'bob@b.example'
    """
    if isinstance(name, str):
        h = normalize_handle("mastodon", name)
        if h:
            return h
        return handle_of(name.strip().lstrip("@"), href)
    return None


_PROFILE_PATTERNS = (
    ("x", re.compile(r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/@?[A-Za-z0-9_]{1,15}\b[^\s\"'<]*", re.I)),
    ("linkedin", re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/in/[^\s\"'<]+", re.I)),
    ("bluesky", re.compile(r"(?:https?://)?bsky\.app/profile/[^\s\"'<]+", re.I)),
    ("mastodon", re.compile(r"https?://[a-z0-9.-]+\.[a-z]{2,}/@[A-Za-z0-9_]+", re.I)),
)


def declared_handles(attachments, own: str | None = None) -> list[str]:
    """``platform:handle`` for each profile URL in the ``PropertyValue`` fields of a profile.

    >>> declared_handles([{"type": "PropertyValue", "name": "X", "value": '<a href="https://x.com/Ann_E">x.com/Ann_E</a>'},
    ...                   {"type": "PropertyValue", "name": "Web", "value": "https://ann.example"}])
    ['x:ann_e']
    """
    found: list[str] = []
    for a in _as_list(attachments):
        if not isinstance(a, dict) or a.get("type", "PropertyValue") != "PropertyValue":
            continue
        value = a.get("value")
        if not isinstance(value, str):
            continue
        for platform, pattern in _PROFILE_PATTERNS:
            for raw in pattern.findall(value):
                h = normalize_handle(platform, raw.rstrip(".,;)"))
                tag = f"{platform}:{h}" if h else None
                if tag and tag not in found and (platform, h) != ("mastodon", own):
                    found.append(tag)
    return found


# -- rows -----------------------------------------------------------------------------------


@dataclass
class AccountRow:
    account_id: str
    handle: str | None
    display_name: str | None
    declared: list[str]
    record: dict
    member: str
    position: int


@dataclass
class StatusRow:
    account_id: str
    id: str
    created_at: str
    kind: str
    visibility: str
    in_reply_to_id: str | None
    in_reply_to_account_id: str | None
    reblog_of_id: str | None
    reblog_account_id: str | None
    text: str | None
    url: str | None
    likes: int | None
    reshares: int | None
    mentions: list[dict]
    hashtags: list[str]
    record: dict
    member: str
    position: int


@dataclass
class LikeRow:
    object_uri: str
    object_created_at: str | None
    position: int


@dataclass
class Parsed:
    accounts: list[AccountRow] = field(default_factory=list)
    statuses: list[StatusRow] = field(default_factory=list)  # public and unlisted only
    likes: list[LikeRow] = field(default_factory=list)  # the owner's, in file order
    likes_member: str | None = None
    private: dict[str, int] = field(default_factory=dict)  # account_id -> non-public items
    # member, record, reason, raw (public items only), author when known
    bad: list[tuple[str, int | None, str, str | None, str | None]] = field(default_factory=list)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ts_ok(value) -> bool:
    return isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d", value) is not None


def _tags(obj: dict) -> tuple[list[dict], list[str]]:
    mentions: list[dict] = []
    hashtags: list[str] = []
    for t in _as_list(obj.get("tag")):
        if not isinstance(t, dict):
            continue
        if t.get("type") == "Mention" and isinstance(t.get("href"), str):
            m = {"account_id": t["href"], "handle": mention_handle(t.get("name"), t["href"])}
            if m not in mentions:
                mentions.append(m)
        elif t.get("type") == "Hashtag" and isinstance(t.get("name"), str):
            tag = t["name"].lstrip("#").lower()
            if tag and tag not in hashtags:
                hashtags.append(tag)
    return mentions, hashtags


def _public_raw(act) -> str | None:
    """The item as JSON for the quarantine, only when its ``to``/``cc`` show it public or unlisted.

    >>> _public_raw({"type": "Create", "to": ["https://a.example/users/me/followers"], "object": {"content": "x"}}) is None
    True
    """
    if not isinstance(act, dict):
        return None  # nothing shows it public
    obj = act.get("object") if isinstance(act.get("object"), dict) else {}
    if archive_visibility(obj, act) == "private":
        return None
    return json.dumps(act, ensure_ascii=False)


def parse_likes(export: Export, member: str, owner_id: str, out: Parsed) -> None:
    """The owner's likes into ``out.likes``; bad items, or the whole unreadable file (record
    None), into ``out.bad``. Items are URIs, or objects with an ``id`` (tolerated)."""
    out.likes_member = member
    try:
        data = parse_json_bytes(export.read_bytes(member), member)
    except RejectedFile as exc:
        out.bad.append((member, None, f"unreadable likes.json: {exc.reason}", None, owner_id))
        return
    items = data.get("orderedItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        out.bad.append((member, None, "likes.json has no orderedItems array", None, owner_id))
        return
    for pos, item in enumerate(items):
        uri = item.get("id") if isinstance(item, dict) else item
        uri = uri.strip() if isinstance(uri, str) else None
        if not uri or len(uri) > MAX_URI_CHARS or not re.match(r"^https?://[^/\s]+/", uri):
            reason = "like is not an http(s) URI (or an object with one as id) of at most 2,000 characters"
            out.bad.append((member, pos, reason, json.dumps(item, ensure_ascii=False), owner_id))
            continue
        out.likes.append(LikeRow(uri, snowflake_time(uri), pos))


def parse_archive(export: Export, actor_member: str, outbox_member: str, likes_member: str | None = None) -> Parsed:
    """The owner, the outbox items and (when given) the likes of an account archive."""
    out = Parsed()
    actor = parse_json_bytes(export.read_bytes(actor_member), actor_member)
    if not isinstance(actor, dict) or not isinstance(actor.get("id"), str) or not actor.get("preferredUsername"):
        raise RejectedFile("actor.json has no id or preferredUsername: cannot tell whose archive this is (needed for opt-outs)", actor_member)
    owner_id = actor["id"]
    handle = handle_of(str(actor["preferredUsername"]), actor.get("url") if isinstance(actor.get("url"), str) else owner_id) or handle_of(
        str(actor["preferredUsername"]), owner_id
    )
    name = actor.get("name")
    out.accounts.append(
        AccountRow(owner_id, handle, name.strip() or None if isinstance(name, str) else None,
                   declared_handles(actor.get("attachment"), handle), actor, actor_member, 0)
    )
    outbox = parse_json_bytes(export.read_bytes(outbox_member), outbox_member)
    items = outbox.get("orderedItems") if isinstance(outbox, dict) else None
    if not isinstance(items, list):
        raise RejectedFile("outbox.json has no orderedItems array", outbox_member)
    for pos, act in enumerate(items):
        raw = _public_raw(act)
        if not isinstance(act, dict) or act.get("type") not in ("Create", "Announce"):
            out.bad.append((outbox_member, pos, "not a Create or Announce activity", raw, owner_id))
            continue
        if act["type"] == "Announce":
            obj = act.get("object")
            target = obj.get("id") if isinstance(obj, dict) else obj
            visibility = archive_visibility({}, act)
            if not isinstance(act.get("id"), str) or not isinstance(target, str) or not _ts_ok(act.get("published")):
                out.bad.append((outbox_member, pos, "Announce without id, object URI or published time", raw, owner_id))
                continue
            if visibility == "private":
                out.private[owner_id] = out.private.get(owner_id, 0) + 1
                continue
            out.statuses.append(StatusRow(
                owner_id, act["id"], act["published"], "reshare", visibility, None, None, target,
                actor_of_status_uri(target), None, None, None, None, [], [], act, outbox_member, pos,
            ))
            continue
        obj = act.get("object")
        if not isinstance(obj, dict) or obj.get("type") not in NOTE_TYPES:
            out.bad.append((outbox_member, pos, "Create of something other than a Note or Question", raw, owner_id))
            continue
        if not isinstance(obj.get("id"), str) or not _ts_ok(obj.get("published") or act.get("published")):
            out.bad.append((outbox_member, pos, "Note without id or published time", raw, owner_id))
            continue
        visibility = archive_visibility(obj, act)
        if visibility == "private":
            out.private[owner_id] = out.private.get(owner_id, 0) + 1
            continue
        mentions, hashtags = _tags(obj)
        reply_to = obj.get("inReplyTo") if isinstance(obj.get("inReplyTo"), str) else None
        obj = {k: v for k, v in obj.items() if k not in ("@context", "signature")}
        out.statuses.append(StatusRow(
            owner_id, obj["id"], obj.get("published") or act["published"], "reply" if reply_to else "post", visibility,
            reply_to, actor_of_status_uri(reply_to), None, None, html_to_text(obj.get("content")),
            obj.get("url") if isinstance(obj.get("url"), str) else obj["id"], None, None, mentions, hashtags, obj,
            outbox_member, pos,
        ))
    if likes_member is not None:
        parse_likes(export, likes_member, owner_id, out)
    return out


def _rest_account(acct) -> tuple[str, str | None, str | None] | None:
    if not isinstance(acct, dict) or not isinstance(acct.get("url"), str):
        return None
    url = acct["url"]
    m = PROFILE_URL.match(url)
    handle = normalize_handle("mastodon", f"@{m.group(2)}@{m.group(1)}") if m else handle_of(acct.get("username"), url)
    name = acct.get("display_name")
    return url, handle, (name.strip() or None) if isinstance(name, str) else None


def parse_rest(export: Export, members: list[str]) -> Parsed:
    """Status entities from saved ``GET /api/v1/accounts/:id/statuses`` pages."""
    out = Parsed()
    seen_accounts: set[str] = set()
    for member in members:
        data = parse_json_bytes(export.read_bytes(member), member)
        if not isinstance(data, list):
            raise RejectedFile("not a JSON array of statuses", member)
        for pos, st in enumerate(data):
            public = isinstance(st, dict) and st.get("visibility") in ("public", "unlisted")
            raw = json.dumps(st, ensure_ascii=False) if public else None
            author = _rest_account(st.get("account")) if isinstance(st, dict) else None
            if author is None or not st.get("id") or not _ts_ok(st.get("created_at")):
                out.bad.append((member, pos, "status without id, created_at or account.url", raw, author[0] if author else None))
                continue
            account_id, handle, name = author
            visibility = st.get("visibility")
            if visibility not in ("public", "unlisted"):
                out.private[account_id] = out.private.get(account_id, 0) + 1
                continue
            if account_id not in seen_accounts:
                seen_accounts.add(account_id)
                out.accounts.append(AccountRow(account_id, handle, name, [], st["account"], member, pos))
            reblog = st.get("reblog") if isinstance(st.get("reblog"), dict) else None
            local_ids = {str(st["account"].get("id")): account_id}
            mentions: list[dict] = []
            for m in _as_list(st.get("mentions")):
                if isinstance(m, dict) and isinstance(m.get("url"), str):
                    acct = m.get("acct") or ""
                    host = urlsplit(m["url"]).hostname
                    h = normalize_handle("mastodon", acct if "@" in acct else f"@{acct}@{host}")
                    entry = {"account_id": m["url"], "handle": h}
                    local_ids[str(m.get("id"))] = m["url"]
                    if entry not in mentions:
                        mentions.append(entry)
            hashtags = [t["name"].lower() for t in _as_list(st.get("tags")) if isinstance(t, dict) and isinstance(t.get("name"), str)]
            reblogged = _rest_account(reblog.get("account")) if reblog else None
            reply_to = st.get("in_reply_to_id")
            out.statuses.append(StatusRow(
                account_id, str(st["id"]), st["created_at"], "reshare" if reblog else ("reply" if reply_to else "post"), visibility,
                str(reply_to) if reply_to else None,
                local_ids.get(str(st.get("in_reply_to_account_id"))) if reply_to else None,
                str(reblog.get("uri") or reblog.get("id")) if reblog else None, reblogged[0] if reblogged else None,
                html_to_text(st.get("content")) if not reblog else html_to_text(reblog.get("content")),
                st.get("url") or st.get("uri"), _int(st.get("favourites_count")), _int(st.get("reblogs_count")),
                [] if reblog else mentions, list(dict.fromkeys(hashtags)), st, member, pos,
            ))
    return out


# -- the source -----------------------------------------------------------------------------


def _shallowest(names: list[str]) -> str | None:
    return min(names, key=lambda n: (n.count("/"), n)) if names else None


_INSERT_ACCOUNT = "INSERT INTO raw_mastodon_accounts VALUES ($id, $handle, $name, $declared, $record, $sha, $member, $pos)"
# one statement for all rows (executemany runs one INSERT per row: 15 s for 6,000 statuses)
_INSERT_STATUSES = """
INSERT INTO raw_mastodon_statuses BY NAME
SELECT
    r.account_id, r.id, r.created_at, r.kind, r.visibility, r.in_reply_to_id, r.in_reply_to_account_id,
    r.reblog_of_id, r.reblog_account_id, r.text, r.url, r.likes::BIGINT AS likes, r.reshares::BIGINT AS reshares,
    r.mentions::JSON AS mentions, r.hashtags::VARCHAR[] AS hashtags, r.record::JSON AS record,
    $sha AS _file_sha256, r._member, r._record::BIGINT AS _record
FROM (SELECT unnest($rows) AS r)
"""
_INSERT_LIKES = """
INSERT INTO raw_mastodon_likes BY NAME
SELECT $owner AS account_id, r.uri AS object_uri, r.created::TIMESTAMP AS object_created_at,
    $sha AS _file_sha256, $member AS _member, r.pos::BIGINT AS _record
FROM (SELECT unnest($rows) AS r)
"""


class MastodonSource:
    """Mastodon account archives and saved REST status pages in ``DATA_DIR/mastodon/``."""

    name: ClassVar[str] = "mastodon"
    folder: ClassVar[str] = "mastodon"
    platform: ClassVar[str] = "mastodon"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_mastodon_accounts", "raw_mastodon_statuses", "raw_mastodon_likes")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_mastodon",
        "stg_posts": "posts_mastodon",
        "stg_interactions": "interactions_mastodon",
    }
    current_models: ClassVar[tuple[str, ...]] = ("mastodon_statuses_current",)
    author_columns: ClassVar[dict[str, str]] = {
        "raw_mastodon_statuses": "account_id", "raw_mastodon_accounts": "account_id", "raw_mastodon_likes": "account_id",
    }

    def discover(self, folder: Path) -> list[Path]:
        """Each zip or sub-folder of ``folder`` is one export."""
        return discover_exports(folder)

    @staticmethod
    def _layout(export: Export) -> tuple[str | None, str | None, str | None, list[str]]:
        """(actor, outbox, likes, REST pages): an archive's likes.json only beside its outbox."""
        outbox = _shallowest(export.find(OUTBOX))
        if outbox is not None:
            parent = str(PurePosixPath(outbox).parent)
            actor_beside, likes_beside = (base if parent == "." else f"{parent}/{base}" for base in (ACTOR, LIKES))
            names = {m.name for m in export.members()}
            actor = actor_beside if actor_beside in names else _shallowest(export.find(ACTOR))
            return actor, outbox, likes_beside if likes_beside in names else None, []
        pages = []
        for m in export.members():
            base = PurePosixPath(m.name).name
            if not base.endswith(".json") or base in NEVER_READ or base in (ACTOR, LIKES):
                continue
            if export.read_head(m.name, 64).lstrip().startswith(b"["):
                pages.append(m.name)
        return None, None, None, sorted(pages)

    def plan(self, export: Export) -> Plan:
        """Archive: ``actor.json``, ``outbox.json`` and ``likes.json`` beside it. Otherwise every ``*.json`` array (REST pages)."""
        actor, outbox, likes, pages = self._layout(export)
        if outbox is not None and actor is None:
            raise RejectedFile("outbox.json without actor.json: cannot tell whose archive this is (needed for opt-outs)")
        chosen = [m for m in (actor, outbox, likes) if m is not None] if outbox is not None else pages
        if not chosen:
            raise RejectedFile("no outbox.json and no JSON array of statuses: not a Mastodon archive or REST status pages")
        return Plan(chosen, len(export.members()) - len(chosen))

    def load(self, ctx: LoadContext) -> LoadCounts:
        """Insert the accounts, the public/unlisted statuses and the likes; exclude opted-out authors and non-public posts."""
        actor, outbox, likes, pages = self._layout(ctx.export)
        parsed = parse_archive(ctx.export, actor, outbox, likes) if outbox is not None else parse_rest(ctx.export, pages)
        con, sha = ctx.con, ctx.sha256
        for a in parsed.accounts:
            con.execute(_INSERT_ACCOUNT, {
                "id": a.account_id, "handle": a.handle, "name": a.display_name, "declared": a.declared,
                "record": json.dumps(a.record, ensure_ascii=False), "sha": sha, "member": a.member, "pos": a.position,
            })
        opted = set(ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"]))
        if opted:
            con.execute("DELETE FROM raw_mastodon_accounts WHERE _file_sha256 = $sha AND list_contains($ids, account_id)",
                        {"sha": sha, "ids": sorted(opted)})
        counts = LoadCounts()
        counts.rows_excluded = sum(parsed.private.values())
        for member, pos, reason, raw, author in parsed.bad:
            if author in opted:  # an opted-out person's item is excluded, never kept in the quarantine
                counts.rows_excluded += 1
                continue
            ctx.quarantine(member, pos, reason, raw)
            counts.rows_quarantined += 1
        seen: set[str] = set()
        rows: list[dict] = []
        for s in parsed.statuses:
            if s.account_id in opted:
                counts.rows_excluded += 1
                continue
            if s.id in seen:  # the first copy in file order is kept
                counts.rows_duplicate += 1
                continue
            seen.add(s.id)
            rows.append({
                "account_id": s.account_id, "id": s.id, "created_at": s.created_at, "kind": s.kind,
                "visibility": s.visibility, "in_reply_to_id": s.in_reply_to_id,
                "in_reply_to_account_id": s.in_reply_to_account_id, "reblog_of_id": s.reblog_of_id,
                "reblog_account_id": s.reblog_account_id, "text": s.text, "url": s.url, "likes": s.likes,
                "reshares": s.reshares, "mentions": json.dumps(s.mentions, ensure_ascii=False), "hashtags": s.hashtags,
                "record": json.dumps(s.record, ensure_ascii=False), "_member": s.member, "_record": s.position,
            })
        if rows:
            con.execute(_INSERT_STATUSES, {"rows": rows, "sha": sha})
        owner = parsed.accounts[0].account_id if parsed.likes else None
        liked: list[dict] = []
        seen_likes: set[str] = set()
        for like in parsed.likes:
            if owner in opted:
                counts.rows_excluded += 1
            elif like.object_uri in seen_likes:  # the same status listed twice: the first is kept
                counts.rows_duplicate += 1
            else:
                seen_likes.add(like.object_uri)
                liked.append({"uri": like.object_uri, "created": like.object_created_at, "pos": like.position})
        if liked:
            con.execute(_INSERT_LIKES, {"rows": liked, "owner": owner, "sha": sha, "member": parsed.likes_member})
        counts.rows_loaded = len(rows) + len(liked)
        counts.rows_in = counts.rows_loaded + counts.rows_quarantined + counts.rows_duplicate + counts.rows_excluded
        return counts

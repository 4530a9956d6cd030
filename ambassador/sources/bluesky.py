"""Bluesky author feeds: saved ``app.bsky.feed.getAuthorFeed`` response pages.

An export is a zip or a folder of page files (any ``*.json`` member), each the JSON output of
one ``getAuthorFeed`` call, ``{"cursor"?: "…", "feed": [feedViewPost, …]}``, for one or more
actors. Other members are never opened (counted as skipped).

Each feedViewPost is one record:

- ``post`` without ``reason`` (or with ``reasonPin``): a post by ``post.author``, a reply when
  ``post.record.reply`` is set, a quote when ``post.embed`` is an ``app.bsky.embed.record#view``
  or ``recordWithMedia#view`` of a post;
- ``reason.$type == "app.bsky.feed.defs#reasonRepost"``: a reshare BY ``reason.by`` of
  ``post`` (usually someone else's), keyed by the repost record's uri.

Records are deduplicated by that key (the post uri, or the repost uri) within the export and,
through ``bluesky_feed_current``, across exports. Facets are resolved here, on the UTF-8 bytes
of the text (their offsets are byte offsets); a broken, overlapping or out-of-range facet is
skipped, never fatal. ``createdAt`` is client-supplied RFC 3339; a record whose time cannot be
parsed is quarantined.

What is never stored: the ``viewer`` state of the account that downloaded the pages, the text
of reply parents/roots and of quoted posts (only their uri and author), and anything by an
author who labelled themselves ``!no-unauthenticated`` (asked not to be shown to logged-out
viewers: treated as not public, counted as excluded, content not kept).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import ClassVar

import pandas as pd

from ambassador.errors import RejectedFile
from ambassador.sources.base import LoadContext, LoadCounts, Plan, discover_exports
from ambassador.untrusted import Export, parse_json_bytes

PAGE_MAX_BYTES = 16 * 2**20  # a page holds at most 100 posts; far smaller in practice
REPOST = "app.bsky.feed.defs#reasonRepost"
POST_TYPE = "app.bsky.feed.post"
QUOTE_VIEWS = ("app.bsky.embed.record#view", "app.bsky.embed.recordWithMedia#view")
NOT_PUBLIC_LABEL = "!no-unauthenticated"
_DID = re.compile(r"^did:[a-z]+:[A-Za-z0-9._:%-]+$")
_AT_URI = re.compile(r"^at://(did:[a-z]+:[A-Za-z0-9._:%-]+)/([A-Za-z0-9.]+)/([A-Za-z0-9._~:-]+)$")
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*([Zz]|[+-]\d{2}:?\d{2})?$"
)


# -- pure parsers ---------------------------------------------------------------------------


def parse_datetime(value) -> datetime | None:
    """A client-supplied RFC 3339 time as naive UTC, or None when it cannot be read.

    Any offset, any number of fraction digits (cut to microseconds); a missing offset is
    read as UTC (atproto forbids it, clients still write it).

    >>> parse_datetime("2024-11-20T10:00:00.123456789+05:30")
    datetime.datetime(2024, 11, 20, 4, 30, 0, 123456)
    >>> parse_datetime("1985-04-12T23:20:50Z")
    datetime.datetime(1985, 4, 12, 23, 20, 50)
    >>> parse_datetime("2024-02-30T00:00:00Z") is None, parse_datetime("yesterday") is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    m = _RFC3339.match(value.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, frac, off = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), int((frac or "0")[:6].ljust(6, "0")))
        if off and off not in ("Z", "z"):
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            if delta >= timedelta(hours=24):
                return None
            dt = dt - sign * delta
    except (ValueError, OverflowError):
        return None
    if dt.year < 1:
        return None
    return dt


def uri_did(uri) -> str | None:
    """The DID that owns an ``at://`` record uri.

    >>> uri_did("at://did:plc:abc/app.bsky.feed.post/3k2")
    'did:plc:abc'
    >>> uri_did("https://bsky.app") is None
    True
    """
    m = _AT_URI.match(uri) if isinstance(uri, str) else None
    return m.group(1) if m else None


def permalink(uri: str) -> str | None:
    """The bsky.app address of a post uri.

    >>> permalink("at://did:plc:abc/app.bsky.feed.post/3k2")
    'https://bsky.app/profile/did:plc:abc/post/3k2'
    """
    m = _AT_URI.match(uri)
    if not m or m.group(2) != POST_TYPE:
        return None
    return f"https://bsky.app/profile/{m.group(1)}/post/{m.group(3)}"


def resolve_facets(text: str, facets) -> dict[str, list]:
    """Mentions, tags and links of a post's facets, sliced from the UTF-8 bytes of ``text``.

    A facet is skipped when its index is not two integers with 0 <= start < end <= byte
    length, when it overlaps a facet already kept (facets are taken in start order), or
    when its slice is not valid UTF-8 (it cuts a character). Mentions carry the sliced text
    (``@handle``). Record-level ``tags`` are added by the caller.

    >>> t = "héllo @ann.bsky.social #Go"
    >>> b = t.encode()
    >>> f = [{"index": {"byteStart": b.index(b"@"), "byteEnd": b.index(b" #")},
    ...       "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:ann"}]},
    ...      {"index": {"byteStart": b.index(b"#"), "byteEnd": len(b)},
    ...       "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Go"}]},
    ...      {"index": {"byteStart": 1, "byteEnd": 2}, "features": []},
    ...      {"index": {"byteStart": 5, "byteEnd": 999}, "features": []}]
    >>> resolve_facets(t, f)
    {'mentions': [{'did': 'did:plc:ann', 'text': '@ann.bsky.social'}], 'tags': ['Go'], 'links': [], 'skipped': 2}
    """
    out: dict[str, list] = {"mentions": [], "tags": [], "links": []}
    skipped = 0
    data = text.encode("utf-8") if isinstance(text, str) else b""
    candidates = []
    for f in facets if isinstance(facets, list) else []:
        index = f.get("index") if isinstance(f, dict) else None
        start = index.get("byteStart") if isinstance(index, dict) else None
        end = index.get("byteEnd") if isinstance(index, dict) else None
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(data):
            skipped += 1
            continue
        candidates.append((start, end, f.get("features")))
    kept_end = -1
    for start, end, features in sorted(candidates, key=lambda c: (c[0], c[1])):
        if start < kept_end:
            skipped += 1
            continue
        try:
            sliced = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            skipped += 1
            continue
        kept_end = end
        for feat in features if isinstance(features, list) else []:
            if not isinstance(feat, dict):
                continue
            kind = feat.get("$type", "")
            if kind.endswith("#mention") and isinstance(feat.get("did"), str) and _DID.match(feat["did"]):
                out["mentions"].append({"did": feat["did"], "text": sliced})
            elif kind.endswith("#tag") and isinstance(feat.get("tag"), str) and feat["tag"].strip():
                out["tags"].append(feat["tag"].strip())
            elif kind.endswith("#link") and isinstance(feat.get("uri"), str):
                out["links"].append(feat["uri"])
    out["skipped"] = skipped  # type: ignore[assignment]
    return out


def _profile(view) -> dict | None:
    """A profileViewBasic with a valid DID, reduced to what is stored."""
    if not isinstance(view, dict) or not isinstance(view.get("did"), str) or not _DID.match(view["did"]):
        return None
    labels = [lab.get("val") for lab in view.get("labels") or [] if isinstance(lab, dict) and isinstance(lab.get("val"), str)]
    return {
        "did": view["did"],
        "handle": view.get("handle") if isinstance(view.get("handle"), str) else None,
        "displayName": view.get("displayName") if isinstance(view.get("displayName"), str) else None,
        "labels": labels,
    }


def _quoted(embed) -> tuple[str | None, dict | None]:
    """(uri, author profile) of the post a quote embed view shows; (None, None) if not a quote."""
    if not isinstance(embed, dict) or embed.get("$type") not in QUOTE_VIEWS:
        return None, None
    rec = embed.get("record")
    if embed.get("$type") == QUOTE_VIEWS[1]:
        rec = rec.get("record") if isinstance(rec, dict) else None
    if not isinstance(rec, dict) or not isinstance(rec.get("uri"), str):
        return None, None
    m = _AT_URI.match(rec["uri"])
    if not m or m.group(2) != POST_TYPE:  # a feed generator, list … embed is not a quote
        return None, None
    return rec["uri"], _profile(rec.get("author"))


def _quoted_from_record(embed) -> str | None:
    """The quoted post's uri from the post record's own embed (``app.bsky.embed.record``)."""
    if not isinstance(embed, dict):
        return None
    rec = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia":
        rec = rec.get("record") if isinstance(rec, dict) else None
    elif embed.get("$type") != "app.bsky.embed.record":
        return None
    uri = rec.get("uri") if isinstance(rec, dict) else None
    m = _AT_URI.match(uri) if isinstance(uri, str) else None
    return uri if m and m.group(2) == POST_TYPE else None


def _count(value) -> int | None:
    return value if type(value) is int and value >= 0 else None


@dataclass
class Item:
    """One feed entry, checked: the row for ``raw_bluesky_feed`` and the profiles it names."""

    row: dict
    actor: dict
    author: dict


def parse_item(item) -> Item | str:
    """A feedViewPost as a ``raw_bluesky_feed`` row, or why it is rejected."""
    if not isinstance(item, dict):
        return "feed entry is not an object"
    post = item.get("post")
    if not isinstance(post, dict):
        return "feed entry has no post object"
    uri = post.get("uri")
    m = _AT_URI.match(uri) if isinstance(uri, str) else None
    if not m or m.group(2) != POST_TYPE:
        return "post.uri is not an at://did/app.bsky.feed.post/… uri"
    author = _profile(post.get("author"))
    if author is None:
        return "post.author has no valid did"
    record = post.get("record")
    if not isinstance(record, dict) or record.get("$type", POST_TYPE) != POST_TYPE:
        return "post.record is not an app.bsky.feed.post record"
    text = record.get("text", "")
    if not isinstance(text, str):
        return "post.record.text is not a string"
    created = parse_datetime(record.get("createdAt"))
    reason = item.get("reason") if isinstance(item.get("reason"), dict) else None
    is_repost = reason is not None and reason.get("$type") == REPOST
    actor = author
    acted = created
    repost_uri = None
    if is_repost:
        actor = _profile(reason.get("by"))
        if actor is None:
            return "reasonRepost.by has no valid did"
        acted = parse_datetime(reason.get("indexedAt")) or created
        repost_uri = reason.get("uri") if isinstance(reason.get("uri"), str) and uri_did(reason.get("uri")) else None
    if acted is None:
        return "createdAt missing or not an RFC 3339 time"

    reply = record.get("reply") if isinstance(record.get("reply"), dict) else None
    parent_ref = reply.get("parent") if reply and isinstance(reply.get("parent"), dict) else {}
    root_ref = reply.get("root") if reply and isinstance(reply.get("root"), dict) else {}
    parent_uri = parent_ref.get("uri") if isinstance(parent_ref.get("uri"), str) else None
    parent_view = item.get("reply", {}).get("parent") if isinstance(item.get("reply"), dict) else None
    parent_author = None
    if isinstance(parent_view, dict):
        parent_author = _profile(parent_view.get("author")) or _profile(parent_view.get("blockedAuthor"))
    quoted_uri, quoted_author = _quoted(post.get("embed"))
    if quoted_uri is None:
        quoted_uri = _quoted_from_record(record.get("embed"))
    facets = resolve_facets(text, record.get("facets"))
    tags = facets["tags"] + [t.strip() for t in record.get("tags") or [] if isinstance(t, str) and t.strip()]

    key = repost_uri or (f"repost:{actor['did']}:{uri}" if is_repost else uri)
    row = {
        "item_key": key,
        "kind": "reshare" if is_repost else "reply" if reply is not None else "quote" if quoted_uri else "post",
        "actor_did": actor["did"],
        "uri": uri,
        "cid": post.get("cid") if isinstance(post.get("cid"), str) else None,
        "author_did": author["did"],
        "author_handle": author["handle"],
        "created_at": record.get("createdAt") if isinstance(record.get("createdAt"), str) else None,
        "acted_utc": acted,
        "indexed_at": post.get("indexedAt") if isinstance(post.get("indexedAt"), str) else None,
        "text": text,
        "reply_parent_uri": parent_uri,
        "reply_root_uri": root_ref.get("uri") if isinstance(root_ref.get("uri"), str) else None,
        "reply_parent_did": (parent_author or {}).get("did") or uri_did(parent_uri),
        "reply_parent_handle": (parent_author or {}).get("handle"),
        "repost_uri": repost_uri,
        "reposted_at": reason.get("indexedAt") if is_repost and isinstance(reason.get("indexedAt"), str) else None,
        "quoted_uri": quoted_uri,
        "quoted_did": (quoted_author or {}).get("did") or uri_did(quoted_uri),
        "quoted_handle": (quoted_author or {}).get("handle"),
        "like_count": _count(post.get("likeCount")),
        "repost_count": _count(post.get("repostCount")),
        "reply_count": _count(post.get("replyCount")),
        "quote_count": _count(post.get("quoteCount")),
        "mentions": json.dumps(facets["mentions"], ensure_ascii=False),
        "tags": json.dumps(tags, ensure_ascii=False),
        "links": json.dumps(facets["links"], ensure_ascii=False),
        "facets_skipped": facets["skipped"],
        "record": json.dumps(record, ensure_ascii=False),
    }
    return Item(row, actor, author)


def _named_profiles(entry) -> list[dict]:
    """The valid author and reposter profiles of a (possibly broken) feed entry."""
    if not isinstance(entry, dict):
        return []
    post = entry.get("post") if isinstance(entry.get("post"), dict) else {}
    reason = entry.get("reason") if isinstance(entry.get("reason"), dict) else {}
    return [p for p in (_profile(post.get("author")), _profile(reason.get("by"))) if p is not None]


def _named_dids(entry) -> set[str]:
    """The author and reposter DIDs a (possibly broken) feed entry names."""
    found = set()
    if isinstance(entry, dict):
        post = entry.get("post") if isinstance(entry.get("post"), dict) else {}
        reason = entry.get("reason") if isinstance(entry.get("reason"), dict) else {}
        for view in (post.get("author"), reason.get("by")):
            if isinstance(view, dict) and isinstance(view.get("did"), str):
                found.add(view["did"])
        if uri_did(post.get("uri")):
            found.add(uri_did(post.get("uri")))
    return found


def _check_encodable(entry) -> str | None:
    """Why an entry cannot be stored as UTF-8 (a lone surrogate escape such as ``\\ud800``)."""
    try:
        json.dumps(entry, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return "entry holds an unpaired surrogate escape: not valid Unicode text"
    return None


def _without_viewer(entry):
    """A feed entry without the downloading account's ``viewer`` state (kept out of quarantine)."""
    if isinstance(entry, dict) and isinstance(entry.get("post"), dict):
        return {**entry, "post": {k: v for k, v in entry["post"].items() if k != "viewer"}}
    return entry


def _not_public(profile: dict) -> bool:
    return NOT_PUBLIC_LABEL in profile["labels"]


# -- the source -----------------------------------------------------------------------------

_FEED_COLUMNS = (
    "item_key", "kind", "actor_did", "uri", "cid", "author_did", "author_handle", "created_at", "acted_utc",
    "indexed_at", "text", "reply_parent_uri", "reply_root_uri", "reply_parent_did", "reply_parent_handle",
    "repost_uri", "reposted_at", "quoted_uri", "quoted_did", "quoted_handle", "like_count", "repost_count",
    "reply_count", "quote_count", "mentions", "tags", "links", "facets_skipped", "record",
)
_ACCOUNT_COLUMNS = ("did", "handle", "display_name", "labels", "role", "seen_at")


def _insert(con, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert Python rows in one statement (a registered DataFrame; executemany is ~100x slower)."""
    if not rows:
        return
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object)
    name = f"bluesky_rows_{uuid.uuid4().hex[:12]}"
    con.register(name, frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
    finally:
        con.unregister(name)


class BlueskySource:
    """Saved ``getAuthorFeed`` pages (zip or folder) in ``DATA_DIR/bluesky/``."""

    name: ClassVar[str] = "bluesky"
    folder: ClassVar[str] = "bluesky"
    platform: ClassVar[str] = "bluesky"
    raw_tables: ClassVar[tuple[str, ...]] = ("raw_bluesky_accounts", "raw_bluesky_feed")
    stg_models: ClassVar[dict[str, str]] = {
        "stg_accounts": "accounts_bluesky",
        "stg_posts": "posts_bluesky",
        "stg_interactions": "interactions_bluesky",
    }
    current_models: ClassVar[tuple[str, ...]] = ("bluesky_feed_current",)
    author_columns: ClassVar[dict[str, str]] = {"raw_bluesky_feed": "actor_did", "raw_bluesky_accounts": "did"}

    def discover(self, folder: Path) -> list[Path]:
        """Each zip or sub-folder of ``folder`` is one export."""
        return discover_exports(folder)

    def plan(self, export: Export) -> Plan:
        """Read the ``*.json`` page files; skip everything else."""
        pages = [m.name for m in export.members() if m.name.lower().endswith(".json")]
        if not pages:
            raise RejectedFile("no .json page files: not saved getAuthorFeed pages")
        return Plan(pages, len(export.members()) - len(pages))

    def load(self, ctx: LoadContext) -> LoadCounts:
        """Insert the actors/authors, then the feed entries of everyone who did not opt out."""
        counts = LoadCounts()
        sizes = {m.name: m.size for m in ctx.export.members()}
        items: list[tuple[str, int, Item]] = []
        rejected: list[tuple[str, int, str, object]] = []
        for member in ctx.members or self.plan(ctx.export).members:
            if sizes.get(member, 0) > PAGE_MAX_BYTES:
                self._reject_member(ctx, counts, member, f"larger than {PAGE_MAX_BYTES} bytes")
                continue
            try:
                page = parse_json_bytes(ctx.export.read_bytes(member), member)
            except RejectedFile as exc:
                self._reject_member(ctx, counts, member, exc.reason)
                continue
            feed = page.get("feed") if isinstance(page, dict) else None
            if not isinstance(feed, list):
                self._reject_member(ctx, counts, member, 'not a getAuthorFeed page: no "feed" array')
                continue
            for i, entry in enumerate(feed):
                counts.rows_in += 1
                parsed = _check_encodable(entry) or parse_item(entry)
                if isinstance(parsed, str):
                    rejected.append((member, i, parsed, entry))
                else:
                    items.append((member, i, parsed))

        # whose entries these are: actors, and authors of reposted posts (their text is stored);
        # a profile as of the latest entry naming it
        profiles: dict[str, tuple[datetime | None, dict]] = {}
        actors: set[str] = set()
        for _, _, it in items:
            actors.add(it.actor["did"])
            for prof in (it.actor, it.author):
                old = profiles.get(prof["did"])
                if old is None or old[0] is None or old[0] < it.row["acted_utc"]:
                    profiles[prof["did"]] = (it.row["acted_utc"], prof)
        for _, _, _, entry in rejected:  # so that a broken entry of an opted-out person is not kept either
            for prof in _named_profiles(entry):
                profiles.setdefault(prof["did"], (None, prof))
        _insert(
            ctx.con,
            "raw_bluesky_accounts",
            _ACCOUNT_COLUMNS + ("_file_sha256", "_member", "_record"),
            [
                (did, p["handle"], p["displayName"], json.dumps(p["labels"]), "actor" if did in actors else "author", seen, ctx.sha256, None, 0)
                for did, (seen, p) in sorted(profiles.items())
            ],
        )
        opted = set(ctx.opted_out_accounts(self.platform, self.stg_models["stg_accounts"]))
        hidden = {did for did, (_, p) in profiles.items() if _not_public(p)}
        gone = opted | hidden
        if gone:
            ctx.con.execute(
                "DELETE FROM raw_bluesky_accounts WHERE _file_sha256 = $sha AND did IN (SELECT unnest($ids))",
                {"sha": ctx.sha256, "ids": sorted(gone)},
            )

        for member, i, reason, entry in rejected:
            if _named_dids(entry) & gone:  # a broken entry of an opted-out or hidden account: not kept
                counts.rows_excluded += 1
            else:
                counts.rows_quarantined += 1
                ctx.quarantine(member, i, reason, json.dumps(_without_viewer(entry), ensure_ascii=reason.startswith("entry holds")))
        keep: list[tuple] = []
        seen_keys: set[str] = set()
        for member, i, it in items:
            if it.actor["did"] in gone or it.author["did"] in gone:
                counts.rows_excluded += 1
            elif it.row["item_key"] in seen_keys:
                counts.rows_duplicate += 1
            else:
                seen_keys.add(it.row["item_key"])
                keep.append(tuple(it.row[c] for c in _FEED_COLUMNS) + (ctx.sha256, member, i))
        _insert(ctx.con, "raw_bluesky_feed", _FEED_COLUMNS + ("_file_sha256", "_member", "_record"), keep)
        counts.rows_loaded = len(keep)
        return counts

    @staticmethod
    def _reject_member(ctx: LoadContext, counts: LoadCounts, member: str, reason: str) -> None:
        ctx.quarantine(member, None, reason)
        counts.rows_in += 1
        counts.rows_quarantined += 1

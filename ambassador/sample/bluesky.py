"""Saved Bluesky ``getAuthorFeed`` pages for the sample company's employees on Bluesky.

Each person with a Bluesky handle (``Person.bluesky``) gets one zip of page files
(``page-0001.json`` …, ``{"cursor"?, "feed": [feedViewPost]}``, 100 entries a page, newest
first) in the shapes of the lexicons (research/export_formats.md section 7): posts, replies to
colleagues' posts (with the ``reply.parent`` view), reposts (``reasonRepost``), quotes
(``app.bsky.embed.record#view``), mention/tag/link facets at UTF-8 byte offsets. Quirks the
loader must tolerate: a pinned post repeated at the top (``reasonPin``), ``createdAt`` with
offsets and 0-9 fraction digits, an occasional facet that is out of range, and reposts of an
outside account labelled ``!no-unauthenticated`` whose text carries the privacy canary (it
must never be stored). Opted-out people get pages too (the loader excludes them).

Output is byte-identical for the same company: every draw comes from a ``random.Random``
seeded with the sample seed and a fixed label.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ambassador.handles import normalize_handle
from ambassador.sample.company import (BRAND_BLUESKY, BRAND_RESHARE, PUBLIC_CATEGORIES, PUBLIC_DEFAULT_CATEGORIES,
                                       PUBLIC_DEFAULT_RESHARE, PUBLIC_RESHARE, PUBLIC_VOLUME, Company)
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.slack_workspace import CANARY
from ambassador.sample.text import compose

BRAND = BRAND_BLUESKY
HIDDEN = "lumen-notes.example.org"  # an outside account asking not to be shown to logged-out people
PAGE_SIZE = 100
_TID = "234567abcdefghijklmnopqrstuvwxyz"


def did_for(seed: int, handle: str) -> str:
    """A stable ``did:plc:`` identifier (24 base32 characters) for a handle.

    >>> did_for(7, "ann.bsky.social") == did_for(7, "ann.bsky.social") != did_for(8, "ann.bsky.social")
    True
    """
    digest = hashlib.sha256(f"{seed}/bluesky/{handle}".encode()).digest()
    return "did:plc:" + base64.b32encode(digest).decode().lower()[:24]


def _rkey(rng: random.Random) -> str:
    return "3l" + "".join(rng.choice(_TID) for _ in range(11))


def _created(rng: random.Random, ts: int) -> str:
    """``createdAt`` as clients write it: mostly UTC milliseconds, sometimes an offset or 0/9 digits."""
    dt = datetime.fromtimestamp(ts, timezone.utc)
    roll = rng.random()
    if roll < 0.1:
        return dt.astimezone(timezone(timedelta(hours=2))).strftime("%Y-%m-%dT%H:%M:%S+02:00")
    if roll < 0.15:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.123456789Z")
    if roll < 0.2:
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class _World:
    def __init__(self, company: Company):
        self.c = company
        self.handles: dict[int, str] = {}
        for p in company.people:
            h = normalize_handle("bluesky", p.bluesky) if p.bluesky else None
            if h:
                self.handles[p.idx] = h
        self.owners = sorted(self.handles)
        self.brand = company.industry.brand_bluesky

    def profile(self, handle: str, name: str) -> dict:
        view = {"did": did_for(self.c.seed, handle), "handle": handle, "displayName": name,
                "avatar": f"https://cdn.bsky.app/img/avatar/plain/{did_for(self.c.seed, handle)}/bafk@jpeg",
                "labels": [], "createdAt": "2023-09-01T10:00:00.000Z"}
        if handle == HIDDEN:
            view["labels"] = [{"src": view["did"], "uri": f"at://{view['did']}/app.bsky.actor.profile/self",
                               "cid": "bafyreilabel", "val": "!no-unauthenticated", "cts": "2023-09-01T10:00:00.000Z"}]
        return view

    def who(self, idx: int) -> tuple[str, str]:
        if idx == -1:
            return self.brand, self.c.industry.company_name
        if idx == -2:
            return HIDDEN, "Lumen Notes"
        return self.handles[idx], self.c.people[idx].full_name

    def record(self, rng: random.Random, category: str, author: int, created: str) -> dict:
        """An app.bsky.feed.post record with facets at UTF-8 byte offsets."""
        pending: list[dict] = []
        ind = self.c.industry
        BRAND, HASHTAGS, DOMAIN = self.brand, ind.hashtags, ind.domain  # noqa: N806

        def render(slot: str):
            if slot in ("mention", "brand"):
                others = [i for i in self.owners if i != author]
                handle = self.handles[rng.choice(others)] if slot == "mention" and others else BRAND
                pending.append({"$type": "app.bsky.richtext.facet#mention", "did": did_for(self.c.seed, handle)})
                return (f"@{handle}", True)
            if slot == "hashtag":
                tag = rng.choice(HASHTAGS)[1:]
                pending.append({"$type": "app.bsky.richtext.facet#tag", "tag": tag})
                return (f"#{tag}", True)
            if slot in ("brandlink", "link"):
                url = f"https://{DOMAIN}/{rng.choice(['blog', 'careers', 'stories'])}/{rng.randrange(100, 999)}"
                pending.append({"$type": "app.bsky.richtext.facet#link", "uri": url})
                return (url, True)
            return ("", False)

        text, facets, at = "", [], 0
        lang = self.c.people[author].language if author >= 0 else "en"
        for seg, markup in compose(rng, category, render, lang, self.c.pack):
            size = len(seg.encode())
            if markup and pending:
                facets.append({"index": {"byteStart": at, "byteEnd": at + size}, "features": [pending.pop(0)]})
            text += seg
            at += size
        if facets and rng.random() < 0.03:  # a client bug: a facet past the end of the text
            facets.append({"index": {"byteStart": at - 2, "byteEnd": at + 7}, "features": [facets[0]["features"][0]]})
        record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": created, "langs": [lang]}
        if facets:
            record["facets"] = facets
        return record

    def post_view(self, rng: random.Random, author: int, ts: int, category: str, **extra) -> dict:
        handle, name = self.who(author)
        prof = self.profile(handle, name)
        created = _created(rng, ts)
        record = self.record(rng, category, author, created)
        if author == -2:
            record["text"] = f"{CANARY} {record['text']}"
            record.pop("facets", None)
        record.update(extra.pop("record_extra", {}))
        view = {"$type": "app.bsky.feed.defs#postView", "uri": f"at://{prof['did']}/app.bsky.feed.post/{_rkey(rng)}",
                "cid": "bafyrei" + "".join(rng.choice(_TID) for _ in range(20)), "author": prof, "record": record,
                "replyCount": rng.randrange(0, 4), "repostCount": rng.randrange(0, 6), "likeCount": rng.randrange(0, 40),
                "quoteCount": rng.randrange(0, 2), "bookmarkCount": 0,
                "indexedAt": datetime.fromtimestamp(ts + rng.randrange(0, 5), timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z",
                "viewer": {"bookmarked": False, "threadMuted": False, "embeddingDisabled": False}, "labels": []}
        view.update(extra)
        return view


def _feed(w: _World, idx: int) -> list[dict]:
    c, p = w.c, w.c.people[idx]
    rng = random.Random(f"{c.seed}/bluesky/{idx}")
    start, end = int(c.start.timestamp()), int(c.end.timestamp())
    n = max(2, round(PUBLIC_VOLUME.get(p.archetype, 5) * c.days / 90 * rng.uniform(0.7, 1.3)))
    times = sorted(rng.randrange(min(start + 86400, (start + end) // 2), end - 3600) for _ in range(n))
    cats = PUBLIC_CATEGORIES.get(p.archetype, PUBLIC_DEFAULT_CATEGORIES)
    others = [i for i in w.owners if i != idx] + [-1]
    colleagues = others[:-1]
    reshare = PUBLIC_RESHARE.get(p.archetype, PUBLIC_DEFAULT_RESHARE)

    def original() -> int:  # whose post a repost or quote passes on: the brand's or a colleague's
        return -1 if not colleagues or rng.random() < BRAND_RESHARE else rng.choice(colleagues)

    items: list[dict] = []
    for ts in times:
        roll = rng.random()
        if roll < reshare:  # repost the brand's, a colleague's or (rarely) the hidden account's post
            other = -2 if rng.random() < 0.1 else original()
            post = w.post_view(rng, other, ts - rng.randrange(600, 86400), rng.choice(PUBLIC_DEFAULT_CATEGORIES))
            by = w.profile(*w.who(idx))
            rkey = _rkey(rng)
            items.append({"post": post, "reason": {"$type": "app.bsky.feed.defs#reasonRepost", "by": by,
                                                   "uri": f"at://{by['did']}/app.bsky.feed.repost/{rkey}",
                                                   "cid": "bafyreirepost" + rkey,
                                                   "indexedAt": datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")}})
        elif roll < reshare + 0.15:  # reply to a colleague's post
            parent = w.post_view(rng, rng.choice(others), ts - rng.randrange(600, 86400), rng.choice(PUBLIC_DEFAULT_CATEGORIES))
            ref = {"uri": parent["uri"], "cid": parent["cid"]}
            post = w.post_view(rng, idx, ts, rng.choice(cats), record_extra={"reply": {"root": ref, "parent": ref}})
            items.append({"post": post, "reply": {"root": parent, "parent": parent}})
        elif roll < reshare + 0.23:  # quote the brand's or a colleague's post
            quoted = w.post_view(rng, original(), ts - rng.randrange(600, 86400), rng.choice(PUBLIC_DEFAULT_CATEGORIES))
            embed = {"$type": "app.bsky.embed.record", "record": {"uri": quoted["uri"], "cid": quoted["cid"]}}
            view = {"$type": "app.bsky.embed.record#view", "record": {
                "$type": "app.bsky.embed.record#viewRecord", "uri": quoted["uri"], "cid": quoted["cid"],
                "author": quoted["author"], "value": quoted["record"], "indexedAt": quoted["indexedAt"]}}
            items.append({"post": w.post_view(rng, idx, ts, rng.choice(cats), record_extra={"embed": embed}, embed=view)})
        else:
            items.append({"post": w.post_view(rng, idx, ts, rng.choice(cats))})
    items.reverse()  # newest first, as the API returns them
    own = [i for i in items if "reason" not in i]
    if own:  # the pinned post, repeated at the top of the first page
        pinned = max(own, key=lambda i: (i["post"]["likeCount"], i["post"]["uri"]))
        items.insert(0, {"post": pinned["post"], "reason": {"$type": "app.bsky.feed.defs#reasonPin"}})
    return items


def feed_pages(items: list[dict]) -> list[bytes]:
    """The entries as getAuthorFeed pages: ``cursor`` on every page but the last."""
    pages = []
    for k in range(0, max(1, len(items)), PAGE_SIZE):
        chunk = items[k : k + PAGE_SIZE]
        body: dict = {"feed": chunk}
        if k + PAGE_SIZE < len(items):
            body = {"cursor": chunk[-1]["post"]["indexedAt"], "feed": chunk}
        pages.append(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())
    return pages


def write_bluesky_feeds(company: Company, folder: Path) -> dict:
    """Write one zip of feed pages per employee with a Bluesky handle into ``folder``; return counts."""
    folder.mkdir(parents=True, exist_ok=True)
    w = _World(company)
    entries = 0
    for idx in w.owners:
        items = _feed(w, idx)
        entries += len(items)
        with DeterministicZip(folder / f"{w.handles[idx]}-feed.zip", company.end) as z:
            for n, data in enumerate(feed_pages(items), 1):
                z.add(f"page-{n:04d}.json", data)
    return {"feeds": len(w.owners), "entries": entries}

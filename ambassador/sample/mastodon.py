"""Mastodon exports for the sample company's employees with a Mastodon account.

Each such person (``Person.mastodon``, set by :func:`ambassador.sample.company.build_company`)
gets either saved REST status pages (about a third: ``statuses-<user>-<host>.zip`` of
``statuses-NNN.json`` arrays of Status entities, newest first, boosts as a nested ``reblog``)
or one ``archive-<date>-<hash>.zip`` holding ``actor.json`` and ``outbox.json`` in the
documented format (research/export_formats.md section 6), plus ``likes.json`` (the URIs of the
statuses the owner favourited: colleagues' public statuses, chosen by the colleague's social
pull, the brand's, strangers', and a few Misskey notes whose ids carry no date) and every quirk
the loader must tolerate: the duplicate empty ``orderedItems`` key, a ``totalItems`` that
disagrees with the items, per-item ``@context`` and ``signature`` on older items, polls
(``Question``), boosts whose ``object`` is only a URI, likes as objects with an ``id`` rather
than URIs, and followers-only and direct posts (which carry a privacy canary and must never be
stored).

Status ids are Mastodon snowflakes (``ms << 16 | sequence``, lib/mastodon/snowflake.rb), the
same in an archive and in REST pages, so a like's URI dates the liked status.

Volume and tone follow the person's traits as the X writer does, at a smaller scale. Output is
byte-identical for the same company: every draw comes from a ``random.Random`` seeded with
the sample seed and a fixed label.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, timezone
from pathlib import Path

from ambassador.handles import normalize_handle
from ambassador.sample.company import (BRAND_RESHARE, PUBLIC_CATEGORIES,
                                       PUBLIC_DEFAULT_CATEGORIES, PUBLIC_DEFAULT_RESHARE, PUBLIC_RESHARE, PUBLIC_VOLUME, Company, Person)
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.slack_workspace import CANARY, poisson
from ambassador.sample.text import compose

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
CONTEXT = ["https://www.w3.org/ns/activitystreams", {"ostatus": "http://ostatus.org#", "sensitive": "as:sensitive",
                                                      "Hashtag": "as:Hashtag", "PropertyValue": "schema:PropertyValue"}]
REST_SHARE = 0.3  # owners whose statuses were saved from the REST API rather than archived
REST_PAGE = 40  # statuses per saved page (the API's maximum ``limit``)
LIKES_PER_STATUS = 1.5  # mean likes given per status written
# where a like goes: a colleague's public status, the brand's, a stranger's, a Misskey note (undatable)
LIKE_TARGETS = (("colleague", 0.6), ("brand", 0.2), ("stranger", 0.15), ("misskey", 0.05))
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def actor_uri(handle: str) -> str:
    """``user@host`` -> ``https://host/users/user``.

    >>> actor_uri("ann@hachyderm.io")
    'https://hachyderm.io/users/ann'
    """
    user, host = handle.split("@")
    return f"https://{host}/users/{user}"


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def snowflake(ts: int, sequence: int) -> int:
    """A Mastodon status id for a status made at ``ts`` (seconds): ms << 16 | a 16-bit sequence.

    >>> snowflake(1575776913, 0) >> 16 == 1575776913000
    True
    """
    return (ts * 1000 << 16) | (sequence & 0xFFFF)


class _World:
    def __init__(self, company: Company):
        self.c = company
        self.handles: dict[int, str] = {p.idx: normalize_handle("mastodon", p.mastodon) for p in company.people if p.mastodon}
        self.owners = sorted(self.handles)
        self.by_handle = {h: i for i, h in self.handles.items()}
        self.brand = company.industry.brand_mastodon
        assert len(set(self.handles.values())) == len(self.handles), "company.py gives every account its own handle"

    def content(self, rng: random.Random, category: str, author: int) -> tuple[str, list[dict]]:
        tags: list[dict] = []
        ind = self.c.industry
        BRAND_MASTODON, HASHTAGS, DOMAIN = ind.brand_mastodon, ind.hashtags, ind.domain  # noqa: N806

        def mention(handle: str) -> tuple[str, bool]:
            user, host = handle.split("@")
            href = actor_uri(handle)
            if not any(t.get("href") == href for t in tags):
                tags.append({"type": "Mention", "href": href, "name": f"@{handle}"})
            return (f'<span class="h-card" translate="no"><a href="https://{host}/@{user}" class="u-url mention">'
                    f"@<span>{user}</span></a></span>", True)

        def render(slot: str) -> tuple[str, bool]:
            if slot == "mention":
                others = [i for i in self.owners if i != author]
                return mention(self.handles[rng.choice(others)] if others else BRAND_MASTODON)
            if slot == "brand":
                return mention(BRAND_MASTODON)
            if slot == "hashtag":
                tag = rng.choice(HASHTAGS)[1:]
                tags.append({"type": "Hashtag", "href": f"https://mastodon.social/tags/{tag.lower()}", "name": f"#{tag.lower()}"})
                return (f'<a href="https://mastodon.social/tags/{tag.lower()}" class="mention hashtag" rel="tag">#<span>{tag}</span></a>', True)
            if slot in ("brandlink", "link"):
                path = f"{rng.choice(['blog', 'careers', 'stories'])}/{rng.randrange(100, 999)}"
                return (f'<a href="https://{DOMAIN}/{path}" target="_blank" rel="nofollow noopener">'
                        f'<span class="invisible">https://</span><span class="">{DOMAIN}/{path}</span>'
                        f'<span class="invisible"></span></a>', True)
            return ("", False)

        lang = self.c.people[author].language if author >= 0 else "en"
        body = "".join(t if markup else t.translate(_ESC) for t, markup in compose(rng, category, render, lang, self.c.pack))
        return f"<p>{body}</p>", tags


def _note(owner: str, n: int, ts: int, content: str, tags: list[dict], *, to: list[str], cc: list[str],
          reply_to: str | None = None, kind: str = "Note", old: bool = False, lang: str = "en") -> dict:
    status = f"{owner}/statuses/{n}"
    obj = {"id": status, "type": kind, "summary": None, "inReplyTo": reply_to, "published": _iso(ts),
           "url": owner.replace("/users/", "/@") + f"/{n}", "attributedTo": owner, "to": to, "cc": cc,
           "sensitive": False, "atomUri": status, "conversation": f"tag:{owner.split('/')[2]},2026:objectId={n}:objectType=Conversation",
           "content": content, "contentMap": {lang: content}, "attachment": [], "tag": tags}
    if kind == "Question":
        obj["endTime"] = _iso(ts + 86400)
        obj["oneOf"] = [{"type": "Note", "name": n_, "replies": {"type": "Collection", "totalItems": 0}} for n_ in ("Yes", "No")]
    act = {"id": f"{status}/activity", "type": "Create", "actor": owner, "published": _iso(ts), "to": to, "cc": cc, "object": obj}
    if old:
        act = {"@context": CONTEXT, **act, "signature": {"type": "RsaSignature2017", "creator": f"{owner}#main-key",
                                                         "created": _iso(ts), "signatureValue": "c2FtcGxl"}}
    return act


def _archive(w: _World, idx: int) -> tuple[dict, list[dict]]:
    c, p = w.c, w.c.people[idx]
    handle = w.handles[idx]
    owner = actor_uri(handle)
    rng = random.Random(f"{c.seed}/mastodon/{idx}")
    start, end = int(c.start.timestamp()), int(c.end.timestamp())
    n = max(2, round(PUBLIC_VOLUME.get(p.archetype, 5) * c.days / 90 * rng.uniform(0.7, 1.3)))
    times = sorted(rng.randrange(start, end - 3600) for _ in range(n))
    followers = f"{owner}/followers"
    items: list[dict] = []
    mine: list[str] = []
    reshare = PUBLIC_RESHARE.get(p.archetype, PUBLIC_DEFAULT_RESHARE)
    colleagues = [i for i in w.owners if i != idx]
    for k, ts in enumerate(times):
        sid = snowflake(ts, k)  # what rest_statuses gives the same status
        roll = rng.random()
        if roll < reshare:  # boost the brand's or a colleague's status: only its URI
            brand = not colleagues or rng.random() < BRAND_RESHARE
            target = actor_uri(w.brand if brand else w.handles[rng.choice(colleagues)])
            items.append({"id": f"{owner}/statuses/{sid}/activity", "type": "Announce", "actor": owner, "published": _iso(ts),
                          "to": [PUBLIC], "cc": [target, followers], "object": f"{target}/statuses/{rng.randrange(10**5, 10**6)}"})
            continue
        if roll < reshare + 0.07:  # followers-only or direct: must never be stored
            content = f"<p>{CANARY} {rng.choice(['see you at lunch', 'private note'])}</p>"
            to = [followers] if rng.random() < 0.5 else [actor_uri(w.handles[rng.choice(w.owners)])]
            items.append(_note(owner, sid, ts, content, [], to=to, cc=[]))
            continue
        category = rng.choice(PUBLIC_CATEGORIES.get(p.archetype, PUBLIC_DEFAULT_CATEGORIES))
        content, tags = w.content(rng, category, idx)
        reply_to = f"{rng.choice(mine)}" if mine and rng.random() < 0.15 else None
        unlisted = rng.random() < 0.05
        kind = "Question" if rng.random() < 0.03 else "Note"
        items.append(_note(owner, sid, ts, content, tags, to=[followers] if unlisted else [PUBLIC],
                           cc=[PUBLIC] if unlisted else [followers], reply_to=reply_to, kind=kind, old=k < n // 5,
                           lang=p.language))
        mine.append(f"{owner}/statuses/{sid}")
    user, host = handle.split("@")
    domain = c.industry.domain
    fields = [{"type": "PropertyValue", "name": "Work", "value": f'<a href="https://{domain}" rel="me">{domain}</a>'}]
    if p.x is not None and poisson(rng, 1.0) > 0:
        fields.append({"type": "PropertyValue", "name": "X",
                       "value": f'<a href="https://x.com/{p.x.screen_name}" rel="me">x.com/{p.x.screen_name}</a>'})
    actor = {"@context": CONTEXT, "id": owner, "type": "Person", "following": f"{owner}/following",
             "followers": followers, "inbox": f"{owner}/inbox", "outbox": "outbox.json", "preferredUsername": user,
             "name": p.full_name, "summary": f"<p>{rng.choice(['Keeping the lights on', 'Working at'])} {c.industry.company_name}</p>",
             "url": f"https://{host}/@{user}", "manuallyApprovesFollowers": False, "published": "2022-11-05T00:00:00Z",
             "attachment": fields, "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
             "likes": "likes.json", "bookmarks": "bookmarks.json"}
    return actor, items[::-1]  # newest first, as Mastodon writes the outbox


def account_id(handle: str) -> str:
    """A stable numeric REST account id for ``user@host``."""
    return str(int(hashlib.sha256(handle.encode()).hexdigest()[:12], 16))


def _account(handle: str, name: str, owner_host: str) -> dict:
    """A REST Account entity (the fields the Status view carries); ``acct`` is bare on its own server."""
    user, host = handle.split("@")
    return {"id": account_id(handle), "username": user, "acct": user if host == owner_host else handle, "display_name": name,
            "locked": False, "bot": False, "url": f"https://{host}/@{user}",
            "avatar": f"https://{host}/avatars/original/missing.png"}


def _handle_of_actor(uri: str) -> str:
    """``https://host/users/user`` -> ``user@host``."""
    host, _, user = uri.removeprefix("https://").partition("/users/")
    return f"{user}@{host}"


def rest_statuses(w: _World, idx: int, items: list[dict]) -> list[dict]:
    """The archive's activities as ``GET /api/v1/accounts/:id/statuses`` returns them (newest
    first): Status entities with snowflake ids, ``visibility``, like/boost counts, ``mentions``,
    ``tags``, and boosts as a nested ``reblog`` Status (with the original's content)."""
    c, p = w.c, w.c.people[idx]
    rng = random.Random(f"{c.seed}/mastodon/{idx}/rest")
    handle = w.handles[idx]
    user, host = handle.split("@")
    me = _account(handle, p.full_name, host)
    names = {h: c.people[i].full_name for i, h in w.handles.items()} | {w.brand: c.industry.company_name}
    ids: dict[str, str] = {}
    out: list[dict] = []

    def status(rid: str, when: str, author: dict, uri: str) -> dict:
        return {"id": rid, "created_at": when.replace("Z", ".000Z"), "in_reply_to_id": None, "in_reply_to_account_id": None,
                "sensitive": False, "spoiler_text": "", "visibility": "public", "language": "en", "uri": uri,
                "url": f"{author['url']}/{rid}", "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
                "edited_at": None, "content": "", "reblog": None, "application": {"name": "Web", "website": None},
                "account": author, "media_attachments": [], "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None}

    for act in reversed(items):  # oldest first, so a reply finds the id of the status it answers
        ms = int(datetime.strptime(act["published"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()) * 1000
        rid = str(snowflake(ms // 1000, len(out)))  # the archive's id for it
        st = status(rid, act["published"], me, f"{actor_uri(handle)}/statuses/{rid}")
        if act["type"] == "Announce":
            target = _handle_of_actor(act["object"].split("/statuses/")[0])
            oid = act["object"].rsplit("/", 1)[1]
            when = _iso(ms // 1000 - rng.randrange(600, 86400))
            original = status(oid, when, _account(target, names[target], host), act["object"])
            category = "x_brand" if target == w.brand else rng.choice(PUBLIC_DEFAULT_CATEGORIES)
            original["content"], _ = w.content(rng, category, w.by_handle.get(target, -1))
            original["language"] = c.people[w.by_handle[target]].language if target in w.by_handle else "en"
            original.update(favourites_count=poisson(rng, 12), reblogs_count=poisson(rng, 4))
            st["reblog"] = original
        else:
            obj = act["object"]
            ids[obj["id"]] = rid
            to, cc = act["to"], act["cc"]
            st["visibility"] = ("public" if PUBLIC in to else "unlisted" if PUBLIC in cc
                                else "private" if any(t.endswith("/followers") for t in to) else "direct")
            st["content"] = obj["content"]
            st["language"] = p.language
            if obj.get("inReplyTo") in ids:
                st["in_reply_to_id"], st["in_reply_to_account_id"] = ids[obj["inReplyTo"]], me["id"]
            for tag in obj["tag"]:
                if tag["type"] == "Mention":
                    other = _account(_handle_of_actor(tag["href"]), "", host)
                    st["mentions"].append({k: other[k] for k in ("id", "username", "url", "acct")})
                else:
                    st["tags"].append({"name": tag["name"].lstrip("#"), "url": tag["href"]})
            if obj["type"] == "Question":
                st["poll"] = {"id": str(rng.randrange(10**5, 10**6)), "expires_at": obj["endTime"].replace("Z", ".000Z"),
                              "expired": True, "multiple": False, "votes_count": 0, "voters_count": 0,
                              "options": [{"title": o["name"], "votes_count": 0} for o in obj["oneOf"]], "emojis": []}
            pull = 1 + 10 * p.social_pull ** 2
            st.update(replies_count=poisson(rng, pull / 4), reblogs_count=poisson(rng, pull / 3),
                      favourites_count=poisson(rng, pull))
        out.append(st)
    return out[::-1]


def outbox_bytes(items: list[dict]) -> bytes:
    """The outbox with Mastodon's duplicate ``orderedItems`` key and a ``totalItems`` that is off."""
    body = ",".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
    head = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
                       "type": "OrderedCollection", "totalItems": len(items) + 3}, separators=(",", ":"))[:-1]
    return f'{head},"orderedItems":[],"orderedItems":[{body}]}}'.encode()


def _public_statuses(items: list[dict]) -> list[tuple[str, int]]:
    """(URI, time) of the public and unlisted Notes and Questions of an outbox."""
    out = []
    for act in items:
        if act["type"] == "Create" and PUBLIC in act["to"] + act["cc"]:
            published = datetime.strptime(act["object"]["published"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            out.append((act["object"]["id"], int(published.timestamp())))
    return out


def likes(w: _World, idx: int, n_items: int, statuses: dict[int, list[tuple[str, int]]]) -> list:
    """The ``orderedItems`` of an owner's likes.json, newest like first: status URIs (a few as
    objects with an ``id``, as some exports write them), each liked once."""
    c = w.c
    rng = random.Random(f"{c.seed}/mastodon/{idx}/likes")
    start, end = int(c.start.timestamp()), int(c.end.timestamp())
    colleagues = [i for i in w.owners if i != idx and statuses[i]]
    pull = [0.2 + c.people[i].social_pull for i in colleagues]
    kinds, weights = zip(*LIKE_TARGETS)
    chosen: dict[str, int] = {}
    for _ in range(poisson(rng, LIKES_PER_STATUS * n_items)):
        kind = rng.choices(kinds, weights)[0]
        if kind == "colleague" and colleagues:
            uri, ts = rng.choice(statuses[rng.choices(colleagues, pull)[0]])
        elif kind == "misskey":
            aid = "".join(rng.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(10))  # base36, as Misskey's
            uri, ts = f"https://misskey.io/notes/{aid}", rng.randrange(start, end - 3600)
        else:
            ts = rng.randrange(start, end - 3600)
            author = actor_uri(w.brand if kind == "brand" else f"reader{rng.randrange(1, 200)}@mastodon.social")
            uri = f"{author}/statuses/{snowflake(ts, rng.randrange(2**16))}"
        chosen.setdefault(uri, ts)
    ordered = sorted(chosen, key=lambda u: (-chosen[u], u))
    return [{"id": u, "type": "Note"} if rng.random() < 0.05 else u for u in ordered]


def likes_bytes(items: list) -> bytes:
    """likes.json with the outbox's quirks: the duplicate ``orderedItems`` key, a ``totalItems`` that is off."""
    body = ",".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
    head = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": "likes.json",
                       "type": "OrderedCollection", "totalItems": max(0, len(items) - 2)}, separators=(",", ":"))[:-1]
    return f'{head},"orderedItems":[],"orderedItems":[{body}]}}'.encode()


def write_mastodon_archives(company: Company, folder: Path) -> dict:
    """Write one export per employee with a Mastodon account into ``folder``: mostly archive
    zips, for about a third saved REST status pages instead; return counts."""
    folder.mkdir(parents=True, exist_ok=True)
    w = _World(company)
    statuses = rest = liked = 0
    vrng = random.Random(f"{company.seed}/mastodon/variants")
    archives = {idx: _archive(w, idx) for idx in w.owners}
    public = {idx: _public_statuses(items) for idx, (_, items) in archives.items()}
    for idx in w.owners:
        person: Person = company.people[idx]
        actor, items = archives[idx]
        statuses += len(items)
        if vrng.random() < REST_SHARE:
            user, host = w.handles[idx].split("@")
            pages = rest_statuses(w, idx, items)
            with DeterministicZip(folder / f"statuses-{user}-{host}.zip", company.end) as z:
                for n in range(0, len(pages), REST_PAGE):
                    page = json.dumps(pages[n:n + REST_PAGE], ensure_ascii=False).encode()
                    z.add(f"statuses-{n // REST_PAGE + 1:03d}.json", page)
            rest += 1
            continue
        digest = hashlib.sha256(f"{company.seed}/{person.employee_id}".encode()).hexdigest()[:16]
        name = f"archive-{company.end:%Y%m%d}-{digest}.zip"
        liked_items = likes(w, idx, len(items), public)
        liked += len(liked_items)
        with DeterministicZip(folder / name, company.end) as z:
            z.add("actor.json", json.dumps(actor, ensure_ascii=False, separators=(",", ":")).encode())
            z.add("likes.json", likes_bytes(liked_items))
            z.add("outbox.json", outbox_bytes(items))
    return {"archives": len(w.owners) - rest, "rest_exports": rest, "statuses": statuses, "likes": liked}

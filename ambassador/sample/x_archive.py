"""X "Download your archive" exports for the sample company's employees on X.

Two passes keep memory bounded and cross-archive references consistent: first every owner's
original tweets are placed in time (only their millisecond timestamps are kept); then each
archive is written on its own, regenerating any colleague's original it retweets, quotes or
replies to from that original's own seeded ``random.Random``. Tweet ids are snowflakes built
from (time, owner), so the same tweet has the same id in every archive that refers to it.

Formats follow the real 2026 fixture byte for byte (Jackson pretty printing, numeric strings,
``window.YTD.tweets.part0 = `` prefix, newest first). One archive uses the pre-2020 layout
(``data/tweet.js``, ``window.YTD.tweet.part0``, bare tweet objects); the largest account is split
into ``tweets.js`` + ``tweets-part1.js`` with part1 listed first in ``manifest.js``.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import datetime, timezone
from itertools import accumulate
from pathlib import Path

from ambassador.sample.company import Company, Person
from ambassador.sample.formats import DeterministicZip, jackson, ytd_js
from ambassador.sample.slack_workspace import CANARY, poisson
from ambassador.sample.text import compose

TWITTER_EPOCH_MS = 1288834974657
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_TCO = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
SOURCES = [
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
]
BUFFER = '<a href="https://buffer.com" rel="nofollow">Buffer</a>'
# tweets per 90 days, then shares of: original, retweet, reply to a tweet, @-reply without a tweet, quote
VOLUME = {"ideal_ambassador": 45, "communications": 55, "amplifier": 40, "broadcaster": 70,
          "central_negative": 35, "solid_contributor": 14, "quiet_expert": 6, "newcomer": 8,
          "background": 5, "opted_out": 25, "guest_contractor": 30, "departed": 30, "sarcastic_hub": 40,
          "executive": 12, "burst": 6, "quiet_carrier": 6, "rising_newcomer": 14}
MIX = {
    "ideal_ambassador": (0.5, 0.15, 0.2, 0.05, 0.1),
    "communications": (0.55, 0.2, 0.12, 0.03, 0.1),
    "amplifier": (0.1, 0.8, 0.05, 0.0, 0.05),
    "broadcaster": (0.8, 0.1, 0.07, 0.03, 0.0),
    "central_negative": (0.7, 0.05, 0.2, 0.05, 0.0),
}
DEFAULT_MIX = (0.5, 0.2, 0.2, 0.05, 0.05)
ORIGINALS = {
    "ideal_ambassador": {"x_brand": 0.35, "x_customer": 0.15, "x_learning": 0.15, "x_recognition": 0.2,
                         "x_safety": 0.05, "x_chatter": 0.1},
    "communications": {"x_brand": 0.5, "x_hiring": 0.2, "x_customer": 0.2, "x_recognition": 0.1},
    "central_negative": {"x_negative": 0.6, "x_chatter": 0.3, "x_brand": 0.1},
    "sarcastic_hub": {"x_negative": 0.5, "x_chatter": 0.5},
    "executive": {"x_brand": 0.5, "x_hiring": 0.3, "x_customer": 0.2},
    "broadcaster": {"x_brand": 0.3, "x_chatter": 0.3, "x_learning": 0.2, "x_customer": 0.2},
    "amplifier": {"x_chatter": 0.5, "x_brand": 0.5},
}
DEFAULT_ORIGINALS = {"x_chatter": 0.4, "x_brand": 0.15, "x_learning": 0.15, "x_customer": 0.1,
                     "x_recognition": 0.1, "x_negative": 0.1}
EXTERNAL = [("Port of Aldmere", "PortOfAldmere", "1322867741"), ("Cobalt Shipping", "CobaltShipping", "891455032"),
            ("Maritime Data Summit", "MaritimeDataSum", "1499002817395068928"), ("OceanOps Meetup", "OceanOpsMeetup", "3014553381")]

Seg = tuple[str, tuple | None]  # (raw text, entity): ("m", screen, name, id) | ("h", tag) | ("u", tco, expanded)


def snowflake(ms: int, worker: int, seq: int) -> str:
    """A tweet id for a millisecond timestamp, unique per (worker, seq)."""
    return str(((ms - TWITTER_EPOCH_MS) << 22) | (worker << 12) | seq)


def created_at(ms: int) -> str:
    """``Fri Feb 20 09:10:58 +0000 2026`` (locale-independent)."""
    t = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return f"{_DAYS[t.weekday()]} {_MONTHS[t.month - 1]} {t:%d %H:%M:%S} +0000 {t.year}"


def iso_ms(ms: int) -> str:
    t = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return f"{t:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def _display(url: str) -> str:
    host, _, path = url.split("://", 1)[1].removeprefix("www.").partition("/")
    path = "/" + path if path else ""
    return host + (path[:15] + "…" if len(path) > 15 else path)


class XWorld:
    """Who is on X, and when each owner's originals were posted (pass one)."""

    def __init__(self, company: Company):
        c = self.c = company
        self.seed = c.seed
        self.start_ms = int(c.start.timestamp()) * 1000
        self.end_ms = int(c.end.timestamp()) * 1000
        self.owners = [p.idx for p in c.people if p.x is not None and p.x.archive]
        self.slot = {idx: k for k, idx in enumerate(self.owners)}
        ident = [p.idx for p in c.people if p.x is not None]
        self.ident = ident
        self.ident_cum = list(accumulate(c.people[i].social_pull ** 1.5 + 0.01 for i in ident))
        self.owner_cum = list(accumulate(c.people[i].social_pull ** 1.5 + 0.01 for i in self.owners))
        self.volume: dict[int, int] = {}
        self.originals: dict[int, list[int]] = {}
        for idx in self.owners:
            p = c.people[idx]
            rng = random.Random(f"{self.seed}/x/{idx}/plan")
            n = max(2, round(VOLUME[p.archetype] * c.days / 90 * rng.uniform(0.7, 1.3)))
            self.volume[idx] = n
            share = MIX.get(p.archetype, DEFAULT_MIX)[0]
            k = max(1, round(n * share))
            self.originals[idx] = self._times(rng, k, set())
        brng = random.Random(f"{self.seed}/x/brand")
        self.brand = self._times(brng, max(3, round(1.5 * c.days)), set())

    def _times(self, rng: random.Random, k: int, taken: set[int]) -> list[int]:
        out = []
        span = self.end_ms - self.start_ms
        while len(out) < k:
            ms = self.start_ms + rng.randrange(span - 3_600_000)
            if ms not in taken:
                taken.add(ms)
                out.append(ms)
        return sorted(out)

    def worker(self, idx: int) -> tuple[int, int]:
        k = self.slot[idx]
        return k % 1023, (k // 1023) % 4096

    def tweet_id(self, idx: int, ms: int) -> str:
        return snowflake(ms, *self.worker(idx)) if idx >= 0 else snowflake(ms, 1023, 0)

    def pick_identity(self, rng: random.Random, exclude: int) -> Person | None:
        for _ in range(4):
            i = self.ident[bisect_left(self.ident_cum, rng.random() * self.ident_cum[-1])]
            if i != exclude:
                return self.c.people[i]
        return None

    def pick_owner(self, rng: random.Random, exclude: int) -> int:
        for _ in range(4):
            i = self.owners[min(bisect_left(self.owner_cum, rng.random() * self.owner_cum[-1]), len(self.owners) - 1)]
            if i != exclude:
                return i
        return -1

    # -- text ------------------------------------------------------------------------------
    def segments(self, rng: random.Random, category: str, author: int) -> list[Seg]:
        ind = self.c.industry
        BRAND_X, COMPANY_NAME, BRAND_X_ID, DOMAIN = ind.brand_x, ind.company_name, ind.brand_x_id, ind.domain  # noqa: N806

        def render(slot: str):
            if slot == "mention":
                p = self.pick_identity(rng, author)
                if p is None:
                    return ("@" + BRAND_X, ("m", BRAND_X, COMPANY_NAME, BRAND_X_ID))
                return ("@" + p.x.screen_name, ("m", p.x.screen_name, p.x.display_name, p.x.account_id))
            if slot == "brand":
                return ("@" + BRAND_X, ("m", BRAND_X, COMPANY_NAME, BRAND_X_ID))
            if slot == "hashtag":
                tag = rng.choice(ind.hashtags)
                return (tag, ("h", tag[1:]))
            if slot in ("brandlink", "link"):
                if slot == "brandlink":
                    url = f"https://{rng.choice(['', 'www.'])}{DOMAIN}/{rng.choice(['blog', 'careers', 'stories'])}/{rng.randrange(100, 999)}"
                else:
                    url = rng.choice([f"https://{DOMAIN}/blog/{rng.randrange(100, 999)}",
                                      f"https://medium.com/@{ind.slug.split('-')[0]}-eng/notes-{rng.randrange(1000, 9999)}",
                                      f"https://github.com/{ind.slug}/handbook/pull/{rng.randrange(10, 500)}"])
                tco = "https://t.co/" + "".join(rng.choice(_TCO) for _ in range(10))
                return (tco, ("u", tco, url))
            return ("", None)

        lang = self.c.people[author].language if author >= 0 else "en"
        return [(t, ent if isinstance(ent, tuple) else None) for t, ent in compose(rng, category, render, lang, self.c.pack)]

    def original(self, idx: int, k: int) -> tuple[str, list[Seg], int, int]:
        """The k-th original of owner ``idx`` (or of the brand when ``idx < 0``): category, text, likes, RTs."""
        c = self.c
        rng = random.Random(f"{self.seed}/x/{idx}/o{k}")
        if idx < 0:
            cat = rng.choice(["x_customer", "x_hiring", "x_learning", "x_safety"])
            return cat, self.segments(rng, cat, -1), poisson(rng, 40), poisson(rng, 12)
        p = c.people[idx]
        table = ORIGINALS.get(p.archetype, DEFAULT_ORIGINALS)
        cat = rng.choices(list(table), weights=list(table.values()), k=1)[0]
        if cat == "x_negative" and p.archetype != "central_negative" and rng.random() < p.culture_fit:
            cat = "x_chatter"
        lam = 0.3 + 28 * p.social_pull ** 2 * (1.3 if cat == "x_negative" else 1.0)
        fav = poisson(rng, lam)
        return cat, self.segments(rng, cat, idx), fav, poisson(rng, fav / 6)

    def screen(self, idx: int) -> tuple[str, str, str]:
        if idx < 0:
            ind = self.c.industry
            return ind.brand_x, ind.company_name, ind.brand_x_id
        x = self.c.people[idx].x
        return x.screen_name, x.display_name, x.account_id


def build_tweet(tid: str, ms: int, segs: list[Seg], *, fav: int = 0, rts: int = 0, source: str = SOURCES[0],
                reply: tuple | None = None, old: bool = False, eligible: bool = True, lang: str = "en") -> dict:
    """A tweet object with the real archive's key order; entity indices count code points of
    the HTML-escaped text."""
    text_parts: list[str] = []
    pos = 0
    hashtags, mentions, urls = [], [], []
    for raw, ent in segs:
        esc = raw.translate(_ESC)
        if ent is not None:
            ind = [str(pos), str(pos + len(esc))]
            if ent[0] == "m":
                mentions.append({"name": ent[2], "screen_name": ent[1], "indices": ind, "id_str": ent[3], "id": ent[3]})
            elif ent[0] == "h":
                hashtags.append({"text": ent[1], "indices": ind})
            else:
                urls.append({"url": ent[1], "expanded_url": ent[2], "display_url": _display(ent[2]), "indices": ind})
        text_parts.append(esc)
        pos += len(esc)
    text = "".join(text_parts)
    d: dict = {}
    if not old:
        d["edit_info"] = {"initial": {"editTweetIds": [tid], "editableUntil": iso_ms(ms + 3_600_000),
                                      "editsRemaining": "5", "isEditEligible": eligible}}
    d["retweeted"] = False
    d["source"] = source
    d["entities"] = {"hashtags": hashtags, "symbols": [], "user_mentions": mentions, "urls": urls}
    d["display_text_range"] = ["0", str(pos)]
    d["favorite_count"] = str(fav)
    if reply and reply[0]:
        d["in_reply_to_status_id_str"] = reply[0]
    d["id_str"] = tid
    if reply:
        d["in_reply_to_user_id"] = reply[1]
    d["truncated"] = False
    d["retweet_count"] = str(rts)
    d["id"] = tid
    if reply and reply[0]:
        d["in_reply_to_status_id"] = reply[0]
    if urls:
        d["possibly_sensitive"] = False
    d["created_at"] = created_at(ms)
    d["favorited"] = False
    d["full_text"] = text
    d["lang"] = lang
    if reply:
        d["in_reply_to_screen_name"] = reply[2]
        d["in_reply_to_user_id_str"] = reply[1]
    return d


def _truncate(segs: list[Seg], budget: int) -> list[Seg]:
    """Cut an RT body at ``budget`` characters the way X does: at a word, then ``…``."""
    out: list[Seg] = []
    used = 0
    for raw, ent in segs:
        if used + len(raw) <= budget:
            out.append((raw, ent))
            used += len(raw)
            continue
        if ent is None:
            cut = raw[: budget - used].rsplit(" ", 1)[0]
            out.append((cut + "…", None))
        else:
            out.append(("…", None))
        return out
    return out


def _archive_tweets(w: XWorld, idx: int) -> tuple[list[tuple[int, dict]], list[tuple[int, dict]]]:
    """All tweets of one owner as (ms, tweet) pairs, plus deleted ones."""
    c, p = w.c, w.c.people[idx]
    rng = random.Random(f"{w.seed}/x/{idx}/interactions")
    source = BUFFER if p.archetype == "communications" and rng.random() < 0.5 else rng.choice(SOURCES)
    mine = w.originals[idx]
    taken = set(mine)
    out: list[tuple[int, dict]] = []
    for k, ms in enumerate(mine):
        _, segs, fav, rts = w.original(idx, k)
        out.append((ms, build_tweet(w.tweet_id(idx, ms), ms, segs, fav=fav, rts=rts, source=source, lang=p.language)))
    mix = MIX.get(p.archetype, DEFAULT_MIX)
    kinds = ["rt", "reply", "mention", "quote"]
    n_more = w.volume[idx] - len(mine)
    for ms in w._times(rng, max(0, n_more), taken):
        kind = rng.choices(kinds, weights=mix[1:], k=1)[0]
        tid = w.tweet_id(idx, ms)
        target = -1 if rng.random() < (0.4 if kind in ("rt", "quote") else 0.1) else w.pick_owner(rng, idx)
        tlist = w.brand if target < 0 else w.originals[target]
        j = bisect_left(tlist, ms) - 1
        if kind == "mention":
            t = w.pick_identity(rng, idx)
            if t is None:
                continue
            body = w.segments(rng, "x_reply_negative" if p.culture_fit < 0.3 else "x_reply", idx)
            segs = [("@" + t.x.screen_name, ("m", t.x.screen_name, t.x.display_name, t.x.account_id)), (" ", None)] + body
            out.append((ms, build_tweet(tid, ms, segs, fav=poisson(rng, 1 + 4 * p.social_pull), source=source, lang=p.language,
                                        reply=("", t.x.account_id, t.x.screen_name))))
            continue
        if j < 0:  # nothing of theirs to react to yet: post an original instead
            cat = "x_chatter"
            out.append((ms, build_tweet(tid, ms, w.segments(rng, cat, idx), fav=poisson(rng, 1 + 5 * p.social_pull),
                                        source=source, lang=p.language)))
            continue
        t_k = j if rng.random() < 0.6 else rng.randrange(j + 1)  # mostly their latest tweet
        t_ms = tlist[t_k]
        t_id = w.tweet_id(target, t_ms)
        screen, name, uid = w.screen(target)
        who = ("m", screen, name, uid)
        if kind == "rt":
            _, osegs, _, _ = w.original(target, t_k)
            head = [("RT ", None), ("@" + screen, who), (": ", None)]
            body = _truncate(osegs, 140 - 5 - len(screen))
            out.append((ms, build_tweet(tid, ms, head + body, source=source, eligible=False,
                                        lang=c.people[target].language if target >= 0 else "en")))
        elif kind == "reply":
            body = w.segments(rng, "x_reply_negative" if p.culture_fit < 0.3 else "x_reply", idx)
            segs = [("@" + screen, who), (" ", None)] + body
            out.append((ms, build_tweet(tid, ms, segs, fav=poisson(rng, 1 + 6 * p.social_pull ** 2), source=source, lang=p.language,
                                        reply=(t_id, uid, screen))))
        else:
            body = w.segments(rng, "x_quote", idx)
            tco = "https://t.co/" + "".join(rng.choice(_TCO) for _ in range(10))
            segs = body + [(" ", None), (tco, ("u", tco, f"https://x.com/{screen}/status/{t_id}"))]
            out.append((ms, build_tweet(tid, ms, segs, fav=poisson(rng, 1 + 8 * p.social_pull ** 2), source=source, lang=p.language)))
    deleted: list[tuple[int, dict]] = []
    drng = random.Random(f"{w.seed}/x/{idx}/deleted")
    if drng.random() < 0.3 or idx == w.owners[0]:
        for ms in w._times(drng, drng.randint(1, 3), taken):
            t = build_tweet(w.tweet_id(idx, ms), ms, w.segments(drng, drng.choice(["x_negative", "x_chatter"]), idx),
                            source=source, lang=p.language)
            t["deleted_at"] = created_at(min(w.end_ms - 1000, ms + drng.randint(600, 172800) * 1000))
            deleted.append((ms, t))
    return out, deleted


def _dm_file(w: XWorld, idx: int, rng: random.Random) -> list[dict]:
    me = w.c.people[idx].x.account_id
    convs = []
    for _ in range(rng.randint(1, 2)):
        other = w.pick_identity(rng, idx)
        them = other.x.account_id if other is not None else "20536157"
        msgs = []
        for _ in range(rng.randint(2, 4)):
            ms = w.start_ms + rng.randrange(w.end_ms - w.start_ms)
            mine = rng.random() < 0.5
            text = "".join(t for t, _ in compose(rng, rng.choice(["chatter", "negative", "question"]), lambda s: ("you", None),
                                                 w.c.people[idx].language, w.c.pack))
            msgs.append((ms, {"messageCreate": {
                "recipientId": them if mine else me, "reactions": [], "urls": [], "text": f"{CANARY} {text}",
                "mediaUrls": [], "senderId": me if mine else them, "id": str(rng.randint(10**18, 2 * 10**18)),
                "createdAt": iso_ms(ms)}}))
        msgs.sort(key=lambda m: -m[0])
        a, b = sorted([me, them], key=int)
        convs.append({"dmConversation": {"conversationId": f"{a}-{b}", "messages": [m for _, m in msgs]}})
    return convs


def _manifest(p: Person, gen_ms: int, files: dict[str, bytes], tweet_files: list[tuple[str, str, int]],
              tweet_type: str, counts: dict[str, int]) -> bytes:
    x = p.x
    types: dict = {"account": {"files": [{"fileName": "data/account.js", "globalName": "YTD.account.part0", "count": "1"}]}}
    if "data/deleted-tweets.js" in files:
        types["deletedTweets"] = {"mediaDirectory": "data/deleted_tweets_media", "files": [
            {"fileName": "data/deleted-tweets.js", "globalName": "YTD.deleted_tweets.part0", "count": str(counts["deleted"])}]}
    if "data/direct-messages.js" in files:
        types["directMessages"] = {"mediaDirectory": "data/direct_messages_media", "files": [
            {"fileName": "data/direct-messages.js", "globalName": "YTD.direct_messages.part0", "count": str(counts["dms"])}]}
    types["profile"] = {"mediaDirectory": "data/profile_media", "files": [
        {"fileName": "data/profile.js", "globalName": "YTD.profile.part0", "count": "1"}]}
    types[tweet_type] = {"mediaDirectory": f"data/{tweet_type}_media", "files": [
        {"fileName": f, "globalName": g, "count": str(n)} for f, g, n in tweet_files]}
    if tweet_type == "tweets":
        types["tweetsMedia"] = {"mediaDirectory": "data/tweets_media"}
    config = {
        "userInfo": {"accountId": x.account_id, "userName": x.screen_name, "displayName": x.display_name},
        "archiveInfo": {"sizeBytes": str(sum(len(b) for b in files.values()) + 4096), "generationDate": iso_ms(gen_ms),
                        "isPartialArchive": False, "maxPartSizeBytes": "53687091200"},
        "readmeInfo": {"fileName": "data/README.txt", "directory": "data/", "name": "README.txt"},
        "dataTypes": types,
    }
    return ("window.__THAR_CONFIG = " + jackson(config, inline_arrays=True)).encode("utf-8")


README = (
    "Twitter Archive\n\nThis archive contains the data of the account named in manifest.js.\n\n"
    "tweets.js\nThis JSON file contains available Tweets which have not been deleted.\n"
    "----------------------\ndeleted-tweets.js\nTweets deleted in the last 14 days.\n"
)


def write_x_archives(company: Company, folder: Path) -> dict:
    """Write one archive per X owner into ``folder`` (zips and unpacked folders)."""
    folder.mkdir(parents=True, exist_ok=True)
    w = XWorld(company)
    c = company
    if not w.owners:
        return {"archives": 0, "zips": 0, "folders": 0, "tweets": 0, "deleted_tweets": 0}
    vrng = random.Random(f"{c.seed}/x/variants")
    quiet = [i for i in w.owners if not c.people[i].opt_out and c.people[i].archetype in
             ("solid_contributor", "background", "newcomer", "quiet_expert")] or [i for i in w.owners if not c.people[i].opt_out] or w.owners
    old = vrng.choice(quiet)
    split = max((i for i in w.owners if i != old), key=lambda i: (w.volume[i], -i), default=-1)
    folders = {i for i in w.owners if vrng.random() < 0.15}
    folders.add(split)
    folders.discard(old)
    dm_owners = {i for i in w.owners if vrng.random() < 0.2} | {w.owners[-1]}
    stats = {"archives": 0, "zips": 0, "folders": 0, "tweets": 0, "deleted_tweets": 0, "old_format": "", "split": ""}
    for idx in w.owners:
        p = c.people[idx]
        tweets, deleted = _archive_tweets(w, idx)
        tweets.sort(key=lambda t: -t[0])
        deleted.sort(key=lambda t: -t[0])
        arng = random.Random(f"{c.seed}/x/{idx}/archive")
        gen_ms = w.end_ms + arng.randint(3600, 6 * 3600) * 1000
        name = f"twitter-{datetime.fromtimestamp(gen_ms / 1000, timezone.utc):%Y-%m-%d}-{arng.getrandbits(64):016x}"
        files: dict[str, bytes] = {}
        files["data/account.js"] = ytd_js("YTD.account.part0", [{"account": {
            "email": p.x.account_email, "createdVia": arng.choice(["web", "oauth:3033300", "iphone"]),
            "username": p.x.screen_name, "accountId": p.x.account_id, "createdAt": p.x.created_at,
            "accountDisplayName": p.x.display_name}}])
        files["data/profile.js"] = ytd_js("YTD.profile.part0", [{"profile": {
            "description": {"bio": arng.choice(["Ports, people and pull requests.", f"{p.title} at @{c.industry.brand_x}. Views my own.",
                                                "Sea air and good coffee ⚓", ""]),
                            "website": "https://t.co/" + "".join(arng.choice(_TCO) for _ in range(10)),
                            "location": p.location},
            "avatarMediaUrl": f"https://pbs.twimg.com/profile_images/{p.x.account_id}/avatar.jpg"}}])
        records = [t for _, t in tweets]
        if idx == old:
            files["data/tweet.js"] = ytd_js("YTD.tweet.part0", [_strip_edit(t) for t in records])
            tweet_files, tweet_type = [("data/tweet.js", "YTD.tweet.part0", len(records))], "tweet"
            stats["old_format"] = name
        elif idx == split and len(records) > 1:
            half = len(records) // 2
            files["data/tweets.js"] = ytd_js("YTD.tweets.part0", [{"tweet": t} for t in records[:half]])
            files["data/tweets-part1.js"] = ytd_js("YTD.tweets.part1", [{"tweet": t} for t in records[half:]])
            tweet_files = [("data/tweets-part1.js", "YTD.tweets.part1", len(records) - half),
                           ("data/tweets.js", "YTD.tweets.part0", half)]
            tweet_type = "tweets"
            stats["split"] = name
        else:
            files["data/tweets.js"] = ytd_js("YTD.tweets.part0", [{"tweet": t} for t in records])
            tweet_files, tweet_type = [("data/tweets.js", "YTD.tweets.part0", len(records))], "tweets"
        counts = {"deleted": len(deleted), "dms": 0}
        if deleted:
            files["data/deleted-tweets.js"] = ytd_js("YTD.deleted_tweets.part0", [{"tweet": t} for _, t in deleted])
        if idx in dm_owners:
            convs = _dm_file(w, idx, arng)
            counts["dms"] = len(convs)
            files["data/direct-messages.js"] = ytd_js("YTD.direct_messages.part0", convs)
        files["data/README.txt"] = README.encode()
        files["data/manifest.js"] = _manifest(p, gen_ms, files, tweet_files, tweet_type, counts)
        files["Your archive.html"] = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your archive</title></head>"
                                      f"<body><p>Archive of @{p.x.screen_name}.</p></body></html>\n").encode()
        if idx in folders:
            root = folder / name
            for rel in sorted(files):
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(files[rel])
            stats["folders"] += 1
        else:
            with DeterministicZip(folder / f"{name}.zip", c.end.date()) as zf:
                for rel in sorted(files):
                    zf.add(rel, files[rel])
            stats["zips"] += 1
        stats["archives"] += 1
        stats["tweets"] += len(records)
        stats["deleted_tweets"] += len(deleted)
    return stats


def _strip_edit(t: dict) -> dict:
    """A pre-2020 bare tweet object: no ``edit_info`` (edits arrived in 2022)."""
    return {k: v for k, v in t.items() if k != "edit_info"}

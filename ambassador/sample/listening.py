"""Social-listening exports for the sample company: a Brandwatch-style and a Meltwater-style CSV.

A listening query for the brand finds public posts that mention it: posts by employees on X,
Bluesky and Mastodon under the handles the directory declares, and by a few outside accounts.
Two vendors' exports of the same query are written into ``listening/``:

* ``brandwatch-mentions.csv``: UTF-8, preamble rows before the header row (Brandwatch UI
  exports), the title-cased mention fields of :data:`ambassador.settings.LISTENING_PRESETS`;
* ``meltwater-mentions.csv``: UTF-16 LE (with BOM) tab-separated, the Meltwater header, with
  separate Date and Time columns; it covers X and Bluesky only.

Some mentions are in both files (the loader keeps one), and some are posts the employees' own
X archives and Bluesky feeds hold (the loader drops them: no double counting). Opted-out
employees are mentioned too (the loader excludes their rows).

Output is byte-identical for the same company: every draw comes from a ``random.Random``
seeded with the sample seed and a fixed label.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timezone
from pathlib import Path

from ambassador.handles import normalize_handle
from ambassador.sample.company import PUBLIC_CATEGORIES, PUBLIC_DEFAULT_CATEGORIES, PUBLIC_VOLUME, Company
from ambassador.sample.text import compose

# share of an employee's public posting that a brand listening query finds
FOUND_SHARE = 0.2
# outside accounts the query also finds: (platform, handle, display name)
OUTSIDERS = [("x", "lampfan_77", "Lamp Fan"), ("x", "coastal_news", "Coastal News Desk"),
             ("bluesky", "harbourwatch.bsky.social", "Harbour Watch"), ("mastodon", "keeper@fosstodon.org", "Old Keeper")]
BRANDWATCH_HEADER = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Language",
                     "Author", "Full Name", "Full Text", "Thread Entry Type", "Likes", "Twitter Retweets",
                     "Twitter Replies", "Engagement", "Expanded URLs"]
MELTWATER_HEADER = ["Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Source", "Influencer", "Country",
                    "Subregion", "Language", "Reach", "Desktop Reach", "Mobile Reach", "Twitter Social Echo",
                    "Facebook Social Echo", "Reddit Social Echo", "National Viewership", "Engagement", "AVE",
                    "Sentiment", "Key Phrases", "Input Name", "Keywords", "Twitter Authority", "Tweet Id", "Twitter Id",
                    "Twitter Client", "Twitter Screen Name", "User Profile Url", "Twitter Bio", "Twitter Followers",
                    "Twitter Following", "Alternate Date Format", "Time", "State", "City", "Document Tags"]
_PAGE_TYPE = {"x": "twitter", "bluesky": "bluesky", "mastodon": "mastodon"}
_SOURCE = {"x": "Twitter", "bluesky": "Bluesky"}
# language codes as the two vendors write them
LANGUAGE_NAMES = {"en": "English", "he": "Hebrew", "es": "Spanish", "de": "German", "fr": "French", "pt": "Portuguese"}


def settings_snippet() -> str:
    """The ``ambassador.toml`` lines the sample needs for these files: none beyond the default
    (both vendors are recognised from their headers); returned for documentation."""
    return '[listening]\npreset = "auto"\n'


def _handles(company: Company) -> list[tuple[int, str, str]]:
    """(person idx, platform, normalised handle) of every declared X, Bluesky and Mastodon handle."""
    out = []
    for p in company.people:
        if p.x is not None and p.x_typed:
            out.append((p.idx, "x", p.x.screen_name.lower()))
        if p.bluesky and p.bluesky_typed:
            out.append((p.idx, "bluesky", normalize_handle("bluesky", p.bluesky)))
        if p.mastodon and p.mastodon_typed:
            out.append((p.idx, "mastodon", normalize_handle("mastodon", p.mastodon)))
    return [h for h in out if h[2]]


def _url(platform: str, handle: str, post_id: str) -> str:
    if platform == "x":
        return f"https://x.com/{handle}/status/{post_id}"
    if platform == "bluesky":
        return f"https://bsky.app/profile/{handle}/post/{post_id}"
    user, host = handle.split("@")
    return f"https://{host}/@{user}/{post_id}"


def _native(company: Company) -> list[dict]:
    """A few posts the employees' own X archives and Bluesky feeds hold (listening finds them too)."""
    from ambassador.sample.bluesky import _feed, _World
    from ambassador.sample.x_archive import XWorld, _archive_tweets

    out: list[dict] = []
    xw = XWorld(company)
    for idx in [i for i in xw.owners if not company.people[i].opt_out][:3]:
        p = company.people[idx]
        tweets, _ = _archive_tweets(xw, idx)
        ms, t = next(((ms, t) for ms, t in tweets if not t["full_text"].startswith("RT @")), tweets[0])
        out.append({"platform": "x", "idx": idx, "handle": p.x.screen_name.lower(), "name": p.full_name,
                    "id": t["id_str"], "ts": ms // 1000, "text": t["full_text"], "kind": "post"})
    bw = _World(company)
    for idx in [i for i in bw.owners if not company.people[i].opt_out][:2]:
        own = [e["post"] for e in _feed(bw, idx) if "reason" not in e]
        if own:
            post = own[-1]
            ts = int(datetime.strptime(post["indexedAt"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp())
            out.append({"platform": "bluesky", "idx": idx, "handle": bw.handles[idx], "name": company.people[idx].full_name,
                        "id": post["uri"].rsplit("/", 1)[1], "ts": ts, "text": post["record"]["text"], "kind": "post"})
    return out


def _mentions(company: Company) -> list[dict]:
    """Every mention the query finds, in time order."""
    rng = random.Random(f"{company.seed}/listening")
    declared = _handles(company)
    by_platform: dict[str, list[str]] = {}
    for _, platform, handle in declared:
        by_platform.setdefault(platform, []).append(handle)
    start, end = int(company.start.timestamp()), int(company.end.timestamp())
    used: set[str] = set()
    out: list[dict] = []

    def new_id(platform: str) -> str:
        while True:
            if platform == "bluesky":
                pid = "3l" + "".join(rng.choice("234567abcdefghijklmnopqrstuvwxyz") for _ in range(11))
            else:
                pid = str(rng.randrange(10**17, 10**18) if platform == "mastodon" else rng.randrange(10**18, 2 * 10**18))
            if pid not in used:
                used.add(pid)
                return pid

    ind = company.industry
    brands = {"x": ind.brand_x.lower(), "bluesky": ind.brand_bluesky, "mastodon": ind.brand_mastodon}
    brand_words = {w.lower() for w in ind.company_name.split()[:1]} | {ind.brand_x.lower()}

    def text(category: str, platform: str, handle: str, lang: str = "en") -> str:
        def render(slot: str) -> tuple[str, bool]:
            if slot == "mention":
                others = [h for h in by_platform.get(platform, []) if h != handle]
                return (f"@{rng.choice(others) if others else brands[platform]}", True)
            if slot == "brand":
                return (f"@{brands[platform]}", True)
            if slot == "hashtag":
                return (rng.choice(ind.hashtags), True)
            if slot in ("brandlink", "link"):
                return (f"https://{ind.domain}/{rng.choice(['blog', 'careers', 'stories'])}/{rng.randrange(100, 999)}", True)
            return ("", False)

        body = "".join(t for t, _ in compose(rng, category, render, lang, ind.pack)).strip()
        tag = rng.choice(ind.hashtags)  # drawn whether needed or not: the text never steers the stream
        return body if any(w in body.lower() for w in brand_words) else f"{body} {tag}"

    for idx, platform, handle in declared:
        p = company.people[idx]
        n = round(PUBLIC_VOLUME.get(p.archetype, 5) * company.days / 90 * FOUND_SHARE * rng.uniform(0.5, 1.5))
        cats = PUBLIC_CATEGORIES.get(p.archetype, PUBLIC_DEFAULT_CATEGORIES)
        for _ in range(n):
            out.append({"platform": platform, "idx": idx, "handle": handle, "name": p.full_name, "id": new_id(platform),
                        "ts": rng.randrange(start + 3600, end - 3600), "text": text(rng.choice(cats), platform, handle, p.language),
                        "kind": "post", "lang": p.language})
    for platform, handle, name in OUTSIDERS:
        for _ in range(max(1, company.days // 30)):
            out.append({"platform": platform, "idx": -1, "handle": handle, "name": name, "id": new_id(platform),
                        "ts": rng.randrange(start + 3600, end - 3600), "text": text("x_brand", platform, handle),
                        "kind": "post"})
    employees_x = [m for m in out if m["platform"] == "x" and m["idx"] >= 0]
    for m in employees_x[:: max(1, len(employees_x) // 3)][:3]:  # an outsider passes an employee's post on
        short = m["text"][: 120 - len(m["handle"])]
        out.append({"platform": "x", "idx": -1, "handle": OUTSIDERS[0][1], "name": OUTSIDERS[0][2], "id": new_id("x"),
                    "ts": min(end - 60, m["ts"] + 600), "text": f"RT @{m['handle']}: {short}", "kind": "reshare",
                    "lang": m["lang"]})
    for m in _native(company):
        m["native"] = True
        out.append(m)
    for m in out:
        m.setdefault("native", False)
        m.setdefault("lang", company.people[m["idx"]].language if m["idx"] >= 0 else "en")
        m["likes"], m["reshares"], m["replies"] = rng.randrange(0, 40), rng.randrange(0, 8), rng.randrange(0, 5)
    out.sort(key=lambda m: (m["ts"], m["platform"], m["id"]))
    return out


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _brandwatch(mentions: list[dict], company: Company) -> bytes:
    first = datetime.fromtimestamp(int(company.start.timestamp()), timezone.utc).strftime("%Y-%m-%d")
    last = datetime.fromtimestamp(int(company.end.timestamp()), timezone.utc).strftime("%Y-%m-%d")
    preamble = [["Brandwatch Consumer Research"], ["Report:", "Mentions export"], ["Query:", f"{company.industry.company_name} brand"],
                ["Date Range:", f"{first} - {last}"], [""]]
    rows = []
    for m in mentions:
        url = _url(m["platform"], m["handle"], m["id"])
        date = datetime.fromtimestamp(m["ts"], timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
        rows.append(["1998877", f"{company.industry.company_name} brand", date, "", url, url.split("/")[2], "neutral",
                     _PAGE_TYPE[m["platform"]], m["lang"], m["handle"], m["name"], m["text"],
                     "share" if m["kind"] == "reshare" else "post", str(m["likes"]), str(m["reshares"]),
                     str(m["replies"]), str(m["likes"] + m["reshares"] + m["replies"]), ""])
    return _csv(preamble + [BRANDWATCH_HEADER] + rows).encode("utf-8")


def _meltwater(mentions: list[dict], company: Company) -> bytes:
    rows = []
    for m in mentions:
        when = datetime.fromtimestamp(m["ts"], timezone.utc)
        r = dict.fromkeys(MELTWATER_HEADER, "")
        r.update({"Date": when.strftime("%d-%b-%Y"), "Time": when.strftime("%I:%M %p"),
                  "Alternate Date Format": when.strftime("%b %d, %Y"),
                  "URL": _url(m["platform"], m["handle"], m["id"]), "Hit Sentence": m["text"],
                  "Source": _SOURCE[m["platform"]], "Influencer": m["name"], "Language": LANGUAGE_NAMES.get(m["lang"], m["lang"]),
                  "Sentiment": "Neutral", "Input Name": company.industry.company_name,
                  "Engagement": str(m["likes"] + m["reshares"] + m["replies"])})
        if m["platform"] == "x":
            r.update({"Tweet Id": m["id"], "Twitter Screen Name": m["handle"]})
        else:
            r["Influencer"] = m["handle"]
        rows.append([r[h] for h in MELTWATER_HEADER])
    return b"\xff\xfe" + _csv([MELTWATER_HEADER] + rows, "\t").encode("utf-16-le")


def write_listening(company: Company, out_dir: Path) -> dict:
    """Write the two listening exports into ``out_dir`` (the data folder's ``listening/``).

    Returns counts: rows per file, ``mentions`` (distinct posts), ``in_both`` (posts in both
    files), ``native`` (posts the platforms' own exports in the sample hold), ``opted_out``
    (distinct posts by employees who opted out; ``opted_out_rows``: their rows in both files),
    ``outsiders`` (distinct posts by non-employees),
    and ``expected_posts``: what the warehouse should keep as listening posts.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    mentions = _mentions(company)
    rng = random.Random(f"{company.seed}/listening/vendors")
    brandwatch, meltwater = [], []
    for m in mentions:
        roll = rng.random()
        in_melt = m["platform"] in _SOURCE and (m["native"] or roll < 0.45)
        in_brand = m["platform"] not in _SOURCE or m["native"] or roll > 0.25
        if in_brand:
            brandwatch.append(m)
        if in_melt:
            meltwater.append(m)
    (out_dir / "brandwatch-mentions.csv").write_bytes(_brandwatch(brandwatch, company))
    (out_dir / "meltwater-mentions.csv").write_bytes(_meltwater(meltwater, company))
    opted = {p.idx for p in company.people if p.opt_out}
    found = {(m["platform"], m["id"]) for m in brandwatch + meltwater}
    both = {(m["platform"], m["id"]) for m in brandwatch} & {(m["platform"], m["id"]) for m in meltwater}
    native = sum(m["native"] for m in mentions)
    by_opted = sum(m["idx"] in opted for m in mentions)
    return {"brandwatch_rows": len(brandwatch), "meltwater_rows": len(meltwater), "mentions": len(found),
            "in_both": len(both), "native": native, "opted_out": by_opted,
            "opted_out_rows": sum(m["idx"] in opted for m in brandwatch + meltwater),
            "outsiders": sum(m["idx"] < 0 for m in mentions),
            "expected_posts": len(found) - native - sum(m["idx"] in opted and not m["native"] for m in mentions)}

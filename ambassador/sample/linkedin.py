"""LinkedIn member data exports for the sample company's employees with a LinkedIn profile.

One zip per employee with a LinkedIn profile who donated their export, laid out like a 2025 export:
``Basic_LinkedInDataExport_MM-DD-YYYY/`` holding ``Profile.csv`` (Websites lists the public
profile URL, so the owner matches the directory's ``linkedin_url``), ``Shares_<n>.csv``
(``Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility``; multi-line commentary
with the ``""line""`` quirk; some bare reposts of colleagues' shares; some ``MEMBER_NETWORK``
shares carrying the privacy canary), ``Comments.csv`` (backslash-escaped quotes; comments on
colleagues' public shares, their Link naming the share's urn), ``Reactions.csv``, and a
``messages.csv`` that ambassador must never read (canary).

Brand signals: hashtags in commentary, some brand shares pointing (``SharedUrl``) at the company
site, and bare reposts of the company page's posts (``SharedUrl`` =
``https://www.linkedin.com/posts/northwind-lighthouse_<slug>-activity-<19 digits>-<4 chars>``), as
often as the person's archetype reshares (``company.PUBLIC_RESHARE``). Only people who donated
their export (``Person.linkedin_export``) get a zip.

Deterministic: every draw comes from ``random.Random``
seeded with the sample seed and a fixed label; zip entries are sorted with fixed timestamps.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ambassador.sample.company import PUBLIC_DEFAULT_RESHARE, PUBLIC_RESHARE, Company, Person
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.slack_workspace import CANARY, poisson
from ambassador.sample.text import compose

SHARE_HEADER = ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"]
# public shares per 90 days by archetype
VOLUME = {"ideal_ambassador": 12, "communications": 15, "amplifier": 8, "broadcaster": 14, "central_negative": 6,
          "solid_contributor": 4, "quiet_expert": 2, "newcomer": 3, "background": 1, "opted_out": 6,
          "executive": 10, "sarcastic_hub": 3, "quiet_carrier": 3, "rising_newcomer": 5, "burst": 1}
CATEGORIES = {"central_negative": ["x_negative", "x_chatter"], "communications": ["x_brand", "x_hiring", "x_customer"],
              "executive": ["x_brand", "x_hiring", "x_customer"]}
DEFAULT_CATEGORIES = ["x_brand", "x_learning", "x_customer", "x_recognition", "x_chatter"]
LINKED_CATEGORIES = ("x_brand", "x_hiring", "x_customer")  # shares that may point at the company site
PAGE_TOPICS = ["harbour-safety-week", "we-are-hiring-in-rotterdam", "ferry-schedules-that-just-work",
               "meet-our-field-engineers", "customer-story-port-of-aldmere", "lighthouse-release-notes",
               "our-values-in-practice", "women-in-maritime-tech", "open-roles-in-halifax", "a-year-of-safer-docks"]
_SLUG_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _render(rng: random.Random, hashtags):
    def render(slot: str) -> tuple[str, bool]:
        if slot == "hashtag":
            return (rng.choice(hashtags), False)
        return ("", False)

    return render


def _text(rng: random.Random, category: str, company: Company | None = None, lang: str = "en") -> str:
    """A post of ``category`` on one line (``company``: whose industry; default the software one)."""
    from ambassador.sample.company import get_industry

    ind = company.industry if company is not None else get_industry("software")
    return " ".join("".join(t for t, _ in compose(rng, category, _render(rng, ind.hashtags), lang, ind.pack)).split())


def share_link(share_id: int) -> str:
    return f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{share_id}"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _when(company: Company, rng: random.Random) -> datetime:
    span = int((company.end - company.start).total_seconds())
    return (company.start + timedelta(seconds=rng.randrange(max(span, 1)))).astimezone(timezone.utc)


def _stamp(t: datetime) -> str:
    return f"{t:%Y-%m-%d %H:%M:%S}"


def page_posts(company: Company) -> list[tuple[datetime, str]]:
    """The company page's posts in the window: (time, public post URL), oldest first."""
    rng = random.Random(f"{company.seed}/linkedin/page")
    posts = []
    for _ in range(max(3, round(company.days / 7))):
        t = _when(company, rng)
        slug = f"{rng.choice(PAGE_TOPICS)}-activity-{rng.randrange(7_2 * 10**17, 7_4 * 10**17)}"
        tail = "".join(rng.choice(_SLUG_CHARS) for _ in range(4))
        posts.append((t, f"https://www.linkedin.com/posts/{company.industry.slug}_{slug}-{tail}"))
    return sorted(posts)


def public_shares(company: Company, owners: list[Person]) -> dict[int, list[tuple[datetime, int, str, str]]]:
    """Each owner's public original shares: (time, share id, text, shared URL or ""), by person index."""
    out: dict[int, list[tuple[datetime, int, str, str]]] = {}
    for p in owners:
        rng = random.Random(f"{company.seed}/linkedin/{p.idx}/shares")
        n = poisson(rng, VOLUME.get(p.archetype, 2) * company.days / 90 * max(p.activity, 0.2))
        cats = CATEGORIES.get(p.archetype, DEFAULT_CATEGORIES)
        rows = []
        for k in range(n):
            t = _when(company, rng)
            category = rng.choice(cats)
            url = ""
            if category in LINKED_CATEGORIES and rng.random() < 0.5:
                path = f"{rng.choice(['stories', 'careers', 'blog'])}/{rng.randrange(100, 999)}"
                url = f"https://{rng.choice(['www.', ''])}{company.industry.domain}/{path}"
            rows.append((t, 7_000_000_000_000_000_000 + p.idx * 10_000 + k, _text(rng, category, company, p.language), url))
        out[p.idx] = sorted(rows)
    return out


def _export(company: Company, p: Person, owners: list[Person], originals: dict, page: list) -> tuple[dict[str, bytes], int]:
    """The export's files, and how many company-page posts it reposts."""
    rng = random.Random(f"{company.seed}/linkedin/{p.idx}/export")
    folder = f"Basic_LinkedInDataExport_{company.end:%m-%d-%Y}/"
    others = [o for o in owners if o.idx != p.idx and originals[o.idx]]
    shares: list[tuple[datetime, list[str]]] = []
    for i, (t, sid, text, url) in enumerate(originals[p.idx]):
        if i % 5 == 2 and "\n" not in text:  # a multi-line post, written with the ""line"" quirk
            text = '"\n""\n"'.join([text, "#lighthouse"])
        shares.append((t, [_stamp(t), share_link(sid), text, url, "", "PUBLIC"]))
    for k in range(poisson(rng, 2)):  # connections-only posts: must never be stored
        t = _when(company, rng)
        shares.append((t, [_stamp(t), share_link(8_000_000_000_000_000_000 + p.idx * 100 + k),
                           f"{CANARY} {_text(rng, 'x_chatter', company, p.language)}", "", "", "MEMBER_NETWORK"]))
    comments: list[tuple[datetime, list[str]]] = []
    reactions: list[tuple[datetime, list[str]]] = []
    if others:
        weight = max(p.social_pull, 0.1) * company.days / 90
        for _ in range(poisson(rng, 3 * weight)):  # bare reposts of a colleague's share
            o = rng.choice(others)
            ot, sid, _, _ = rng.choice(originals[o.idx])
            t = ot + timedelta(minutes=rng.randrange(5, 2000))
            shares.append((t, [_stamp(t), share_link(9_000_000_000_000_000_000 + p.idx * 1000 + len(shares)), "",
                               share_link(sid), "", "PUBLIC"]))
        for _ in range(poisson(rng, 4 * weight)):
            o = rng.choice(others)
            ot, sid, _, _ = rng.choice(originals[o.idx])
            t = ot + timedelta(minutes=rng.randrange(5, 2000))
            text = f'{o.first}, {_text(rng, "x_recognition", company, p.language)} \\"{rng.choice(company.industry.hashtags)}\\"'
            comments.append((t, [_stamp(t), share_link(sid), text]))
        for _ in range(poisson(rng, 6 * weight)):
            o = rng.choice(others)
            ot, sid, _, _ = rng.choice(originals[o.idx])
            t = ot + timedelta(minutes=rng.randrange(1, 600))
            reactions.append((t, [_stamp(t), rng.choice(["LIKE", "PRAISE", "EMPATHY", "INTEREST"]), share_link(sid)]))
    brng = random.Random(f"{company.seed}/linkedin/{p.idx}/page")
    rate = VOLUME.get(p.archetype, 2) * PUBLIC_RESHARE.get(p.archetype, PUBLIC_DEFAULT_RESHARE) * 1.5 * company.days / 90
    n_page = poisson(brng, rate)
    for _ in range(n_page):  # bare reposts of the company page's posts
        pt, url = brng.choice(page)
        t = min(pt + timedelta(minutes=brng.randrange(5, 3000)), company.end - timedelta(minutes=1))
        shares.append((t, [_stamp(t), share_link(9_000_000_000_000_000_000 + p.idx * 1000 + len(shares)), "", url, "",
                           "PUBLIC"]))
    comment_text = "Date,Link,Message\n" + "".join(
        f'"{r[0]}","{r[1]}","{r[2]}"\n' for _, r in sorted(comments, key=lambda x: x[0], reverse=True))
    websites = f"[PERSONAL:{p.linkedin}]"
    profile = _csv(["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
                    "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
                   [[p.first, p.last, "", "", "Jun 20", p.title, "", company.industry.industry_label, "", p.location,
                     f"[{p.x.screen_name}]" if p.x else "", websites, ""]])
    return {
        f"{folder}Comments.csv": comment_text.encode("utf-8"),
        f"{folder}Profile.csv": profile,
        f"{folder}Reactions.csv": _csv(["Date", "Type", "Link"], [r for _, r in sorted(reactions, key=lambda x: x[0], reverse=True)]),
        f"{folder}Shares_{7789716 + p.idx}.csv": _csv(SHARE_HEADER, [r for _, r in sorted(shares, key=lambda x: x[0], reverse=True)]),
        f"{folder}messages.csv": _csv(["CONVERSATION ID", "FROM", "TO", "DATE", "CONTENT"],
                                      [["2-abc", p.full_name, "Someone", _stamp(company.end), f"{CANARY} private note"]]),
    }, n_page


def write_linkedin_exports(company: Company, folder: Path) -> dict:
    """One zip per employee who donated their LinkedIn export; returns counts for the sample report."""
    folder.mkdir(parents=True, exist_ok=True)
    owners = [p for p in company.people if p.linkedin and p.linkedin_export]
    originals = public_shares(company, owners)
    page = page_posts(company)
    written = page_reshares = 0
    for p in owners:
        files, n_page = _export(company, p, owners, originals, page)
        page_reshares += n_page
        slug = p.linkedin.rstrip("/").rsplit("/", 1)[-1]
        with DeterministicZip(folder / f"linkedin-{slug}.zip", company.end.date()) as zf:
            for name in sorted(files):
                zf.add(name, files[name])
        written += 1
    return {"linkedin_exports": written, "linkedin_public_shares": sum(len(v) for v in originals.values()),
            "linkedin_page_reshares": page_reshares}

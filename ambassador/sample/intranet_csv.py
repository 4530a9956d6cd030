"""The sample company's "Field Ops knowledge base": an IGLOO-style intranet as three CSV files.

IGLOO does not publish the columns of its content exports, so the files are what such an export
plausibly looks like, written the way a spreadsheet-minded admin tool writes CSV: ``posts.csv``
(UTF-8 with a byte-order mark, CRLF line ends, US-style local timestamps, quoted multi-line
bodies, a comma list of mentioned members' emails), ``comments.csv`` (same style) and
``reactions.csv`` (ISO-8601 UTC timestamps, no reaction id). :func:`mapping_toml` returns the
``[[intranet_csv.feeds]]`` entries that read them.

Who writes, who answers and who reacts follows the hidden traits, as in the Slack generator:
Operations and Customer Success people use the knowledge base most, ``activity`` sets how
often someone posts, ``social_pull`` how many comments and reactions their posts draw, and
``culture_fit`` what they write (help, safety, lessons learned and thanks, or gripes).
Opted-out employees post like everyone else (the loader must drop them), and a restricted
"Leadership Circle" space holds rows that contain ``PRIVATE-CANARY`` (never stored).

Same arguments, same bytes: every draw comes from ``random.Random`` seeded with the sample
seed and a fixed label, and nothing iterates over a set.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ambassador.sample.company import DRAW, Company, Person
from ambassador.sample.text import compose

FOLDER = "field-ops-kb"
FEED = "fieldops"
LOCAL_ZONE = "America/Halifax"  # the knowledge base's server writes local times
LOCAL_FORMAT = "%m/%d/%Y %I:%M %p"
SPACES = ["Field Ops", "Quayside Safety", "Customer Sites", "Tools & Tips"]
# the same four spaces in another industry (field work, safety, the people served, tips)
SPACES_BY_INDUSTRY = {"software": SPACES, "hospital": ["Ward Practice", "Patient Safety", "Clinics & Wards", "Tools & Tips"]}
PRIVATE_SPACE = "Leadership Circle"
CANARY = "PRIVATE-CANARY"
POSTS_HEADER = ["Object ID", "Title", "Content", "Author", "Author ID", "Author Email", "Published", "Space",
                "URL", "Restricted", "Mentioned Users", "Views"]
COMMENTS_HEADER = ["Comment ID", "Object ID", "Comment", "Author", "Author ID", "Author Email", "Created",
                   "Restricted"]
REACTIONS_HEADER = ["Object ID", "Reaction", "Member ID", "Member Email", "Date", "Restricted"]
DEPARTMENT_WEIGHT = {"Operations": 3.0, "Customer Success": 1.6, "Engineering": 0.7, "Product": 0.5}
SPACE_OF = {"safety": "Quayside Safety", "customer": "Customer Sites", "help": "Tools & Tips",
            "question": "Tools & Tips"}
TITLES = {
    "question": ["Question about {feature}", "How do we {task}?", "Help needed before a site visit"],
    "help": ["How-to: {feature}", "Tip: getting {tool} to behave", "Checklist for new field engineers"],
    "learning": ["Lessons from the {customer} rollout", "Retro notes: {feature}", "What I learned about {topic}"],
    "customer": ["Site visit: {customer}", "Customer story: {customer}", "Notes from the quay in {place}"],
    "recognition": ["Thank you, team", "Kudos for the {place} crew", "Shout-out"],
    "safety": ["Near miss report ({place})", "-20°C checklist for quay work", "Safety moment"],
    "chatter": ["Quick note", "Around the {place} office", "FYI"],
    "negative": ["Another process change?", "{feature}, again", "Can we talk about {tool}?"],
}
# what members react with (IGLOO-style reaction names), by the post's category
REACTIONS = {"": ["Like", "Like", "Helpful", "Thanks"], "sarcastic": ["Haha", "Haha", "Like", "Wow"],
             "negative": ["Like", "Agree", "Sad"], "recognition": ["Like", "Love", "Thanks", "Love"],
             "chatter": ["Like", "Haha", "Like"]}
SLOT_FILL = {"feature": ["berth scheduling", "ETA alerts", "crew rosters", "tide-table sync", "offline mode"],
             "task": ["book a site visit", "reset a vessel's AIS feed", "get read access to Grafana"],
             "tool": ["the VPN", "the CI pipeline", "Grafana", "the expense tool"],
             "customer": ["Cobalt Shipping", "Port of Aldmere", "Baltic Ferries", "Corran Ferry Co"],
             "topic": ["first aid at sea", "incident reviews", "maritime regulations"],
             "place": ["Rotterdam", "Halifax", "Lisbon", "Singapore", "Gdańsk"]}


def mapping_toml() -> str:
    """The ``[[intranet_csv.feeds]]`` entries that read the files :func:`write_intranet_csv` writes."""
    return f"""# The Field Ops knowledge base (an IGLOO-style intranet exported as CSV files).
[[intranet_csv.feeds]]
name = "{FEED}"
files = "{FOLDER}/posts*.csv"
kind = "post"
timestamp_format = "{LOCAL_FORMAT}"
timezone = "{LOCAL_ZONE}"
[intranet_csv.feeds.columns]
id = "Object ID"
title = "Title"
text = "Content"
author_name = "Author"
author_id = "Author ID"
author_email = "Author Email"
created_at = "Published"
context = "Space"
url = "URL"
private = "Restricted"
mentions = "Mentioned Users"

[[intranet_csv.feeds]]
name = "{FEED}"
files = "{FOLDER}/comments*.csv"
kind = "comment"
timestamp_format = "{LOCAL_FORMAT}"
timezone = "{LOCAL_ZONE}"
[intranet_csv.feeds.columns]
id = "Comment ID"
parent_id = "Object ID"
text = "Comment"
author_name = "Author"
author_id = "Author ID"
author_email = "Author Email"
created_at = "Created"
private = "Restricted"

[[intranet_csv.feeds]]
name = "{FEED}"
files = "{FOLDER}/reactions*.csv"
kind = "reaction"
[intranet_csv.feeds.columns]
parent_id = "Object ID"
author_id = "Member ID"
author_email = "Member Email"
created_at = "Date"
private = "Restricted"
"""


def member_id(p: Person) -> str:
    """The knowledge base's numeric member id of an employee (stable for a given company)."""
    return str(210_000 + 13 * p.idx)


def _poisson(rng: random.Random, lam: float) -> int:
    limit, k, prod = math.exp(-lam), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def _weighted(rng: random.Random, people: list[Person], weights: list[float], exclude: int = -1) -> Person | None:
    for _ in range(4):
        p = rng.choices(people, weights=weights, k=1)[0]
        if p.idx != exclude:
            return p
    return None


def _category(rng: random.Random, p: Person) -> str:
    fit = p.culture_fit
    w = {"question": 0.8, "help": 1.4 * fit, "learning": 1.0 * fit, "customer": 0.8 * fit,
         "recognition": fit ** 2 * (2.5 if p.archetype == "ideal_ambassador" else 1.0), "safety": 1.2 * fit,
         "chatter": 0.4, "negative": 2.2 * (1 - fit) ** 3 * (3.0 if p.archetype == "central_negative" else 1.0),
         "sarcastic": 2.0 if p.archetype == "sarcastic_hub" else 0.0}
    if p.archetype in ("quiet_expert", "quiet_carrier"):
        w["help"] *= 2.5
    if p.archetype == "sarcastic_hub":
        w["negative"] *= 0.3
    keys = list(w)
    return rng.choices(keys, weights=[w[k] for k in keys], k=1)[0]


def _reply_category(rng: random.Random, parent: str, p: Person) -> str:
    cynical = rng.random() < 0.9 * (1 - p.culture_fit) ** 3
    if parent == "sarcastic":
        return "sarcastic_reply" if cynical or rng.random() < 0.75 else "neutral"
    if cynical:
        return "negative_reply"
    if parent == "question":
        return "answer" if p.culture_fit > 0.35 else "neutral"
    if parent == "negative":
        return "pushback" if rng.random() < 0.5 else "neutral"
    return "positive" if rng.random() < 0.3 + 0.6 * p.culture_fit else "neutral"


@dataclass
class _Writer:
    company: Company
    rng: random.Random
    people: list[Person]
    mentioned: list[Person] = field(default_factory=list)

    @property
    def spaces(self) -> list[str]:
        return SPACES_BY_INDUSTRY.get(self.company.industry.key, SPACES)

    def text(self, category: str, targets: list[Person], author: Person | None = None) -> str:
        rng, targets, ind = self.rng, list(targets), self.company.industry
        weights = [p.social_pull ** 1.5 + 0.01 for p in self.people]

        def render(slot: str) -> tuple[str, bool]:
            if slot == "mention":
                t = targets.pop(0) if targets else _weighted(rng, self.people, weights)
                if t is None:
                    return ("everyone", False)
                self.mentioned.append(t)
                return (f"@{t.full_name}", True)
            if slot == "channel":
                return (f"the {rng.choice(self.spaces)} space", True)
            if slot in ("link", "brandlink"):
                return (f"https://kb.{ind.domain}/articles/{rng.randrange(1000, 9999)}", True)
            if slot == "here":
                return ("@everyone", True)
            if slot == "brand":
                return (ind.company_name, False)
            return (ind.hashtags[0], False)

        lang = author.language if author is not None else "en"
        return "".join(t for t, _ in compose(rng, category, render, lang, self.company.pack))

    def title(self, category: str, author: Person | None = None, body: str = "") -> str:
        """A post title: an English headline (its slots from :data:`SLOT_FILL`); someone who
        writes another language, and everyone outside the software company, titles it with the
        first words of the body (the same draws either way)."""
        template = self.rng.choice(TITLES.get(category, TITLES["chatter"]))
        for slot, values in SLOT_FILL.items():
            if "{" + slot + "}" in template:
                template = template.replace("{" + slot + "}", self.rng.choice(values))
        if body and (self.company.industry.key != "software" or (author is not None and author.language != "en")):
            words = re.split(r"(?<=[.!?:])\s", body.strip(), maxsplit=1)[0].split()
            return " ".join(words[:8]).rstrip(".:,")
        return template


def _local(t: datetime) -> str:
    return t.astimezone(ZoneInfo(LOCAL_ZONE)).strftime(LOCAL_FORMAT)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _email(rng: random.Random, p: Person) -> str:
    return p.email.upper() if rng.random() < 0.03 else p.email


def _csv(header: list[str], rows: list[list[str]], bom: bool) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def write_intranet_csv(company: Company, out_dir: Path) -> dict:
    """Write ``out_dir/field-ops-kb/{posts,comments,reactions}.csv``; return what they hold.

    ``out_dir`` is the data folder's ``intranet_csv/``. The counts say, per file, how many
    rows it has (``rows``), how many are restricted (``private``) and how many of the others
    were written by opted-out employees (``opted_out``); ``linked_people`` is how many
    employees who did not opt out should end up with a linked intranet account (authors of
    stored rows and people mentioned in them); ``bytes`` the files' total size.
    """
    c = company
    rng = random.Random(f"{c.seed}/intranet_csv")
    writer = _Writer(c, rng, c.people)
    spaces = writer.spaces
    people = c.people
    start, end = c.start, c.end
    post_w = [DEPARTMENT_WEIGHT.get(p.department, 0.3) * (0.05 + p.activity) for p in people]
    reply_w = [DEPARTMENT_WEIGHT.get(p.department, 0.3) * (0.05 + p.activity) * (0.4 + p.culture_fit) for p in people]
    rate = len(people) / 44.0  # about 180 posts for 120 people over 90 days
    leaders = [p for p in people if p.manager_id == people[0].employee_id or p.idx == 0]

    posts: list[list[str]] = []
    comments: list[list[str]] = []
    reactions: list[list[str]] = []
    counts = {k: {"rows": 0, "private": 0, "opted_out": 0} for k in ("posts", "comments", "reactions")}
    linked: dict[str, bool] = {}
    next_post, next_comment = 40_001, 70_001

    def tally(kind: str, author: Person, private: bool, mentioned: list[Person] = ()) -> None:
        counts[kind]["rows"] += 1
        if private:
            counts[kind]["private"] += 1
        elif author.opt_out:
            counts[kind]["opted_out"] += 1
        else:
            for p in [author, *mentioned]:
                linked.setdefault(p.employee_id, not p.opt_out)

    def react(target_id: str, author: Person, t: datetime, lam: float, private: bool, category: str = "") -> None:
        names = REACTIONS.get(category, REACTIONS[""])
        seen = {author.idx}
        for _ in range(min(_poisson(rng, lam), 12)):
            who = _weighted(rng, people, reply_w, exclude=author.idx)
            if who is None or who.idx in seen:
                continue
            seen.add(who.idx)
            when = t + timedelta(seconds=int(rng.expovariate(1 / 14_400)) + 60)
            if when >= end:
                continue
            reactions.append([target_id, rng.choice(names), member_id(who),
                              _email(rng, who), _iso(when), "Yes" if private else "No"])
            tally("reactions", who, private)

    for d in range(c.days):
        weekday = (start.weekday() + d) % 7
        for _ in range(_poisson(rng, rate * (1.0 if weekday < 5 else 0.1))):
            author = _weighted(rng, people, post_w)
            today = (start + timedelta(days=d)).date()
            if author is None or author.hire_date > today or (author.left_on is not None and author.left_on < today):
                continue
            # a few restricted posts, at least one from mid-window on
            private = bool(leaders) and (rng.random() < 0.03 or (d >= c.days // 2 and not counts["posts"]["private"]))
            if private:
                author = rng.choice(leaders)
            category = _category(rng, author)
            targets = []
            if category == "recognition":
                t = _weighted(rng, people, [p.social_pull ** 1.5 * (0.3 + p.culture_fit) + 0.005 for p in people],
                              exclude=author.idx)
                targets = [t] if t else []
            writer.mentioned = []
            body = writer.text(category, targets, author)
            if rng.random() < 0.25:  # a second paragraph: a quoted multi-line cell
                body += "\n\n" + writer.text("chatter" if category in ("negative", "sarcastic") else "help", [], author)
            title = writer.title(category, author, body)
            if private:
                body = f"{CANARY} {body}"
            mentioned = list(writer.mentioned)
            t = start + timedelta(days=d, seconds=int(rng.triangular(7.0, 19.0, 10.0) * 3600))
            pid = str(next_post)
            next_post += 1
            posts.append([pid, title, body, author.full_name, member_id(author), _email(rng, author), _local(t),
                          PRIVATE_SPACE if private else spaces[SPACES.index(SPACE_OF[category])] if category in SPACE_OF
                          else rng.choice(spaces),
                          f"https://kb.{c.industry.domain}/objects/{pid}", "Yes" if private else "No",
                          ",".join(dict.fromkeys(p.email for p in mentioned)), str(rng.randint(3, 400))])
            tally("posts", author, private, mentioned)
            pull = author.social_pull
            draw = DRAW.get(author.archetype, 1.0)
            react(pid, author, t, (0.2 + 3.0 * pull ** 1.3) * draw, private, category)
            lam = {"question": 2.2, "negative": 1.7, "sarcastic": 1.7}.get(category, 1.1) * (0.15 + 2.0 * pull ** 1.3) * draw
            rt = t
            for _ in range(min(_poisson(rng, lam), 8)):
                rt += timedelta(seconds=int(rng.expovariate(1 / 10_800)) + 120)
                if rt >= end:
                    break
                who = _weighted(rng, people, reply_w, exclude=author.idx)
                if who is None:
                    continue
                writer.mentioned = []
                text = writer.text(_reply_category(rng, category, who), [], who)
                cid = str(next_comment)
                next_comment += 1
                comments.append([cid, pid, f"{CANARY} {text}" if private else text, who.full_name, member_id(who),
                                 _email(rng, who), _local(rt), "Yes" if private else "No"])
                tally("comments", who, private)
                react(cid, who, rt, 0.1 + 0.8 * who.social_pull ** 1.5, private)

    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    files = {"posts.csv": _csv(POSTS_HEADER, posts, bom=True), "comments.csv": _csv(COMMENTS_HEADER, comments, bom=True),
             "reactions.csv": _csv(REACTIONS_HEADER, reactions, bom=False)}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {
        **counts,
        "linked_people": sum(linked.values()),
        "files": len(files),
        "bytes": sum(len(b) for b in files.values()),
    }

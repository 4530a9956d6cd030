"""What the Slack workspace holds before any public message is drawn.

Public channels (with each member's posting weight), private channels, DMs and group DMs,
bots, the users.json records, and the private conversations' day files, every text of which
contains ``PRIVATE-CANARY``.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ambassador.sample.company import Actor, Company, Person, ascii_fold, new_id, normalize_name
from ambassador.sample.text import compose

CANARY = "PRIVATE-CANARY"
SLACKBOT = "USLACKBOT"

# how much of a person's posting goes to a channel of this kind (normalised per person)
AFFINITY = {
    "general": 0.5, "random": 0.5, "announcements": 0.0, "kudos": 0.3, "help": 0.6, "customers": 0.45,
    "learning": 0.4, "safety": 0.3, "dept": 2.0, "team": 2.5, "location": 0.4, "interest": 0.5,
    "project": 1.0, "incidents": 0.6, "external": 1.2, "archived": 0.5,
}
ARCHETYPE_AFFINITY = {
    "ideal_ambassador": {"kudos": 3.0, "learning": 2.0, "customers": 2.0, "help": 2.0},
    "quiet_expert": {"help": 3.0, "learning": 2.0},
    "central_negative": {"random": 2.0, "general": 2.0},
    "broadcaster": {"general": 3.0, "customers": 2.0, "learning": 2.0},
    "communications": {"announcements": 8.0, "general": 2.0, "kudos": 1.5},
    "executive": {"announcements": 8.0, "general": 1.5},
    "sarcastic_hub": {"random": 2.0, "general": 1.5},
    "quiet_carrier": {"learning": 1.5, "kudos": 1.5, "help": 1.5},
    "rising_newcomer": {"help": 2.0, "learning": 2.0, "kudos": 1.5},
}
WORDS = ["anchor", "bosun", "compass", "dinghy", "ensign", "fathom", "galley", "helm", "jib", "keel", "lantern",
         "mast", "nautilus", "oar", "pennant", "quay", "rudder", "sextant", "tiller", "voyage", "wake", "yawl",
         "zephyr", "beacon", "buoy", "cutter", "dock", "estuary", "ferry", "gull", "harbour", "inlet", "jetty"]
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@dataclass
class Channel:
    """A public channel; ``weights[k]`` is the expected daily posts of ``members[k]`` here."""

    id: str
    name: str
    kind: str
    members: list[int]  # actor indices
    created: int
    created_as_str: bool
    creator: int
    purpose: str = ""
    is_general: bool = False
    is_archived: bool = False
    weights: list[float] = field(default_factory=list)
    member_set: set[int] = field(default_factory=set)


@dataclass
class Bot:
    """An integration: its bot user (in users.json) and the ``bot_id`` its messages carry."""

    name: str
    real_name: str
    user_id: str
    bot_id: str
    app_id: str
    email: str = ""  # a listed service account's directory email (ServiceAccount)


# The public channels a guest contractor's account may see: a multi-channel guest their
# department's, team and project channels and the work channels they were invited to, a
# single-channel guest their department's only.
GUEST_CHANNEL_KINDS = {"multi": ("dept", "team", "project", "help", "learning", "customers", "incidents"),
                       "single": ("dept",)}


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw from ``rng`` (Knuth for small means, rounded normal for large)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def slack_ts(sec: int, micro: int) -> str:
    return f"{sec}.{micro:06d}"


def client_msg_id(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def plan_workspace(company: Company, rng: random.Random):
    """Public channels, private conversations and bots, before any message is drawn."""
    actors = company.actors
    used = company.used_ids
    ind = company.industry
    DEPARTMENTS, LOCATIONS = ind.departments, ind.locations  # noqa: N806 (the industry's tables)
    emp = [i for i, a in enumerate(actors) if a.kind == "employee"]
    departed = [i for i, a in enumerate(actors) if a.kind == "departed"]
    guests = [i for i, a in enumerate(actors) if a.kind == "guest"]
    externals = [i for i, a in enumerate(actors) if a.kind == "external"]
    everyone = emp + departed
    day0 = int(company.start.timestamp())
    channels: list[Channel] = []
    names: set[str] = set()

    def add(name: str, kind: str, members: list[int], purpose: str = "", **kw) -> None:
        if name in names or not members:
            return
        names.add(name)
        created = day0 - rng.randint(60, 6 * 365) * 86400 + rng.randint(0, 86399)
        creator = rng.choice([m for m in members if actors[m].kind == "employee"] or emp)
        members = sorted(set(members))
        channels.append(Channel(new_id(rng, used, "C0"), name, kind, members, created, rng.random() < 0.5,
                                creator, purpose, member_set=set(members), **kw))

    add("general", "general", everyone, "Company-wide announcements and work-based matters", is_general=True)
    add("random", "random", everyone, "Non-work banter and water cooler conversation")
    add("announcements", "announcements", everyone, "Company news and all-hands announcements from leadership and Communications")
    add("kudos", "kudos", everyone, "Say thank you, by name and in public")
    add("ask-anything", "help", everyone, "No question too small")
    add("customer-stories", "customers", [i for i in everyone if rng.random() < 0.6], ind.customers_purpose)
    add("learning-in-public", "learning", [i for i in everyone if rng.random() < 0.45], "Write-ups, retros, TILs")
    add("safety", "safety", [i for i in everyone if rng.random() < 0.5 or actors[i].department == "Operations"],
        "Near misses, reminders, stop-work calls")
    eng_ops = [i for i in everyone if actors[i].department in ind.teams_departments]
    add("incidents", "incidents", eng_ops + [i for i in everyone if rng.random() < 0.05 and i not in eng_ops],
        "Production incidents and their reviews")
    budget = max(20, 150_000 // max(1, company.days))  # keep day files under the zip-entry cap
    for dname, _, slug, _, _ in DEPARTMENTS:
        members = [i for i in everyone if actors[i].department == dname]
        add(slug, "dept", members, f"The {dname} team")
    for city, *_ in LOCATIONS:
        slug = "remote-crew" if city == "Remote" else "office-" + "-".join(re.findall(r"[a-z0-9]+", ascii_fold(city).lower()))
        add(slug, "location", [i for i in everyone if actors[i].location == city], f"Everything {city}")
    for hobby in ["pets", "running-club", "book-club", "sailing", "music", "parents"]:
        add(hobby, "interest", [i for i in everyone if rng.random() < 0.15], f"#{hobby}, obviously")
    n_projects = 3 + min(len(emp) // 500, 40)
    for k in range(n_projects):
        name = ["proj-harbor-v2", "proj-tidewatch-launch", "proj-velden-rollout"][k] if k < 3 else \
            f"proj-{WORDS[k % len(WORDS)]}-{k}"
        members = [i for i in everyone if rng.random() < 0.1] + (guests if k == 0 else guests[1:2] if k == 1 else [])
        add(name, "project", members, "Project channel")
    cs_sales = [i for i in emp if actors[i].department in ind.customer_facing]
    add(f"ext-{ind.partner[0]}", "external", [i for i in cs_sales if rng.random() < 0.5] + externals,
        f"Shared with {ind.partner[1]}")
    add("proj-old-website", "archived", [i for i in everyone if rng.random() < 0.1], "Retired", is_archived=True)
    remaining = budget - len(channels)
    by_dept: dict[str, list[int]] = {}
    for i in emp:
        by_dept.setdefault(actors[i].department, []).append(i)
    teams = [(d, by_dept[d][s : s + 14]) for d, *_ in DEPARTMENTS if d in by_dept for s in range(0, len(by_dept[d]), 14)]
    stride = max(1, math.ceil(len(teams) / max(1, remaining)))
    for k, (dname, members) in enumerate(teams[::stride]):
        slug = next(x[2] for x in DEPARTMENTS if x[0] == dname)
        word = WORDS[k % len(WORDS)] + (str(k // len(WORDS)) if k >= len(WORDS) else "")
        add(f"team-{slug}-{word}", "team", members, "Team channel")
    channels.sort(key=lambda c: c.name)
    for ch in channels:  # guests see only the channels they were invited to
        kept = [m for m in ch.members
                if not actors[m].restricted or ch.kind in GUEST_CHANNEL_KINDS["single" if actors[m].ultra else "multi"]]
        if len(kept) < len(ch.members):
            ch.members, ch.member_set = kept, set(kept)

    # posting weights: each actor's activity spread over their channels by affinity
    norm = [0.0] * len(actors)
    for ch in channels:
        for m in ch.members:
            norm[m] += _affinity(actors[m], ch.kind)
    for ch in channels:
        ch.weights = [actors[m].activity * _affinity(actors[m], ch.kind) / norm[m] if norm[m] else 0.0
                      for m in ch.members]

    # private conversations
    groups = []
    managers = [i for i in emp if actors[i].archetype != "background" and not actors[i].restricted][: max(3, len(emp) // 10)]
    for name, members in [("leadership-team", managers[:12]), ("people-team-private", by_dept.get("People", emp[:3])[:10]),
                          ("offsite-planning", rng.sample(emp, min(6, len(emp))))]:
        groups.append({"id": new_id(rng, used, "C0"), "name": name, "members": sorted(members)})
    dms = []
    for k in range(min(60, max(4, len(emp) // 4))):
        a, b = rng.sample(emp, 2)
        if k == 0:
            b = a  # a self-DM lists the same user twice
        dms.append({"id": new_id(rng, used, "D0"), "members": [a, b]})
    mpims = []
    for _ in range(min(12, max(2, len(emp) // 15))):
        members = rng.sample(emp, rng.randint(3, 4))
        mpims.append({"id": new_id(rng, used, "G0"), "name": "mpdm-" + "--".join(actors[m].name for m in members) + "-1",
                      "members": members})
    bots = [
        Bot("deploy-bot", "Deploy Bot", new_id(rng, used, "U0"), new_id(rng, used, "B0"), new_id(rng, used, "A0")),
        Bot("pagerduty", "PagerDuty", new_id(rng, used, "U0"), new_id(rng, used, "B0"), new_id(rng, used, "A0")),
        Bot("standuply", "Standuply", new_id(rng, used, "U0"), new_id(rng, used, "B0"), new_id(rng, used, "A0")),
        Bot("polly", "Polly", new_id(rng, used, "U0"), new_id(rng, used, "B0"), new_id(rng, used, "A0")),
    ]
    return channels, groups, dms, mpims, bots


def _affinity(a: Actor, kind: str) -> float:
    base = AFFINITY[kind]
    if a.archetype in ("communications", "executive") and kind == "announcements":
        base = 1.0
    return base * ARCHETYPE_AFFINITY.get(a.archetype, {}).get(kind, 1.0)


def user_record(c: Company, a: Actor | None = None, p: Person | None = None, bot: Bot | None = None) -> dict:
    """One users.json record: an employee, departed user or guest (``a``), a bot (an
    integration's, or a listed service account's with its directory email), or Slackbot.

    Display names are empty for a third of people and the email key is left out for some of
    those whose Slack email is empty, as in real exports.
    """
    if bot is not None:
        profile = {"title": "", "phone": "", "skype": "", "real_name": bot.real_name,
                   "real_name_normalized": bot.real_name, "display_name": "", "display_name_normalized": "",
                   "fields": None, "status_text": "", "status_emoji": "", "avatar_hash": "", "bot_id": bot.bot_id,
                   "api_app_id": bot.app_id, "always_active": True, "first_name": bot.real_name, "last_name": "",
                   "team": c.team_id}
        if bot.email:
            profile["email"] = bot.email
        return {
            "id": bot.user_id, "team_id": c.team_id, "name": bot.name, "deleted": False, "color": "4bbe2e",
            "real_name": bot.real_name,
            "profile": profile,
            "is_admin": False, "is_owner": False, "is_primary_owner": False, "is_restricted": False,
            "is_ultra_restricted": False, "is_bot": True, "is_app_user": False, "updated": 1600000000,
        }
    if a is None:
        return {
            "id": SLACKBOT, "team_id": c.team_id, "name": "slackbot", "deleted": False, "color": "757575",
            "real_name": "Slackbot", "tz": "America/Los_Angeles", "tz_label": "Pacific Standard Time",
            "tz_offset": -28800,
            "profile": {"title": "", "phone": "", "skype": "", "real_name": "Slackbot", "real_name_normalized": "Slackbot",
                        "display_name": "Slackbot", "display_name_normalized": "Slackbot", "fields": None,
                        "status_text": "", "status_emoji": "", "avatar_hash": "sv41d8cd98f0", "always_active": True,
                        "first_name": "slackbot", "last_name": "", "team": c.team_id},
            "is_admin": False, "is_owner": False, "is_primary_owner": False, "is_restricted": False,
            "is_ultra_restricted": False, "is_bot": False, "is_app_user": False, "updated": 0,
        }
    rng = random.Random(f"{c.seed}/slack/user/{a.slack_id}")
    first, _, last = a.real_name.partition(" ")
    locations = c.industry.locations
    loc = next((x for x in locations if x[0] == a.location), locations[-1])
    display = first if rng.random() < 0.67 else ""
    profile = {
        "title": p.title if p is not None else ("Contractor" if a.kind == "guest" else ""),
        "phone": "", "skype": "", "real_name": a.real_name, "real_name_normalized": normalize_name(a.real_name),
        "display_name": display, "display_name_normalized": normalize_name(display),
        "fields": p.slack_fields if p is not None else None, "status_text": "", "status_emoji": "",
        "avatar_hash": f"{rng.getrandbits(48):012x}",
    }
    email = a.email if p is None else p.slack_email
    if email or rng.random() < 0.5:
        profile["email"] = email
    profile.update({"first_name": first, "last_name": last,
                    "image_72": f"https://avatars.slack-edge.com/{a.slack_id}_72.png", "team": c.team_id})
    return {
        "id": a.slack_id, "team_id": c.team_id, "name": a.name, "deleted": a.deactivated, "color": "9f69e7",
        "real_name": a.real_name, "tz": loc[2], "tz_label": loc[3], "tz_offset": loc[4], "profile": profile,
        "is_admin": False, "is_owner": p is not None and p.idx == 0, "is_primary_owner": p is not None and p.idx == 0,
        "is_restricted": a.restricted, "is_ultra_restricted": a.ultra, "is_bot": False, "is_app_user": False,
        "updated": int(c.start.timestamp()) - 86400 * rng.randint(7, 300), "is_email_confirmed": True,
    }


def conversation_meta(c: Company, conv: dict, rng: random.Random, kind: str) -> dict:
    """A groups.json, dms.json or mpims.json record."""
    ids = [c.actors[m].slack_id for m in conv["members"]]
    created = int(c.start.timestamp()) - rng.randint(30, 900) * 86400
    if kind == "dm":
        return {"id": conv["id"], "created": created, "members": ids}
    out = {"id": conv["id"], "name": conv["name"], "created": created, "creator": ids[0], "is_archived": False}
    if kind == "mpim":
        out["is_mpim"] = True
    out["members"] = ids
    out["topic"] = {"value": "", "creator": "", "last_set": 0}
    out["purpose"] = {"value": "", "creator": "", "last_set": 0}
    return out


def private_messages(c: Company, conv: dict, rng: random.Random) -> dict[str, list[dict]]:
    """Day files for one private conversation; every text carries the canary."""
    by_day: dict[str, list[dict]] = {}
    members = conv["members"]
    used: set[str] = set()
    for _ in range(rng.randint(3, 12)):
        d = rng.randrange(c.days)
        author = rng.choice(members)
        other = next((m for m in members if m != author), author)
        cat = rng.choice(["question", "chatter", "negative", "recognition", "customer"])
        a = c.actors[other]

        def render(slot, a=a):
            if slot == "mention":
                return (f"<@{a.slack_id}>", True)
            if slot == "here":
                return ("<!here>", True)
            return ("the doc", False)

        body = "".join(t if m else t.translate(_ESC)
                       for t, m in compose(rng, cat, render, c.actors[author].language, c.pack))
        sec = int(c.start.timestamp()) + 86400 * d + rng.randint(25200, 72000)
        ts = slack_ts(sec, rng.randint(100, 999_999))
        if ts in used:
            continue
        used.add(ts)
        date_s = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%d")
        by_day.setdefault(date_s, []).append({
            "user": c.actors[author].slack_id, "type": "message", "ts": ts, "client_msg_id": client_msg_id(rng),
            "text": f"{CANARY} {body}", "team": c.team_id})
    return by_day

"""The sample company's Microsoft Teams channels, as Microsoft Graph list responses in one zip.

The story: Engineering and Operations work in Teams during the window (everyone else stays on
Slack). Each department has a team with three standard channels; its members post, reply,
mention and react with the same trait-driven behaviour as the Slack simulation, at a smaller
scale. The zip holds what an admin saving Graph responses would have:

- ``users.json``: the tenant's ``GET /users?$select=id,displayName,mail,userPrincipalName``
  (some ``mail`` values with upper-case letters, a few without ``mail``, one guest);
- ``teams.json`` (the team list, not read by ambassador) and one ``channels.json`` per team,
  including one private channel;
- one file per page of ``GET /teams/{id}/channels/{id}/messages?$expand=replies`` (50 roots a
  page, ``@odata.nextLink`` on every page but the last), newest first; a root with more than
  :data:`INLINE_REPLIES` replies carries ``replies@odata.nextLink`` and the rest sit in a
  ``…/messages/{id}/replies`` response file; one channel's replies are all fetched that way;
- system events (members added: ``unknownFutureValue`` with ``<systemEventMessage/>`` and
  ``from: null``), a bot's release notes (``from.application``), edits
  (``lastEditedDateTime``), one deleted message, and one edited message whose older copy
  also appears on a later page;
- the private channel's page and a group chat's page, every message holding ``PRIVATE-CANARY``.

Same arguments, same bytes: every draw comes from ``random.Random`` seeded with the sample
seed and a fixed label; files are added to a :class:`DeterministicZip` in sorted order.
"""

from __future__ import annotations

import html
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from ambassador.sample.company import Company
from ambassador.sample.formats import DeterministicZip
from ambassador.sample.slack import ACK_SHARE, MOOD, REPLY_BASE, _category, _reply_category
from ambassador.sample.slack_workspace import poisson
from ambassador.sample.text import compose

GRAPH = "https://graph.microsoft.com/v1.0"
# the standard channels of the two Teams departments (Industry.teams_departments): a desk
# department's and a field department's
CHANNEL_SETS = ([("General", "team"), ("platform-reliability", "incidents"), ("learning-lab", "learning")],
                [("General", "team"), ("field-ops", "customers"), ("safety-first", "safety")])
CHANNELS_BY_INDUSTRY = {
    "software": CHANNEL_SETS,
    "hospital": ([("General", "team"), ("clinical-systems-incidents", "incidents"), ("learning-lab", "learning")],
                 [("General", "team"), ("field-ops", "customers"), ("safety-first", "safety")]),
}
SEPARATE_REPLIES_CHANNEL = "field-ops"  # its replies are fetched with .../messages/{id}/replies
PRIVATE_CHANNEL = "leadership-private"
PAGE_SIZE = 50
INLINE_REPLIES = 6  # more than this: replies@odata.nextLink and a replies file
RATE = 0.4  # top-level posts per unit of activity per working day, across a department's channels
CANARY = "PRIVATE-CANARY"
TENANT = "5a1d3c2e-7b4f-4e8a-9c6d-2f0b1e3a4d5c"
EMOJI = {":tada:": ("1f389_partypopper", "🎉"), ":rocket:": ("1f680_rocket", "🚀"), ":raised_hands:": ("1f64c_raisedhands", "🙌"),
         ":sparkles:": ("2728_sparkles", "✨"), ":heart:": ("heart", "❤️"), ":clap:": ("clap", "👏"),
         ":star-struck:": ("1f929_starstruck", "🤩"), ":pray:": ("1f64f_pray", "🙏")}
# Teams reactions by what the post is (slack.MOOD): the built-in six plus emoji
REACTIONS = {"culture": ["heart", "like", "🎉", "👏", "like"], "chatter": ["like", "laugh", "👍", "like"],
             "neg": ["like", "sad", "angry", "👍"], "laugh": ["laugh", "laugh", "😂", "🙄", "surprised"],
             "ack": ["like", "like", "👍", "✅"], "announce": ["like", "heart", "🎉"], "reply": ["like", "heart", "👍"]}


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def _dump(obj) -> bytes:
    """Compact JSON with raw UTF-8, as Graph returns it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass
class Counts:
    """What was written (the loader's expectations derive from these)."""

    messages: int = 0  # distinct standard-channel messages, roots and replies, every kind
    roots: int = 0
    replies: int = 0
    system_events: int = 0
    bot_messages: int = 0
    deleted: int = 0
    edited: int = 0
    opted_out_messages: int = 0  # by employees who opted out (deleted ones not included)
    duplicates: int = 0  # extra copies of a message on another page
    user_mentions: int = 0  # distinct (message, mentioned user) in people's messages
    reactions: int = 0  # distinct (message, reacting user) on people's messages
    page_files: int = 0
    reply_files: int = 0
    private_messages: int = 0
    chat_messages: int = 0
    users: int = 0
    skipped_files: int = 0  # files ambassador never reads (teams.json, private channel, chat)
    authors: set[str] = field(default_factory=set)


@dataclass
class Member:
    idx: int  # index into company.people (and company.actors)
    aad: str
    name: str


class TeamsWorld:
    """Identities and channels of the Teams tenant."""

    def __init__(self, company: Company):
        c = company
        self.c = c
        rng = random.Random(f"{c.seed}/teams/ids")
        self.aad = [_guid(rng) for _ in c.people]
        self.teams: list[dict] = []
        ind = c.industry
        for dept, channels in zip(ind.teams_departments, CHANNELS_BY_INDUSTRY.get(ind.key, CHANNEL_SETS)):
            members = [Member(p.idx, self.aad[p.idx], p.full_name) for p in c.people if p.department == dept]
            team = {"id": _guid(rng), "name": f"{ind.short_name or ind.company_name} {dept}", "dept": dept,
                    "members": members, "channels": []}
            for name, kind in channels:
                team["channels"].append({"id": f"19:{rng.getrandbits(128):032x}@thread.tacv2", "name": name, "kind": kind,
                                         "membershipType": "standard"})
            self.teams.append(team)
        self.private = {"id": f"19:{rng.getrandbits(128):032x}@thread.tacv2", "name": PRIVATE_CHANNEL,
                        "membershipType": "private"}
        self.chat_id = f"19:meeting_{rng.getrandbits(96):024x}@thread.v2"
        self.bot = {"id": _guid(rng), "displayName": "Azure DevOps", "applicationIdentityType": "bot"}


def _identity(member: Member | None) -> dict | None:
    if member is None:
        return None
    return {"application": None, "device": None, "user": {"@odata.type": "#microsoft.graph.teamworkUserIdentity",
                                                          "id": member.aad, "displayName": member.name,
                                                          "userIdentityType": "aadUser", "tenantId": TENANT}}


class ChannelSim:
    """Simulates one standard channel: roots with their replies, newest first."""

    def __init__(self, world: TeamsWorld, team: dict, ch: dict, counts: Counts):
        self.w, self.c, self.team, self.ch, self.counts = world, world.c, team, ch, counts
        self.rng = random.Random(f"{world.c.seed}/teams/{team['dept']}/{ch['name']}")
        self.members: list[Member] = team["members"]
        self.used_ms: set[int] = set()
        self.roots: list[dict] = []

    # -- builders ------------------------------------------------------------------------
    def new_ms(self, ms: int) -> int:
        while ms in self.used_ms:
            ms += 1
        self.used_ms.add(ms)
        return ms

    def pick(self, weight, exclude: int = -1) -> Member | None:
        cands = [m for m in self.members if m.idx != exclude]
        if not cands:
            return None
        return self.rng.choices(cands, weights=[weight(self.c.actors[m.idx]) + 0.01 for m in cands], k=1)[0]

    def body(self, category: str, author: Member, targets: list[Member]) -> tuple[str, list[dict]]:
        rng, ind = self.rng, self.c.industry
        targets = list(targets)
        mentions: list[dict] = []

        def at(name: str, mentioned: dict) -> str:
            n = len(mentions)
            mentions.append({"id": n, "mentionText": name, "mentioned": mentioned})
            tag = f'<at id="{n}">{html.escape(name, quote=False)}</at>'
            return f'<div style="display:inline">{tag}</div>' if rng.random() < 0.15 else tag

        def render(slot: str):
            if slot == "mention":
                t = targets.pop(0) if targets else self.pick(lambda a: a.pull ** 1.5, exclude=author.idx)
                if t is None:
                    return ("everyone", False)
                return (at(t.name, {"application": None, "device": None, "conversation": None,
                                    "user": {"id": t.aad, "displayName": t.name, "userIdentityType": "aadUser"}}), True)
            if slot == "here":  # a channel mention: not a person
                return (at(self.ch["name"], {"application": None, "device": None, "user": None, "conversation": {
                    "id": self.ch["id"], "displayName": self.ch["name"], "conversationIdentityType": "channel"}}), True)
            if slot == "channel":
                return ("#" + rng.choice(self.team["channels"])["name"], False)
            if slot in ("link", "brandlink"):
                url = (f"https://wiki.{ind.domain}/notes/{rng.randrange(100, 9999)}" if slot == "link"
                       else f"https://{ind.domain}/blog/{rng.randrange(100, 999)}")
                return (f'<a href="{url}" title="{url}">{rng.choice(["the wiki", "notes", url])}</a>', True)
            if slot == "brand":
                return (ind.company_name, False)
            return (ind.hashtags[0], False)

        parts = []
        for text, markup in compose(rng, category, render, self.c.actors[author.idx].language, self.c.pack):
            if markup:
                parts.append(text)
                continue
            esc = html.escape(text, quote=False)
            for code, (eid, alt) in EMOJI.items():
                esc = esc.replace(code, f'<emoji id="{eid}" alt="{alt}" title=""></emoji>')
            parts.append(esc.replace("  ", " &nbsp;"))
        content = "".join(parts)
        if rng.random() < 0.1:
            content = content.replace(". ", ".\r\n", 1)
        if rng.random() < 0.03:
            content += (f'<div><span><img height="120" src="{GRAPH}/teams/{self.team["id"]}/channels/{self.ch["id"]}'
                        f'/messages/0/hostedContents/aWQ9eF8w{rng.getrandbits(64):016x}/$value" width="160" '
                        f'style="vertical-align:bottom; width:160px; height:120px"></span></div>')
        wrap = rng.choice(["<p>{}</p>", "<div>{}</div>", "<div><div>{}</div></div>", "{}"])
        return wrap.format(content), mentions

    def message(self, ms: int, author: Member | None, content: str, mentions: list[dict], reply_to: int | None,
                message_type: str = "message") -> dict:
        team, ch = self.team, self.ch
        root = reply_to if reply_to is not None else ms
        web = (f"https://teams.microsoft.com/l/message/{quote(ch['id'], safe='')}/{ms}?groupId={team['id']}"
               f"&tenantId={TENANT}&createdTime={ms}&parentMessageId={root}")
        return {
            "id": str(ms), "replyToId": None if reply_to is None else str(reply_to), "etag": str(ms),
            "messageType": message_type, "createdDateTime": _iso(ms), "lastModifiedDateTime": _iso(ms),
            "lastEditedDateTime": None, "deletedDateTime": None, "subject": None, "summary": None, "chatId": None,
            "importance": "normal", "locale": "en-us", "webUrl": web, "policyViolation": None, "eventDetail": None,
            "from": _identity(author), "body": {"contentType": "html", "content": content},
            "channelIdentity": {"teamId": team["id"], "channelId": ch["id"]},
            "attachments": [], "mentions": mentions, "reactions": [],
        }

    def react(self, msg: dict, author: Member, lam: float, mood: str = "chatter", cap: int = 25) -> None:
        rng = self.rng
        seen: list[str] = []
        created = int(datetime.strptime(msg["createdDateTime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp() * 1000)
        for _ in range(min(poisson(rng, lam), cap)):
            r = self.pick(lambda a: a.activity * (0.4 + a.fit), exclude=author.idx)
            if r is None or r.aad in seen:
                continue
            seen.append(r.aad)
            when = min(created + rng.randint(5_000, 7_200_000), int(self.c.end.timestamp() * 1000) - 1)
            msg["reactions"].append({
                "reactionType": rng.choice(REACTIONS[mood]), "createdDateTime": _iso(when),
                "user": {"application": None, "device": None,
                         "user": {"id": r.aad, "displayName": None if rng.random() < 0.5 else r.name,
                                  "userIdentityType": "aadUser"}},
            })
            msg["lastModifiedDateTime"] = max(msg["lastModifiedDateTime"], _iso(when))

    # -- the simulation --------------------------------------------------------------------
    def run(self, weight: float) -> None:
        c, rng = self.c, self.rng
        start_ms = int(c.start.timestamp() * 1000)
        end_ms = int(c.end.timestamp() * 1000)
        rate = weight * RATE * sum(c.actors[m.idx].activity for m in self.members)
        joined = [m for m in self.members if 0 < c.actors[m.idx].active_from < c.days]
        bursters = [m for m in self.members if c.actors[m.idx].burst_from >= 0]
        for d in range(c.days):
            weekday = (c.start.weekday() + d) % 7
            if self.ch["name"] == "General":
                for m in joined:
                    if c.actors[m.idx].active_from == d:
                        self.system_event(start_ms + d * 86_400_000 + 8 * 3_600_000, m)
            if self.ch["kind"] == "incidents" and weekday < 5 and rng.random() < 0.5:
                self.bot_post(start_ms + d * 86_400_000 + rng.randint(7, 18) * 3_600_000)
            for _ in range(poisson(rng, rate * (1.0 if weekday < 5 else 0.1))):
                author = self.pick(lambda a: a.activity)
                if author is None or not (c.actors[author.idx].active_from <= d <= c.actors[author.idx].active_until):
                    continue
                hour = rng.triangular(7.0, 19.0, 10.5)
                ms = self.new_ms(start_ms + d * 86_400_000 + int(hour * 3_600_000) + rng.randint(0, 59_999))
                self.root(ms, author, end_ms)
            for m in bursters:  # a burst person's busy week shows here too
                a = c.actors[m.idx]
                if a.bursting(d) and a.active_from <= d <= a.active_until:
                    for _ in range(poisson(rng, a.burst_rate * weight * RATE * (1.0 if weekday < 5 else 0.3))):
                        hour = rng.triangular(7.0, 19.0, 10.5)
                        self.root(self.new_ms(start_ms + d * 86_400_000 + int(hour * 3_600_000) + rng.randint(0, 59_999)),
                                  m, end_ms)

    def system_event(self, ms: int, member: Member) -> None:
        ms = self.new_ms(ms)
        msg = self.message(ms, None, "<systemEventMessage/>", [], None, "unknownFutureValue")
        msg["eventDetail"] = {
            "@odata.type": "#microsoft.graph.membersAddedEventMessageDetail", "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
            "members": [{"id": member.aad, "displayName": None, "userIdentityType": "aadUser"}],
            "initiator": {"application": None, "device": None, "user": {"id": self.members[0].aad, "displayName": None,
                                                                       "userIdentityType": "aadUser"}},
        }
        msg["_replies"] = []
        self.roots.append(msg)
        self.counts.system_events += 1

    def bot_post(self, ms: int) -> None:
        ms = self.new_ms(ms)
        svc = self.rng.choice(self.c.industry.services)
        ver = f"v{self.rng.randint(1, 4)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 9)}"
        msg = self.message(ms, None, f"<p>Release <b>{svc} {ver}</b> deployed to production &gt; all checks green</p>", [], None)
        msg["from"] = {"application": self.w.bot, "device": None, "user": None}
        msg["_replies"] = []
        self.roots.append(msg)
        self.counts.bot_messages += 1

    def root(self, ms: int, author: Member, end_ms: int) -> None:
        rng, c = self.rng, self.c
        a = c.actors[author.idx]
        kind = "announcements" if a.archetype == "executive" and self.ch["name"] == "General" else self.ch["kind"]
        cat = _category(rng, a, kind)
        targets: list[Member] = []
        if cat == "recognition":
            for _ in range(2):
                t = self.pick(lambda x: x.pull ** 1.5 * (0.3 + x.fit), exclude=author.idx)
                if t is not None and t not in targets:
                    targets.append(t)
        content, mentions = self.body(cat, author, targets)
        msg = self.message(ms, author, content, mentions, None)
        if cat == "announcement_exec":  # most of the team acknowledges it
            self.react(msg, author, rng.uniform(*ACK_SHARE) * len(self.members), "ack", cap=len(self.members))
            lam = 1.0 + 0.03 * len(self.members)
        else:
            boost = {"recognition": 1.5, "sarcastic": 1.4}.get(cat, 1.0)
            self.react(msg, author, (0.2 + 3.0 * a.pull ** 1.3 * boost) * a.draw, MOOD.get(cat, "chatter"))
            lam = REPLY_BASE.get(cat, 0.6) * (0.12 + 2.0 * a.pull ** 1.3) * a.draw
        msg["_replies"] = []
        n = min(20, poisson(rng, lam))
        rt, last = ms, -1
        for k in range(n):
            rt += int(rng.expovariate(1 / 5400)) + 40
            if rt >= end_ms:
                break
            who = author if (k and rng.random() < 0.3 and last != author.idx) else self.pick(
                lambda x: x.activity * (0.4 + x.fit), exclude=author.idx)
            if who is None:
                break
            wa = c.actors[who.idx]
            rcat, tidx = _reply_category(rng, cat, who.idx == author.idx, wa, last)
            rtargets = [m for m in self.members if m.idx in tidx]
            rcontent, rmentions = self.body(rcat, who, rtargets)
            reply = self.message(self.new_ms(rt), who, rcontent, rmentions, ms)
            self.react(reply, who, 0.1 + 1.0 * wa.pull ** 1.5, MOOD.get(rcat, "reply"))
            msg["_replies"].append(reply)
            last = who.idx
        self.roots.append(msg)

    # -- quirks applied once the channel is simulated ---------------------------------------
    def edit(self, msg: dict) -> None:
        ms = int(msg["id"])
        when = _iso(ms + self.rng.randint(60_000, 3_600_000))
        msg["lastEditedDateTime"] = when
        msg["lastModifiedDateTime"] = max(msg["lastModifiedDateTime"], when)
        msg["body"]["content"] = msg["body"]["content"].replace("</p>", " (edited)</p>") if "</p>" in msg["body"]["content"] \
            else msg["body"]["content"] + " (edited)"


def _count_message(counts: Counts, msg: dict, people: dict[str, bool]) -> None:
    """Add one distinct message to the counts (``people``: aad id -> opted out)."""
    counts.messages += 1
    user = (msg.get("from") or {}).get("user")
    if msg["deletedDateTime"]:
        counts.deleted += 1
        return
    if msg["messageType"] != "message" or msg["from"] is None:
        return
    if user is None:
        return
    if people.get(user["id"]):
        counts.opted_out_messages += 1
        return
    counts.user_mentions += len({m["mentioned"]["user"]["id"] for m in msg["mentions"]
                                 if m["mentioned"].get("user") and m["mentioned"]["user"]["id"] != user["id"]})
    counts.reactions += len({r["user"]["user"]["id"] for r in msg["reactions"]
                             if r["user"]["user"]["id"] != user["id"] and not people.get(r["user"]["user"]["id"])})
    counts.authors.add(user["id"])
    if msg["lastEditedDateTime"]:
        counts.edited += 1


def write_teams_export(company: Company, out_dir: Path) -> dict:
    """Write ``out_dir/<slug>-teams-graph.zip``; return what it holds (counts)."""
    c = company
    world = TeamsWorld(c)
    counts = Counts()
    files: dict[str, bytes] = {}
    rng = random.Random(f"{c.seed}/teams/quirks")
    opted = {world.aad[p.idx]: p.opt_out for p in c.people}

    # users.json: the whole tenant, as GET /users?$select=id,displayName,mail,userPrincipalName
    users = []
    for p in c.people:
        mail = p.slack_email or p.email  # the Slack simulation's case variants ("Jane.Doe@…")
        users.append({"id": world.aad[p.idx], "displayName": p.full_name,
                      "mail": None if rng.random() < 0.03 else mail, "userPrincipalName": p.email})
    users.append({"id": _guid(rng), "displayName": "Harbour Design (Guest)", "mail": "studio@harbourdesign.studio",
                  "userPrincipalName": f"studio_harbourdesign.studio#EXT#@{c.industry.slug}.onmicrosoft.com"})
    counts.users = len(users)
    files["users.json"] = _dump({"@odata.context": f"{GRAPH}/$metadata#users(id,displayName,mail,userPrincipalName)",
                                 "value": users})
    files["teams.json"] = _dump({"@odata.context": f"{GRAPH}/$metadata#teams", "@odata.count": len(world.teams),
                                 "value": [{"id": t["id"], "displayName": t["name"], "description": f"{t['dept']} at {c.industry.company_name}"}
                                           for t in world.teams]})
    counts.skipped_files += 1

    total_activity = sum(c.actors[m.idx].activity for t in world.teams for m in t["members"]) or 1.0
    sims: list[ChannelSim] = []
    for t_i, team in enumerate(world.teams):
        folder = f"{team['dept'].lower()}"
        channel_list = [{"id": ch["id"], "createdDateTime": _iso(int(c.start.timestamp() * 1000) - 86_400_000 * 400),
                         "displayName": ch["name"], "description": None, "email": "", "membershipType": "standard",
                         "webUrl": (f"https://teams.microsoft.com/l/channel/{quote(ch['id'], safe='')}/{quote(ch['name'])}"
                                    f"?groupId={team['id']}&tenantId={TENANT}")}
                        for ch in team["channels"]]
        if t_i == 0:
            channel_list.append({"id": world.private["id"], "createdDateTime": _iso(int(c.start.timestamp() * 1000)),
                                 "displayName": PRIVATE_CHANNEL, "description": None, "email": "",
                                 "membershipType": "private", "webUrl": None})
        files[f"{folder}/channels.json"] = _dump({"@odata.context": f"{GRAPH}/$metadata#teams('{team['id']}')/channels",
                                                  "@odata.count": len(channel_list), "value": channel_list})
        for ch in team["channels"]:
            sim = ChannelSim(world, team, ch, counts)
            sim.run(weight=1.0 / len(team["channels"]))
            sims.append(sim)

    # quirks: edits everywhere (4%), one deleted message, one edited message on two pages
    for sim in sims:
        for root in sim.roots:
            for m in [root] + root["_replies"]:
                if m["from"] is not None and m["from"].get("user") and sim.rng.random() < 0.04:
                    sim.edit(m)
    eligible = [r for s in sims for r in s.roots if r["from"] and r["from"].get("user") and not opted[r["from"]["user"]["id"]]]
    twice = stale = None
    if eligible:  # (a tiny tenant over a few days may have no message to spare)
        deleted = eligible[len(eligible) // 3]
        deleted.update({"deletedDateTime": _iso(int(deleted["id"]) + 600_000),
                        "lastModifiedDateTime": _iso(int(deleted["id"]) + 600_000),
                        "body": {"contentType": "html", "content": ""}, "mentions": [], "reactions": []})
        twice = eligible[2 * len(eligible) // 3]
        stale = json.loads(json.dumps(twice))  # the copy a first download saw, before the edit
        stale.pop("_replies")
        sims_by_root = {id(r): s for s in sims for r in s.roots}
        sims_by_root[id(twice)].edit(twice)

    for sim in sims:
        ch, team = sim.ch, sim.team
        folder = f"{team['dept'].lower()}/{ch['name']}"
        roots = sorted(sim.roots, key=lambda m: -int(m["id"]))  # newest first, as Graph lists them
        separate = ch["name"] == SEPARATE_REPLIES_CHANNEL
        base = f"{GRAPH}/teams/{team['id']}/channels/{ch['id']}/messages"
        context = f"{GRAPH}/$metadata#teams('{team['id']}')/channels('{quote(ch['id'], safe='')}')/messages"
        pages = [roots[i : i + PAGE_SIZE] for i in range(0, len(roots), PAGE_SIZE)] or [[]]
        for n, page in enumerate(pages):
            value = []
            for root in page:
                replies = sorted(root["_replies"], key=lambda m: -int(m["id"]))
                item = {k: v for k, v in root.items() if k != "_replies"}
                for m in [item] + replies:
                    _count_message(counts, m, opted)
                counts.roots += 1
                counts.replies += len(replies)
                inline = [] if separate else replies[:INLINE_REPLIES]
                rest = replies[len(inline):]
                item["replies@odata.context"] = (f"{GRAPH}/$metadata#teams('{team['id']}')/channels('{quote(ch['id'], safe='')}')"
                                                 f"/messages('{root['id']}')/replies")
                item["replies"] = inline
                if rest:
                    if not separate:
                        item["replies@odata.nextLink"] = f"{base}/{root['id']}/replies?$skiptoken={rng.getrandbits(64):016x}"
                    files[f"{folder}/replies-{root['id']}.json"] = _dump({
                        "@odata.context": item["replies@odata.context"], "@odata.count": len(rest), "value": rest})
                    counts.reply_files += 1
                value.append(item)
            if n == len(pages) - 1 and any(r is twice for r in sim.roots):
                value.append(stale)  # a re-download's last page still holds the pre-edit copy
                counts.duplicates += 1
            resp = {"@odata.context": context, "@odata.count": len(value)}
            if n + 1 < len(pages):
                resp["@odata.nextLink"] = f"{base}?$expand=replies&$top={PAGE_SIZE}&$skiptoken={rng.getrandbits(96):024x}"
            resp["value"] = value
            files[f"{folder}/messages-page-{n + 1:03d}.json"] = _dump(resp)
            counts.page_files += 1

    # the private channel and a meeting chat: never to be read
    lead = world.teams[0]["members"][0]
    sim = ChannelSim(world, world.teams[0], world.private, counts)
    priv = []
    for k in range(4):
        ms = int(c.start.timestamp() * 1000) + 86_400_000 * (k + 1) + 36_000_000
        priv.append(sim.message(ms, lead, f"<p>{CANARY} budget and reorg notes, part {k + 1}</p>", [], None))
    counts.private_messages = len(priv)
    files[f"{world.teams[0]['dept'].lower()}/{PRIVATE_CHANNEL}/messages-page-001.json"] = _dump({
        "@odata.context": f"{GRAPH}/$metadata#teams('{world.teams[0]['id']}')/channels('{quote(world.private['id'], safe='')}')/messages",
        "@odata.count": len(priv), "value": priv})
    chat = []
    for k in range(3):
        ms = int(c.start.timestamp() * 1000) + 86_400_000 * (k + 2) + 50_000_000
        m = sim.message(ms, lead, f"<p>{CANARY} just between us, item {k + 1}</p>", [], None)
        m.update({"chatId": world.chat_id, "channelIdentity": None, "webUrl": None})
        chat.append(m)
    counts.chat_messages = len(chat)
    files[f"chats/{quote(world.chat_id, safe='')}.json"] = _dump({
        "@odata.context": f"{GRAPH}/$metadata#chats('{quote(world.chat_id, safe='')}')/messages",
        "@odata.count": len(chat), "value": chat})
    counts.skipped_files += 2

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{c.industry.slug}-teams-graph.zip"
    with DeterministicZip(path, c.end.date()) as zf:
        for name in sorted(files):
            zf.add(name, files[name])
    return {
        "path": str(path), "teams": len(world.teams), "channels": sum(len(t["channels"]) for t in world.teams),
        "private_channels": 1, "messages": counts.messages, "roots": counts.roots, "replies": counts.replies,
        "system_events": counts.system_events, "bot_messages": counts.bot_messages, "deleted": counts.deleted,
        "edited": counts.edited, "opted_out_messages": counts.opted_out_messages, "duplicates": counts.duplicates,
        "user_mentions": counts.user_mentions, "reactions": counts.reactions, "page_files": counts.page_files,
        "reply_files": counts.reply_files, "private_messages": counts.private_messages,
        "chat_messages": counts.chat_messages, "users": counts.users, "skipped_files": counts.skipped_files,
        "authors": len(counts.authors), "files": len(files), "bytes": path.stat().st_size,
    }
